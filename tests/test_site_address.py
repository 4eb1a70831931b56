"""The site's address (``--site-url``, ``site_url``) is checked before a page is written with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from generator.catalog.site_address import InvalidSiteUrl, checked_site_url
from generator.cli import main
from generator.engine.mkdocs_plugin import build_site, configured_site_url
from tests.conftest import ROOT, SITE_FIXTURE

HOSTILE = 'https://e.org/x"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/updates/",
        "http://localhost:8000/",
        "https://docs.example.org",
        "https://a.example/x?y=1",
    ],
)
def test_a_web_address_is_taken_as_it_is(url: str) -> None:
    assert checked_site_url(url, "--site-url") == url


@pytest.mark.parametrize(
    ("url", "found"),
    [
        (HOSTILE, f"but found '{HOSTILE}' ('\"' at character 16)"),
        ("https://e.org/a b", "but found 'https://e.org/a b' (a space at character 16)"),
        ("https://e.org/\r\nx", "'https://e.org/\\r\\nx' (the control character U+000D at character 15)"),
        ("https://e.org/'x'", '("\'" at character 15)'),
        ("https://e.org/<x>", "('<' at character 15)"),
        ("javascript:alert(1)//", "(it does not start with http:// or https://)"),
        ("//e.org/", "(it does not start with http:// or https://)"),
        ("example.org/updates/", "(it does not start with http:// or https://)"),
        ("HTTPS://e.org/", "(the scheme must be written in lower case)"),
        ("https:///updates/", "(it names no host)"),
    ],
)
def test_anything_else_is_refused_saying_what_was_expected_and_found(url: str, found: str) -> None:
    with pytest.raises(InvalidSiteUrl) as refused:
        checked_site_url(url, "--site-url")
    message = str(refused.value)
    assert message.startswith(
        "--site-url: expected an absolute http(s) URL with a host and no quotes, spaces, angle brackets or "
        "control characters, such as https://example.org/updates/, but found "
    )
    assert found in message
    assert "\n" not in message and "\r" not in message


def write_config(folder: Path, site_url: str) -> Path:
    """The project's mkdocs.yml, with its folders made absolute and ``site_url`` set."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("catalog: data/rollups.yaml", f"catalog: {SITE_FIXTURE}")
    quoted = site_url.replace("\\", "\\\\").replace('"', '\\"')
    config = folder / "mkdocs.yml"
    config.write_text(f'site_url: "{quoted}"\n{text}', encoding="utf-8")
    return config


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_address_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    argv = ["build", "--all-versions", "--catalog", str(SITE_FIXTURE), "-f", str(ROOT / "mkdocs.yml")]
    code, out, err = run([*argv, "-d", str(site), "--site-url", HOSTILE], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: --site-url: expected an absolute http(s) URL")
    assert f"but found '{HOSTILE}'" in err
    assert list(site.parent.iterdir()) == []


@pytest.mark.parametrize("versioned", [False, True], ids=["one-snapshot", "all-versions"])
def test_the_configured_address_is_refused_before_anything_is_written(
    versioned: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, HOSTILE)
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    argv = ["build", "--catalog", str(SITE_FIXTURE), "-f", str(config), "-d", str(site)]
    code, _, err = run([*argv, "--all-versions"] if versioned else argv, capsys)
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {config}: site_url: expected an absolute http(s) URL")
    assert "but found 'https://e.org/x\"><img src=x onerror=alert(1)>" in err
    # Only the builds' own lock file (which every build leaves beside the site) may be there.
    assert [p.name for p in site.parent.iterdir()] in ([], [".site.lock"])


def test_the_configured_address_is_checked_wherever_it_is_read(tmp_path: Path) -> None:
    config = write_config(tmp_path, HOSTILE)
    with pytest.raises(InvalidSiteUrl):
        configured_site_url(config)
    with pytest.raises(InvalidSiteUrl):
        build_site(tmp_path / "site", config_file=config)
    assert not (tmp_path / "site").exists()


def test_plain_mkdocs_build_stops_on_it_too(tmp_path: Path) -> None:
    """``mkdocs build`` runs the plugin, which refuses the address before generating a page."""
    config = load_config(str(write_config(tmp_path, HOSTILE)))
    with pytest.raises(PluginError, match="site_url: expected an absolute http"):
        config.plugins.on_config(config)


def test_a_valid_address_reaches_the_pages(tmp_path: Path) -> None:
    config = write_config(tmp_path, "https://example.org/updates/")
    assert configured_site_url(config) == "https://example.org/updates/"
    build_site(tmp_path / "site", config_file=config)
    page = (tmp_path / "site" / "rollups" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/updates/rollups/">' in page
