"""Checks that compare values across the catalog: order, uniqueness, monotony, reach.

Each check reads what could be read of the catalog (a :class:`Draft`, which
may miss entries that had their own problems) and reports, at the line and
column of the offending value, what does not hold across rollups. Rollups are
compared in the order of their numbers, so that one misplaced entry is
reported once, as misplaced, and not again as every date and version around it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from .diagnostics import Position, Report, declared_hint
from .model import (
    AgentVersion,
    Component,
    Policy,
    Rollup,
    Scenario,
    Version,
    agent_version,
    distance,
    scenario_agent_version,
)

Where = tuple[str | int, ...]
KB_NUMBER = (
    re.compile(r"(?:/help/|/kb/|[?&]kbid=)(\d{6,8})(?!\d)", re.IGNORECASE),
    re.compile(r"[/-]kb-?(\d{6,8})(?!\d)", re.IGNORECASE),
    re.compile(r"/(\d{6,8})(?=[/?#-]|$)"),
)
"""Where a KB article's number stands in its URL forms (``/help/N``, ``/kb/N``, ``...-kbN-...``, ``/N``)."""
ROLLUP_IN_URL = re.compile(r"update-rollup-(\d+)(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """What could be read of a catalog: enough to compare its values with each other.

    ``policy`` is ``None`` when the policy could not be read. ``component_ids``
    and ``scenario_ids`` hold every id the file declares, including ids of
    entries with other problems, so that one broken entry does not turn every
    reference to it into an error too; ``None`` when the section is unreadable.
    """

    policy: Policy | None
    component_ids: tuple[str, ...] | None
    scenario_ids: tuple[str, ...] | None
    components: tuple[Component, ...]
    rollups: tuple[Rollup, ...]
    scenarios: tuple[Scenario, ...]
    every_rollup_read: bool = True
    """False when some rollup could not be read: its number is unknown, so gaps are not reported."""


@dataclass
class _Context:
    draft: Draft
    positions: Mapping[Where, Position]
    report: Report

    def at(self, *where: str | int) -> Position:
        """The position of ``where``, or of its nearest ancestor that has one."""
        key: Where = where
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), Position("catalog"))

    def newest_first(self) -> list[tuple[int, Rollup]]:
        """Rollups with their index, by number, newest first (as the file should list them).

        A second entry with a number already used is left out: it is reported as a
        duplicate, and where it belongs in the sequence is unknown.
        """
        first: dict[int, tuple[int, Rollup]] = {}
        for index, rollup in enumerate(self.draft.rollups):
            first.setdefault(rollup.number, (index, rollup))
        return [first[number] for number in sorted(first, reverse=True)]

    def label(self, component: str, scenario: str | None = None) -> str:
        title = next((c.name for c in self.draft.components if c.id == component), component)
        return f"{title} ({scenario})" if scenario else title


def check_consistency(
    draft: Draft, positions: Mapping[Where, Position], report: Report, today: dt.date | None
) -> None:
    """Report every cross-value problem of ``draft`` into ``report``.

    ``positions`` maps model addresses (``("rollups", 3, "kb")``) to places in
    the file; ``today`` bounds release dates (no check when ``None``).
    """
    ctx = _Context(draft, positions, report)
    _check_numbering(ctx)
    _check_kb_links(ctx)
    _check_dates(ctx, today)
    _check_component_versions(ctx)
    _check_build_numbers(ctx)
    if draft.policy is not None:
        _check_policy_references(ctx, draft.policy)
        _check_tracked_shipments(ctx, draft.policy)
        _check_tracked_scenarios(ctx, draft.policy)
        _check_agent_versions(ctx, draft.policy)


def _check_policy_references(ctx: _Context, policy: Policy) -> None:
    components, scenarios = ctx.draft.component_ids, ctx.draft.scenario_ids
    if components is not None and policy.track not in components:
        ctx.report.error(
            ctx.at("policy", "track"),
            f"policy.track names '{policy.track}', which is not a declared component."
            f"{declared_hint(policy.track, 'components', components)}.",
        )
    track_scenario = policy.track_scenario
    if track_scenario is not None and scenarios is not None and track_scenario not in scenarios:
        ctx.report.error(
            ctx.at("policy", "track_scenario"),
            f"policy.track_scenario names '{track_scenario}', which is not a declared scenario."
            f"{declared_hint(track_scenario, 'scenarios', scenarios)}.",
        )


def _check_tracked_shipments(ctx: _Context, policy: Policy) -> None:
    if policy.track_scenario is not None:
        return
    for index, rollup in enumerate(ctx.draft.rollups):
        shipment = rollup.versions.get(policy.track)
        if shipment is None or not shipment.per_scenario:
            continue
        agents = sorted({v.agent for v in shipment.versions()})
        if len(agents) > 1:
            ctx.report.error(
                ctx.at("rollups", index, "versions", policy.track),
                f"rollup {rollup.number} ships the tracked component '{policy.track}' as agent versions "
                f"{' and '.join(map(str, agents))} in different scenarios; set policy.track_scenario to "
                "say which one the support policy follows",
            )


def _check_tracked_scenarios(ctx: _Context, policy: Policy) -> None:
    """A per-scenario version of the tracked component names only scenarios that install it.

    Which scenarios a release of the agent reaches makes each scenario's
    release line; a key naming a scenario that does not install the component
    could only be a slip (a wrong id, or a ``components`` list that misses it).
    """
    track = policy.track
    readable = {s.id: s for s in ctx.draft.scenarios}
    users = [s.id for s in ctx.draft.scenarios if track in s.components]
    for index, rollup in enumerate(ctx.draft.rollups):
        shipment = rollup.versions.get(track)
        if shipment is None:
            continue
        for scenario_id in shipment.per_scenario:
            scenario = readable.get(scenario_id)
            if scenario is None or track in scenario.components:
                continue  # unreadable scenarios are reported where they stand
            installs = ", ".join(scenario.components) if scenario.components else "none"
            others = f"the scenarios that do: {', '.join(users)}" if users else "no scenario does"
            ctx.report.error(
                ctx.at("rollups", index, "versions", track, scenario_id),
                f"rollup {rollup.number}: scenario '{scenario_id}' does not install the tracked component "
                f"'{track}' (its components: {installs}), so no release of it can reach that scenario; "
                f"{others}. Remove '{scenario_id}' here, or add '{track}' to that scenario's components",
            )


def _check_numbering(ctx: _Context) -> None:
    first_index: dict[int, int] = {}
    previous: Rollup | None = None
    for index, rollup in enumerate(ctx.draft.rollups):
        here = ("rollups", index, "number")
        if rollup.number in first_index:
            first = ctx.at("rollups", first_index[rollup.number], "number")
            ctx.report.error(
                ctx.at(*here),
                f"duplicate rollup number {rollup.number} (first used at line {first.line}); "
                "each rollup has its own number",
            )
            continue
        first_index[rollup.number] = index
        if previous is not None and rollup.number > previous.number:
            ctx.report.error(
                ctx.at(*here),
                f"rollup {rollup.number} is listed after rollup {previous.number}; rollups are listed "
                "newest first (highest number at the top)",
            )
        previous = rollup
    if not ctx.draft.every_rollup_read:
        return
    for newer, older in pairwise(sorted(first_index, reverse=True)):
        if older < newer - 1:
            ctx.report.warning(ctx.at("rollups", first_index[older], "number"), _gap_message(newer, older))


def _gap_message(newer: int, older: int) -> str:
    if newer - older == 2:
        missing, exists = f"rollup {older + 1}", "if it exists, add it"
    else:
        joined = " and " if newer - older == 3 else " to "
        missing, exists = f"rollups {older + 1}{joined}{newer - 1}", "if they exist, add them"
    return (
        f"no {missing} between rollups {newer} and {older}; {exists} "
        "(even with no versions) so the numbering has no gap"
    )


def kb_key(url: str) -> str:
    """The KB article a link points at: ``4485985`` for every URL form of that article."""
    for pattern in KB_NUMBER:
        match = pattern.search(url)
        if match:
            return match.group(1)
    return url.rstrip("/").lower()


def _check_kb_links(ctx: _Context) -> None:
    """Each rollup has its own KB article; a reused one is reported at the newer rollup."""
    seen: dict[str, tuple[int, Rollup]] = {}
    for index, rollup in reversed(ctx.newest_first()):
        if rollup.kb is None:
            continue
        mentioned = ROLLUP_IN_URL.search(rollup.kb)
        if mentioned and int(mentioned.group(1)) != rollup.number:
            ctx.report.error(
                ctx.at("rollups", index, "kb"),
                f"rollup {rollup.number} links to a KB page named for update rollup "
                f"{mentioned.group(1)} ({rollup.kb})",
            )
        key = kb_key(rollup.kb)
        if key in seen:
            first_index, first = seen[key]
            article = f"KB {key}" if key.isdigit() else rollup.kb
            ctx.report.error(
                ctx.at("rollups", index, "kb"),
                f"rollup {rollup.number} links to {article}, which the older rollup {first.number} "
                f"already links to (line {ctx.at('rollups', first_index, 'kb').line}); "
                "each rollup has its own KB article",
            )
        seen.setdefault(key, (index, rollup))


def _check_dates(ctx: _Context, today: dt.date | None) -> None:
    newer: tuple[int, Rollup] | None = None
    for index, rollup in ctx.newest_first():
        if rollup.released is None:
            continue
        here = ("rollups", index, "released")
        if today is not None and rollup.released.sort_key > (today.year, today.month, today.day):
            ctx.report.error(
                ctx.at(*here),
                f"rollup {rollup.number} is released on {rollup.released}, "
                f"which is in the future (today is {today})",
            )
        if newer is not None:
            newer_index, newer_rollup = newer
            if _released_after(rollup, newer_rollup):
                ctx.report.error(
                    ctx.at(*here),
                    f"rollup {rollup.number} is released on {rollup.released}, after the newer rollup "
                    f"{newer_rollup.number} ({newer_rollup.released}, "
                    f"line {ctx.at('rollups', newer_index, 'released').line})",
                )
        newer = (index, rollup)


def _released_after(older: Rollup, newer: Rollup) -> bool:
    """Whether ``older`` is released strictly after ``newer``, at the precision both give."""
    a, b = older.released, newer.released
    if a is None or b is None:
        return False
    if a.day is None or b.day is None:
        return (a.year, a.month) > (b.year, b.month)
    return a.sort_key > b.sort_key


_Seen = tuple[Version, Rollup, int, str | None]
"""A version shipped, by which rollup (and its index), for which scenario (``None``: all)."""


def _check_component_versions(ctx: _Context) -> None:
    """No component version is lower than the one an older rollup shipped."""
    track = ctx.draft.policy.track if ctx.draft.policy is not None else None
    last: dict[str, dict[str | None, _Seen]] = {}
    for index, rollup in reversed(ctx.newest_first()):
        for component, shipment in rollup.versions.items():
            history = last.setdefault(component, {})
            if shipment.version is not None:
                older = max(history.values(), key=lambda seen: seen[0], default=None)
                _compare(ctx, (shipment.version, rollup, index, None), older, component, track)
                history.clear()
                history[None] = (shipment.version, rollup, index, None)
                continue
            for scenario, version in shipment.per_scenario.items():
                if version is not None:
                    seen = (version, rollup, index, scenario)
                    _compare(ctx, seen, history.get(scenario) or history.get(None), component, track)
                    history[scenario] = seen


def _compare(ctx: _Context, newer: _Seen, older: _Seen | None, component: str, track: str | None) -> None:
    version, rollup, index, scenario = newer
    if older is None or not version < older[0]:
        return
    if component == track and version.agent < older[0].agent:
        return  # the agent version itself goes backwards: reported by _check_agent_versions
    older_where = ("rollups", older[2], "versions", component) + ((older[3],) if older[3] else ())
    where = ("rollups", index, "versions", component) + ((scenario,) if scenario else ())
    ctx.report.error(
        ctx.at(*where),
        f"{ctx.label(component, scenario)} {version} in rollup {rollup.number} is lower than "
        f"{older[0]} in the older rollup {older[1].number} (line {ctx.at(*older_where).line}); "
        "versions never go down",
    )


def _check_agent_versions(ctx: _Context, policy: Policy) -> None:
    """The agent version never goes backwards; a gap no upgrade can cross is worth a warning.

    Gaps are looked for on every release line: all releases together, and
    each scenario's own (a scenario may not get every release), withdrawn
    rollups left out (no upgrade lands on them).
    """
    previous: tuple[AgentVersion, Rollup] | None = None
    for index, rollup in reversed(ctx.newest_first()):
        version = agent_version(rollup, policy)
        if version is None:
            continue
        if previous is not None and version < previous[0]:
            older, older_rollup = previous
            ctx.report.error(
                ctx.at("rollups", index, "versions", policy.track),
                f"the agent version goes backwards: rollup {rollup.number} ships {version}, "
                f"but the older rollup {older_rollup.number} already shipped {older}",
            )
            continue
        previous = (version, rollup)
    _check_gaps(ctx, policy)


class _Gap(NamedTuple):
    """Two releases in a row on one line, further apart than one upgrade moves (or across majors)."""

    entry: int
    """The rollup's index in the file."""
    rollup: Rollup
    version: AgentVersion
    older_rollup: Rollup
    older: AgentVersion


def _gaps(ctx: _Context, policy: Policy, version_of: Callable[[Rollup], AgentVersion | None]) -> list[_Gap]:
    """The gaps of one line, oldest first; ``version_of`` says what a rollup ships to that line."""
    gaps: list[_Gap] = []
    previous: tuple[AgentVersion, Rollup] | None = None
    for index, rollup in reversed(ctx.newest_first()):
        version = None if rollup.withdrawn is not None else version_of(rollup)
        if version is None or (previous is not None and version < previous[0]):
            continue  # not on the line, or going backwards (an error of its own)
        if previous is not None:
            gap = distance(previous[0], version)
            if gap is None or gap > policy.max_upgrade_gap:
                gaps.append(_Gap(index, rollup, version, previous[1], previous[0]))
        previous = (version, rollup)
    return gaps


def _check_gaps(ctx: _Context, policy: Policy) -> None:
    every = _gaps(ctx, policy, lambda rollup: agent_version(rollup, policy))
    for gap in every:
        ctx.report.warning(ctx.at("rollups", gap.entry, "versions", policy.track), _gap_warning(gap, policy))
    reported = {(gap.older_rollup.number, gap.rollup.number) for gap in every}
    track = policy.track
    by_scenarios: dict[tuple[int, int], tuple[_Gap, list[str]]] = {}
    for scenario in ctx.draft.scenarios:
        if track not in scenario.components:
            continue
        reach = functools.partial(_reached, track=track, scenario=scenario.id)
        for gap in _gaps(ctx, policy, reach):
            key = (gap.older_rollup.number, gap.rollup.number)
            if key not in reported:
                by_scenarios.setdefault(key, (gap, []))[1].append(scenario.id)
    for gap, scenarios in sorted(by_scenarios.values(), key=lambda found: found[0].rollup.number):
        ctx.report.warning(
            ctx.at("rollups", gap.entry, "versions", track), _gap_warning(gap, policy, tuple(scenarios))
        )


def _reached(rollup: Rollup, *, track: str, scenario: str) -> AgentVersion | None:
    return scenario_agent_version(rollup, track, scenario)


def _gap_warning(gap: _Gap, policy: Policy, scenarios: tuple[str, ...] = ()) -> str:
    """``scenarios``: the scenarios whose own line has the gap (empty: every release together has it)."""
    rollup, version, older = gap.rollup, gap.version, gap.older
    to = f" to {' and '.join(scenarios)}" if scenarios else ""
    whose = ""
    if scenarios:
        whose = " of that scenario" if len(scenarios) == 1 else " of those scenarios"
    distance_apart = distance(older, version)
    if distance_apart is None:
        return (
            f"rollup {rollup.number} moves the agent{to} from major version {older.major} to "
            f"{version.major}; no upgrade path{whose} crosses a major version"
        )
    return (
        f"rollup {rollup.number} ships agent {version}{to}, {distance_apart} versions after {older} "
        f"(rollup {gap.older_rollup.number}); no upgrade path{whose} can cross this gap, since one "
        f"upgrade moves at most {policy.max_upgrade_gap} versions"
    )


_Build = tuple[Version, str, str | None]
"""A version one rollup ships, of which component, for which scenario (``None``: all)."""


def _check_build_numbers(ctx: _Context) -> None:
    """Warn where one rollup ships one build number under two major.minor versions.

    The build number is a version's third part (``7567`` in ``9.66.7567.1``).
    Components built together carry the same build under the same major.minor
    (Unified Setup 9.21.5091.1 beside Mobility agent 9.21.5091.1); the same
    build under another minor of the same major (Mobility 9.65.7567.1 beside
    Unified Setup 9.66.7567.1) is a slip in one of the two. Versions of
    different majors are separate schemes (Provider 5.x, MARS 2.0.x, the agent
    9.x), whose build numbers may meet by chance, so they are not compared;
    neither are different builds (9.57.6920.1 beside 9.57.6911.1 is not this
    slip). The warning stands at the lower minor, which is where an editor who
    copied the build number forgot to raise the minor.
    """
    for index, rollup in enumerate(ctx.draft.rollups):
        groups: dict[tuple[int, int], list[_Build]] = {}
        for component, shipment in rollup.versions.items():
            shipped: list[tuple[Version | None, str | None]] = [(shipment.version, None)]
            shipped += [(version, scenario) for scenario, version in shipment.per_scenario.items()]
            for version, scenario in shipped:
                if version is not None and len(version.parts) >= 3:
                    groups.setdefault((version.parts[0], version.parts[2]), []).append(
                        (version, component, scenario)
                    )
        for builds in groups.values():
            _report_build_slips(ctx, index, rollup, builds)


def _report_build_slips(ctx: _Context, index: int, rollup: Rollup, builds: list[_Build]) -> None:
    """Each version of ``builds`` (one major, one build number) whose minor is below another component's."""
    for version, component, scenario in builds:
        others = [build for build in builds if build[1] != component]
        if not others:
            continue
        other, other_component, other_scenario = max(others, key=lambda build: build[0].agent)
        if other.agent <= version.agent:
            continue
        where = ("rollups", index, "versions", component) + ((scenario,) if scenario else ())
        ctx.report.warning(
            ctx.at(*where),
            f"rollup {rollup.number}: {ctx.label(component, scenario)} {version} and "
            f"{ctx.label(other_component, other_scenario)} {other} carry the same build number "
            f"{version.parts[2]} under different major.minor versions ({version.agent} and {other.agent}); "
            "one build has one version, so one of the two is likely mistyped: check them against the KB "
            "article",
        )
