"""Page models: which pages exist in each snapshot and what they hold."""

from __future__ import annotations

import re

import pytest

from generator.catalog.model import AgentVersion, Catalog
from generator.pages.models import RollupPage, UpgradePage, site_model
from generator.policy.rules import snapshot, snapshots, upgrade_versions
from generator.site.files import site_files

V = AgentVersion.parse


def upgrade_pages(catalog: Catalog, as_of: int | None = None) -> dict[str, UpgradePage]:
    model = site_model(snapshot(catalog, as_of))
    return {p.version: p for p in model.pages if isinstance(p, UpgradePage)}


def test_upgrade_pages_cover_the_matrix_rows(seed: Catalog) -> None:
    assert [str(v) for v in upgrade_versions(snapshot(seed))] == [f"9.{m}" for m in range(14, 22)]


@pytest.mark.parametrize("name", ["shipped", "seed", "site_fixture"])
def test_an_upgrade_page_once_published_keeps_existing(name: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(name)
    published: set[str] = set()
    for snap in reversed(snapshots(catalog)):
        pages = {str(v) for v in upgrade_versions(snap)}
        assert published <= pages, f"pages dropped as of rollup {snap.as_of.number}: {published - pages}"
        published = pages


def test_old_versions_say_since_when_and_why_there_is_no_path(site_fixture: Catalog) -> None:
    pages = upgrade_pages(site_fixture)
    assert sorted(pages, key=V) == ["1.5", "1.6", "1.7", "1.8", "1.9", *[f"2.{m}" for m in range(2, 13)]]
    old = pages["2.3"].status
    assert (old.state, old.since and old.since.number, old.since_at_the_latest) == ("unsupported", 4, False)
    first = pages["1.5"].status
    assert (first.since and first.since.number, first.since_at_the_latest) == (2, True)
    assert "different major versions" in pages["1.5"].plan.reason
    assert pages["1.5"].alternatives == ()
    unreleased = pages["2.11"].status
    assert (unreleased.state, unreleased.released) == ("supported", False)
    assert pages["2.11"].shipped_by == ()
    assert [r.number for r in pages["2.9"].shipped_by] == [6, 5]
    assert pages["2.12"].status.state == "latest"
    assert pages["2.12"].plan.hops == ()


def test_alternatives_reach_back_one_reboot_gap(seed: Catalog) -> None:
    page = upgrade_pages(seed)["9.16"]
    assert [(a.last_reboot, a.or_earlier, a.plan.text) for a in page.alternatives] == [
        ("9.15", False, "9.16 -> 9.19 -> reboot -> 9.21"),
        ("9.14", False, "9.16 -> 9.18 -> reboot -> 9.21"),
        ("9.13", False, "9.16 -> reboot -> 9.20 -> reboot -> 9.21"),
        ("9.12", True, "9.16 -> reboot -> 9.20 -> reboot -> 9.21"),
    ]
    assert page.matrix_anchor == "from-9-16"


def test_what_a_rollup_changed(site_fixture: Catalog) -> None:
    model = site_model(snapshot(site_fixture))
    rollups = {p.row.rollup.number: p for p in model.pages if isinstance(p, RollupPage)}
    nine = rollups[9].change
    assert nine.new_latest is not None and nine.new_latest.version == "2.12"
    assert [v.version for v in nine.pushed_out] == ["2.7", "2.8"]
    assert nine.oldest_supported == "2.9"
    assert rollups[7].change.agent.state == "not-shipped"
    assert rollups[1].change.agent.state == "not-recorded"
    assert rollups[2].change.first and rollups[2].change.pushed_out == ()
    assert rollups[6].change.new_latest is None
    assert (rollups[9].newer, rollups[9].older and rollups[9].older.number) == (None, 8)


def test_a_snapshot_never_mentions_a_later_rollup(site_fixture: Catalog) -> None:
    files = site_files(site_fixture, 6)
    later = re.compile(r"Update Rollup [789]\b|rollups/[789]\b")
    assert [path for path, text in files.pages.items() if later.search(text)] == []
    assert "rollups/6.md" in files.pages
    assert "rollups/7.md" not in files.pages


def test_overview_example_is_the_seeds(seed: Catalog) -> None:
    overview = site_model(snapshot(seed)).overview
    assert (overview.example.start, overview.example_reach, overview.example.text) == (
        "9.16",
        "9.20",
        "9.16 -> 9.20 -> reboot -> 9.21",
    )
    assert overview.example_row is not None and overview.example_row.anchor == "from-9-16"
