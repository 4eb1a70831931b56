"""One snapshot's answers laid out as page models: :func:`site_model`.

The answers are computed once, one :class:`~.answers.Answers` per release
line (:func:`~.answers.snapshot_answers`); nothing here asks the policy. The
builder arranges them: where every scenario that installs the agent gets the
same answer, the page holds that one answer for every reader; where the
answers differ, one section or one reboot matrix per group of scenarios with
the same answer, each with an anchor of its own (``#scenario-<id>``, for
every scenario of the group), and tables mark what holds for some scenarios
only (:mod:`.legend`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..catalog.model import AgentVersion, Rollup, Scenario
from ..catalog.site_paths import SCENARIOS_INDEX
from ..policy.rules import Snapshot, last_reboot_row
from .answers import (
    ComponentRef,
    Plan,
    RollupRef,
    RollupRow,
    ScenarioRef,
    VersionRef,
    VersionStatus,
    component_installs,
    component_ref,
    rollup_ref,
    scenario_ref,
    upgrade_page_path,
    version_slug,
)
from .legend import legend
from .line_answers import (
    SHOWN_HOPS,
    Answers,
    Matrix,
    SnapshotAnswers,
    VersionAnswer,
    last_reboot_anchor,
    snapshot_answers,
)
from .lists import LIST_ROWS, ListPart, rollups_part, split, versions_part
from .models import (
    IndexAnswer,
    LineChange,
    LineStatus,
    MatrixCell,
    MatrixLink,
    MatrixRow,
    MatrixTable,
    MatrixVersion,
    NoteView,
    Onward,
    Overview,
    Page,
    RebootMatrixPage,
    RollupPage,
    RollupsIndexPage,
    ScenarioIndexRow,
    ScenarioPage,
    ScenariosIndexPage,
    SiteModel,
    SupportedRollupsPage,
    UpgradeIndexPage,
    UpgradeIndexRow,
    UpgradePage,
    UpgradeSection,
)

UPGRADE_INDEX = "upgrade/index.md"
ROLLUPS_INDEX = "rollups/index.md"


def site_model(snap: Snapshot, shown_hops: int = SHOWN_HOPS) -> SiteModel:
    """Build the page model of every page the catalog's answers make (not those of the outputs); an
    upgrade page shows up to ``shown_hops`` hops of a path, and where it goes on."""
    builder = _Builder(snapshot_answers(snap, shown_hops))
    matrix = builder.reboot_matrix()
    pages: list[Page] = [builder.supported_rollups(), matrix]
    upgrades = [builder.upgrade_page(v) for v in reversed(builder.pages.versions)]
    pages += [*builder.upgrade_indexes(upgrades), *upgrades]
    pages += [*builder.rollups_indexes(), *(builder.rollup_page(r) for r in snap.rollups)]
    pages += [builder.scenarios_index(), *(builder.scenario_page(s) for s in snap.catalog.scenarios)]
    return SiteModel(builder.context, builder.overview(matrix), tuple(pages), builder.pages)


class _Builder:
    """Lays out the answers of one snapshot as page models."""

    def __init__(self, answers: SnapshotAnswers) -> None:
        self.answers = answers
        self.snap = answers.snap
        self.catalog = answers.snap.catalog
        self.pages = answers.pages
        self.context = answers.context
        self.rows = answers.rows
        self.positions = {r.number: index for index, r in enumerate(self.snap.rollups)}
        self.matrices = answers.grouped(lambda a: a.matrix)
        """The reboot matrices: one per group of scenarios whose lines give the same one."""
        self._sections_of: dict[AgentVersion, list[tuple[tuple[ScenarioRef, ...], VersionAnswer]]] = {}
        self.listed_in: dict[int, str] = {}
        """Rollup number -> the page of a range of the rollups list that has its row, where the index
        does not (:meth:`rollups_indexes`)."""

    def _line(self, scenarios: Sequence[ScenarioRef]) -> Answers:
        """The answers of the line of ``scenarios[0]`` (the only line, for no scenario)."""
        if not scenarios:
            return self.answers.lines[0]
        return next(a for a in self.answers.lines if scenarios[0] in a.scenarios)

    # --- versions

    def upgrade_page(self, version: AgentVersion) -> UpgradePage:
        answers = self.answers
        return UpgradePage(
            upgrade_page_path(version),
            f"Upgrading from {version}",
            str(version),
            self._sections(version),
            answers.released_for.get(version, ()),
            answers.withdrawals.get(version, ()),
            answers.unreleased,
            answers.agent_scenarios,
        )

    def _groups(self, version: AgentVersion) -> list[tuple[tuple[ScenarioRef, ...], VersionAnswer]]:
        """The sections of ``version``'s page: the scenarios grouped by equal answers for it."""
        found = self._sections_of.get(version)
        if found is None:
            found = self._sections_of[version] = self.answers.grouped(lambda a: a.versions[version])
        return found

    def _sections(self, version: AgentVersion) -> tuple[UpgradeSection, ...]:
        """One section for every reader where the lines agree on ``version``, else one per group."""
        groups = self._groups(version)
        several = len(groups) > 1
        sections = []
        for scenarios, answer in groups:
            first = scenarios[0].id if several else ""
            plans = [(str(version), answer.plan), *((a.last_reboot, a.plan) for a in answer.alternatives)]
            onward = tuple((reboot, self._onward(p, scenarios)) for reboot, p in plans if p.more is not None)
            sections.append(
                UpgradeSection(
                    scenarios if several else (),
                    f"scenario-{first}" if several else "",
                    f"{first}-" if several else "",
                    self._line(scenarios).statement,
                    answer.status,
                    answer.plan,
                    answer.alternatives,
                    answer.shipped_by,
                    answer.withdrawn_by,
                    self._matrix_links(version, scenarios),
                    onward,
                )
            )
        return tuple(sections)

    def _onward(self, plan: Plan, scenarios: Sequence[ScenarioRef]) -> tuple[Onward, ...]:
        """Where ``plan``, shown in part to ``scenarios`` (empty: every reader), goes on: the row of its
        last reboot on the page of the version it reaches, in the section of each of them there."""
        more = plan.more
        assert more is not None
        version = AgentVersion.parse(more.version)
        row = last_reboot_row(version, AgentVersion.parse(more.last_reboot), self.snap.policy.reboot_gap)
        assert row is not None, "line_answers shows the whole path where no row answers"
        path, anchor = upgrade_page_path(version), last_reboot_anchor(row)
        groups = self._groups(version)
        if len(groups) == 1:
            return (Onward((), path, anchor),)
        ids = {s.id for s in (scenarios or self.answers.agent_scenarios)}
        links = tuple(
            Onward(tuple(s for s in group if s.id in ids), path, f"{group[0].id}-{anchor}")
            for group, _ in groups
            if any(s.id in ids for s in group)
        )
        return (replace(links[0], scenarios=()),) if len(links) == 1 else links

    def _matrix_links(
        self, version: AgentVersion, scenarios: Sequence[ScenarioRef]
    ) -> tuple[MatrixLink, ...]:
        """The row of ``version`` in each reboot matrix of ``scenarios`` that has it."""
        links = []
        ids = {s.id for s in scenarios}
        for group, matrix in self.matrices:
            if version not in matrix.rows or (ids and not ids & {s.id for s in group}):
                continue
            links.append(
                MatrixLink(
                    self._matrix_scenarios(group), f"{self._prefix(group)}from-{version_slug(version)}"
                )
            )
        return tuple(links)

    def upgrade_indexes(self, upgrades: list[UpgradePage]) -> list[UpgradeIndexPage]:
        """The upgrade index, and the pages of the older versions' ranges where the list is long."""
        rows = {
            page.version: UpgradeIndexRow(
                VersionRef(page.version, page.path),
                f"v-{version_slug(page.version)}",
                self._index_answers(AgentVersion.parse(page.version)),
                self._withdrawn_by(AgentVersion.parse(page.version)),
            )
            for page in upgrades
        }
        found = split(list(rows), lambda version: versions_part(AgentVersion.parse(version)))
        parts = tuple(part for part, _ in found.parts)
        pages = [self._upgrade_index(UPGRADE_INDEX, "Upgrade paths", [rows[v] for v in found.shown], parts)]
        for part, versions in found.parts:
            title = f"Upgrade paths from {part.first} to {part.last}"
            pages.append(self._upgrade_index(part.path, title, [rows[v] for v in versions], (), part))
        return [replace(page, total=len(rows)) for page in pages]

    def _upgrade_index(
        self,
        path: str,
        title: str,
        rows: list[UpgradeIndexRow],
        parts: tuple[ListPart, ...],
        part: ListPart | None = None,
    ) -> UpgradeIndexPage:
        marks = legend(s.scenarios for row in rows for s in row.answers)
        return UpgradeIndexPage(path, title, tuple(rows), marks, parts, part)

    def _index_answers(self, version: AgentVersion) -> tuple[IndexAnswer, ...]:
        """The version's answers, one per group of scenarios whose row reads differently: lines whose
        answers differ in what the index does not show (whether the version reached them, the rollups
        each step installs) share a row, and the version's page tells them apart."""
        first: dict[tuple[object, ...], VersionAnswer] = {}

        def shown(answers: Answers) -> tuple[object, ...]:
            answer = answers.versions[version]
            key = index_reading(answer.status, answer.plan)
            first.setdefault(key, answer)
            return key

        groups = self.answers.grouped(shown)
        several = len(groups) > 1
        rows = []
        for scenarios, key in groups:
            anchor = self._path_anchor(version, scenarios)
            rows.append(IndexAnswer(scenarios if several else (), first[key].status, first[key].plan, anchor))
        return tuple(rows)

    def _withdrawn_by(self, version: AgentVersion) -> tuple[RollupRef, ...]:
        return tuple(w.rollup for w in self.answers.withdrawals.get(version, ()))

    def _path_anchor(self, version: AgentVersion, scenarios: Sequence[ScenarioRef]) -> str:
        """The anchor of the path of ``scenarios`` on ``version``'s page; empty where its sections
        split them."""
        sections = self._groups(version)
        if len(sections) == 1:
            return "path"
        ids = {s.id for s in scenarios}
        found = [group for group, _ in sections if ids & {s.id for s in group}]
        return f"{found[0][0].id}-path" if len(found) == 1 else ""

    # --- the reboot matrix

    def _several_matrices(self) -> bool:
        return len(self.matrices) > 1

    def _matrix_scenarios(self, scenarios: tuple[ScenarioRef, ...]) -> tuple[ScenarioRef, ...]:
        return scenarios if self._several_matrices() else ()

    def _prefix(self, scenarios: Sequence[ScenarioRef]) -> str:
        """What the anchors of the matrix of ``scenarios`` start with: nothing, where it is the only one."""
        return f"{scenarios[0].id}-" if self._several_matrices() else ""

    def reboot_matrix(self) -> RebootMatrixPage:
        tables = tuple(self._matrix_table(scenarios, matrix) for scenarios, matrix in self.matrices)
        marked = [v for t in tables for v in (*t.targets, *(r.mark for r in t.rows if r.mark))]
        return RebootMatrixPage("reboot-matrix.md", "Reboot matrix", tables, legend(v.only for v in marked))

    def _matrix_table(self, scenarios: tuple[ScenarioRef, ...], matrix: Matrix) -> MatrixTable:
        prefix = self._prefix(scenarios)
        rows = []
        for row, cells in zip(matrix.rows, matrix.cells, strict=True):
            anchor = f"{prefix}from-{version_slug(row)}"
            shown = tuple(
                MatrixCell(
                    c.target,
                    f"{anchor}-to-{version_slug(c.target)}",
                    c.applicable,
                    c.mandatory,
                    c.hops,
                    c.reason,
                )
                for c in cells
            )
            rows.append(MatrixRow(self.pages.ref(row), anchor, shown, self._version_mark(row)))
        targets = tuple(self._version_mark(t) or MatrixVersion(self.pages.ref(t)) for t in matrix.targets)
        own = self._matrix_scenarios(scenarios)
        return MatrixTable(own, f"scenario-{own[0].id}" if own else "", targets, tuple(rows))

    def _version_mark(self, version: AgentVersion) -> MatrixVersion | None:
        """What marks ``version``: released for some scenarios only, withdrawn; ``None`` for neither."""
        only = self.answers.released_for.get(version, ())
        withdrawn = tuple(w.rollup for w in self.answers.withdrawals.get(version, ()))
        if not only and not withdrawn:
            return None
        return MatrixVersion(self.pages.ref(version), only, withdrawn)

    # --- rollups

    def supported_rollups(self) -> SupportedRollupsPage:
        supported = [r for r in self.snap.rollups if self.rows[r.number].status == "supported"]
        recorded = {c for r in supported for c in r.versions}
        keep = [i for i, c in enumerate(self.catalog.components) if c.id in recorded]

        def narrowed(row: RollupRow) -> RollupRow:
            return replace(row, cells=tuple(row.cells[i] for i in keep))

        rows = [self.rows[r.number] for r in self.snap.rollups]
        shown = tuple(narrowed(row) for row in rows if row.status == "supported")
        previous = [row for row in rows if row.status == "out-of-support"]
        not_recorded = [row for row in rows if row.status == "not-recorded"]
        # The newest of each list; the rollups list (its index and the pages of its ranges) has every one.
        return SupportedRollupsPage(
            "supported-rollups.md",
            "Supported update rollups",
            tuple(component_ref(self.catalog.components[i]) for i in keep),
            shown,
            tuple(previous[:LIST_ROWS]),
            tuple(not_recorded[:LIST_ROWS]),
            legend(_marked_sets(shown, support_first=True)),
            max(0, len(previous) - LIST_ROWS),
            max(0, len(not_recorded) - LIST_ROWS),
        )

    def rollups_indexes(self) -> list[RollupsIndexPage]:
        """The rollups index, and the pages of the older rollups' ranges where the list is long."""
        found = split([r.number for r in self.snap.rollups], rollups_part)
        shown = frozenset(found.shown)
        self.listed_in = {n: part.path for n, part in found.where.items() if n not in shown}
        parts = tuple(part for part, _ in found.parts)
        pages = [self._rollups_index(ROLLUPS_INDEX, "Update rollups", found.shown, parts)]
        for part, numbers in found.parts:
            title = f"Update rollups {part.first} to {part.last}"
            pages.append(self._rollups_index(part.path, title, numbers, (), part))
        return [replace(page, total=len(self.snap.rollups)) for page in pages]

    def _rollups_index(
        self,
        path: str,
        title: str,
        numbers: Sequence[int],
        parts: tuple[ListPart, ...],
        part: ListPart | None = None,
    ) -> RollupsIndexPage:
        rows = tuple(self.rows[number] for number in numbers)
        return RollupsIndexPage(path, title, rows, legend(_marked_sets(rows)), parts, part)

    def rollup_page(self, rollup: Rollup) -> RollupPage:
        rollups = self.snap.rollups
        index = self.positions[rollup.number]
        newer = rollup_ref(rollups[index - 1]) if index > 0 else None
        older = rollup_ref(rollups[index + 1]) if index + 1 < len(rollups) else None
        row = self.rows[rollup.number]
        number = rollup.number
        changes = self.answers.grouped(lambda a: a.changes[number])
        statuses = self.answers.grouped(lambda a: a.rows[number].status)
        return RollupPage(
            row.rollup.path,
            rollup.title,
            row,
            rollup.notes,
            tuple(LineChange(scenarios if len(changes) > 1 else (), change) for scenarios, change in changes),
            newer,
            older,
            rollup.withdrawn,
            tuple(LineStatus(s, status) for s, status in statuses) if len(statuses) > 1 else (),
            self.listed_in.get(number, ROLLUPS_INDEX),
        )

    # --- scenarios

    def scenario_page(self, scenario: Scenario) -> ScenarioPage:
        supported = self._supported_for(scenario)
        installs = component_installs(self.catalog, scenario, self.snap.rollups, supported)
        line = self.answers.line_of(scenario.id) if self.answers.several else None
        ref = scenario_ref(scenario)
        return ScenarioPage(
            ref.path,
            scenario.title,
            ref,
            scenario.summary,
            scenario.steps,
            tuple(NoteView(n.kind, n.text) for n in scenario.notes),
            tuple(i for i in installs if i.state == "current"),
            tuple(i for i in installs if i.state == "no-longer-shipped"),
            tuple(i for i in installs if i.state == "never-shipped"),
            self.snap.policy.track in scenario.components,
            replace(line.statement, scenarios=(ref,)) if line is not None else None,
            f"scenario-{scenario.id}" if line is not None and self._several_matrices() else "",
        )

    def _supported_for(self, scenario: Scenario) -> tuple[Rollup, ...]:
        """The supported rollups whose versions a reader of ``scenario`` installs, newest first.

        Those of the scenario's own release line when it installs the agent;
        for a scenario that does not, those of every release. A withdrawn
        rollup is installed by nobody: its downloads were taken down.
        """
        line = self.answers.line_of(scenario.id)
        refs = line.supported if line is not None else self.context.supported_rollups
        numbers = {ref.number for ref in refs}
        return tuple(r for r in self.snap.rollups if r.number in numbers and r.withdrawn is None)

    def _components(self, scenario: Scenario) -> tuple[ComponentRef, ...]:
        return tuple(component_ref(self.catalog.component(c)) for c in scenario.components)

    def scenarios_index(self) -> ScenariosIndexPage:
        rows = tuple(
            ScenarioIndexRow(scenario_ref(s), s.summary, self._components(s)) for s in self.catalog.scenarios
        )
        return ScenariosIndexPage(SCENARIOS_INDEX, "Upgrade procedures by scenario", rows)

    # --- the overview

    def overview(self, matrix: RebootMatrixPage) -> Overview:
        """The overview's example, from the first line where the lines differ."""
        line = self.answers.lines[0]
        example = line.example
        start = AgentVersion.parse(example.start)
        table = next(
            (t for t in matrix.tables if not t.scenarios or line.scenarios[0] in t.scenarios),
            matrix.tables[0],
        )
        row = next((r for r in table.rows if r.version.version == example.start), None)
        scenarios = tuple(scenario_ref(s) for s in self.catalog.scenarios)
        reach = start.plus(self.snap.policy.max_upgrade_gap)
        example_for = line.scenarios if self.answers.several else ()
        return Overview(example, self.pages.ref(start), str(reach), row, scenarios, example_for)


def index_reading(status: VersionStatus, plan: Plan) -> tuple[object, ...]:
    """What a row of the upgrade index shows of a version's answer: its status (not whether the version
    reached the line), and its path's text and target, with the number of upgrades where it is shown in
    part."""
    length = plan.total_hops if plan.more is not None else None
    return (replace(status, released=False), plan.reason, plan.text, plan.target, length)


def _marked_sets(rows: Iterable[RollupRow], support_first: bool = False) -> Iterable[tuple[ScenarioRef, ...]]:
    """The scenario sets a rollup table marks, in the order its columns show them."""
    for row in rows:
        yield from (row.supported_for, row.reached) if support_first else (row.reached, row.supported_for)
