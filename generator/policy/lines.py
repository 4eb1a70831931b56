"""Release lines: which releases of the tracked component reached a reader's setup.

A scenario's *release line* is the rollups whose tracked version reaches it
(``DESIGN.md``, "Releases per scenario"): a single version reaches every
scenario that installs the tracked component, a per-scenario mapping only
the scenarios it maps to a version. A withdrawn rollup stays on the line as a
fact (it shipped that version) but is no release: never a hop target, never
``N``. Everything the policy computes (``N``, support, paths, the reboot
matrix) is computed on one line; :mod:`.snapshot` says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..catalog.model import AgentVersion, Catalog, Policy, Rollup, agent_version, scenario_agent_version


@dataclass(frozen=True)
class Line:
    """What of the tracked component reached one scenario (or, ``scenario`` ``None``, any scenario)."""

    scenario: str | None
    """The scenario; ``None`` for every release to any scenario (all of them when they share one line)."""
    versions: Mapping[int, AgentVersion]
    """Rollup number -> the agent version it shipped to the line, withdrawn rollups included."""
    withdrawn: frozenset[int]
    """The numbers of the rollups in ``versions`` that were withdrawn."""

    @cached_property
    def releases(self) -> Mapping[int, AgentVersion]:
        """Rollup number -> agent version, for the rollups of the line that were not withdrawn."""
        return {number: v for number, v in self.versions.items() if number not in self.withdrawn}

    def same_as(self, other: Line) -> bool:
        """Whether both lines hold the same rollups, versions and withdrawals (whatever their scenario)."""
        return self.versions == other.versions and self.withdrawn == other.withdrawn


def agent_scenarios(catalog: Catalog) -> tuple[str, ...]:
    """The ids of the scenarios that install the tracked component, in file order."""
    return tuple(s.id for s in catalog.scenarios_using(catalog.policy.track))


def release_line(rollups: Iterable[Rollup], policy: Policy, scenario: str | None) -> Line:
    """The line of ``scenario`` (a scenario that installs the tracked component) over ``rollups``.

    With ``scenario`` ``None``: every rollup that ships the tracked component
    to any scenario, at its agent version (:func:`~.catalog.model.agent_version`).
    """
    versions: dict[int, AgentVersion] = {}
    withdrawn: set[int] = set()
    for rollup in rollups:
        if scenario is None:
            version = agent_version(rollup, policy)
        else:
            version = scenario_agent_version(rollup, policy.track, scenario)
        if version is None:
            continue
        versions[rollup.number] = version
        if rollup.withdrawn is not None:
            withdrawn.add(rollup.number)
    return Line(scenario, versions, frozenset(withdrawn))


def group_lines(lines: Iterable[Line]) -> list[list[Line]]:
    """Lines grouped by :meth:`Line.same_as`, groups in the order of their first line."""
    groups: list[list[Line]] = []
    for line in lines:
        group = next((g for g in groups if g[0].same_as(line)), None)
        if group is None:
            groups.append([line])
        else:
            group.append(line)
    return groups
