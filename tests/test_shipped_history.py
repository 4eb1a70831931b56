"""The published history (``data/rollups.yaml``) answers as its notes say it should.

Rollup 69 released 9.56 for Azure-to-Azure and modernized VMware only, rollup 71 released 9.59
for classic VMware/physical only, rollup 62's 9.49 never reached the modernized VMware preview,
9.58 was live briefly and rolled back (no rollup carries it), and rollup 60's 9.47 was withdrawn.
Every question is asked of every snapshot and every scenario's line.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout

import pytest

from generator import cli
from generator.catalog.model import AgentVersion, Catalog
from generator.policy.rules import (
    Snapshot,
    UpgradePath,
    agent_scenarios,
    lines,
    plan_upgrade,
    reboot_matrix,
    snapshot,
    snapshots,
)

from .conftest import SHIPPED_CATALOG

V = AgentVersion.parse
CLASSIC, MODERNIZED, A2A = "vmware-to-azure", "modernized-vmware-to-azure", "azure-to-azure"


def every_path(snap: Snapshot) -> Iterator[UpgradePath]:
    """The paths a reader of the snapshot can be given: each matrix cell's, and each row's to ``N``
    from every last reboot up to ``reboot_gap`` versions back."""
    matrix = reboot_matrix(snap)
    for cell in matrix.cells.values():
        if isinstance(cell.path, UpgradePath):
            yield cell.path
    for row in matrix.rows:
        for back in range(snap.policy.reboot_gap + 1):
            path = plan_upgrade(snap, row, None, row.plus(-back))
            if isinstance(path, UpgradePath):
                yield path


def hop_targets(snap: Snapshot) -> set[AgentVersion]:
    return {hop.target for path in every_path(snap) for hop in path.hops}


def line_snapshots(catalog: Catalog) -> Iterator[tuple[str | None, Snapshot]]:
    """Every snapshot, on every scenario's line and on the line of every release."""
    for snap in snapshots(catalog):
        yield None, snap
        for scenario in agent_scenarios(catalog):
            yield scenario, snapshot(catalog, snap.as_of.number, scenario)


def test_the_scenarios_that_install_the_agent(shipped: Catalog) -> None:
    assert agent_scenarios(shipped) == (A2A, CLASSIC, MODERNIZED)


def test_a_modernized_vmware_path_from_9_55_never_touches_9_58_or_9_59(shipped: Catalog) -> None:
    for as_of in (69, 70, 71, 72, 76):
        snap = snapshot(shipped, as_of, MODERNIZED)
        assert V("9.59") not in snap.released and V("9.58") not in snap.released
        path = plan_upgrade(snap, V("9.55"))
        assert isinstance(path, UpgradePath)
        assert not {V("9.58"), V("9.59")} & {hop.target for hop in path.hops}, path.as_text()
        assert not {V("9.58"), V("9.59")} & hop_targets(snap)
    newest = plan_upgrade(snapshot(shipped, None, MODERNIZED), V("9.55"))
    assert isinstance(newest, UpgradePath)
    assert newest.as_text() == "9.55 -> 9.57 -> reboot -> 9.61 -> reboot -> 9.63"


def test_a_classic_vmware_path_never_touches_9_56(shipped: Catalog) -> None:
    for snap in snapshots(shipped):
        if snap.as_of.number < 69:
            continue
        classic = snapshot(shipped, snap.as_of.number, CLASSIC)
        assert V("9.56") not in classic.released
        assert V("9.56") not in hop_targets(classic), snap.as_of.title
    path = plan_upgrade(snapshot(shipped, None, CLASSIC), V("9.55"))
    assert isinstance(path, UpgradePath)
    assert path.as_text() == "9.55 -> 9.59 -> reboot -> 9.63"


def test_9_56_and_9_59_reach_only_their_scenarios(shipped: Catalog) -> None:
    assert [r.title for r in snapshot(shipped, None, A2A).shipped_by[V("9.56")]] == ["Update Rollup 69"]
    assert [r.title for r in snapshot(shipped, None, MODERNIZED).shipped_by[V("9.56")]] == [
        "Update Rollup 69"
    ]
    assert [r.title for r in snapshot(shipped, None, CLASSIC).shipped_by[V("9.59")]] == ["Update Rollup 71"]
    for scenario in (A2A, MODERNIZED):
        assert V("9.59") not in snapshot(shipped, 71, scenario).shipped_by
    assert snapshot(shipped, 71, CLASSIC).latest == V("9.59")
    assert snapshot(shipped, 71, MODERNIZED).latest == V("9.57")


def test_9_49_never_reached_the_modernized_vmware_preview(shipped: Catalog) -> None:
    assert snapshot(shipped, 62, MODERNIZED).latest == V("9.48")
    assert snapshot(shipped, 62, CLASSIC).latest == V("9.49")
    for as_of in (62, 63, 64, 65, 66):
        assert V("9.49") not in hop_targets(snapshot(shipped, as_of, MODERNIZED))


def test_9_47_is_withdrawn_never_a_hop_target_nor_n(shipped: Catalog) -> None:
    withdrawn = shipped.rollup(60).withdrawn
    assert withdrawn is not None and "taken down for data corruption" in withdrawn
    for scenario, snap in line_snapshots(shipped):
        assert snap.latest != V("9.47"), (scenario, snap.as_of.title)
        assert V("9.47") not in snap.released
        assert V("9.47") not in hop_targets(snap), (scenario, snap.as_of.title)
    as_of_60 = snapshot(shipped, 60)
    assert (as_of_60.agent_versions[60], as_of_60.latest) == (V("9.47"), V("9.46"))


def test_9_58_never_shipped_in_a_rollup(shipped: Catalog) -> None:
    for scenario, snap in line_snapshots(shipped):
        assert V("9.58") not in snap.agent_versions.values(), (scenario, snap.as_of.title)


def test_the_lines_part_where_the_notes_say(shipped: Catalog) -> None:
    assert [g.scenarios for g in lines(snapshot(shipped, 61))] == [(A2A, CLASSIC, MODERNIZED)]
    # From rollup 62 on, the three lines differ: 9.49 skipped the modernized preview, 9.56 classic.
    assert [g.scenarios for g in lines(snapshot(shipped, 62))] == [(A2A, CLASSIC), (MODERNIZED,)]
    assert [g.scenarios for g in lines(snapshot(shipped))] == [(A2A,), (CLASSIC,), (MODERNIZED,)]


def run_path(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["path", *argv, "--catalog", str(SHIPPED_CATALOG)])
    return code, out.getvalue(), err.getvalue()


def test_rollups_path_9_55_without_a_scenario_names_the_scenarios() -> None:
    code, out, err = run_path("9.55")
    assert (code, out) == (2, "")
    assert err == (
        "error: the upgrade path from 9.55 depends on the scenario (as of Update Rollup 76):\n"
        "  azure-to-azure, modernized-vmware-to-azure: 9.55 -> 9.57 -> reboot -> 9.61 -> reboot -> 9.63\n"
        "  vmware-to-azure: 9.55 -> 9.59 -> reboot -> 9.63\n"
        "Pass --scenario with one of: azure-to-azure, vmware-to-azure, modernized-vmware-to-azure.\n"
    )


@pytest.mark.parametrize(("start", "as_of"), [("9.61", None), ("9.16", 32)])
def test_one_answer_where_every_scenario_agrees(start: str, as_of: int | None) -> None:
    code, out, err = run_path(start, *(["--as-of", str(as_of)] if as_of else []))
    assert (code, err) == (0, "")
    assert out.startswith(f"Upgrade path from {start} to ")
