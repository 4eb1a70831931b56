"""One snapshot of the policy: the catalog as of rollup K, on one release line.

"As of rollup K" is an argument (:func:`snapshot`), never the wall clock.
Semantics (``DESIGN.md``, "Policy semantics" and "Releases per scenario"):

* the agent version of a rollup is ``major.minor`` of its tracked component;
* a snapshot answers for one release line (:mod:`.lines`): a scenario's, or,
  with no scenario, every release to any scenario, which is every reader's
  line when the scenarios that install the agent all share one
  (:func:`has_one_line`, :func:`lines`);
* ``N`` is the highest agent version released on the line as of the
  snapshot; a withdrawn rollup's version is never ``N``;
* distance is the difference of minor numbers within one major; versions of
  different majors are never within reach of each other;
* supported: ``N - support_window`` .. ``N`` (the lower bound excluded when
  ``window_includes_boundary`` is false).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..catalog.characters import quoted
from ..catalog.diagnostics import RollupsError, did_you_mean
from ..catalog.model import AgentVersion, Catalog, Policy, Rollup, agent_version
from .lines import Line, agent_scenarios, group_lines, release_line
from .paths import Planner


class PolicyError(RollupsError):
    """The question cannot be asked of this catalog (e.g. no agent version released)."""


class UnknownScenario(PolicyError):
    """The scenario asked for does not exist, or does not install the tracked component."""


class UnknownRollup(PolicyError):
    """The rollup asked for ("as of rollup K") is not in the catalog."""


@dataclass(frozen=True)
class Snapshot:
    """The catalog as it stood when rollup ``as_of`` was the newest, on the line of ``scenario``."""

    catalog: Catalog
    as_of: Rollup
    rollups: tuple[Rollup, ...]
    """Newest first, ``as_of`` first."""
    scenario: str | None = None
    """The reader's scenario; ``None``: every release to any scenario (see :func:`has_one_line`)."""

    @property
    def policy(self) -> Policy:
        return self.catalog.policy

    @cached_property
    def line(self) -> Line:
        """The release line this snapshot answers for."""
        return release_line(self.rollups, self.policy, self.scenario)

    @property
    def agent_versions(self) -> Mapping[int, AgentVersion]:
        """Rollup number -> the agent version it shipped to the line, withdrawn rollups included."""
        return self.line.versions

    @property
    def releases(self) -> Mapping[int, AgentVersion]:
        """Rollup number -> agent version, for the rollups of the line that were not withdrawn."""
        return self.line.releases

    @cached_property
    def released(self) -> tuple[AgentVersion, ...]:
        """Every released agent version of the line, ascending (withdrawn ones are not)."""
        return tuple(sorted(set(self.releases.values())))

    @cached_property
    def latest(self) -> AgentVersion:
        """``N``."""
        return self.released[-1]

    @cached_property
    def shipped_by(self) -> Mapping[AgentVersion, tuple[Rollup, ...]]:
        """Agent version -> the rollups of the line that shipped it, oldest first, withdrawn ones excepted."""
        result: dict[AgentVersion, list[Rollup]] = {}
        for rollup in reversed(self.rollups):
            version = self.releases.get(rollup.number)
            if version is not None:
                result.setdefault(version, []).append(rollup)
        return {v: tuple(rs) for v, rs in result.items()}

    @property
    def oldest_supported(self) -> AgentVersion:
        """The lowest supported agent version (it may never have been released)."""
        return oldest_supported_under(self.policy, self.latest)

    def is_supported(self, version: AgentVersion) -> bool:
        return self.oldest_supported <= version <= self.latest

    @cached_property
    def supported_released(self) -> tuple[AgentVersion, ...]:
        """The supported versions that were released, ascending: the reboot matrix's targets."""
        return tuple(v for v in self.released if self.is_supported(v))

    @cached_property
    def oldest_supported_rollup(self) -> Rollup:
        """The oldest rollup that released a supported agent version on the line."""
        return next(r for r in reversed(self.rollups) if self._ships_supported(r))

    def _ships_supported(self, rollup: Rollup) -> bool:
        version = self.releases.get(rollup.number)
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
    def _planners(self) -> dict[AgentVersion, Planner]:
        return {}

    @cached_property
    def line_groups(self) -> tuple[LineGroup, ...]:
        """:func:`lines`, computed once per snapshot: its groups' snapshots keep what they compute."""
        return _line_groups(self)

    def planner(self, target: AgentVersion) -> Planner:
        """The upgrade planner towards ``target``, built once per snapshot and target."""
        if target not in self._planners:
            self._planners[target] = Planner(self.policy, self.released, target)
        return self._planners[target]

    def not_released(self, version: AgentVersion) -> str:
        """Why ``version`` is no release of the line, as a clause.

        "9.47 was withdrawn with Update Rollup 60": a caller may add a parenthesis after it.
        """
        withdrawn = [
            r
            for r in self.rollups
            if r.number in self.line.withdrawn and self.agent_versions[r.number] == version
        ]
        if withdrawn:
            # A clause, not a parenthesis: the path's reason adds "(released: ...)" after it.
            return f"{version} was withdrawn with {', '.join(r.title for r in reversed(withdrawn))}"
        if (
            self.scenario is not None
            and version in release_line(self.rollups, self.policy, None).releases.values()
        ):
            return f"{version} was not released for {self.scenario}"
        return f"{version} is not a released version"

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


def oldest_supported_under(policy: Policy, latest: AgentVersion) -> AgentVersion:
    """The lowest version the support window keeps while ``latest`` is ``N``."""
    window = policy.support_window - (0 if policy.window_includes_boundary else 1)
    return AgentVersion(latest.major, max(0, latest.minor - window))


def snapshot(catalog: Catalog, as_of: int | None = None, scenario: str | None = None) -> Snapshot:
    """The catalog as of rollup ``as_of`` (the newest rollup when ``None``), on the line of ``scenario``.

    ``scenario`` is a scenario that installs the tracked component; ``None``
    stands for every release to any scenario, which is every reader's line
    when :func:`has_one_line` (the pages show that line).
    """
    if as_of is not None:
        check_rollup(catalog, as_of)
    rollups = catalog.rollups if as_of is None else catalog.as_of(as_of).rollups
    if not rollups:
        raise PolicyError("the catalog has no rollups")
    if scenario is not None:
        _check_scenario(catalog, scenario)
    snap = Snapshot(catalog, rollups[0], rollups, scenario)
    if not snap.released:
        reach = f" to scenario '{scenario}'" if scenario is not None else ""
        withdrawn = " (every one that does was withdrawn)" if snap.agent_versions else ""
        raise PolicyError(
            f"no rollup up to {rollups[0].number} ships the tracked component "
            f"'{catalog.policy.track}'{reach}{withdrawn}, so there is no agent version N"
        )
    return snap


SHOWN_RUNS = 6
"""The most runs of numbers a message about an unknown rollup lists; more are elided in the middle."""


def check_rollup(catalog: Catalog, number: int) -> None:
    """Raise :class:`UnknownRollup`, naming the rollups there are, unless ``catalog`` has ``number``."""
    if any(r.number == number for r in catalog.rollups):
        return
    if not catalog.rollups:
        raise UnknownRollup(f"there is no rollup {number}: the catalog has no rollups")
    numbers = _runs(r.number for r in catalog.rollups)
    raise UnknownRollup(f"there is no rollup {number} in the catalog; its rollups are {numbers}")


def _runs(numbers: Iterable[int]) -> str:
    """``19 to 23, 25 to 76``: the numbers, oldest first, in runs of consecutive ones."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = [str(a) if a == b else f"{a} to {b}" for a, b in runs]
    if len(shown) > SHOWN_RUNS:
        shown = [*shown[: SHOWN_RUNS // 2], "...", *shown[-(SHOWN_RUNS // 2) :]]
    return ", ".join(shown)


def _check_scenario(catalog: Catalog, scenario: str) -> None:
    agents = agent_scenarios(catalog)
    if scenario in agents:
        return
    track = catalog.policy.track
    valid = f"scenarios that install it: {', '.join(agents) or 'none'}"
    if any(s.id == scenario for s in catalog.scenarios):
        raise UnknownScenario(
            f"scenario '{scenario}' does not install the tracked component '{track}', "
            f"so it has no upgrade path; {valid}"
        )
    ids = [s.id for s in catalog.scenarios]
    raise UnknownScenario(
        f"there is no scenario '{quoted(scenario)}'.{did_you_mean(scenario, ids)} "
        f"The tracked component is '{track}'; {valid}"
    )


def snapshots(catalog: Catalog) -> list[Snapshot]:
    """One snapshot per rollup that ships the tracked component, newest first.

    A snapshot as of a withdrawn rollup stays (its ``N`` is the release before
    it); only one with no release at all, every rollup so far withdrawn, is
    left out.
    """
    policy = catalog.policy
    found: list[Snapshot] = []
    for rollup in catalog.rollups:
        if agent_version(rollup, policy) is None:
            continue
        snap = Snapshot(catalog, rollup, catalog.as_of(rollup.number).rollups)
        if snap.released:
            found.append(snap)
    return found


# --- Lines of every scenario -----------------------------------------------


class LineGroup(NamedTuple):
    """Scenarios that share one release line, and the snapshot that answers for all of them."""

    scenarios: tuple[str, ...]
    """In the catalog's order; empty when no scenario installs the tracked component."""
    snap: Snapshot | None
    """On the line of ``scenarios[0]`` (of every release when ``scenarios`` is empty); ``None`` when
    nothing was released on that line yet as of the snapshot (there is no ``N`` to answer from)."""


def lines(snap: Snapshot) -> list[LineGroup]:
    """The scenarios that install the tracked component, grouped by identical release line.

    One group when every such scenario has the same line (or none installs the
    component: then the group has no scenario and answers for everyone).
    Groups come in the order of their first scenario.
    """
    return list(snap.line_groups)


def _line_groups(snap: Snapshot) -> tuple[LineGroup, ...]:
    agents = agent_scenarios(snap.catalog)
    if not agents:
        return (LineGroup((), snap if snap.scenario is None else _with_scenario(snap, None)),)
    each = [release_line(snap.rollups, snap.policy, sid) for sid in agents]
    groups: list[LineGroup] = []
    for group in group_lines(each):
        member = _with_scenario(snap, group[0].scenario)
        scenarios = tuple(line.scenario for line in group if line.scenario is not None)
        groups.append(LineGroup(scenarios, member if member.released else None))
    return tuple(groups)


def has_one_line(snap: Snapshot) -> bool:
    """Whether every scenario that installs the tracked component has the same release line.

    Then one answer holds for all readers, the one of ``snapshot(catalog, as_of)``.
    """
    return len(lines(snap)) <= 1


def _with_scenario(snap: Snapshot, scenario: str | None) -> Snapshot:
    return Snapshot(snap.catalog, snap.as_of, snap.rollups, scenario)


# --- What a rollup changed -------------------------------------------------


@dataclass(frozen=True)
class SupportChange:
    """What publishing one rollup that released the agent on the line changed in the support policy."""

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
    """Rollup number -> what it changed, for every rollup that released the agent on the snapshot's line.

    A withdrawn rollup changed nothing: it has no entry. One pass from the
    oldest rollup: the supported released versions are at most
    ``support_window + 1`` at any time, so the whole history costs a little
    more than reading the rollups once.
    """
    policy = snap.policy
    changes: dict[int, SupportChange] = {}
    supported: list[AgentVersion] = []
    """The released versions supported so far, ascending."""
    latest: AgentVersion | None = None
    for rollup in reversed(snap.rollups):
        shipped = snap.releases.get(rollup.number)
        if shipped is None:
            continue
        raised = latest is None or shipped > latest
        latest = shipped if raised else latest
        assert latest is not None
        oldest = oldest_supported_under(policy, latest)
        cut = bisect.bisect_left(supported, oldest)
        pushed, supported = tuple(supported[:cut]), supported[cut:]
        if oldest <= shipped <= latest and shipped not in supported:
            bisect.insort(supported, shipped)
        changes[rollup.number] = SupportChange(rollup, latest if raised else None, pushed, latest, oldest)
    return changes
