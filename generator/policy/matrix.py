"""The reboot matrix and the versions the site documents one by one, on one release line."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from ..catalog.model import AgentVersion, Policy
from .paths import NoPath, UpgradePath, plan_upgrade, reboot_mandatory
from .snapshot import Snapshot, oldest_supported_under


@dataclass(frozen=True)
class MatrixCell:
    last_reboot: AgentVersion
    target: AgentVersion
    applicable: bool
    """False where the target is not newer than the last-reboot version."""
    mandatory: bool
    path: UpgradePath | NoPath | None


@dataclass(frozen=True)
class RebootMatrix:
    rows: tuple[AgentVersion, ...]
    """Last-reboot versions, ascending."""
    targets: tuple[AgentVersion, ...]
    """Supported released versions, ascending."""
    cells: Mapping[tuple[AgentVersion, AgentVersion], MatrixCell]

    def cell(self, row: AgentVersion, target: AgentVersion) -> MatrixCell:
        return self.cells[(row, target)]


def matrix_rows(snap: Snapshot) -> tuple[AgentVersion, ...]:
    """Every version from ``reboot_gap`` below the oldest supported target up to ``N`` of the line."""
    return _rows(snap.policy, snap.supported_released[0], snap.latest)


def _rows(policy: Policy, oldest: AgentVersion, latest: AgentVersion) -> tuple[AgentVersion, ...]:
    first = max(0, oldest.minor - policy.reboot_gap)
    return tuple(AgentVersion(oldest.major, m) for m in range(first, latest.minor + 1))


def upgrade_versions(snap: Snapshot) -> tuple[AgentVersion, ...]:
    """The versions the site documents one by one, ascending: each gets an upgrade page,
    an ``api/v1/upgrade/<version>.json`` and a badge.

    Every version that was a row of the reboot matrix in this or an earlier
    snapshot, so that a published upgrade URL keeps existing. The rows depend
    only on the released versions, so they are taken once per newly released
    version, oldest rollup first, from the released versions so far (one
    pass: building a snapshot per release cost time quadratic in the rollups).
    """
    versions: set[AgentVersion] = set()
    released: list[AgentVersion] = []  # so far, ascending
    for rollup in reversed(snap.rollups):
        version = snap.releases.get(rollup.number)
        if version is None or snap.shipped_by[version][0] is not rollup:
            continue  # not a new release on the line
        bisect.insort(released, version)
        latest = released[-1]
        oldest = released[bisect.bisect_left(released, oldest_supported_under(snap.policy, latest))]
        versions.update(_rows(snap.policy, oldest, latest))
    return tuple(sorted(versions))


def reboot_matrix(snap: Snapshot) -> RebootMatrix:
    """Last-reboot version x supported released target: is a reboot mandatory, and the way there."""
    rows = matrix_rows(snap)
    targets = snap.supported_released
    cells: dict[tuple[AgentVersion, AgentVersion], MatrixCell] = {}
    for row in rows:
        for target in targets:
            if target <= row:
                cells[(row, target)] = MatrixCell(row, target, False, False, None)
                continue
            mandatory = reboot_mandatory(snap.policy, row, target)
            path = plan_upgrade(snap, row, target, row)
            cells[(row, target)] = MatrixCell(row, target, True, mandatory, path)
    return RebootMatrix(rows, targets, cells)
