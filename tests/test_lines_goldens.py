"""Golden pages of release lines, from a small catalog (``tests/data/lines-site.yaml``).

Rollups 59 to 71 of the published history, reduced: 9.56 (rollup 69) was released for
Azure-to-Azure and modernized VMware only, 9.59 (rollup 71) for classic VMware only, 9.49 (rollup
62) not for modernized VMware, and rollup 60 (9.47) was withdrawn. The goldens are the pages of
those versions and rollups, and the tables that mark them, in two snapshots: rollup 71 (the lines
differ) and rollup 61 (one line, the withdrawn rollup just behind it). ``pytest --update-goldens``
rewrites them on purpose: review the diff before you commit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.checks.linkcheck import html_pages
from generator.engine.mkdocs_plugin import build_site
from generator.pages.links import LinkStyle
from generator.site.files import SiteFiles, site_files
from tests.conftest import GOLDENS, ROOT, Golden
from tests.htmldoc import parse

LINES_SITE = ROOT / "tests" / "data" / "lines-site.yaml"
GOLDEN_DIR = GOLDENS / "lines-site"

PAGES = {
    71: [
        "upgrade/9.56.md",
        "upgrade/9.47.md",
        "upgrade/index.md",
        "rollups/69.md",
        "rollups/60.md",
        "rollups/index.md",
        "reboot-matrix.md",
        "supported-rollups.md",
        "scenarios/vmware-to-azure.md",
        "scenarios/hyper-v-to-azure.md",
    ],
    61: ["upgrade/9.47.md", "rollups/60.md", "reboot-matrix.md"],
}
"""Snapshot -> the pages kept as goldens."""

CASES = [(as_of, path) for as_of, paths in PAGES.items() for path in paths]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_or_raise(LINES_SITE)


@pytest.fixture(scope="module")
def sites(catalog: Catalog) -> dict[int, SiteFiles]:
    return {as_of: site_files(catalog, as_of, None, LinkStyle.DIRECTORY) for as_of in PAGES}


@pytest.mark.parametrize(("as_of", "path"), CASES, ids=[f"ur-{a}/{p}" for a, p in CASES])
def test_page_matches_golden(sites: dict[int, SiteFiles], golden: Golden, as_of: int, path: str) -> None:
    golden(GOLDEN_DIR / f"ur-{as_of}" / path, sites[as_of].pages[path])


def test_no_stale_golden() -> None:
    kept = {f"ur-{a}/{p}" for a, p in CASES}
    found = {p.relative_to(GOLDEN_DIR).as_posix() for p in GOLDEN_DIR.rglob("*.md")}
    assert found <= kept, f"goldens no test reads: {sorted(found - kept)}"


def ids(markdown: str) -> list[str]:
    """Every id a page defines: ``id="..."`` attributes and ``{#...}`` heading anchors."""
    return re.findall(r'\bid="([^"]+)"', markdown) + re.findall(r"\{#([^}]+)\}", markdown)


@pytest.mark.parametrize("as_of", sorted(PAGES))
def test_no_page_defines_an_id_twice(sites: dict[int, SiteFiles], as_of: int) -> None:
    for path, markdown in sites[as_of].pages.items():
        found = ids(markdown)
        assert len(found) == len(set(found)), (path, sorted({i for i in found if found.count(i) > 1}))


def test_a_version_for_some_scenarios_gets_a_section_per_answer(sites: dict[int, SiteFiles]) -> None:
    page = sites[71].pages["upgrade/9.56.md"]
    assert "9.56 was released for" in page
    assert "Modernized VMware VM disaster recovery to Azure</a> only." in page
    anchors = ids(page)
    # Every scenario that installs the agent can be linked to; the two that share an answer share a section.
    for scenario in ("azure-to-azure", "modernized-vmware-to-azure", "vmware-to-azure"):
        assert f"scenario-{scenario}" in anchors
    assert page.count("\n## ") == 3  # two scenario sections and "How to upgrade"
    classic = page[page.index("{#scenario-vmware-to-azure}") :]
    assert "9.56 was not released for this scenario." in classic
    assert "Path to 9.59" in classic and "Update Rollup 69" not in classic


def test_one_answer_for_every_reader_where_the_scenarios_share_a_line(sites: dict[int, SiteFiles]) -> None:
    one_line = sites[61].pages["upgrade/9.47.md"]
    assert "scenario-" not in one_line and "## Status {#status}" in one_line


def test_a_withdrawn_release_is_never_offered(sites: dict[int, SiteFiles]) -> None:
    for site in sites.values():
        page = site.pages["upgrade/9.47.md"]
        assert 'id="withdrawn"' in page and "taken down for data corruption" in page
        for path, markdown in site.pages.items():
            assert not re.search(r"-&gt; (reboot -&gt; )?9\.47\b|Upgrade to <strong>9\.47<", markdown), path
        rollup = site.pages["rollups/60.md"]
        assert "Update Rollup 60 was withdrawn, so it changed nothing" in rollup


HOSTILE_TITLE = "Evil {: onclick=alert(1) } [x](https://evil.example/) *a* &amp; b < c {#evil}"


def test_a_scenario_title_stays_text_where_the_pages_split_by_scenario(tmp_path: Path) -> None:
    """Scenario titles now reach headings, captions, legends and statements: built with MkDocs, one
    that looks like Markdown (an attribute list, a link, emphasis, an anchor) adds no element or
    attribute and reads as written (the validator refuses raw HTML and script links outright)."""
    text = LINES_SITE.read_text(encoding="utf-8")
    catalog = tmp_path / "rollups.yaml"
    hostile = text.replace("title: Azure VM disaster recovery to Azure", f"title: {HOSTILE_TITLE!r}")
    catalog.write_text(hostile, encoding="utf-8")
    build_site(tmp_path / "site", config_file=ROOT / "mkdocs.yml", catalog=catalog)
    shown = 0
    for path in html_pages(tmp_path / "site"):
        doc = parse(path.read_text(encoding="utf-8"))
        for node in doc.iter():
            assert not [a for a in node.attrs if a.startswith("on")], (path, node.tag, node.attrs)
            assert node.attrs.get("id") != "evil", path
            assert "evil.example" not in (node.attrs.get("href") or ""), path
            assert not (node.tag == "em" and node.text() == "a"), path  # *a* stays two asterisks and an a
        shown += sum(HOSTILE_TITLE in h.text() for h in doc.iter("h2"))
    assert shown >= 3  # the sections of the upgrade pages, the matrix, a rollup's change
