"""Upgrade paths: the fewest hops onto released versions, then the fewest reboots.

Semantics (``DESIGN.md``, "Policy semantics"): one upgrade moves at most
``max_upgrade_gap`` versions, onto released versions only; a reboot is
mandatory before upgrading to ``t`` when ``t - last_reboot > reboot_gap``,
and a reboot right before a hop satisfies the rule even for a hop wider than
``reboot_gap`` (possible only when ``max_upgrade_gap > reboot_gap``). The
released versions are those of one release line (:mod:`.lines`): a path
never lands on a version the reader's scenario did not get, nor on a
withdrawn one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..catalog.model import AgentVersion, Policy, distance


def reboot_mandatory(policy: Policy, last_reboot: AgentVersion, target: AgentVersion) -> bool:
    """Whether a reboot is mandatory before upgrading to ``target``."""
    gap = distance(last_reboot, target)
    return gap is None or gap > policy.reboot_gap


class ReleaseLine(Protocol):
    """What a path is planned on: a :class:`~.snapshot.Snapshot` (the released versions of one line)."""

    @property
    def policy(self) -> Policy: ...

    @property
    def released(self) -> tuple[AgentVersion, ...]:
        """Every released version of the line, ascending."""
        ...

    @property
    def latest(self) -> AgentVersion:
        """``N`` of the line."""
        ...

    def planner(self, target: AgentVersion) -> Planner:
        """The planner towards ``target``, kept between questions."""
        ...

    def not_released(self, version: AgentVersion) -> str:
        """Why ``version`` is no release of the line, as a clause.

        "9.47 was withdrawn with Update Rollup 60": a caller may add a parenthesis after it.
        """
        ...


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

    def parts(self) -> tuple[str, ...]:
        """The steps of :meth:`as_text`, between its arrows: ``("9.16", "9.20", "reboot", "9.21")``."""
        parts = [str(self.start)]
        for hop in self.hops:
            if hop.reboot_before:
                parts.append("reboot")
            parts.append(str(hop.target))
        return tuple(parts)

    def as_text(self) -> str:
        """``9.16 -> 9.20 -> reboot -> 9.21``."""
        return " -> ".join(self.parts())


@dataclass(frozen=True)
class PathHead:
    """The first hops of a canonical upgrade path, and the size of the whole path.

    A page shows a long path (from a version far below the target) in parts:
    ``hops`` are its first hops (every hop when :attr:`complete`), and
    ``total_hops`` and ``total_reboots`` count the whole path. The rest is the
    canonical path from :attr:`resume_at` last rebooted on
    :attr:`resume_last_reboot`: the planner's choice depends on the version
    and the last reboot only, so the suffix of a canonical path is the
    canonical path of the state it starts from.
    """

    start: AgentVersion
    last_reboot: AgentVersion
    target: AgentVersion
    hops: tuple[Hop, ...]
    total_hops: int
    total_reboots: int

    @property
    def complete(self) -> bool:
        """Whether ``hops`` is the whole path."""
        return len(self.hops) == self.total_hops

    @property
    def resume_at(self) -> AgentVersion:
        """The version the shown hops end on, where the rest of the path starts."""
        return self.hops[-1].target if self.hops else self.start

    @property
    def resume_last_reboot(self) -> AgentVersion:
        """The version of the last reboot once the shown hops are done."""
        reboot_at, current = self.last_reboot, self.start
        for hop in self.hops:
            if hop.reboot_before:
                reboot_at = current
            current = hop.target
        return reboot_at

    def shown(self) -> UpgradePath:
        """The shown hops as a path of their own, from ``start`` to :attr:`resume_at`."""
        return UpgradePath(self.start, self.last_reboot, self.resume_at, self.hops)


@dataclass(frozen=True)
class NoPath:
    """No upgrade path exists; ``reason`` says why, in a sentence."""

    start: AgentVersion
    target: AgentVersion
    reason: str


def plan_upgrade(
    snap: ReleaseLine,
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


def plan_head(
    snap: ReleaseLine,
    start: AgentVersion,
    target: AgentVersion | None = None,
    last_reboot: AgentVersion | None = None,
    *,
    limit: int,
) -> PathHead | NoPath:
    """The first ``limit`` hops of :func:`plan_upgrade`'s path, and the size of the whole path.

    Costs ``limit`` steps of the planner, however long the whole path is:
    the counts come from the planner's table, not from walking the path.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    target = snap.latest if target is None else target
    last_reboot = start if last_reboot is None else last_reboot
    problem = _path_precondition(snap, start, target, last_reboot)
    if problem is not None:
        return NoPath(start, target, problem)
    found = snap.planner(target).head(start, last_reboot, limit)
    if found is None:
        return NoPath(start, target, _unreachable_reason(snap, start, target))
    hops, (total_hops, total_reboots) = found
    return PathHead(start, last_reboot, target, tuple(hops), total_hops, total_reboots)


def plan_in_parts(
    snap: ReleaseLine,
    start: AgentVersion,
    last_reboot: AgentVersion,
    *,
    limit: int,
    goes_on_at: Callable[[AgentVersion], bool],
) -> PathHead | UpgradePath | NoPath:
    """The path from ``start`` last rebooted on ``last_reboot`` to ``N``, as a page or a document gives it.

    Its first ``limit`` hops (:func:`plan_head`), where the rest can be read on
    from where they end: ``goes_on_at`` says that version answers (it has a
    page, a document) and a row of its "last reboot" table answers for the
    reboot state there (:func:`last_reboot_row`). Else the whole path,
    :func:`plan_upgrade`'s.
    """
    head = plan_head(snap, start, None, last_reboot, limit=limit)
    if isinstance(head, NoPath):
        return head
    if head.complete:
        return UpgradePath(head.start, head.last_reboot, head.target, head.hops)
    row = last_reboot_row(head.resume_at, head.resume_last_reboot, snap.policy.reboot_gap)
    if row is not None and goes_on_at(head.resume_at):
        return head
    whole = plan_upgrade(snap, start, None, last_reboot)
    assert isinstance(whole, UpgradePath), "plan_head found the path"
    return whole


def last_reboot_rows(version: AgentVersion, reboot_gap: int) -> list[tuple[AgentVersion, bool]]:
    """The last reboots below ``version`` that get a path of their own, newest first, each with whether
    it stands for every earlier reboot too: 1 .. ``reboot_gap`` versions below, within its major.

    A reboot ``reboot_gap`` or more versions back forces a reboot before the
    very first upgrade, so the lowest row (when above ``.0``) answers for
    every earlier one (:func:`last_reboot_row`).
    """
    lowest = max(0, version.minor - reboot_gap)
    return [
        (AgentVersion(version.major, minor), minor == lowest and minor > 0)
        for minor in range(version.minor - 1, lowest - 1, -1)
    ]


def last_reboot_row(version: AgentVersion, last_reboot: AgentVersion, reboot_gap: int) -> AgentVersion | None:
    """The row of ``version``'s "last reboot" table that answers for a last reboot on ``last_reboot``
    (at or below ``version``); ``None`` when no row does.

    ``version`` itself (the path above the table) and the ``reboot_gap``
    versions below it each have a row (:func:`last_reboot_rows`). The lowest,
    ``reboot_gap`` below, stands for every earlier reboot too, and for a
    reboot on another major version: each makes a reboot mandatory before
    the first upgrade. Where ``version`` is less than ``reboot_gap`` above
    its major's ``.0``, a reboot on another major version has no row.
    """
    gap = distance(last_reboot, version)
    if gap is not None and gap < reboot_gap:
        return last_reboot
    lowest = version.minor - reboot_gap
    return AgentVersion(version.major, lowest) if lowest >= 0 else None


def _path_precondition(
    snap: ReleaseLine, start: AgentVersion, target: AgentVersion, last_reboot: AgentVersion
) -> str | None:
    if last_reboot > start:
        return (
            f"the last reboot ({last_reboot}) cannot be on a newer version than the installed one ({start})"
        )
    if target not in snap.released:
        return f"{snap.not_released(target)} (released: {', '.join(map(str, snap.released))})"
    if start > target:
        return f"{start} is newer than the target {target}; downgrades are not supported"
    if start.major != target.major:
        return (
            f"{start} and {target} are of different major versions; "
            "the policy counts upgrade hops within one major version only"
        )
    return None


def _unreachable_reason(snap: ReleaseLine, start: AgentVersion, target: AgentVersion) -> str:
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


class Planner:
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
        found = self.head(start, last_reboot, None)
        return None if found is None else found[0]

    def head(
        self, start: AgentVersion, last_reboot: AgentVersion, limit: int | None
    ) -> tuple[list[Hop], _Cost] | None:
        """The first ``limit`` hops from ``start`` (every hop for ``None``) and the cost of the whole
        path (hops, mandatory reboots), or ``None`` when the target is out of reach."""
        self._compute_above(start)
        cost = self._choice(start, last_reboot)[0]
        if cost[0] >= _INFINITE:
            return None
        hops: list[Hop] = []
        version, reboot_at = start, last_reboot
        while version != self.target and (limit is None or len(hops) < limit):
            _, nxt, reboot = self._choice(version, reboot_at)
            if nxt is None:
                return None
            hops.append(Hop(nxt, reboot))
            reboot_at = version if reboot else reboot_at
            version = nxt
        return hops, cost

    def _choice(self, version: AgentVersion, reboot_at: AgentVersion) -> _Choice:
        """The best next hop from ``version`` last rebooted on ``reboot_at``, with the cost to the target."""
        state = (version, self._offset(version, reboot_at))
        return self.best.get(state) or self._choose(version, reboot_at)


_INFINITE = 1 << 30
