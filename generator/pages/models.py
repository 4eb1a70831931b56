"""Page models: what every generated page says, as plain values.

No engine and no template here: each page is a frozen dataclass of plain
values (:mod:`.answers`), with the docs-relative Markdown path it is
published under and the template that words it. :mod:`.layout` builds them
all for one snapshot; :mod:`.render` turns them into Markdown.

The pages of a snapshot (DESIGN.md, "What one snapshot contains"):

* ``supported-rollups.md``, ``reboot-matrix.md``;
* ``upgrade/<version>.md`` for every version that was ever a row of the
  reboot matrix up to this snapshot (an upgrade URL, once published, keeps
  existing; for old versions it says since when they are out of support),
  and ``upgrade/index.md`` (with ``upgrade/<first>-to-<last>.md`` for the
  ranges of older versions, where there are more than :data:`.lists.LIST_ROWS`);
* ``rollups/<number>.md`` and ``rollups/index.md`` (with the pages of ranges
  ``rollups/<first>-to-<last>.md``, likewise);
* ``scenarios/<id>.md`` and ``scenarios/index.md``;
* the pages of the machine-readable outputs (the planner, ``feeds.md``)
  are theirs; the site adds them (:meth:`SiteModel.with_pages`).

Where the scenarios that install the agent have different release lines
and their answers differ, a page holds one answer per group of scenarios
(an upgrade page's sections, one reboot matrix per group), and tables mark
what holds for some scenarios only (:mod:`.legend`); where every scenario
gets the same answer, a page holds that one answer, as before lines existed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from .answers import (
    ComponentRef,
    Hop,
    Install,
    LineStatement,
    Plan,
    RollupRef,
    RollupRow,
    RollupStatus,
    ScenarioRef,
    SiteContext,
    VersionPages,
    VersionRef,
    VersionStatus,
)
from .legend import Legend
from .line_answers import RebootAlternative, SupportChangeView, Withdrawal
from .lists import ListPart

# --- Upgrade pages -----------------------------------------------------------------


@dataclass(frozen=True)
class MatrixLink:
    """Where a version's row is in the reboot matrix: the matrix of ``scenarios`` (empty: the only one)."""

    scenarios: tuple[ScenarioRef, ...]
    anchor: str


@dataclass(frozen=True)
class Onward:
    """Where a path shown in part goes on, for ``scenarios`` (empty: every reader of the section): the
    row of the last reboot then, on the upgrade page of the version its shown hops reach."""

    scenarios: tuple[ScenarioRef, ...]
    path: str
    anchor: str


@dataclass(frozen=True)
class UpgradeSection:
    """The answer for a version to one group of scenarios, or to every reader (``scenarios`` empty)."""

    scenarios: tuple[ScenarioRef, ...]
    anchor: str
    """``scenario-<id>`` of the first scenario; empty for every reader."""
    prefix: str
    """What the section's own anchors start with (``<id>-``), so two sections never share one."""
    line: LineStatement
    """The line's ``N`` and what it supports."""
    status: VersionStatus
    plan: Plan
    """From this version, last rebooted on it, to N of the line."""
    alternatives: tuple[RebootAlternative, ...]
    shipped_by: tuple[RollupRef, ...]
    """Newest first."""
    withdrawn_by: tuple[RollupRef, ...]
    """The rollups that shipped the version and were withdrawn, newest first."""
    matrix: tuple[MatrixLink, ...]
    """The version's row in each reboot matrix of the section's scenarios (none where it is no row)."""
    onward: tuple[tuple[str, tuple[Onward, ...]], ...] = ()
    """Last reboot -> where its path goes on (:meth:`onward_for`), for the paths shown in part."""

    @property
    def others(self) -> tuple[ScenarioRef, ...]:
        """The scenarios after the first: each gets an anchor of its own beside the section's."""
        return self.scenarios[1:]

    def onward_for(self, last_reboot: str) -> tuple[Onward, ...]:
        """Where the path for a last reboot on ``last_reboot`` goes on (``plan``: on the section's
        version); empty where the section shows the whole path."""
        return next((links for reboot, links in self.onward if reboot == last_reboot), ())


@dataclass(frozen=True)
class UpgradePage:
    template: ClassVar[str] = "upgrade.md"
    path: str
    title: str
    version: str
    sections: tuple[UpgradeSection, ...]
    """One, for every reader, where every scenario gets the same answer; else one per group of
    scenarios with the same answer."""
    released_for: tuple[ScenarioRef, ...]
    """The scenarios the version was released to, where that is some but not all of those that
    install the agent; empty otherwise."""
    withdrawals: tuple[Withdrawal, ...]
    """Where the version was withdrawn (released to no scenario): the rollups that shipped it."""
    unreleased: tuple[ScenarioRef, ...]
    """Scenarios that install the agent and had no release of it yet."""
    scenarios: tuple[ScenarioRef, ...]
    """The procedures that upgrade the tracked component."""

    @property
    def status(self) -> VersionStatus:
        """The status in the first section (every reader's, with one section)."""
        return self.sections[0].status

    @property
    def plan(self) -> Plan:
        return self.sections[0].plan

    @property
    def alternatives(self) -> tuple[RebootAlternative, ...]:
        return self.sections[0].alternatives

    @property
    def shipped_by(self) -> tuple[RollupRef, ...]:
        return self.sections[0].shipped_by

    @property
    def matrix_anchor(self) -> str:
        """The row of the reboot matrix for this version (first section), or empty when it is not a row."""
        links = self.sections[0].matrix
        return links[0].anchor if links else ""


@dataclass(frozen=True)
class IndexAnswer:
    """A version's status and path to N for ``scenarios`` (empty: for every reader)."""

    scenarios: tuple[ScenarioRef, ...]
    status: VersionStatus
    plan: Plan
    anchor: str = "path"
    """Where the version's page gives this path (empty: the page, whose sections split these scenarios)."""


@dataclass(frozen=True)
class UpgradeIndexRow:
    version: VersionRef
    anchor: str
    answers: tuple[IndexAnswer, ...]
    """One, or one per group of scenarios whose status and path read differently in the index."""
    withdrawn: tuple[RollupRef, ...] = ()
    """The rollups that shipped the version and were withdrawn (the index marks the version so)."""

    @property
    def status(self) -> VersionStatus:
        return self.answers[0].status

    @property
    def plan(self) -> Plan:
        return self.answers[0].plan


@dataclass(frozen=True)
class UpgradeIndexPage:
    """The upgrade paths of every version (:mod:`.lists`: of the newest, or of one range of them)."""

    template: ClassVar[str] = "upgrade-index.md"
    path: str
    title: str
    rows: tuple[UpgradeIndexRow, ...]
    """Newest version first."""
    legend: Legend
    parts: tuple[ListPart, ...] = ()
    """On the index of a long list: the pages of the older versions' ranges, newest first."""
    part: ListPart | None = None
    """On the page of a range: that range; ``None`` on the index itself."""
    total: int = 0
    """How many versions the whole list holds."""


# --- The reboot matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    target: str
    anchor: str
    applicable: bool
    """False where the target is not newer than the last-reboot version."""
    mandatory: bool
    hops: tuple[Hop, ...]
    """The path from the row's version to the target, last rebooted on the row's version."""
    reason: str
    """Why there is no path to the target; empty when there is one or the cell is not applicable."""


@dataclass(frozen=True)
class MatrixVersion:
    """A row's or a column's version, and what marks it: released for some scenarios only, withdrawn."""

    version: VersionRef
    only: tuple[ScenarioRef, ...] = ()
    withdrawn: tuple[RollupRef, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    version: VersionRef
    anchor: str
    cells: tuple[MatrixCell, ...]
    mark: MatrixVersion | None = None
    """What marks the row's version, if anything does."""


@dataclass(frozen=True)
class MatrixTable:
    """One reboot matrix: for every reader (``scenarios`` empty), or for a group of scenarios."""

    scenarios: tuple[ScenarioRef, ...]
    anchor: str
    """``scenario-<id>`` of the first scenario; empty for every reader."""
    targets: tuple[MatrixVersion, ...]
    rows: tuple[MatrixRow, ...]

    @property
    def others(self) -> tuple[ScenarioRef, ...]:
        return self.scenarios[1:]


@dataclass(frozen=True)
class RebootMatrixPage:
    template: ClassVar[str] = "reboot-matrix.md"
    path: str
    title: str
    tables: tuple[MatrixTable, ...]
    """One where every scenario has the same matrix, else one per group of scenarios."""
    legend: Legend

    @property
    def targets(self) -> tuple[VersionRef, ...]:
        """The first matrix's targets."""
        return tuple(t.version for t in self.tables[0].targets)

    @property
    def rows(self) -> tuple[MatrixRow, ...]:
        """The first matrix's rows."""
        return self.tables[0].rows


# --- Rollups -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """What a rollup changed on the lines of ``scenarios`` (empty: on every reader's line)."""

    scenarios: tuple[ScenarioRef, ...]
    change: SupportChangeView


@dataclass(frozen=True)
class LineStatus:
    """A rollup's status for ``scenarios``."""

    scenarios: tuple[ScenarioRef, ...]
    status: RollupStatus


@dataclass(frozen=True)
class RollupPage:
    template: ClassVar[str] = "rollup.md"
    path: str
    title: str
    row: RollupRow
    notes: str
    """Markdown from the catalog, rendered safely by the template."""
    changes: tuple[LineChange, ...]
    """One, for every reader, where every line says the same; else one per group of scenarios."""
    newer: RollupRef | None
    older: RollupRef | None
    withdrawn: str | None = None
    """Why the rollup was withdrawn (Markdown from the catalog), or ``None``."""
    statuses: tuple[LineStatus, ...] = ()
    """Where the rollup's status differs between scenarios: one per group of them; else empty."""
    listed_in: str = "rollups/index.md"
    """The page of the rollups list that has the rollup's row (:mod:`.lists`)."""

    @property
    def change(self) -> SupportChangeView:
        """What the rollup changed (on the first line, with several)."""
        return self.changes[0].change


@dataclass(frozen=True)
class RollupsIndexPage:
    """Every rollup (:mod:`.lists`: the newest, or those of one range of numbers)."""

    template: ClassVar[str] = "rollups-index.md"
    path: str
    title: str
    rows: tuple[RollupRow, ...]
    legend: Legend
    parts: tuple[ListPart, ...] = ()
    """On the index of a long list: the pages of the older rollups' ranges, newest first."""
    part: ListPart | None = None
    """On the page of a range: that range; ``None`` on the index itself."""
    total: int = 0
    """How many rollups the whole list holds."""


@dataclass(frozen=True)
class SupportedRollupsPage:
    template: ClassVar[str] = "supported-rollups.md"
    path: str
    title: str
    columns: tuple[ComponentRef, ...]
    """The components any supported rollup records, in catalog order."""
    supported: tuple[RollupRow, ...]
    """Supported for some scenario at least."""
    previous: tuple[RollupRow, ...]
    """Out of support."""
    not_recorded: tuple[RollupRow, ...]
    """No recorded agent version, so no support status."""
    legend: Legend
    previous_more: int = 0
    """How many older rollups out of support ``previous`` leaves to the rollups list (:mod:`.lists`)."""
    not_recorded_more: int = 0
    """How many older rollups with no recorded version ``not_recorded`` leaves to the rollups list."""


# --- Scenarios --------------------------------------------------------------------


@dataclass(frozen=True)
class NoteView:
    kind: str
    text: str


@dataclass(frozen=True)
class ScenarioPage:
    template: ClassVar[str] = "scenario.md"
    path: str
    title: str
    scenario: ScenarioRef
    summary: str
    steps: tuple[str, ...]
    notes: tuple[NoteView, ...]
    installs: tuple[Install, ...]
    """The components a supported rollup ships, each at the newest version one ships."""
    retired: tuple[Install, ...]
    """The components no supported rollup ships, with the rollup that last shipped them."""
    never_shipped: tuple[Install, ...]
    """The components no rollup is known to ship."""
    tracks_agent: bool
    """The procedure upgrades the tracked component, so the reboot rule applies."""
    line: LineStatement | None = None
    """Where the scenarios' release lines differ: this scenario's ``N`` and what it supports."""
    matrix_anchor: str = ""
    """Where the lines differ: this scenario's reboot matrix (``scenario-<id>``)."""


@dataclass(frozen=True)
class ScenarioIndexRow:
    scenario: ScenarioRef
    summary: str
    components: tuple[ComponentRef, ...]


@dataclass(frozen=True)
class ScenariosIndexPage:
    template: ClassVar[str] = "scenarios-index.md"
    path: str
    title: str
    rows: tuple[ScenarioIndexRow, ...]


# --- The whole snapshot ---------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What the hand-written overview (``content/index.md``) draws on, all of it computed.

    ``example`` is the path from one version beyond a single upgrade
    (``N - max_upgrade_gap - 1``: 9.16 when N is 9.21, the seed's example),
    ``example_row`` that version's row of the reboot matrix, if it is one.
    """

    example: Plan
    example_start: VersionRef
    """``example.start`` and its upgrade page (``path`` is empty when it has none)."""
    example_reach: str
    """The highest version one upgrade from ``example.start`` may reach."""
    example_row: MatrixRow | None
    scenarios: tuple[ScenarioRef, ...]
    example_for: tuple[ScenarioRef, ...] = ()
    """Where the scenarios' lines differ: the scenarios whose line the example is taken from."""


class Page(Protocol):
    """A page model: the docs-relative Markdown path it is published under and the template that words it."""

    template: ClassVar[str]

    @property
    def path(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class SiteModel:
    """Every generated page of one snapshot, and what the prose pages draw on."""

    context: SiteContext
    overview: Overview
    pages: tuple[Page, ...]
    versions: VersionPages
    """The versions with an upgrade page, which pages of other stages link to."""

    def with_pages(self, *pages: Page) -> SiteModel:
        """This model with ``pages`` added after its own."""
        return replace(self, pages=(*self.pages, *pages))
