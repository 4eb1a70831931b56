"""Page models: what every generated page says, built from a policy snapshot.

No engine and no template here: each page is a frozen dataclass of plain
values (:mod:`.views`), with the docs-relative Markdown path it is published
under and the template that words it. :func:`site_model` builds them all for
one snapshot; :mod:`.render` turns them into Markdown.

The pages of a snapshot (DESIGN.md, "What one snapshot contains"):

* ``supported-rollups.md``, ``reboot-matrix.md``;
* ``upgrade/<version>.md`` for every version that was ever a row of the
  reboot matrix up to this snapshot (an upgrade URL, once published, keeps
  existing; for old versions it says since when they are out of support),
  and ``upgrade/index.md``;
* ``rollups/<number>.md`` and ``rollups/index.md``;
* ``scenarios/<id>.md`` and ``scenarios/index.md``;
* the pages of the machine-readable outputs (the planner, ``feeds.md``)
  are theirs; the site adds them (:meth:`SiteModel.with_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from ..catalog.model import AgentVersion, Rollup, Scenario
from ..catalog.site_paths import SCENARIOS_INDEX
from ..policy.rules import Snapshot, matrix_rows, reboot_matrix, support_changes, upgrade_versions
from .answers import (
    ComponentRef,
    Hop,
    Install,
    Plan,
    RollupRef,
    RollupRow,
    ScenarioRef,
    SiteContext,
    Value,
    VersionPages,
    VersionRef,
    VersionStatus,
    component_installs,
    component_ref,
    plan,
    plan_of,
    rollup_ref,
    rollup_row,
    scenario_ref,
    site_context,
    supported_rollups,
    upgrade_page_path,
    version_slug,
    version_status,
)

# --- Upgrade pages -----------------------------------------------------------------


@dataclass(frozen=True)
class RebootAlternative:
    """The path when the last reboot was on an older version than the installed one."""

    last_reboot: str
    or_earlier: bool
    """This row stands for every older version too (they all need the same reboots)."""
    anchor: str
    plan: Plan
    differs: bool
    """Whether the reboots differ from those for a reboot on the installed version."""


@dataclass(frozen=True)
class UpgradePage:
    template: ClassVar[str] = "upgrade.md"
    path: str
    title: str
    version: str
    status: VersionStatus
    plan: Plan
    """From this version, last rebooted on it, to N."""
    alternatives: tuple[RebootAlternative, ...]
    shipped_by: tuple[RollupRef, ...]
    """Newest first."""
    scenarios: tuple[ScenarioRef, ...]
    """The procedures that upgrade the tracked component."""
    matrix_anchor: str
    """The row of the reboot matrix for this version, or empty when it is not a row."""


@dataclass(frozen=True)
class UpgradeIndexRow:
    version: VersionRef
    anchor: str
    status: VersionStatus
    plan: Plan


@dataclass(frozen=True)
class UpgradeIndexPage:
    template: ClassVar[str] = "upgrade-index.md"
    path: str
    title: str
    rows: tuple[UpgradeIndexRow, ...]
    """Newest version first."""


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
class MatrixRow:
    version: VersionRef
    anchor: str
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class RebootMatrixPage:
    template: ClassVar[str] = "reboot-matrix.md"
    path: str
    title: str
    targets: tuple[VersionRef, ...]
    rows: tuple[MatrixRow, ...]


# --- Rollups -------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportChangeView:
    """What publishing a rollup changed in the support policy."""

    agent: Value
    """The rollup's agent version, or why it has none."""
    new_latest: VersionRef | None
    """The new N, when the rollup raised it."""
    first: bool
    """The oldest rollup with a recorded agent version: it set the first N."""
    oldest_supported: str
    """The oldest supported version once the rollup was out (empty if it has no agent version)."""
    pushed_out: tuple[VersionRef, ...]
    """Versions supported before the rollup and not after it: the released ones, and
    every version with an upgrade page."""


@dataclass(frozen=True)
class RollupPage:
    template: ClassVar[str] = "rollup.md"
    path: str
    title: str
    row: RollupRow
    notes: str
    """Markdown from the catalog, rendered safely by the template."""
    change: SupportChangeView
    newer: RollupRef | None
    older: RollupRef | None
    withdrawn: str | None = None
    """Why the rollup was withdrawn (Markdown from the catalog), or ``None``."""


@dataclass(frozen=True)
class RollupsIndexPage:
    template: ClassVar[str] = "rollups-index.md"
    path: str
    title: str
    rows: tuple[RollupRow, ...]


@dataclass(frozen=True)
class SupportedRollupsPage:
    template: ClassVar[str] = "supported-rollups.md"
    path: str
    title: str
    columns: tuple[ComponentRef, ...]
    """The components any supported rollup records, in catalog order."""
    supported: tuple[RollupRow, ...]
    previous: tuple[RollupRow, ...]
    """Out of support."""
    not_recorded: tuple[RollupRow, ...]
    """No recorded agent version, so no support status."""


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


def site_model(snap: Snapshot) -> SiteModel:
    """Build the page model of every page the catalog's answers make (not those of the outputs)."""
    builder = _Builder(snap)
    matrix = builder.reboot_matrix()
    pages: list[Page] = [builder.supported_rollups(), matrix]
    upgrades = [builder.upgrade_page(v) for v in reversed(builder.pages.versions)]
    pages += [builder.upgrade_index(upgrades), *upgrades]
    pages += [builder.rollups_index(), *(builder.rollup_page(r) for r in snap.rollups)]
    pages += [builder.scenarios_index(), *(builder.scenario_page(s) for s in snap.catalog.scenarios)]
    return SiteModel(builder.context, builder.overview(matrix), tuple(pages), builder.pages)


class _Builder:
    """Builds the page models of one snapshot, sharing what several pages need."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.catalog = snap.catalog
        self.pages = VersionPages(upgrade_versions(snap))
        self.context = site_context(snap, self.pages)
        self.statuses = {v: version_status(snap, v) for v in self.pages.versions}
        self.changes = support_changes(snap)
        self.pushed_out_of_pages: dict[int, set[AgentVersion]] = {}
        """Rollup number -> the versions with a page that the rollup put out of support."""
        for version, status in self.statuses.items():
            if status.since is not None:
                self.pushed_out_of_pages.setdefault(status.since.number, set()).add(version)
        self.positions = {r.number: index for index, r in enumerate(snap.rollups)}
        self.matrix_rows = frozenset(matrix_rows(snap))
        self.rows = {r.number: rollup_row(snap, r, self.catalog.components, self.pages) for r in snap.rollups}
        self.supported = supported_rollups(snap)
        """The supported rollups, newest first (:func:`.answers.supported_rollups`)."""
        track = snap.policy.track
        self.agent_scenarios = tuple(scenario_ref(s) for s in self.catalog.scenarios if track in s.components)

    # --- versions

    def upgrade_page(self, version: AgentVersion) -> UpgradePage:
        snap = self.snap
        in_matrix = version in self.matrix_rows
        base = plan(snap, version)
        return UpgradePage(
            upgrade_page_path(version),
            f"Upgrading from {version}",
            str(version),
            self.statuses[version],
            base,
            self._alternatives(version, base),
            tuple(rollup_ref(r) for r in reversed(snap.shipped_by.get(version, ()))),
            self.agent_scenarios,
            f"from-{version_slug(version)}" if in_matrix else "",
        )

    def _alternatives(self, version: AgentVersion, base: Plan) -> tuple[RebootAlternative, ...]:
        """Paths for a last reboot 1 .. reboot_gap versions below ``version`` (``base``: last rebooted on it).

        A reboot ``reboot_gap`` or more versions back forces a reboot before
        the very first upgrade, so every earlier reboot gives the same path.
        """
        snap = self.snap
        if not base.found or not base.hops:
            return ()
        lowest = max(0, version.minor - snap.policy.reboot_gap)
        result = []
        for minor in range(version.minor - 1, lowest - 1, -1):
            reboot = AgentVersion(version.major, minor)
            alternative = plan(snap, version, None, reboot)
            result.append(
                RebootAlternative(
                    str(reboot),
                    minor == lowest and minor > 0,
                    f"last-reboot-{version_slug(reboot)}",
                    alternative,
                    alternative.text != base.text,
                )
            )
        return tuple(result)

    def upgrade_index(self, upgrades: list[UpgradePage]) -> UpgradeIndexPage:
        rows = tuple(
            UpgradeIndexRow(
                VersionRef(page.version, page.path), f"v-{version_slug(page.version)}", page.status, page.plan
            )
            for page in upgrades
        )
        return UpgradeIndexPage("upgrade/index.md", "Upgrade paths", rows)

    # --- the reboot matrix

    def reboot_matrix(self) -> RebootMatrixPage:
        matrix = reboot_matrix(self.snap)
        rows = []
        for row in matrix.rows:
            cells = []
            for target in matrix.targets:
                computed = matrix.cell(row, target)
                found = plan_of(self.snap, computed.path, row, row) if computed.path is not None else None
                cells.append(
                    MatrixCell(
                        str(target),
                        f"from-{version_slug(row)}-to-{version_slug(target)}",
                        computed.applicable,
                        computed.mandatory,
                        found.hops if found is not None else (),
                        found.reason if found is not None else "",
                    )
                )
            rows.append(MatrixRow(self.pages.ref(row), f"from-{version_slug(row)}", tuple(cells)))
        targets = tuple(self.pages.ref(t) for t in matrix.targets)
        return RebootMatrixPage("reboot-matrix.md", "Reboot matrix", targets, tuple(rows))

    # --- rollups

    def supported_rollups(self) -> SupportedRollupsPage:
        recorded = {c for r in self.supported for c in r.versions}
        keep = [i for i, c in enumerate(self.catalog.components) if c.id in recorded]

        def narrowed(row: RollupRow) -> RollupRow:
            return replace(row, cells=tuple(row.cells[i] for i in keep))

        rows = [self.rows[r.number] for r in self.snap.rollups]
        return SupportedRollupsPage(
            "supported-rollups.md",
            "Supported update rollups",
            tuple(component_ref(self.catalog.components[i]) for i in keep),
            tuple(narrowed(row) for row in rows if row.status == "supported"),
            tuple(row for row in rows if row.status == "out-of-support"),
            tuple(row for row in rows if row.status == "not-recorded"),
        )

    def rollups_index(self) -> RollupsIndexPage:
        rows = tuple(self.rows[r.number] for r in self.snap.rollups)
        return RollupsIndexPage("rollups/index.md", "Update rollups", rows)

    def rollup_page(self, rollup: Rollup) -> RollupPage:
        rollups = self.snap.rollups
        index = self.positions[rollup.number]
        newer = rollup_ref(rollups[index - 1]) if index > 0 else None
        older = rollup_ref(rollups[index + 1]) if index + 1 < len(rollups) else None
        row = self.rows[rollup.number]
        return RollupPage(
            row.rollup.path,
            rollup.title,
            row,
            rollup.notes,
            self._change(rollup),
            newer,
            older,
            rollup.withdrawn,
        )

    def _change(self, rollup: Rollup) -> SupportChangeView:
        agent = self.rows[rollup.number].agent
        change = self.changes.get(rollup.number)
        if change is None:  # no agent version on the line, or a withdrawn rollup: it changed nothing
            return SupportChangeView(agent, None, False, "", ())
        first = rollup.number == min(self.snap.agent_versions)
        paged = self.pushed_out_of_pages.get(rollup.number, set())
        # The oldest recorded rollup cannot tell what it pushed out: older versions are unknown.
        pushed = [] if first else sorted(paged | set(change.pushed_out))
        return SupportChangeView(
            agent,
            self.pages.ref(change.new_latest) if change.new_latest is not None else None,
            first,
            str(change.oldest_supported),
            tuple(self.pages.ref(v) for v in pushed),
        )

    # --- scenarios

    def scenario_page(self, scenario: Scenario) -> ScenarioPage:
        supported = self._supported_for(scenario)
        installs = component_installs(self.catalog, scenario, self.snap.rollups, supported)
        return ScenarioPage(
            scenario_ref(scenario).path,
            scenario.title,
            scenario_ref(scenario),
            scenario.summary,
            scenario.steps,
            tuple(NoteView(n.kind, n.text) for n in scenario.notes),
            tuple(i for i in installs if i.state == "current"),
            tuple(i for i in installs if i.state == "no-longer-shipped"),
            tuple(i for i in installs if i.state == "never-shipped"),
            self.snap.policy.track in scenario.components,
        )

    def _supported_for(self, scenario: Scenario) -> tuple[Rollup, ...]:
        """The supported rollups whose versions a reader of ``scenario`` installs, newest first.

        Every scenario shares the snapshot's supported rollups today; where a
        scenario has its own release line, this is the one place to ask for it.
        """
        return self.supported

    def _components(self, scenario: Scenario) -> tuple[ComponentRef, ...]:
        return tuple(component_ref(self.catalog.component(c)) for c in scenario.components)

    def scenarios_index(self) -> ScenariosIndexPage:
        rows = tuple(
            ScenarioIndexRow(scenario_ref(s), s.summary, self._components(s)) for s in self.catalog.scenarios
        )
        return ScenariosIndexPage(SCENARIOS_INDEX, "Upgrade procedures by scenario", rows)

    # --- the overview

    def overview(self, matrix: RebootMatrixPage) -> Overview:
        snap = self.snap
        start = snap.latest.plus(-(snap.policy.max_upgrade_gap + 1))
        if start.minor < 0:
            start = AgentVersion(start.major, 0)
        row = next((r for r in matrix.rows if r.version.version == str(start)), None)
        scenarios = tuple(scenario_ref(s) for s in self.catalog.scenarios)
        reach = start.plus(snap.policy.max_upgrade_gap)
        return Overview(plan(snap, start), self.pages.ref(start), str(reach), row, scenarios)
