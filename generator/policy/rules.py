"""The support policy, computed: pure functions over a catalog, no I/O, no clock.

"As of rollup K" is an argument (:func:`snapshot`), never the wall clock.

Semantics (``DESIGN.md``, "Policy semantics"):

* the agent version of a rollup is ``major.minor`` of its tracked component;
* ``N`` is the highest agent version released as of the snapshot;
* distance is the difference of minor numbers within one major; versions of
  different majors are never within reach of each other;
* supported: ``N - support_window`` .. ``N`` (the lower bound excluded when
  ``window_includes_boundary`` is false);
* one upgrade moves at most ``max_upgrade_gap`` versions, onto released
  versions only;
* a reboot is mandatory before upgrading to ``t`` when
  ``t - last_reboot > reboot_gap``; a reboot right before a hop satisfies the
  rule even for a hop wider than ``reboot_gap`` (possible only when
  ``max_upgrade_gap > reboot_gap``).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..catalog.diagnostics import RollupsError
from ..catalog.model import AgentVersion, Catalog, Policy, Rollup, agent_version, distance


class PolicyError(RollupsError):
    """The question cannot be asked of this catalog (e.g. no agent version released)."""


def reboot_mandatory(policy: Policy, last_reboot: AgentVersion, target: AgentVersion) -> bool:
    """Whether a reboot is mandatory before upgrading to ``target``."""
    gap = distance(last_reboot, target)
    return gap is None or gap > policy.reboot_gap


@dataclass(frozen=True)
class Snapshot:
    """The catalog as it stood when rollup ``as_of`` was the newest."""

    catalog: Catalog
    as_of: Rollup
    rollups: tuple[Rollup, ...]
    """Newest first, ``as_of`` first."""

    @property
    def policy(self) -> Policy:
        return self.catalog.policy

    @cached_property
    def agent_versions(self) -> Mapping[int, AgentVersion]:
        """Rollup number -> agent version, for rollups that ship the tracked component."""
        found = {r.number: agent_version(r, self.policy) for r in self.rollups}
        return {number: v for number, v in found.items() if v is not None}

    @cached_property
    def released(self) -> tuple[AgentVersion, ...]:
        """Every released agent version, ascending."""
        return tuple(sorted(set(self.agent_versions.values())))

    @cached_property
    def latest(self) -> AgentVersion:
        """``N``."""
        return self.released[-1]

    @cached_property
    def shipped_by(self) -> Mapping[AgentVersion, tuple[Rollup, ...]]:
        """Agent version -> the rollups that shipped it, oldest first."""
        result: dict[AgentVersion, list[Rollup]] = {}
        for rollup in reversed(self.rollups):
            version = self.agent_versions.get(rollup.number)
            if version is not None:
                result.setdefault(version, []).append(rollup)
        return {v: tuple(rs) for v, rs in result.items()}

    @property
    def oldest_supported(self) -> AgentVersion:
        """The lowest supported agent version (it may never have been released)."""
        return _oldest_supported(self.policy, self.latest)

    def is_supported(self, version: AgentVersion) -> bool:
        return self.oldest_supported <= version <= self.latest

    @cached_property
    def supported_released(self) -> tuple[AgentVersion, ...]:
        """The supported versions that were released, ascending: the reboot matrix's targets."""
        return tuple(v for v in self.released if self.is_supported(v))

    @cached_property
    def oldest_supported_rollup(self) -> Rollup:
        """The oldest rollup that ships a supported agent version."""
        return next(r for r in reversed(self.rollups) if self._ships_supported(r))

    def _ships_supported(self, rollup: Rollup) -> bool:
        version = self.agent_versions.get(rollup.number)
        return version is not None and self.is_supported(version)

    def rollup_supported(self, rollup: Rollup) -> bool:
        """A rollup is supported from the oldest one that ships a supported agent version on."""
        return rollup.number >= self.oldest_supported_rollup.number

    @property
    def supported_rollups(self) -> tuple[Rollup, ...]:
        return tuple(r for r in self.rollups if self.rollup_supported(r))

    @property
    def previous_rollups(self) -> tuple[Rollup, ...]:
        return tuple(r for r in self.rollups if not self.rollup_supported(r))

    @cached_property
    def _planners(self) -> dict[AgentVersion, _Planner]:
        return {}

    def planner(self, target: AgentVersion) -> _Planner:
        """The upgrade planner towards ``target``, built once per snapshot and target."""
        if target not in self._planners:
            self._planners[target] = _Planner(self.policy, self.released, target)
        return self._planners[target]

    def out_of_support_since(self, version: AgentVersion) -> Rollup | None:
        """The rollup whose release put ``version`` out of support, if it is out of support."""
        bounds, rollups = self._support_bounds
        index = bisect.bisect_right(bounds, version)
        return rollups[index] if index < len(rollups) else None

    @cached_property
    def _support_bounds(self) -> tuple[list[AgentVersion], list[Rollup]]:
        """Each rise of the oldest supported version, oldest rollup first, and the rollup that raised it.

        ``N`` only grows from one rollup to the next, so the bound does too: the
        first bound above a version is where it fell out of support.
        """
        bounds: list[AgentVersion] = []
        rollups: list[Rollup] = []
        for change in support_changes(self).values():  # oldest rollup first
            if not bounds or change.oldest_supported > bounds[-1]:
                bounds.append(change.oldest_supported)
                rollups.append(change.rollup)
        return bounds, rollups


def _oldest_supported(policy: Policy, latest: AgentVersion) -> AgentVersion:
    """The lowest version the support window keeps while ``latest`` is ``N``."""
    window = policy.support_window - (0 if policy.window_includes_boundary else 1)
    return AgentVersion(latest.major, max(0, latest.minor - window))


def snapshot(catalog: Catalog, as_of: int | None = None) -> Snapshot:
    """The catalog as of rollup ``as_of`` (the newest rollup when ``None``)."""
    rollups = catalog.rollups if as_of is None else catalog.as_of(as_of).rollups
    if as_of is not None and not any(r.number == as_of for r in rollups):
        known = ", ".join(str(r.number) for r in catalog.rollups[:5])
        raise PolicyError(f"there is no rollup {as_of} in the catalog (the newest are {known})")
    if not rollups:
        raise PolicyError("the catalog has no rollups")
    snap = Snapshot(catalog, rollups[0], rollups)
    if not snap.released:
        raise PolicyError(
            f"no rollup up to {rollups[0].number} ships the tracked component "
            f"'{catalog.policy.track}', so there is no agent version N"
        )
    return snap


def snapshots(catalog: Catalog) -> list[Snapshot]:
    """One snapshot per rollup that ships the tracked component, newest first."""
    return [
        snapshot(catalog, r.number) for r in catalog.rollups if agent_version(r, catalog.policy) is not None
    ]


# --- Upgrade paths ---------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One upgrade, onto a released version, possibly preceded by a mandatory reboot."""

    target: AgentVersion
    reboot_before: bool


@dataclass(frozen=True)
class UpgradePath:
    start: AgentVersion
    last_reboot: AgentVersion
    target: AgentVersion
    hops: tuple[Hop, ...]

    @property
    def reboots_before(self) -> list[AgentVersion]:
        return [hop.target for hop in self.hops if hop.reboot_before]

    def as_text(self) -> str:
        """``9.16 -> 9.20 -> reboot -> 9.21``."""
        parts = [str(self.start)]
        for hop in self.hops:
            if hop.reboot_before:
                parts.append("reboot")
            parts.append(str(hop.target))
        return " -> ".join(parts)


@dataclass(frozen=True)
class NoPath:
    """No upgrade path exists; ``reason`` says why, in a sentence."""

    start: AgentVersion
    target: AgentVersion
    reason: str


def plan_upgrade(
    snap: Snapshot,
    start: AgentVersion,
    target: AgentVersion | None = None,
    last_reboot: AgentVersion | None = None,
) -> UpgradePath | NoPath:
    """The canonical upgrade path: fewest hops, then fewest reboots, then furthest hops first."""
    target = snap.latest if target is None else target
    last_reboot = start if last_reboot is None else last_reboot
    problem = _path_precondition(snap, start, target, last_reboot)
    if problem is not None:
        return NoPath(start, target, problem)
    hops = snap.planner(target).walk(start, last_reboot)
    if hops is None:
        return NoPath(start, target, _unreachable_reason(snap, start, target))
    return UpgradePath(start, last_reboot, target, tuple(hops))


def _path_precondition(
    snap: Snapshot, start: AgentVersion, target: AgentVersion, last_reboot: AgentVersion
) -> str | None:
    if last_reboot > start:
        return (
            f"the last reboot ({last_reboot}) cannot be on a newer version than the installed one ({start})"
        )
    if target not in snap.released:
        return f"{target} is not a released version (released: {', '.join(map(str, snap.released))})"
    if start > target:
        return f"{start} is newer than the target {target}; downgrades are not supported"
    if start.major != target.major:
        return (
            f"{start} and {target} are of different major versions; "
            "the policy counts upgrade hops within one major version only"
        )
    return None


def _unreachable_reason(snap: Snapshot, start: AgentVersion, target: AgentVersion) -> str:
    gap = snap.policy.max_upgrade_gap
    reached = start
    for version in snap.released:
        if reached < version <= target and (distance(reached, version) or 0) <= gap:
            reached = version
    beyond = [v for v in snap.released if reached < v <= target]
    window_end = reached.plus(gap)
    window = str(window_end) if reached.plus(1) == window_end else f"{reached.plus(1)} to {window_end}"
    return (
        f"no released version lies within {gap} versions of {reached} ({window}); "
        f"the next release is {beyond[0]}, so {target} cannot be reached from {start} "
        f"without exceeding the upgrade limit of {gap} versions"
    )


_Cost = tuple[int, int]
_Choice = tuple[_Cost, AgentVersion | None, bool]
"""The cost to the target, the next hop (``None``: unreachable) and whether to reboot first."""
_State = tuple[AgentVersion, int | None]
"""A version and how far behind it the last reboot was (``None``: too far to matter)."""


class _Planner:
    """Dynamic programming over (version, reboot offset), from the target backwards.

    The state after a hop is the version reached and how many versions behind
    it the last reboot was; an offset of ``reboot_gap`` or more makes the next
    reboot mandatory whatever the exact value, so it is folded into ``None``.
    An offset so small that no hop up to the target can make a reboot
    mandatory is folded into the largest such one, so a version has at most
    one state per version between it and the target, whatever ``reboot_gap``.
    """

    def __init__(self, policy: Policy, released: Sequence[AgentVersion], target: AgentVersion) -> None:
        self.policy = policy
        self.target = target
        self.released = [v for v in released if v.major == target.major and v <= target]
        self.minors = [v.minor for v in self.released]
        self.best: dict[_State, _Choice] = {}
        self._uncomputed = len(self.released)
        """``released[:_uncomputed]`` have no states in ``best`` yet; the rest are done, from the top down."""

    def _compute_above(self, start: AgentVersion) -> None:
        """Compute the states of every released version above ``start``, from the target down.

        Each state needs the states of the versions one hop above it, so the
        table grows downwards, and only as far as a path asks: the paths from
        the last few versions (the matrix, the upgrade pages) never pay for the
        thousands of versions below them.
        """
        low = bisect.bisect_right(self.minors, start.minor)
        while self._uncomputed > low:
            self._uncomputed -= 1
            version = self.released[self._uncomputed]
            for offset in [None, *range(self._lowest_offset(version), self.policy.reboot_gap)]:
                last_reboot = None if offset is None else version.plus(-offset)
                self.best[(version, offset)] = self._choose(version, last_reboot)

    def _lowest_offset(self, version: AgentVersion) -> int:
        """The offsets up to this one are alike: no hop up to the target can make a reboot mandatory."""
        return max(0, self.policy.reboot_gap - (self.target.minor - version.minor))

    def _offset(self, version: AgentVersion, last_reboot: AgentVersion) -> int | None:
        if version.major != last_reboot.major:
            return None
        behind = max(version.minor - last_reboot.minor, self._lowest_offset(version))
        return behind if behind < self.policy.reboot_gap else None

    def _candidates(self, version: AgentVersion) -> list[AgentVersion]:
        """Released versions one hop above ``version``, ascending."""
        low = bisect.bisect_right(self.minors, version.minor)
        high = bisect.bisect_right(self.minors, version.minor + self.policy.max_upgrade_gap)
        return self.released[low:high]

    def _choose(self, version: AgentVersion, last_reboot: AgentVersion | None) -> _Choice:
        """The best next hop from ``version``; ``last_reboot`` ``None`` means long ago."""
        if version == self.target:
            return ((0, 0), None, False)
        best: _Choice = ((_INFINITE, _INFINITE), None, False)
        for candidate in self._candidates(version):
            reboot = last_reboot is None or reboot_mandatory(self.policy, last_reboot, candidate)
            after = version if reboot or last_reboot is None else last_reboot
            (hops, reboots), _, _ = self.best[(candidate, self._offset(candidate, after))]
            cost = (hops + 1, reboots + int(reboot))
            # Ties go to the furthest hop: candidates ascend, so ``<=`` keeps the last.
            if hops < _INFINITE and cost <= best[0]:
                best = (cost, candidate, reboot)
        return best

    def walk(self, start: AgentVersion, last_reboot: AgentVersion) -> list[Hop] | None:
        """The hops from ``start``, or ``None`` when the target is out of reach."""
        self._compute_above(start)
        hops: list[Hop] = []
        version, reboot_at = start, last_reboot
        while version != self.target:
            state = (version, self._offset(version, reboot_at))
            choice = self.best.get(state) or self._choose(version, reboot_at)
            _, nxt, reboot = choice
            if nxt is None:
                return None
            hops.append(Hop(nxt, reboot))
            reboot_at = version if reboot else reboot_at
            version = nxt
        return hops


_INFINITE = 1 << 30


# --- The reboot matrix -----------------------------------------------------


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
    """Every version from ``reboot_gap`` below the oldest supported target up to ``N``."""
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
        version = snap.agent_versions.get(rollup.number)
        if version is None or snap.shipped_by[version][0] is not rollup:
            continue  # not a new release
        bisect.insort(released, version)
        latest = released[-1]
        oldest = released[bisect.bisect_left(released, _oldest_supported(snap.policy, latest))]
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


# --- What a rollup changed -------------------------------------------------


@dataclass(frozen=True)
class SupportChange:
    """What publishing one rollup that ships the agent changed in the support policy."""

    rollup: Rollup
    new_latest: AgentVersion | None
    """The new ``N``, when the rollup raised it (the first rollup always does)."""
    pushed_out: tuple[AgentVersion, ...]
    """Released versions that were supported before the rollup and are not after it."""
    latest: AgentVersion
    """``N`` once the rollup is out."""
    oldest_supported: AgentVersion
    """The oldest supported version once the rollup is out."""


def support_changes(snap: Snapshot) -> Mapping[int, SupportChange]:
    """Rollup number -> what it changed, for every rollup of ``snap`` that ships the agent.

    One pass from the oldest rollup: the supported released versions are at
    most ``support_window + 1`` at any time, so the whole history costs a
    little more than reading the rollups once.
    """
    policy = snap.policy
    changes: dict[int, SupportChange] = {}
    supported: list[AgentVersion] = []
    """The released versions supported so far, ascending."""
    latest: AgentVersion | None = None
    for rollup in reversed(snap.rollups):
        shipped = snap.agent_versions.get(rollup.number)
        if shipped is None:
            continue
        raised = latest is None or shipped > latest
        latest = shipped if raised else latest
        assert latest is not None
        oldest = _oldest_supported(policy, latest)
        cut = bisect.bisect_left(supported, oldest)
        pushed, supported = tuple(supported[:cut]), supported[cut:]
        if oldest <= shipped <= latest and shipped not in supported:
            bisect.insort(supported, shipped)
        changes[rollup.number] = SupportChange(rollup, latest if raised else None, pushed, latest, oldest)
    return changes
