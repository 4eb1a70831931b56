"""The support policy, computed: what the later stages ask of it, in one place.

The policy is pure (no I/O, no clock) and answers on one release line
(:mod:`.lines`); its parts are :mod:`.snapshot` (``N``, the support window,
what each rollup changed, the lines of every scenario), :mod:`.paths`
(upgrade paths) and :mod:`.matrix` (the reboot matrix and the versions the
site documents). Import from here.
"""

from __future__ import annotations

from .lines import Line, agent_scenarios
from .matrix import MatrixCell, RebootMatrix, matrix_rows, reboot_matrix, upgrade_versions
from .paths import (
    Hop,
    NoPath,
    PathHead,
    Planner,
    UpgradePath,
    last_reboot_row,
    last_reboot_rows,
    plan_head,
    plan_in_parts,
    plan_upgrade,
    reboot_mandatory,
)
from .snapshot import (
    LineGroup,
    PolicyError,
    Snapshot,
    SupportChange,
    UnknownRollup,
    UnknownScenario,
    check_rollup,
    has_one_line,
    lines,
    snapshot,
    snapshots,
    support_changes,
)

__all__ = [
    "Hop",
    "Line",
    "LineGroup",
    "MatrixCell",
    "NoPath",
    "PathHead",
    "Planner",
    "PolicyError",
    "RebootMatrix",
    "Snapshot",
    "SupportChange",
    "UnknownRollup",
    "UnknownScenario",
    "UpgradePath",
    "agent_scenarios",
    "check_rollup",
    "has_one_line",
    "last_reboot_row",
    "last_reboot_rows",
    "lines",
    "matrix_rows",
    "plan_head",
    "plan_in_parts",
    "plan_upgrade",
    "reboot_mandatory",
    "reboot_matrix",
    "snapshot",
    "snapshots",
    "support_changes",
    "upgrade_versions",
]
