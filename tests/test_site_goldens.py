"""Golden Markdown of every generated page, from the small fixture catalog.

One golden file per page under ``tests/golden/site/``; ``pytest
--update-goldens`` rewrites them on purpose (review the diff before you
commit). The overview is rendered from the real ``content/`` prose, so a
change to the prose shows here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog.model import Catalog
from generator.pages.links import LinkStyle
from generator.site.files import SiteFiles, site_files
from tests.conftest import GOLDENS, ROOT

GOLDEN_DIR = GOLDENS / "site"


@pytest.fixture(scope="module")
def fixture_site(site_fixture: Catalog) -> SiteFiles:
    return site_files(site_fixture, None, ROOT / "content", LinkStyle.DIRECTORY)


def golden_paths() -> list[str]:
    return sorted(p.relative_to(GOLDEN_DIR).as_posix() for p in GOLDEN_DIR.rglob("*.md"))


def test_every_page_has_a_golden(fixture_site: SiteFiles, update_goldens: bool) -> None:
    if update_goldens:
        for stale in set(golden_paths()) - set(fixture_site.pages):
            (GOLDEN_DIR / stale).unlink()
        for path, markdown in fixture_site.pages.items():
            target = GOLDEN_DIR / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
    assert sorted(fixture_site.pages) == golden_paths()


@pytest.mark.parametrize("path", golden_paths())
def test_page_matches_golden(fixture_site: SiteFiles, path: str) -> None:
    expected = (GOLDEN_DIR / path).read_text(encoding="utf-8")
    assert fixture_site.pages[path] == expected


def test_every_page_type_is_covered() -> None:
    """The goldens hold at least one page of every template."""
    templates = {p.name for p in (ROOT / "templates").glob("*.md")}
    paths = golden_paths()
    kinds = {
        "supported-rollups.md": "supported-rollups.md" in paths,
        "reboot-matrix.md": "reboot-matrix.md" in paths,
        "upgrade.md": any(p.startswith("upgrade/") and p != "upgrade/index.md" for p in paths),
        "upgrade-index.md": "upgrade/index.md" in paths,
        "rollup.md": any(p.startswith("rollups/") and p != "rollups/index.md" for p in paths),
        "rollups-index.md": "rollups/index.md" in paths,
        "scenario.md": any(p.startswith("scenarios/") and p != "scenarios/index.md" for p in paths),
        "scenarios-index.md": "scenarios/index.md" in paths,
        "planner.md": "planner/index.md" in paths,
        "feeds.md": "feeds.md" in paths,
    }
    assert set(kinds) == templates
    assert all(kinds.values()), kinds
    assert "index.md" in paths


def test_export_writes_plain_markdown_links(site_fixture: Catalog, tmp_path: Path) -> None:
    exported = site_files(site_fixture, None, ROOT / "content", LinkStyle.MARKDOWN)
    written = exported.export(tmp_path)
    assert tmp_path / "upgrade" / "2.5.md" in written
    assert (tmp_path / "assets" / "stylesheets" / "rollups.css").is_file()
    page = (tmp_path / "reboot-matrix.md").read_text(encoding="utf-8")
    assert '<th scope="row"><a href="upgrade/2.5.md">2.5</a></th>' in page
