"""Internal links and anchors: the whole built site, the checker's rules on a hand-made tree, the command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.adoption.lint.content_links import generated_anchors
from generator.catalog.model import Catalog
from generator.checks.linkcheck import BrokenLink, check_links
from generator.cli import main
from generator.site.routes import site_routes
from tests.conftest import BuiltSite


def test_every_internal_link_and_anchor_of_the_build_resolves(built_site: BuiltSite) -> None:
    report = check_links(built_site.root)
    assert report.broken == [], "\n".join(map(str, report.broken))
    assert report.pages >= 32
    assert report.links > 30 * report.pages  # navigation, tables, steps: every page links a lot


def test_the_lint_knows_the_anchors_of_every_generated_page_as_built(
    built_site: BuiltSite, shipped: Catalog
) -> None:
    """``rollups lint`` judges ``reboot-matrix.md#...`` against the ids the built page really has."""
    anchors = generated_anchors(shipped)
    compared = 0
    for route in sorted(site_routes(shipped)):
        lint = anchors(route)
        if lint is None:
            continue  # a static file
        html = (built_site.latest / route / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        built = set(re.findall(r'\bid="([^"]+)"', article))
        # The lint also takes a `name` for an anchor, as it does on content pages: the planner's fields.
        fields = set(re.findall(r'<(?:input|select)\b[^>]*\bname="([^"]+)"', article))
        assert (route, built) == (route, lint.anchors - fields)
        compared += 1
    assert compared >= 30


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


PAGE = '<!doctype html><html><body><h2 id="{anchor}">x</h2>{links}</body></html>'


def page(links: str = "", anchor: str = "top") -> str:
    return PAGE.format(links=links, anchor=anchor)


NOWHERE = "no element with id 'nowhere' on upgrade/9.16/index.html"


def test_checker_reports_each_broken_link_with_its_page(tmp_path: Path) -> None:
    site = _tree(
        tmp_path,
        {
            "index.html": page(
                '<a href="upgrade/9.16/">ok</a>'
                '<a href="upgrade/9.16/#path">ok anchor</a>'
                '<a href="upgrade/9.16/#nowhere">bad anchor</a>'
                '<a href="upgrade/9.99/">bad page</a>'
                '<a href="#top">same page</a>'
                '<a href="#gone">same page, bad</a>'
                '<a href="https://support.example.com/kb/1">external</a>'
                '<a href="mailto:someone@example.com">mail</a>'
                '<link rel="stylesheet" href="assets/site.css">'
                '<script src="assets/missing.js"></script>'
                '<img src="assets/logo%20big.png" alt="">'
                '<a href="../outside/">outside</a>'
            ),
            "upgrade/9.16/index.html": page('<a href="../../">home</a><a href="/#top">root</a>', "path"),
            "assets/site.css": "",
            "assets/logo big.png": "",
            "404.html": page('<a href="not/resolvable/from/here/">skipped</a>'),
        },
    )
    report = check_links(site)
    assert report.broken == [
        BrokenLink("index.html", "upgrade/9.16/#nowhere", NOWHERE),
        BrokenLink("index.html", "upgrade/9.99/", "no file upgrade/9.99/index.html"),
        BrokenLink("index.html", "#gone", "no element with id 'gone' on index.html"),
        BrokenLink("index.html", "assets/missing.js", "no file assets/missing.js"),
        BrokenLink("index.html", "../outside/", "points outside the site"),
    ]
    assert (report.pages, report.links) == (2, 12)
    assert report.summary() == "2 pages, 12 internal links, 5 broken"


def test_checker_follows_a_refresh_redirect_and_named_anchors(tmp_path: Path) -> None:
    site = _tree(
        tmp_path,
        {
            "index.html": '<meta http-equiv="refresh" content="0; url=latest/">',
            "old.html": "<meta http-equiv=refresh content='0;URL=gone/'>",
            "latest/index.html": '<a name="legacy"></a><a href="#legacy">x</a>',
        },
    )
    report = check_links(site)
    assert report.broken == [BrokenLink("old.html", "gone/", "no file gone/index.html")]


def test_check_links_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _tree(tmp_path / "site", {"index.html": page('<a href="a/">a</a>'), "a/index.html": page()})
    assert main(["check-links", str(site)]) == 0
    assert capsys.readouterr().out == "2 pages, 1 internal link, 0 broken\n"
    (site / "a" / "index.html").unlink()
    assert main(["check-links", str(site)]) == 1
    assert capsys.readouterr().out == (
        "index.html: a/: no file a/index.html\n1 page, 1 internal link, 1 broken\n"
    )
    assert main(["check-links", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_check_links_refuses_a_folder_with_no_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sources, an export or an empty folder have nothing to check: a usage error, never "0 broken"."""
    sources = _tree(
        tmp_path / "project", {"content/index.md": "# Home\n", "data/rollups.yaml": "rollups: []\n"}
    )
    assert main(["check-links", str(sources)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: {sources}: no HTML page to check; name the folder a build wrote (rollups build -d SITE)\n"
    )
    (tmp_path / "empty").mkdir()
    assert main(["check-links", str(tmp_path / "empty")]) == 2
    assert "no HTML page to check" in capsys.readouterr().err


def test_check_links_names_a_file_as_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = _tree(tmp_path, {"rollups.yaml": "rollups: []\n"}) / "rollups.yaml"
    assert main(["check-links", str(catalog)]) == 2
    assert capsys.readouterr().err == f"error: {catalog}: not a folder; name the folder of a built site\n"


def test_pages_that_are_not_the_sites_own_files_are_reported_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkout of the published branch may hold links (git keeps them): one out of the site ended in
    a ValueError (exit 70), one to ``/dev/zero`` filled the memory and a named pipe never ended. Each is
    a broken page, reported with the others in one run."""
    site = _tree(tmp_path / "site", {"index.html": page('<a href="a/">a</a>'), "a/index.html": page()})
    outside = tmp_path / "outside.html"
    outside.write_text(page(), encoding="utf-8")
    (site / "out.html").symlink_to(outside)
    (site / "gone.html").symlink_to("nowhere.html")
    os.mkfifo(site / "pipe.html")
    if Path("/dev/zero").exists():
        (site / "zero.html").symlink_to("/dev/zero")
    assert main(["check-links", str(site)]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = [
        f"gone.html: a symbolic link to {site / 'nowhere.html'}, which does not exist",
        f"out.html: a symbolic link to {outside}, outside the site",
        "pipe.html: not a file (a device, a pipe or a socket)",
    ]
    if Path("/dev/zero").exists():
        expected.append("zero.html: a symbolic link to /dev/zero, outside the site")
    assert lines[:-1] == expected
    assert lines[-1].endswith(f", 1 internal link, {len(expected)} broken")
