"""One snapshot's answers, computed once: an :class:`Answers` per release line.

:func:`snapshot_answers` asks the policy everything the pages of a snapshot
show, once per release line (``DESIGN.md``, "Releases per scenario"): N,
the supported versions and rollups, each documented version's status, path
to N and paths by last reboot, the rollups that shipped it, the reboot matrix
with its cells' paths, what each rollup changed, and the rollups as table
rows. A version's paths are shown in part where they are long: their first
:data:`SHOWN_HOPS` hops, and where they go on (the upgrade page of the version
they reach, at the row of the last reboot then: :func:`last_reboot_row`), so
that a page's size does not grow with the distance to N.

Where every scenario that installs the agent shares one line there is
one :class:`Answers`, computed on the snapshot as before lines existed;
where the lines differ, one per group of scenarios with the same line, and
:class:`SnapshotAnswers` adds what spans them (which versions reached some
scenarios only, which were withdrawn). :mod:`.layout` only arranges these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from ..catalog.model import AgentVersion
from ..policy.rules import (
    Snapshot,
    agent_scenarios,
    last_reboot_rows,
    lines,
    matrix_rows,
    plan_in_parts,
    reboot_matrix,
    support_changes,
    upgrade_versions,
)
from .answers import (
    Hop,
    LineStatement,
    Plan,
    RollupRef,
    RollupRow,
    ScenarioRef,
    SiteContext,
    Value,
    VersionPages,
    VersionRef,
    VersionStatus,
    plan,
    plan_of,
    rollup_ref,
    rollup_row,
    scenario_ref,
    site_context,
    supported_rollups,
    version_slug,
    version_status,
)

SHOWN_HOPS = 8
"""The most upgrades an upgrade page shows of one path; a longer path goes on on the page of the
version these upgrades reach. Eight covers the whole path of every supported version and every
reboot-matrix row in every snapshot of the shipped history (one and two upgrades at most), and
32 versions at its policy's four per upgrade (about four years of its releases); with the reboots
between them that is at most 16 steps, and no page grows with the distance to N."""

# --- One release line's answers, computed once -------------------------------------------


@dataclass(frozen=True)
class RebootAlternative:
    """The path when the last reboot was on an older version than the installed one."""

    last_reboot: str
    or_earlier: bool
    """This row stands for every older version too (they all need the same reboots)."""
    anchor: str
    plan: Plan


@dataclass(frozen=True)
class VersionAnswer:
    """What one release line says of one version with an upgrade page."""

    status: VersionStatus
    plan: Plan
    """From the version, last rebooted on it, to ``N`` of the line (its first :data:`SHOWN_HOPS` hops)."""
    alternatives: tuple[RebootAlternative, ...]
    """The path for a last reboot 1 .. ``reboot_gap`` versions below the version."""
    shipped_by: tuple[RollupRef, ...]
    """The rollups of the line that shipped the version, newest first; withdrawn ones are not."""
    withdrawn_by: tuple[RollupRef, ...]
    """The rollups of the line that shipped the version and were withdrawn, newest first."""
    matrix_row: bool = field(default=False, compare=False)
    """Whether the version is a row of the line's reboot matrix: where to link, not part of the answer."""


@dataclass(frozen=True)
class RebootCell:
    """One cell of a reboot matrix: is a reboot mandatory, and the path from the row to the target."""

    target: str
    applicable: bool
    """False where the target is not newer than the last-reboot version."""
    mandatory: bool
    hops: tuple[Hop, ...]
    """The path from the row's version to the target, last rebooted on the row's version."""
    reason: str
    """Why there is no path to the target; empty when there is one or the cell is not applicable."""


@dataclass(frozen=True)
class Matrix:
    """The reboot matrix of one line: last-reboot versions x supported released targets."""

    rows: tuple[AgentVersion, ...]
    """Ascending."""
    targets: tuple[AgentVersion, ...]
    """Ascending."""
    cells: tuple[tuple[RebootCell, ...], ...]
    """One tuple per row, one cell per target."""


@dataclass(frozen=True)
class SupportChangeView:
    """What publishing a rollup changed in the support policy of one line."""

    agent: Value
    """The rollup's agent version on the line, or why it has none."""
    new_latest: VersionRef | None
    """The new N, when the rollup raised it."""
    first: bool
    """The oldest rollup with a recorded agent version: it set the first N."""
    oldest_supported: str
    """The oldest supported version once the rollup was out (empty if it changed nothing)."""
    pushed_out: tuple[VersionRef, ...]
    """Versions supported before the rollup and not after it: the released ones, and
    every version with an upgrade page."""
    withdrawn: bool = False
    """The rollup was withdrawn: it changed nothing."""


@dataclass(frozen=True)
class Answers:
    """Everything one release line answers as of one snapshot, computed once; pages lay it out."""

    scenarios: tuple[ScenarioRef, ...]
    """The scenarios of the line, in the catalog's order; empty when it is every reader's line."""
    latest: VersionRef
    """``N`` of the line."""
    oldest_supported: str
    supported_versions: tuple[VersionRef, ...]
    """The supported released versions, oldest first."""
    supported: tuple[RollupRef, ...]
    """The supported rollups, newest first (:func:`supported_rollups`)."""
    versions: Mapping[AgentVersion, VersionAnswer]
    """Every version with an upgrade page."""
    matrix: Matrix
    changes: Mapping[int, SupportChangeView]
    """Rollup number -> what it changed on the line, for every rollup of the snapshot."""
    rows: Mapping[int, RollupRow]
    """Rollup number -> the rollup as a table row, its status on the line."""
    example: Plan
    """The overview's example: the path from one version beyond a single upgrade below ``N``
    (``N - max_upgrade_gap - 1``, 9.16 when ``N`` is 9.21: the seed's example)."""

    @property
    def statement(self) -> LineStatement:
        return LineStatement(
            self.scenarios, self.latest, self.oldest_supported, self.supported_versions, self.supported
        )


def line_answers(
    snap: Snapshot,
    pages: VersionPages,
    scenarios: tuple[ScenarioRef, ...] = (),
    shown_hops: int = SHOWN_HOPS,
) -> Answers:
    """The answers of the line ``snap`` stands on, for the versions of ``pages``; an upgrade page's paths
    are shown up to ``shown_hops`` hops."""
    statuses = {v: version_status(snap, v) for v in pages.versions}
    rows = frozenset(matrix_rows(snap))
    versions = {
        v: _version_answer(snap, pages, v, statuses[v], v in rows, shown_hops) for v in pages.versions
    }
    table = {r.number: rollup_row(snap, r, snap.catalog.components, pages) for r in snap.rollups}
    return Answers(
        scenarios,
        pages.ref(snap.latest),
        str(snap.oldest_supported),
        tuple(pages.ref(v) for v in snap.supported_released),
        tuple(rollup_ref(r) for r in supported_rollups(snap)),
        versions,
        _matrix(snap),
        _changes(snap, pages, statuses, table),
        table,
        plan(snap, example_start(snap)),
    )


def example_start(snap: Snapshot) -> AgentVersion:
    """``N - max_upgrade_gap - 1`` (or the lowest minor version of ``N``'s major)."""
    start = snap.latest.plus(-(snap.policy.max_upgrade_gap + 1))
    return AgentVersion(start.major, 0) if start.minor < 0 else start


def _version_answer(
    snap: Snapshot,
    pages: VersionPages,
    version: AgentVersion,
    status: VersionStatus,
    row: bool,
    shown_hops: int,
) -> VersionAnswer:
    base = _shown_plan(snap, pages, version, version, shown_hops)
    withdrawn = [
        r
        for r in snap.rollups
        if r.number in snap.line.withdrawn and snap.agent_versions[r.number] == version
    ]
    return VersionAnswer(
        status,
        base,
        _alternatives(snap, pages, version, base, shown_hops),
        tuple(rollup_ref(r) for r in reversed(snap.shipped_by.get(version, ()))),
        tuple(rollup_ref(r) for r in withdrawn),
        row,
    )


def _alternatives(
    snap: Snapshot, pages: VersionPages, version: AgentVersion, base: Plan, shown_hops: int
) -> tuple[RebootAlternative, ...]:
    """Paths for a last reboot 1 .. reboot_gap versions below ``version`` (``base``: last rebooted on it).

    A reboot ``reboot_gap`` or more versions back forces a reboot before
    the very first upgrade, so every earlier reboot gives the same path.
    """
    if not base.found or not base.hops:
        return ()
    return tuple(
        RebootAlternative(
            str(reboot),
            or_earlier,
            last_reboot_anchor(reboot),
            _shown_plan(snap, pages, version, reboot, shown_hops),
        )
        for reboot, or_earlier in last_reboot_rows(version, snap.policy.reboot_gap)
    )


def _shown_plan(
    snap: Snapshot, pages: VersionPages, version: AgentVersion, last_reboot: AgentVersion, shown_hops: int
) -> Plan:
    """The path from ``version`` last rebooted on ``last_reboot`` to N, up to ``shown_hops`` hops of it
    where an upgrade page answers for the rest; the whole path where none does."""
    found = plan_in_parts(
        snap, version, last_reboot, limit=shown_hops, goes_on_at=lambda v: bool(pages.ref(v).path)
    )
    return plan_of(snap, found, version, last_reboot)


def last_reboot_anchor(last_reboot: AgentVersion | str) -> str:
    """The anchor of a row of an upgrade page's "last reboot" table (before a section's prefix)."""
    return f"last-reboot-{version_slug(last_reboot)}"


def _matrix(snap: Snapshot) -> Matrix:
    matrix = reboot_matrix(snap)
    cells = []
    for row in matrix.rows:
        line = []
        for target in matrix.targets:
            computed = matrix.cell(row, target)
            found = plan_of(snap, computed.path, row, row) if computed.path is not None else None
            line.append(
                RebootCell(
                    str(target),
                    computed.applicable,
                    computed.mandatory,
                    found.hops if found is not None else (),
                    found.reason if found is not None else "",
                )
            )
        cells.append(tuple(line))
    return Matrix(matrix.rows, matrix.targets, tuple(cells))


def _changes(
    snap: Snapshot,
    pages: VersionPages,
    statuses: Mapping[AgentVersion, VersionStatus],
    rows: Mapping[int, RollupRow],
) -> dict[int, SupportChangeView]:
    pushed_out_of_pages: dict[int, set[AgentVersion]] = {}
    """Rollup number -> the versions with a page that the rollup put out of support."""
    for version, status in statuses.items():
        if status.since is not None:
            pushed_out_of_pages.setdefault(status.since.number, set()).add(version)
    changes = support_changes(snap)
    first_recorded = min(snap.agent_versions)
    result: dict[int, SupportChangeView] = {}
    for rollup in snap.rollups:
        agent = rows[rollup.number].agent
        change = changes.get(rollup.number)
        if change is None:  # no agent version on the line, or a withdrawn rollup: it changed nothing
            withdrawn = rollup.number in snap.line.withdrawn
            result[rollup.number] = SupportChangeView(agent, None, False, "", (), withdrawn)
            continue
        first = rollup.number == first_recorded
        paged = pushed_out_of_pages.get(rollup.number, set())
        # The oldest recorded rollup cannot tell what it pushed out: older versions are unknown.
        pushed = [] if first else sorted(paged | set(change.pushed_out))
        result[rollup.number] = SupportChangeView(
            agent,
            pages.ref(change.new_latest) if change.new_latest is not None else None,
            first,
            str(change.oldest_supported),
            tuple(pages.ref(v) for v in pushed),
        )
    return result


# --- Every line of one snapshot ---------------------------------------------------------


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawn rollup and why it was withdrawn (Markdown from the catalog)."""

    rollup: RollupRef
    reason: str


@dataclass(frozen=True)
class SnapshotAnswers:
    """The answers of one snapshot: one :class:`Answers` per release line, and what spans them."""

    snap: Snapshot
    """The snapshot on the line of every release (``scenario`` ``None``)."""
    pages: VersionPages
    context: SiteContext
    lines: tuple[Answers, ...]
    """One per group of scenarios with the same release line, in the order of their first
    scenario; one, for every reader, when the scenarios that install the agent share a line."""
    several: bool
    """The scenarios that install the agent do not share one release line."""
    agent_scenarios: tuple[ScenarioRef, ...]
    """The scenarios that install the agent, in the catalog's order."""
    unreleased: tuple[ScenarioRef, ...]
    """Scenarios that install the agent and had no release of it yet (no ``N``, no answers)."""
    released_for: Mapping[AgentVersion, tuple[ScenarioRef, ...]]
    """Version -> the scenarios it was released to, where that is some that install the agent
    but not all (a version released to all of them, or to none, is not here)."""
    withdrawals: Mapping[AgentVersion, tuple[Withdrawal, ...]]
    """Version -> the withdrawn rollups that shipped it, newest first, for every version that
    was withdrawn and is released to no scenario."""
    rows: Mapping[int, RollupRow]
    """Rollup number -> the rollup as a table row: supported when it is for some scenario."""

    def line_of(self, scenario: str) -> Answers | None:
        """The answers of ``scenario``'s line; ``None`` for a scenario that does not install the
        agent, or had no release of it yet."""
        if not self.several:
            return self.lines[0] if any(s.id == scenario for s in self.agent_scenarios) else None
        return next((a for a in self.lines if any(s.id == scenario for s in a.scenarios)), None)

    def grouped(self, key: Callable[[Answers], T]) -> list[tuple[tuple[ScenarioRef, ...], T]]:
        """The lines' scenarios grouped by equal ``key`` (:func:`grouped`)."""
        return grouped(self.lines, key, self.agent_scenarios)


T = TypeVar("T")


def grouped(
    answers: Sequence[Answers], key: Callable[[Answers], T], order: Sequence[ScenarioRef]
) -> list[tuple[tuple[ScenarioRef, ...], T]]:
    """The scenarios of ``answers`` grouped by equal ``key``: each group's scenarios in the order
    of ``order`` (the catalog's), the groups in the order of their first line."""
    groups: list[tuple[list[ScenarioRef], T]] = []
    for answer in answers:
        value = key(answer)
        found = next((g for g in groups if g[1] == value), None)
        if found is None:
            groups.append((list(answer.scenarios), value))
        else:
            found[0].extend(answer.scenarios)
    position = {s.id: i for i, s in enumerate(order)}
    return [(tuple(sorted(scenarios, key=lambda s: position[s.id])), value) for scenarios, value in groups]


def snapshot_answers(snap: Snapshot, shown_hops: int = SHOWN_HOPS) -> SnapshotAnswers:
    """Every line's answers as of ``snap`` (a snapshot on the line of every release); an upgrade page's
    paths are shown up to ``shown_hops`` hops."""
    catalog = snap.catalog
    pages = VersionPages(upgrade_versions(snap))
    refs = {s.id: scenario_ref(s) for s in catalog.scenarios}
    agents = tuple(refs[sid] for sid in agent_scenarios(catalog))
    groups = lines(snap)
    context = site_context(snap, pages)
    if len(groups) <= 1:
        only = line_answers(snap, pages, agents, shown_hops)
        return SnapshotAnswers(
            snap, pages, context, (only,), False, agents, (), {}, _withdrawals(snap, ()), only.rows
        )
    answers = tuple(
        line_answers(g.snap, pages, tuple(refs[sid] for sid in g.scenarios), shown_hops)
        for g in groups
        if g.snap is not None
    )
    unreleased = tuple(refs[sid] for g in groups if g.snap is None for sid in g.scenarios)
    statements = grouped(answers, lambda a: replace(a.statement, scenarios=()), agents)
    context = replace(
        context,
        lines=tuple(replace(s, scenarios=scenarios) for scenarios, s in statements),
        latest_lines=_latest_lines(answers, agents),
    )
    return SnapshotAnswers(
        snap,
        pages,
        context,
        answers,
        True,
        agents,
        unreleased,
        _released_for(answers, agents),
        _withdrawals(snap, answers),
        _rows(snap, pages, answers, agents),
    )


def _latest_lines(answers: Sequence[Answers], order: Sequence[ScenarioRef]) -> tuple[LineStatement, ...]:
    """One statement per ``N`` of the lines (its scenarios, its ``N``), or none when they share ``N``."""
    by_latest = grouped(answers, lambda a: a.latest, order)
    if len(by_latest) <= 1:
        return ()
    first = {a.latest: a.statement for a in reversed(answers)}
    return tuple(replace(first[latest], scenarios=scenarios) for scenarios, latest in by_latest)


def _released_for(
    answers: Sequence[Answers], agents: tuple[ScenarioRef, ...]
) -> dict[AgentVersion, tuple[ScenarioRef, ...]]:
    reached: dict[AgentVersion, list[ScenarioRef]] = {}
    for answer in answers:
        for version, found in answer.versions.items():
            if found.shipped_by:
                reached.setdefault(version, []).extend(answer.scenarios)
    position = {s.id: i for i, s in enumerate(agents)}
    return {
        version: tuple(sorted(scenarios, key=lambda s: position[s.id]))
        for version, scenarios in reached.items()
        if len(scenarios) < len(agents)
    }


def _withdrawals(snap: Snapshot, answers: Sequence[Answers]) -> dict[AgentVersion, tuple[Withdrawal, ...]]:
    """Every version some withdrawn rollup shipped and no line offers, with those rollups."""
    offered = set(snap.releases.values())
    result: dict[AgentVersion, list[Withdrawal]] = {}
    for rollup in snap.rollups:
        version = snap.agent_versions.get(rollup.number)
        if rollup.withdrawn is None or version is None or version in offered:
            continue
        result.setdefault(version, []).append(Withdrawal(rollup_ref(rollup), rollup.withdrawn))
    return {version: tuple(found) for version, found in result.items()}


def _rows(
    snap: Snapshot, pages: VersionPages, answers: Sequence[Answers], agents: tuple[ScenarioRef, ...]
) -> dict[int, RollupRow]:
    """Each rollup's row where the lines differ: its agent version whatever the scenario, supported
    when it is for some scenario, and for which scenarios where not for all (or not all reached)."""
    position = {s.id: i for i, s in enumerate(agents)}

    def some(scenarios: list[ScenarioRef]) -> tuple[ScenarioRef, ...]:
        if not scenarios or len(scenarios) == len(agents):
            return ()
        return tuple(sorted(scenarios, key=lambda s: position[s.id]))

    rows: dict[int, RollupRow] = {}
    for rollup in snap.rollups:
        row = rollup_row(snap, rollup, snap.catalog.components, pages)
        supported = [s for a in answers if a.rows[rollup.number].status == "supported" for s in a.scenarios]
        reached = [s for a in answers if a.rows[rollup.number].agent_version is not None for s in a.scenarios]
        status = (
            row.status if row.status == "not-recorded" else "supported" if supported else "out-of-support"
        )
        rows[rollup.number] = replace(
            row, status=status, supported_for=some(supported), reached=some(reached)
        )
    return rows
