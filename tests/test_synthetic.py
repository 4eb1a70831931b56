"""The synthetic catalog holds every case of DESIGN.md "The real world the catalog must hold"."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

from generator.catalog.consistency import kb_key
from generator.catalog.model import AgentVersion, Catalog, Shipment, Version, agent_version, distance
from generator.catalog.validate import load
from generator.policy.rules import UpgradePath, plan_upgrade, snapshot

SYNTHETIC = Path(__file__).resolve().parent / "data" / "synthetic.yaml"
V = AgentVersion.parse


def numbers_with(catalog: Catalog, component: str) -> set[int]:
    return {r.number for r in catalog.rollups if component in r.versions}


def version_of(catalog: Catalog, number: int, component: str) -> Version:
    version = catalog.rollup(number).versions[component].version
    assert version is not None
    return version


def test_validates_without_any_diagnostic() -> None:
    located = load(SYNTHETIC, today=dt.date(2019, 10, 1))
    assert located.catalog is not None
    assert list(located.report) == []


def test_reaches_from_9_10_to_9_30_with_skipped_minors(synthetic: Catalog) -> None:
    released = snapshot(synthetic).released
    assert released[0] == V("9.10")
    assert released[-1] == V("9.30")
    all_minors = {AgentVersion(9, minor) for minor in range(10, 31)}
    assert all_minors - set(released) == {V("9.13"), V("9.17"), V("9.22"), V("9.27")}
    gaps = [distance(a, b) for a, b in pairwise(released)]
    assert max(g for g in gaps if g is not None) <= synthetic.policy.max_upgrade_gap


def test_upgrade_path_9_16_to_9_20_to_9_24(synthetic: Catalog) -> None:
    path = plan_upgrade(snapshot(synthetic), V("9.16"), V("9.24"))
    assert isinstance(path, UpgradePath)
    assert [str(hop.target) for hop in path.hops] == ["9.20", "9.24"]


def test_components_come_and_go(synthetic: Catalog) -> None:
    listed = {r.number for r in synthetic.rollups if r.versions}
    assert numbers_with(synthetic, "ovf") == {n for n in listed if n <= 33}
    assert numbers_with(synthetic, "appliance") == {n for n in listed if n >= 35}
    assert synthetic.rollup(19).versions == {}


def test_a_component_not_shipped(synthetic: Catalog) -> None:
    hotfix = synthetic.rollup(27)
    assert hotfix.versions["unified_setup"] == Shipment()
    assert not hotfix.versions["mars"].shipped
    assert hotfix.versions["provider"].shipped
    assert agent_version(hotfix, synthetic.policy) is None
    assert snapshot(synthetic, 27).latest == snapshot(synthetic, 26).latest == V("9.16")


def test_per_scenario_versions(synthetic: Catalog) -> None:
    for number in (33, 34):
        provider = synthetic.rollup(number).versions["provider"]
        assert provider.version is None
        assert set(provider.per_scenario) == {"vmware-to-azure", "hyper-v-to-azure"}
        vmware, hyper_v = provider.per_scenario["vmware-to-azure"], provider.per_scenario["hyper-v-to-azure"]
        assert vmware is not None and hyper_v is not None and vmware != hyper_v


def test_two_rollups_ship_one_agent_minor(synthetic: Catalog) -> None:
    assert [r.number for r in snapshot(synthetic).shipped_by[V("9.16")]] == [25, 26]


def test_version_scheme_change(synthetic: Catalog) -> None:
    before, after = version_of(synthetic, 30, "provider"), version_of(synthetic, 31, "provider")
    assert (str(before), str(after)) == ("5.1.3800.0", "5.23.1204.5")
    assert before < after


def test_unified_setup_and_mobility_builds_differ(synthetic: Catalog) -> None:
    differ = {
        r.number
        for r in synthetic.rollups
        if r.versions.get("mobility", Shipment()).version
        != r.versions.get("unified_setup", Shipment()).version
    }
    assert differ == {26, 38}
    assert version_of(synthetic, 38, "mobility").agent == version_of(synthetic, 38, "unified_setup").agent


def test_month_only_release_dates(synthetic: Catalog) -> None:
    month_only = {r.number for r in synthetic.rollups if r.released is not None and r.released.day is None}
    assert month_only == {19, 20, 21, 23, 27, 34}
    assert all(r.released is not None for r in synthetic.rollups)


def test_kb_links(synthetic: Catalog) -> None:
    assert synthetic.rollup(27).kb is None
    links = [r.kb for r in synthetic.rollups if r.kb is not None]
    assert any("/en-us/help/" in url for url in links)
    assert any("/help/" in url and "/en-us/" not in url for url in links)
    assert any("/kb/" in url for url in links)
    assert any("/en-us/topic/" in url for url in links)
    keys = {r.number: kb_key(r.kb) for r in synthetic.rollups if r.kb is not None}
    assert keys == {number: str(4100000 + number) for number in keys}


def test_markdown_notes(synthetic: Catalog) -> None:
    notes = synthetic.rollup(38).notes
    assert "**9.30.5346.1**" in notes
    assert "\n- " in notes
    assert "[supported distributions](https://" in notes
    assert {r.number for r in synthetic.rollups if r.notes} == {38, 31, 27, 26}


def test_major_version_change_of_a_non_tracked_component(synthetic: Catalog) -> None:
    assert version_of(synthetic, 35, "mars").parts[0] == 2
    assert version_of(synthetic, 36, "mars").parts[0] == 3
    assert synthetic.policy.track != "mars"
    assert {v.major for v in snapshot(synthetic).released} == {9}
