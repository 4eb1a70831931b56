"""Release lines on a small hand-made catalog: what each scenario got, withdrawn releases, errors."""

from __future__ import annotations

import pytest

from generator.catalog.model import (
    AgentVersion,
    Catalog,
    Policy,
    Product,
    Rollup,
    Scenario,
    Shipment,
    Version,
)
from generator.policy.rules import (
    NoPath,
    PolicyError,
    UnknownRollup,
    UpgradePath,
    has_one_line,
    lines,
    plan_upgrade,
    snapshot,
    snapshots,
    support_changes,
)


def v(text: str) -> AgentVersion:
    return AgentVersion.parse(text)


def rollup(number: int, agent: str | dict[str, str | None], withdrawn: str | None = None) -> Rollup:
    if isinstance(agent, str):
        shipment = Shipment(Version.parse(agent))
    else:
        shipment = Shipment(per_scenario={s: Version.parse(x) if x else None for s, x in agent.items()})
    return Rollup(number, {"agent": shipment}, withdrawn=withdrawn)


def catalog(*rollups: Rollup) -> Catalog:
    scenarios = (
        Scenario("classic", "Classic", ("agent",), ("Update.",)),
        Scenario("modern", "Modern", ("agent",), ("Update.",)),
        Scenario("hyper-v", "Hyper-V", ("provider",), ("Update.",)),
    )
    return Catalog(Product("P", "agent"), Policy("agent"), (), rollups, scenarios)


HISTORY = catalog(
    rollup(8, "9.60.8.1"),
    rollup(7, {"classic": "9.59.7.1"}),
    rollup(6, "9.57.6.1"),
    rollup(5, {"modern": "9.56.5.1", "classic": None}),
    rollup(4, "9.55.4.1"),
    rollup(3, "9.54.3.1", withdrawn="Downloads were taken down for data corruption."),
    rollup(2, "9.53.2.1"),
)


def test_each_scenario_line_holds_the_releases_that_reached_it() -> None:
    assert snapshot(HISTORY, scenario="classic").released == tuple(
        map(v, ["9.53", "9.55", "9.57", "9.59", "9.60"])
    )
    assert snapshot(HISTORY, scenario="modern").released == tuple(
        map(v, ["9.53", "9.55", "9.56", "9.57", "9.60"])
    )
    assert snapshot(HISTORY).released == tuple(map(v, ["9.53", "9.55", "9.56", "9.57", "9.59", "9.60"]))


def test_paths_stay_on_the_scenario_line() -> None:
    modern = plan_upgrade(snapshot(HISTORY, scenario="modern"), v("9.55"))
    classic = plan_upgrade(snapshot(HISTORY, scenario="classic"), v("9.55"))
    assert isinstance(modern, UpgradePath)
    assert isinstance(classic, UpgradePath)
    assert modern.as_text() == "9.55 -> 9.57 -> reboot -> 9.60"
    assert classic.as_text() == "9.55 -> 9.59 -> reboot -> 9.60"


def test_a_withdrawn_rollup_keeps_its_version_but_is_no_release() -> None:
    snap = snapshot(HISTORY, 3)
    assert snap.agent_versions[3] == v("9.54")
    assert snap.latest == v("9.53")
    assert v("9.54") not in snap.shipped_by
    assert set(support_changes(snap)) == {2}
    path = plan_upgrade(snapshot(HISTORY), v("9.53"), v("9.54"))
    assert isinstance(path, NoPath)
    assert path.reason.startswith("9.54 was withdrawn with Update Rollup 3 (released: 9.53, 9.55,")


def test_a_version_another_scenario_got_is_named_as_such() -> None:
    path = plan_upgrade(snapshot(HISTORY, scenario="modern"), v("9.57"), v("9.59"))
    assert isinstance(path, NoPath)
    assert path.reason.startswith("9.59 was not released for modern (released: ")


def test_lines_group_scenarios_and_say_when_they_differ() -> None:
    groups = lines(snapshot(HISTORY))
    assert [g.scenarios for g in groups] == [("classic",), ("modern",)]
    assert not has_one_line(snapshot(HISTORY))
    assert [g.scenarios for g in lines(snapshot(HISTORY, 4))] == [("classic", "modern")]
    assert has_one_line(snapshot(HISTORY, 4))


def test_a_line_with_no_release_yet_is_a_group_without_a_snapshot() -> None:
    history = catalog(rollup(2, "9.11.2.1"), rollup(1, {"modern": "9.10.1.1"}))
    groups = lines(snapshot(history, 1))
    assert [(g.scenarios, g.snap is None) for g in groups] == [(("classic",), True), (("modern",), False)]
    assert not has_one_line(snapshot(history, 1))
    later = lines(snapshot(history, 2))
    assert [(g.scenarios, g.snap and g.snap.released) for g in later] == [
        (("classic",), (v("9.11"),)),
        (("modern",), (v("9.10"), v("9.11"))),
    ]


def test_unknown_or_agentless_scenarios_are_refused_with_the_valid_ids() -> None:
    with pytest.raises(PolicyError) as unknown:
        snapshot(HISTORY, scenario="moden")
    assert str(unknown.value) == (
        "there is no scenario 'moden'. Did you mean 'modern'? The tracked component is 'agent'; "
        "scenarios that install it: classic, modern"
    )
    with pytest.raises(PolicyError) as agentless:
        snapshot(HISTORY, scenario="hyper-v")
    assert str(agentless.value) == (
        "scenario 'hyper-v' does not install the tracked component 'agent', so it has no upgrade path; "
        "scenarios that install it: classic, modern"
    )


def test_an_unknown_rollup_is_refused_with_the_numbers_there_are() -> None:
    gappy = catalog(*(rollup(n, f"9.{n}.1.1") for n in (30, 29, 27, 26, 25, 21)))
    for missing in (28, 31, 1):
        with pytest.raises(UnknownRollup) as unknown:
            snapshot(gappy, missing)
        assert str(unknown.value) == (
            f"there is no rollup {missing} in the catalog; its rollups are 21, 25 to 27, 29 to 30"
        )
    odd = catalog(*(rollup(n, f"9.{n}.1.1") for n in range(21, 0, -2)))  # 11 runs of one
    with pytest.raises(UnknownRollup, match=r"its rollups are 1, 3, 5, \.\.\., 17, 19, 21$"):
        snapshot(odd, 2)


def test_a_snapshot_with_every_release_so_far_withdrawn_has_no_n() -> None:
    history = catalog(rollup(2, "9.11.2.1"), rollup(1, "9.10.1.1", withdrawn="Pulled."))
    assert [s.as_of.number for s in snapshots(history)] == [2]
    with pytest.raises(
        PolicyError, match=r"no rollup up to 1 ships the tracked component 'agent' \(every one"
    ):
        snapshot(history, 1)


def test_the_snapshot_of_a_withdrawn_rollup_stays() -> None:
    assert [s.as_of.number for s in snapshots(HISTORY)] == [8, 7, 6, 5, 4, 3, 2]
