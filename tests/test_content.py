"""The prose pages: callouts, front matter, Jinja errors at their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog.diagnostics import InvalidInput, format_text
from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.pages.content import convert_callouts, read_content, split_front_matter
from generator.pages.links import LinkStyle
from generator.site.files import SiteFiles, site_files
from tests.conftest import ROOT


def test_github_callouts_become_admonitions() -> None:
    source = (
        "Intro.\n\n> [!IMPORTANT]\n> **All versions below N-4**\n> are out of support.\n"
        ">\n> Second paragraph.\n\n"
        "> A plain quote.\n\n> [!NOTE] Before a reboot\n> Upgrade first.\n"
    )
    assert convert_callouts(source, "x.md") == (
        'Intro.\n\n!!! important "Important"\n    **All versions below N-4**\n    are out of support.\n\n'
        '    Second paragraph.\n\n\n> A plain quote.\n\n!!! note "Before a reboot"\n    Upgrade first.\n\n'
    )


def test_callouts_inside_code_fences_stay() -> None:
    source = "```markdown\n> [!NOTE]\n> text\n```\n"
    assert convert_callouts(source, "x.md") == source


def test_unknown_callout_kind_is_reported_at_its_place() -> None:
    with pytest.raises(InvalidInput) as caught:
        convert_callouts("# T\n\n> [!NOTES]\n> x\n", "content/index.md")
    assert format_text(caught.value.report) == (
        "content/index.md:3:3: error: '[!NOTES]' is not a callout kind. Did you mean 'NOTE'? "
        "Valid kinds: NOTE, TIP, IMPORTANT, WARNING, CAUTION.\n1 error, 0 warnings"
    )


def test_front_matter_is_kept_apart() -> None:
    assert split_front_matter("---\ntitle: X\n---\n# Body\n") == ("---\ntitle: X\n---\n", "# Body\n")
    assert split_front_matter("# Body\n---\n") == ("", "# Body\n---\n")


def test_prose_is_rendered_with_the_data(site_fixture: Catalog, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text(
        "---\ntitle: Home\n---\n# {{ site.product.name | md_text }}\n\n"
        "> [!IMPORTANT]\n> N is {{ site.latest.version }}; oldest supported {{ site.oldest_supported }}.\n",
        encoding="utf-8",
    )
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(b"png")
    files = site_files(site_fixture, None, tmp_path)
    assert files.pages["index.md"] == (
        "---\ntitle: Home\n---\n# Example Backup &amp; Restore\n\n"
        '!!! important "Important"\n    N is 2.12; oldest supported 2.9.\n\n'
    )
    assert files.prose == frozenset({"index.md"})
    assert files.assets == {"img/logo.png": tmp_path / "img" / "logo.png"}


def test_prose_as_of_an_older_rollup(site_fixture: Catalog, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("N is {{ site.latest.version }} as of {{ site.as_of.title }}.\n")
    files = site_files(site_fixture, 6, tmp_path)
    assert files.pages["index.md"] == "N is 2.9 as of Update Rollup 6.\n"
    assert files.as_of == 6


def test_template_errors_point_at_the_line(site_fixture: Catalog, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# Home\n\nN is {{ site.lastest.version }}.\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        site_files(site_fixture, None, tmp_path)
    message = format_text(caught.value.report)
    assert message.startswith(f"{tmp_path / 'index.md'}:3:1: error: template error: ")
    assert "lastest" in message
    (tmp_path / "index.md").write_text("# Home\n\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        site_files(site_fixture, None, tmp_path)
    assert format_text(caught.value.report).startswith(
        f"{tmp_path / 'index.md'}:3:1: error: template syntax error:"
    )


def test_a_prose_page_cannot_replace_a_generated_one(site_fixture: Catalog, tmp_path: Path) -> None:
    (tmp_path / "reboot-matrix.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        site_files(site_fixture, None, tmp_path)
    assert "'reboot-matrix.md' is generated from the catalog" in format_text(caught.value.report)


def test_read_content_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".draft.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    assert read_content(tmp_path).pages == {"a.md": "a"}
    assert read_content(None).pages == {}


def _first_error(site_fixture: Catalog, directory: Path, text: str) -> str:
    (directory / "index.md").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        site_files(site_fixture, None, directory)
    return format_text(caught.value.report).splitlines()[0]


def test_errors_after_front_matter_point_at_the_line_of_the_file(
    site_fixture: Catalog, tmp_path: Path
) -> None:
    front = "---\ntitle: Home\n---\n# Home\n\n"
    where = tmp_path / "index.md"
    assert _first_error(site_fixture, tmp_path, front + "N is {{ site.lastest.version }}.\n").startswith(
        f"{where}:6:1: error: template error: "
    )
    assert _first_error(site_fixture, tmp_path, front + "{% if %}\n").startswith(
        f"{where}:6:1: error: template syntax error:"
    )
    assert _first_error(site_fixture, tmp_path, front + "> [!NOTES]\n> x\n").startswith(
        f"{where}:6:3: error: '[!NOTES]' is not a callout kind."
    )


def test_a_bad_callout_is_reported_at_its_line_in_the_source(site_fixture: Catalog, tmp_path: Path) -> None:
    """Jinja statements on lines of their own vanish from the rendering: the line is the source's."""
    source = "{% set a = 1 %}\n{% set b = 2 %}\n# Home\n\n> [!NOTES]\n> x\n"
    assert _first_error(site_fixture, tmp_path, source) == (
        f"{tmp_path / 'index.md'}:5:3: error: '[!NOTES]' is not a callout kind. Did you mean 'NOTE'? "
        "Valid kinds: NOTE, TIP, IMPORTANT, WARNING, CAUTION."
    )


def _narrow_window_overview(tmp_path: Path) -> tuple[str, SiteFiles]:
    """The shipped overview for a catalog of two rollups, 2.9 then 2.12, and a window of 2."""
    catalog = tmp_path / "rollups.yaml"
    catalog.write_text(
        "product: {name: Example, vendor: Example, agent_name: Example agent}\n"
        "policy: {track: agent, support_window: 2, window_includes_boundary: true, "
        "max_upgrade_gap: 4, reboot_gap: 1}\n"
        "components: [{id: agent, name: Agent, description: The agent.}]\n"
        "rollups:\n"
        "  - {number: 2, versions: {agent: 2.12.300.0}}\n"
        "  - {number: 1, versions: {agent: 2.9.100.0}}\n"
        "scenarios: []\n",
        encoding="utf-8",
    )
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_bytes((ROOT / "content" / "index.md").read_bytes())
    files = site_files(load_or_raise(catalog), None, tmp_path / "content", LinkStyle.MARKDOWN)
    return files.pages["index.md"], files


def test_the_overviews_example_links_its_upgrade_page_only_when_there_is_one(tmp_path: Path) -> None:
    """With a narrow window and a short reboot gap, N - max_upgrade_gap - 1 is no upgrade page."""
    overview, files = _narrow_window_overview(tmp_path)
    assert "upgrade/2.7.md" not in files.pages
    assert (
        "from 2.7, one\n   upgrade reaches 2.11 at most, so first upgrade to 2.9\n   and then to 2.12   "
        "(<code>2.7 <span>-></span> reboot <span>-></span> 2.9 <span>-></span> reboot <span>-></span> "
        "2.12</code>).\n"
    ) in overview
    linked = re.findall(r"\]\((upgrade/[^)#]+)\)", overview)
    assert linked == ["upgrade/index.md"]


def test_the_overview_names_a_single_supported_rollup_once(tmp_path: Path) -> None:
    overview, _ = _narrow_window_overview(tmp_path)
    assert "- **Supported update rollups:** [Update Rollup 2](supported-rollups.md),\n" in overview
