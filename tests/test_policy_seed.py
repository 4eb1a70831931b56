"""The seed page's own statements, as examples the policy must reproduce."""

from __future__ import annotations

from generator.catalog.model import AgentVersion, Catalog
from generator.policy.rules import NoPath, UpgradePath, plan_upgrade, reboot_matrix, snapshot

V = AgentVersion.parse


def test_latest_and_supported_rollups(seed: Catalog) -> None:
    snap = snapshot(seed)
    assert snap.latest == V("9.21")
    assert snap.oldest_supported == V("9.17")
    assert [r.number for r in snap.supported_rollups] == [32, 31, 30, 29, 28, 27]
    assert [r.number for r in snap.previous_rollups] == [26, 25, 23, 22, 21, 20, 19]
    assert snap.supported_released == tuple(map(V, ["9.18", "9.19", "9.20", "9.21"]))


def test_path_from_9_16(seed: Catalog) -> None:
    path = plan_upgrade(snapshot(seed), V("9.16"))
    assert isinstance(path, UpgradePath)
    assert [str(h.target) for h in path.hops] == ["9.20", "9.21"]
    assert path.reboots_before == [V("9.21")]
    assert path.as_text() == "9.16 -> 9.20 -> reboot -> 9.21"


def test_seed_reboot_table(seed: Catalog) -> None:
    matrix = reboot_matrix(snapshot(seed))
    row = V("9.16")
    assert row in matrix.rows
    assert matrix.targets == tuple(map(V, ["9.18", "9.19", "9.20", "9.21"]))
    decisions = {str(t): matrix.cell(row, t).mandatory for t in matrix.targets}
    assert decisions == {"9.18": False, "9.19": False, "9.20": False, "9.21": True}
    cell = matrix.cell(row, V("9.21"))
    assert isinstance(cell.path, UpgradePath)
    assert [str(h.target) for h in cell.path.hops] == ["9.20", "9.21"]
    assert cell.path.reboots_before == [V("9.21")]


def test_unreachable_start_says_why(seed: Catalog) -> None:
    result = plan_upgrade(snapshot(seed), V("9.10"))
    assert isinstance(result, NoPath)
    assert "9.11 to 9.14" in result.reason
    assert "the next release is 9.18" in result.reason
