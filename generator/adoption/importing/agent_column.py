"""Which column of a page is the agent's build line, the component ``policy.track`` follows.

A page in another language names its columns in words the import may not
know, so the tracked column is recognised by its values: the agent's builds
(``9.20.5051.1``, ``9.21.5091.1``) move ``major.minor`` up from rollup to
rollup in small steps, while the other components keep theirs (Provider
``5.1.x``, MARS ``2.0.x``). The column whose ``major.minor`` rises most often
within one major version is the agent's; on a tie, the one with the smaller
largest step, then the one shipped by more rollups, then the one whose heading
names the agent, then the leftmost. A page where no column rises gets an
error saying what was expected, and no guessed ``policy.track``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from ...catalog.diagnostics import Position, Report
from ...catalog.model import AgentVersion, Version
from .legacy_cells import component_for
from .legacy_tables import Column
from .rollup_trust import Merged

AGENT_COMPONENT = "unified_setup"
"""The known component whose heading names the agent (Unified Setup, Mobility agent, ...)."""


@dataclass(frozen=True)
class Candidate:
    """A version column and the agent version (``major.minor``) each rollup gives in it, oldest first."""

    column: Column
    builds: tuple[tuple[int, Version], ...]
    """Each rollup's build in the column (the highest of its scenarios), oldest first."""

    @property
    def agents(self) -> list[tuple[int, AgentVersion]]:
        return [(number, build.agent) for number, build in self.builds]

    @property
    def steps(self) -> list[int]:
        """How far ``minor`` moves up at each rise within one major version."""
        return [
            new.minor - old.minor
            for (_, old), (_, new) in pairwise(self.agents)
            if new.major == old.major and new.minor > old.minor
        ]

    @property
    def named_as_agent(self) -> bool:
        """Whether the heading names the agent in a language the import knows."""
        known = component_for(self.column.name)
        return known is not None and known[0] == AGENT_COMPONENT

    def rank(self, place: int) -> tuple[int, int, int, bool, int]:
        steps = self.steps
        return (len(steps), -max(steps, default=0), len(self.agents), self.named_as_agent, -place)

    def rise(self) -> str:
        """``rises from 9.18 in rollup 27 to 9.21 in rollup 32``."""
        (first_number, first), (last_number, last) = self.agents[0], self.agents[-1]
        return f"rises from {first} in rollup {first_number} to {last} in rollup {last_number}"

    def why_not(self) -> str:
        """Why this column does not look like the agent's build line."""
        name = f"'{self.column.name}'"
        if not self.agents:
            return f"{name} holds no version the import kept"
        if len(self.builds) == 1:
            number, build = self.builds[0]
            return f"{name} has a version in one rollup only ({build} in rollup {number})"
        agents = sorted({agent for _, agent in self.agents})
        if len(agents) == 1:
            return f"{name} stays at {agents[0]} over {len(self.agents)} rollups"
        return f"{name} changes only its major version ({' to '.join(map(str, agents))})"


@dataclass(frozen=True)
class TrackChoice:
    """The tracked component, or ``None`` with the best candidate to offer the user."""

    track: str | None
    column: Column | None
    reason: str
    """Why this column, for the catalog's comment; empty when its heading names the agent too."""


def choose_track(columns: list[Column], rollups: list[Merged], report: Report) -> TrackChoice:
    """The column whose values are the agent's build line, reporting a page where none is."""
    candidates = _candidates(columns, rollups)
    if not candidates:
        return TrackChoice(None, None, "")
    ranked = max(enumerate(candidates), key=lambda pair: pair[1].rank(pair[0]))[1]
    if not ranked.steps:
        _report_none(candidates, report)
        return TrackChoice(None, ranked.column, "")
    for other in candidates if not ranked.named_as_agent else []:
        if other.named_as_agent:
            report.warning(
                other.column.at,
                f"the column '{other.column.name}' is named like the agent, but the agent's build line is "
                f"the column '{ranked.column.name}' at {ranked.column.at.line}:{ranked.column.at.col}, "
                f"whose major.minor {ranked.rise()} ({_why_not_this(other)}); policy.track follows "
                f"'{ranked.column.name}'",
            )
    reason = (
        "" if ranked.named_as_agent else f" (recognised by its versions: their major.minor {ranked.rise()})"
    )
    return TrackChoice(ranked.column.component, ranked.column, reason)


def _why_not_this(candidate: Candidate) -> str:
    steps = candidate.steps
    if not steps:
        return candidate.why_not()
    return f"'{candidate.column.name}' rises {len(steps)} time{'s' if len(steps) != 1 else ''}"


def _candidates(columns: list[Column], rollups: list[Merged]) -> list[Candidate]:
    first: dict[str, Column] = {}
    for column in columns:
        first.setdefault(column.component, column)
    return [Candidate(column, _builds(column.component, rollups)) for column in first.values()]


def _builds(component: str, rollups: list[Merged]) -> tuple[tuple[int, Version], ...]:
    found: list[tuple[int, Version]] = []
    for rollup in reversed(rollups):
        value = rollup.values.get(component)
        if value is not None and value.versions:
            found.append((rollup.number, max(value.versions.values())))
    return tuple(found)


def _report_none(candidates: list[Candidate], report: Report) -> None:
    at: Position = candidates[0].column.at
    report.error(
        at,
        "found no column of agent versions: expected a column whose major.minor rises from rollup to "
        "rollup, as the agent's build line does (such as 9.20.5051.1 in rollup 31, then 9.21.5091.1 in "
        f"rollup 32), but {'; '.join(c.why_not() for c in candidates)}; the import leaves policy.track "
        "for you to set",
    )
