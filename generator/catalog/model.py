"""The rollup catalog: the single source of truth, as typed, immutable values.

These classes hold what ``data/rollups.yaml`` says and nothing that follows
from it; what follows (N, support, paths) is computed in :mod:`.policy`.
Reading and checking the YAML lives in :mod:`.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

VERSION_PART_DIGITS = 9
"""A version part has at most this many digits (up to 999,999,999): real builds have five, and every
part stays an exact number wherever it is computed with (a JavaScript number is exact below 2**53)."""
_PART = f"[0-9]{{1,{VERSION_PART_DIGITS}}}"
VERSION_PATTERN = re.compile(rf"^{_PART}(?:\.{_PART}){{1,3}}$")
AGENT_VERSION_PATTERN = re.compile(rf"^({_PART})\.({_PART})$")
MAX_ROLLUP_NUMBER = 99_999
"""The highest rollup number: far beyond any product's history, short enough for a folder name."""
MAX_POLICY_NUMBER = 50
"""The highest support window, upgrade gap and reboot gap: real policies say 4; the reboot matrix and
the upgrade pages grow with these numbers, so they stay bounded."""


@dataclass(frozen=True, order=True)
class Version:
    """A component version such as ``9.21.5091.1``, compared numerically."""

    parts: tuple[int, ...]
    text: str = field(compare=False)

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse dot-separated numbers; raise ``ValueError`` on anything else."""
        if not VERSION_PATTERN.fullmatch(text):
            raise ValueError(text)
        return cls(tuple(int(part) for part in text.split(".")), text)

    @property
    def agent(self) -> AgentVersion:
        """The ``major.minor`` agent version of this build."""
        return AgentVersion(self.parts[0], self.parts[1])

    def __str__(self) -> str:
        return self.text


class AgentVersion(NamedTuple):
    """``major.minor`` of the tracked component, the unit of the support policy."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> AgentVersion:
        """Parse ``9.16``; raise ``ValueError`` on anything else."""
        match = AGENT_VERSION_PATTERN.match(text.strip())
        if not match:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    def plus(self, minors: int) -> AgentVersion:
        return AgentVersion(self.major, self.minor + minors)


class ReleaseDate(NamedTuple):
    """A release date, possibly known by month only (``day`` is then ``None``)."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Month-only dates sort as the first day of their month."""
        return (self.year, self.month, self.day or 1)

    @property
    def date(self) -> dt.date | None:
        """The day, when it is known; a month-only date names no day."""
        return None if self.day is None else dt.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class Shipment:
    """What one rollup ships of one component.

    ``version`` is the single version, or ``None`` when the component is not
    shipped ("NA"); ``per_scenario`` is set instead when versions differ per
    scenario (a scenario mapped to ``None`` does not get the component).
    """

    version: Version | None = None
    per_scenario: Mapping[str, Version | None] = field(default_factory=dict)

    @property
    def shipped(self) -> bool:
        return self.version is not None or any(v is not None for v in self.per_scenario.values())

    def versions(self) -> Iterator[Version]:
        """Every version shipped, whatever the scenario."""
        if self.version is not None:
            yield self.version
        yield from (v for v in self.per_scenario.values() if v is not None)


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Rollup:
    """One update rollup. A component missing from ``versions`` is unknown, not absent.

    ``withdrawn`` says why the rollup was withdrawn (Markdown), or is ``None``:
    a withdrawn rollup stays in the catalog and in the history, but its
    versions are never offered as an upgrade.
    """

    number: int
    versions: Mapping[str, Shipment]
    released: ReleaseDate | None = None
    kb: str | None = None
    notes: str = ""
    withdrawn: str | None = None

    @property
    def title(self) -> str:
        return f"Update Rollup {self.number}"

    @property
    def slug(self) -> str:
        return str(self.number)


@dataclass(frozen=True)
class Note:
    """A callout in a scenario: ``kind`` is ``note``, ``important``, ``warning`` or ``tip``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Scenario:
    """A deployment scenario and its ordered upgrade procedure (Markdown steps)."""

    id: str
    title: str
    components: tuple[str, ...]
    steps: tuple[str, ...]
    summary: str = ""
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Policy:
    """The support rules; every figure the site shows about policy comes from here.

    The three numbers are from 1 to :data:`MAX_POLICY_NUMBER` (the validator says so).
    """

    track: str
    track_scenario: str | None = None
    support_window: int = 4
    window_includes_boundary: bool = True
    max_upgrade_gap: int = 4
    reboot_gap: int = 4


@dataclass(frozen=True)
class Product:
    name: str
    agent_name: str
    vendor: str = ""
    docs_url: str | None = None
    site_url: str | None = None


@dataclass(frozen=True)
class Catalog:
    """The whole catalog; ``rollups`` are newest first, as in the file."""

    product: Product
    policy: Policy
    components: tuple[Component, ...]
    rollups: tuple[Rollup, ...]
    scenarios: tuple[Scenario, ...]

    def as_of(self, number: int) -> Catalog:
        """The catalog as it stood when rollup ``number`` was the newest: no later rollup."""
        return replace(self, rollups=tuple(r for r in self.rollups if r.number <= number))

    def component(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)

    def rollup(self, number: int) -> Rollup:
        return next(r for r in self.rollups if r.number == number)

    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == scenario_id)

    def scenarios_using(self, component_id: str) -> tuple[Scenario, ...]:
        """The scenarios that install ``component_id`` (it is in their ``components``), in file order."""
        return tuple(s for s in self.scenarios if component_id in s.components)


def agent_version(rollup: Rollup, policy: Policy) -> AgentVersion | None:
    """``major.minor`` of the tracked component in ``rollup``, or ``None`` if not shipped/known."""
    shipment = rollup.versions.get(policy.track)
    if shipment is None:
        return None
    if shipment.version is not None:
        return shipment.version.agent
    if policy.track_scenario is not None:
        version = shipment.per_scenario.get(policy.track_scenario)
        return version.agent if version is not None else None
    agents = [v.agent for v in shipment.versions()]
    return max(agents) if agents else None


def scenario_agent_version(rollup: Rollup, track: str, scenario: str) -> AgentVersion | None:
    """``major.minor`` of the tracked component ``track`` as ``rollup`` ships it to ``scenario``.

    ``scenario`` is one that installs the component. A single version reaches
    every such scenario; a per-scenario mapping reaches only the scenarios it
    maps to a version (one left out, or mapped to ``null``, did not get that
    release). ``None`` also when the component is not shipped or not recorded.
    """
    shipment = rollup.versions.get(track)
    if shipment is None:
        return None
    if shipment.version is not None:
        return shipment.version.agent
    version = shipment.per_scenario.get(scenario)
    return version.agent if version is not None else None


def distance(older: AgentVersion, newer: AgentVersion) -> int | None:
    """``newer - older`` in minor versions, or ``None`` across majors."""
    if older.major != newer.major:
        return None
    return newer.minor - older.minor
