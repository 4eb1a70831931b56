"""Long lists over pages (generator/pages/lists.py): the newest rows on an index, ranges for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.synthetic import write_catalog
from generator.catalog.model import AgentVersion, Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs.planner import planner_page
from generator.pages.layout import site_model
from generator.pages.links import LinkStyle
from generator.pages.lists import LIST_ROWS, ListPart, rollups_part, split, versions_part
from generator.pages.models import (
    RollupPage,
    RollupsIndexPage,
    SiteModel,
    SupportedRollupsPage,
    UpgradeIndexPage,
    UpgradePage,
)
from generator.pages.render import Renderer
from generator.policy.rules import snapshot


def test_parts_are_fixed_ranges() -> None:
    assert rollups_part(1) == ListPart("rollups/1-to-100.md", "1", "100")
    assert rollups_part(100) == ListPart("rollups/1-to-100.md", "1", "100")
    assert rollups_part(101) == ListPart("rollups/101-to-200.md", "101", "200")
    assert versions_part(AgentVersion(9, 0)) == ListPart("upgrade/9.0-to-9.99.md", "9.0", "9.99")
    assert versions_part(AgentVersion(9, 199)) == ListPart("upgrade/9.100-to-9.199.md", "9.100", "9.199")
    assert versions_part(AgentVersion(5, 23), 10) == ListPart("upgrade/5.20-to-5.29.md", "5.20", "5.29")


def test_a_short_list_is_one_page() -> None:
    found = split(list(range(100, 0, -1)), rollups_part)
    assert found.shown == tuple(range(100, 0, -1))
    assert found.parts == ()


def test_a_long_list_shows_its_newest_rows_and_every_older_row_in_its_range() -> None:
    numbers = list(range(250, 0, -1))
    found = split(numbers, rollups_part)
    assert found.shown == tuple(range(250, 150, -1))
    # 101 to 200 holds rows the index shows too (200 to 151): a part holds its whole range.
    assert [(part.path, keys[0], keys[-1]) for part, keys in found.parts] == [
        ("rollups/101-to-200.md", 200, 101),
        ("rollups/1-to-100.md", 100, 1),
    ]
    assert found.where[57] == rollups_part(57)
    assert 250 not in found.where


def test_a_part_keeps_its_rows_as_rollups_are_added() -> None:
    """A published part's address shows the same rows later: only the newest part gains rows."""
    before = split(list(range(250, 0, -1)), rollups_part)
    after = split(list(range(420, 0, -1)), rollups_part)
    parts_after = dict(after.parts)
    for part, keys in before.parts:
        assert parts_after[part] == keys


def _model(size: int, folder: Path) -> SiteModel:
    return site_model(snapshot(load_or_raise(write_catalog(size, folder / f"synthetic-{size}.yaml"))))


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    return _model(260, tmp_path_factory.mktemp("lists"))


def test_every_rollup_is_on_the_page_its_own_page_links_to(large: SiteModel) -> None:
    lists = {p.path: p for p in large.pages if isinstance(p, RollupsIndexPage)}
    assert sorted(lists) == ["rollups/1-to-100.md", "rollups/101-to-200.md", "rollups/index.md"]
    index = lists["rollups/index.md"]
    assert [row.rollup.number for row in index.rows] == list(range(260, 160, -1))
    assert [part.path for part in index.parts] == ["rollups/101-to-200.md", "rollups/1-to-100.md"]
    assert all(page.total == 260 for page in lists.values())
    rollups = [p for p in large.pages if isinstance(p, RollupPage)]
    assert len(rollups) == 260
    for page in rollups:
        listed = lists[page.listed_in]
        assert page.row.rollup.number in [row.rollup.number for row in listed.rows], page.path
    assert {p.listed_in for p in rollups} == set(lists)


def test_every_version_is_on_the_upgrade_index_or_its_range(large: SiteModel) -> None:
    versions = [p.version for p in large.pages if isinstance(p, UpgradePage)]
    assert len(versions) > LIST_ROWS
    lists = [p for p in large.pages if isinstance(p, UpgradeIndexPage)]
    index = next(p for p in lists if p.path == "upgrade/index.md")
    assert len(index.rows) == LIST_ROWS
    assert [row.version.version for row in index.rows] == versions[:LIST_ROWS]  # newest first
    listed = {row.version.version for page in lists for row in page.rows}
    assert listed == set(versions)
    for page in lists:
        if page.part is not None:
            assert page.path == page.part.path
            low, high = AgentVersion.parse(page.part.first), AgentVersion.parse(page.part.last)
            assert all(low <= AgentVersion.parse(row.version.version) <= high for row in page.rows)


def test_supported_rollups_and_planner_list_the_newest(large: SiteModel, shipped: Catalog) -> None:
    page = next(p for p in large.pages if isinstance(p, SupportedRollupsPage))
    assert len(page.previous) == LIST_ROWS
    assert page.previous_more == 260 - LIST_ROWS - len(page.supported)
    snap = snapshot(shipped)
    small = planner_page(snap, site_model(snap).versions)
    assert small.older_versions == 0  # the real history: every version listed, as before


def test_rendered_lists_link_their_parts(large: SiteModel) -> None:
    renderer = Renderer(large, LinkStyle.MARKDOWN)
    index = next(p for p in large.pages if p.path == "rollups/index.md")
    text = renderer.page(index)
    assert "The newest 100 of the 260 update rollups" in text
    assert re.search(r'<a href="101-to-200\.md">Update rollups 101 to 200</a>', text)
    part = next(p for p in large.pages if p.path == "rollups/1-to-100.md")
    assert "The update rollups numbered from 1 to 100, newest first." in renderer.page(part)
    page = next(p for p in large.pages if isinstance(p, SupportedRollupsPage))
    text = renderer.page(page)
    more = f"for the {page.previous_more} older rollups out of support, see the\n[older rollups]"
    assert f"{more}(rollups/index.md#older)" in text
