"""Checks that compare values across the catalog: references, order, monotony, reach.

Each check reads a :class:`~.catalog.Catalog` that is well-formed value by
value and reports, at the line and column of the offending value, what does
not hold across rollups.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .catalog import AgentVersion, Catalog, Rollup, Version
from .diagnostics import Position, Report, did_you_mean
from .policy import agent_version, distance

Where = tuple[str | int, ...]
KB_NUMBER = re.compile(r"(?:/help/|/kb/|[?&]kbid=|/)(\d{6,8})(?:[/?#]|$)", re.IGNORECASE)


@dataclass
class _Context:
    catalog: Catalog
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

    def rollups(self) -> Iterator[tuple[int, Rollup]]:
        return iter(enumerate(self.catalog.rollups))


def check_consistency(
    catalog: Catalog, positions: Mapping[Where, Position], report: Report, today: dt.date | None
) -> None:
    """Report every cross-value problem of ``catalog`` into ``report``."""
    ctx = _Context(catalog, positions, report)
    _check_references(ctx)
    _check_numbering(ctx)
    _check_kb_links(ctx)
    _check_dates(ctx, today)
    _check_component_versions(ctx)
    _check_agent_versions(ctx)


def _check_references(ctx: _Context) -> None:
    catalog = ctx.catalog
    component_ids = [c.id for c in catalog.components]
    scenario_ids = [s.id for s in catalog.scenarios]
    _check_unique(ctx, "components", component_ids)
    _check_unique(ctx, "scenarios", scenario_ids)
    if catalog.policy.track not in component_ids:
        ctx.report.error(
            ctx.at("policy", "track"),
            f"policy.track names '{catalog.policy.track}', which is not a component."
            f"{did_you_mean(catalog.policy.track, component_ids)} Components: {', '.join(component_ids)}.",
        )
    track_scenario = catalog.policy.track_scenario
    if track_scenario is not None and track_scenario not in scenario_ids:
        ctx.report.error(
            ctx.at("policy", "track_scenario"),
            f"policy.track_scenario names '{track_scenario}', which is not a scenario."
            f"{did_you_mean(track_scenario, scenario_ids)}",
        )
    for s_index, scenario in enumerate(catalog.scenarios):
        for c_index, component in enumerate(scenario.components):
            if component not in component_ids:
                ctx.report.error(
                    ctx.at("scenarios", s_index, "components", c_index),
                    f"scenario '{scenario.id}' names '{component}', which is not a component."
                    f"{did_you_mean(component, component_ids)}",
                )
    for index, rollup in ctx.rollups():
        for component, shipment in rollup.versions.items():
            for scenario_id in shipment.per_scenario:
                if scenario_id not in scenario_ids:
                    ctx.report.error(
                        ctx.at("rollups", index, "versions", component, scenario_id),
                        f"rollup {rollup.number} gives a {component} version for '{scenario_id}', "
                        f"which is not a scenario.{did_you_mean(scenario_id, scenario_ids)}",
                    )
        _check_tracked_shipment(ctx, index, rollup)


def _check_tracked_shipment(ctx: _Context, index: int, rollup: Rollup) -> None:
    policy = ctx.catalog.policy
    shipment = rollup.versions.get(policy.track)
    if shipment is None or not shipment.per_scenario or policy.track_scenario is not None:
        return
    agents = sorted({str(v.agent) for v in shipment.versions()})
    if len(agents) > 1:
        ctx.report.error(
            ctx.at("rollups", index, "versions", policy.track),
            f"rollup {rollup.number} ships the tracked component '{policy.track}' as agent versions "
            f"{' and '.join(agents)} in different scenarios; set policy.track_scenario to say which one "
            "the support policy follows",
        )


def _check_unique(ctx: _Context, section: str, ids: list[str]) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in seen:
            first = ctx.at(section, seen[item], "id")
            ctx.report.error(
                ctx.at(section, index, "id"),
                f"duplicate id '{item}' in {section} (first used at line {first.line})",
            )
        seen.setdefault(item, index)


def _check_numbering(ctx: _Context) -> None:
    seen: dict[int, int] = {}
    previous: Rollup | None = None
    for index, rollup in ctx.rollups():
        here = ctx.at("rollups", index, "number")
        if rollup.number in seen:
            first = ctx.at("rollups", seen[rollup.number], "number")
            ctx.report.error(
                here, f"duplicate rollup number {rollup.number} (first used at line {first.line})"
            )
            continue
        seen[rollup.number] = index
        if previous is not None:
            if rollup.number > previous.number:
                ctx.report.error(
                    here,
                    f"rollup {rollup.number} is listed after rollup {previous.number}; "
                    "rollups are listed newest first (highest number at the top)",
                )
            elif rollup.number < previous.number - 1:
                missing = range(rollup.number + 1, previous.number)
                names = ", ".join(str(n) for n in missing)
                ctx.report.warning(
                    here,
                    f"no rollup {names} between rollups {previous.number} and {rollup.number}; "
                    "if it exists, add it (even with no versions) so the numbering has no gap",
                )
        previous = rollup


def kb_key(url: str) -> str:
    """The KB article a link points at: ``4485985`` for every URL form of that article."""
    match = KB_NUMBER.search(url)
    return match.group(1) if match else url.rstrip("/").lower()


def _check_kb_links(ctx: _Context) -> None:
    seen: dict[str, tuple[int, Rollup]] = {}
    for index, rollup in ctx.rollups():
        if rollup.kb is None:
            continue
        key = kb_key(rollup.kb)
        if key in seen:
            first_index, first = seen[key]
            line = ctx.at("rollups", first_index, "kb").line
            ctx.report.error(
                ctx.at("rollups", index, "kb"),
                f"rollup {rollup.number} links to KB {key}, which rollup {first.number} already links "
                f"to (line {line}); each rollup has its own KB article",
            )
            continue
        seen[key] = (index, rollup)
        mentioned = re.search(r"update-rollup-(\d+)", rollup.kb)
        if mentioned and int(mentioned.group(1)) != rollup.number:
            ctx.report.error(
                ctx.at("rollups", index, "kb"),
                f"rollup {rollup.number} links to a KB page named for update rollup "
                f"{mentioned.group(1)} ({rollup.kb})",
            )


def _check_dates(ctx: _Context, today: dt.date | None) -> None:
    newer: tuple[int, Rollup] | None = None
    for index, rollup in ctx.rollups():
        if rollup.released is None:
            continue
        here = ctx.at("rollups", index, "released")
        if today is not None and rollup.released.sort_key > (today.year, today.month, today.day):
            ctx.report.error(
                here,
                f"rollup {rollup.number} is released on {rollup.released}, "
                f"which is in the future (today is {today})",
            )
        if newer is not None:
            newer_rollup = newer[1]
            assert newer_rollup.released is not None
            if _comparable_after(rollup, newer_rollup):
                ctx.report.error(
                    here,
                    f"rollup {rollup.number} is released on {rollup.released}, after the newer rollup "
                    f"{newer_rollup.number} ({newer_rollup.released}, "
                    f"line {ctx.at('rollups', newer[0], 'released').line})",
                )
        newer = (index, rollup)


def _comparable_after(older: Rollup, newer: Rollup) -> bool:
    """Whether ``older`` is released strictly after ``newer``, at the precision both give."""
    assert older.released is not None and newer.released is not None
    a, b = older.released, newer.released
    if a.day is None or b.day is None:
        return (a.year, a.month) > (b.year, b.month)
    return a.sort_key > b.sort_key


def _check_component_versions(ctx: _Context) -> None:
    track = ctx.catalog.policy.track
    last: dict[tuple[str, str | None], tuple[Version, Rollup, int]] = {}
    for index in reversed(range(len(ctx.catalog.rollups))):
        rollup = ctx.catalog.rollups[index]
        for component, shipment in rollup.versions.items():
            entries = [(None, shipment.version)] if shipment.version else list(shipment.per_scenario.items())
            for scenario, version in entries:
                if version is None:
                    continue
                key = (component, scenario)
                older = last.get(key) or (last.get((component, None)) if scenario else None)
                if older is not None and version < older[0] and component != track:
                    where = ("rollups", index, "versions", component) + ((scenario,) if scenario else ())
                    ctx.report.error(
                        ctx.at(*where),
                        f"{_label(ctx, component, scenario)} {version} in rollup {rollup.number} is lower "
                        f"than {older[0]} in the older rollup {older[1].number} "
                        f"(line {ctx.at('rollups', older[2], 'versions', component).line}); "
                        "versions never go down",
                    )
                last[key] = (version, rollup, index)


def _label(ctx: _Context, component: str, scenario: str | None) -> str:
    name = next((c.name for c in ctx.catalog.components if c.id == component), component)
    return f"{name} ({scenario})" if scenario else name


def _check_agent_versions(ctx: _Context) -> None:
    policy = ctx.catalog.policy
    previous: tuple[AgentVersion, Rollup] | None = None
    for index in reversed(range(len(ctx.catalog.rollups))):
        rollup = ctx.catalog.rollups[index]
        version = agent_version(rollup, policy)
        if version is None:
            continue
        here = ctx.at("rollups", index, "versions", policy.track)
        if previous is not None:
            older, older_rollup = previous
            gap = distance(older, version)
            if version < older:
                ctx.report.error(
                    here,
                    f"the agent version goes backwards: rollup {rollup.number} ships {version}, "
                    f"but the older rollup {older_rollup.number} already shipped {older}",
                )
                continue
            if gap is None:
                ctx.report.warning(
                    here,
                    f"rollup {rollup.number} moves the agent from major version {older.major} to "
                    f"{version.major}; no upgrade path crosses a major version",
                )
            elif gap > policy.max_upgrade_gap:
                ctx.report.warning(
                    here,
                    f"rollup {rollup.number} ships agent {version}, {gap} versions after {older} "
                    f"(rollup {older_rollup.number}); no upgrade path can cross this gap, since one "
                    f"upgrade moves at most {policy.max_upgrade_gap} versions",
                )
        previous = (version, rollup)
