"""The policy's answers as plain values that pages show: references, versions, plans, statuses.

Every page model in :mod:`.pages` is assembled from these. They hold strings
and numbers only (no catalog objects), so templates and tests read them
directly. Nothing here decides policy: :mod:`.policy` does; this module
words nothing either: the templates do.

:func:`snapshot_answers` asks the policy once per snapshot: one
:class:`Answers` per release line (one for every reader where the scenarios
that install the agent share a line), which :mod:`.layout` lays out as pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from ..catalog.model import (
    AgentVersion,
    Catalog,
    Component,
    ReleaseDate,
    Rollup,
    Scenario,
    Shipment,
    Version,
    distance,
)
from ..catalog.site_paths import scenario_page_path
from ..policy.rules import (
    NoPath,
    Snapshot,
    UpgradePath,
    agent_scenarios,
    lines,
    matrix_rows,
    plan_upgrade,
    reboot_matrix,
    support_changes,
    upgrade_versions,
)

ValueState = Literal["version", "not-shipped", "not-recorded"]
VersionState = Literal["latest", "supported", "unsupported", "newer"]
"""``newer``: above ``N`` of the line, so never released to it (a version another line got)."""
RollupStatus = Literal["supported", "out-of-support", "not-recorded"]
"""A rollup's support status; ``not-recorded`` when its agent version is unknown, so it has none."""


def version_slug(version: AgentVersion | str) -> str:
    """``9.16`` -> ``9-16``, for anchors."""
    return str(version).replace(".", "-")


def upgrade_page_path(version: AgentVersion | str) -> str:
    return f"upgrade/{version}.md"


def rollup_page_path(number: int) -> str:
    return f"rollups/{number}.md"


def rollup_anchor(number: int) -> str:
    return f"ur-{number}"


# --- References -------------------------------------------------------------------


@dataclass(frozen=True)
class RollupRef:
    """A rollup as a link target: its page, and its row anchor in every rollup table."""

    number: int
    title: str
    path: str
    anchor: str


@dataclass(frozen=True)
class VersionRef:
    """An agent version and its upgrade page (``path`` is empty when it has none)."""

    version: str
    path: str


@dataclass(frozen=True)
class ScenarioRef:
    id: str
    title: str
    path: str


@dataclass(frozen=True)
class ComponentRef:
    id: str
    name: str
    description: str


def rollup_ref(rollup: Rollup) -> RollupRef:
    number = rollup.number
    return RollupRef(number, rollup.title, rollup_page_path(number), rollup_anchor(number))


def scenario_ref(scenario: Scenario) -> ScenarioRef:
    return ScenarioRef(scenario.id, scenario.title, scenario_page_path(scenario.id))


def component_ref(component: Component) -> ComponentRef:
    return ComponentRef(component.id, component.name, component.description)


class VersionPages:
    """Which agent versions have an upgrade page, to link a version only where a page exists."""

    def __init__(self, versions: tuple[AgentVersion, ...]) -> None:
        self.versions = versions
        self._set = frozenset(versions)

    def ref(self, version: AgentVersion) -> VersionRef:
        path = upgrade_page_path(version) if version in self._set else ""
        return VersionRef(str(version), path)


# --- Component values ---------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One component version as the catalog gives it: a version, not shipped, or not recorded."""

    state: ValueState
    version: str = ""


@dataclass(frozen=True)
class ScenarioValue:
    scenario: ScenarioRef
    value: Value


@dataclass(frozen=True)
class Cell:
    """What one rollup ships of one component: one value, or one per scenario.

    With ``per_scenario`` set, ``value`` only says whether any scenario gets
    the component (state ``version``, no version text) or none does.
    """

    component: ComponentRef
    value: Value
    per_scenario: tuple[ScenarioValue, ...] = ()

    @property
    def shared(self) -> Value | None:
        """The value every scenario of ``per_scenario`` gets, where they all get the same one."""
        values = {item.value for item in self.per_scenario}
        return next(iter(values)) if len(values) == 1 else None


NOT_RECORDED = Value("not-recorded")
NOT_SHIPPED = Value("not-shipped")


def shipment_value(shipment: Shipment | None) -> Value:
    """The single value of a shipment (for per-scenario shipments see :func:`cell`)."""
    return NOT_RECORDED if shipment is None else _version_value(shipment.version)


def _version_value(version: Version | None) -> Value:
    """A shipped version, or ``None``: not shipped."""
    return Value("version", str(version)) if version is not None else NOT_SHIPPED


def cell(catalog: Catalog, rollup: Rollup, component: Component) -> Cell:
    """What ``rollup`` ships of ``component``: a missing key is "not recorded", null "not shipped"."""
    shipment = rollup.versions.get(component.id)
    if shipment is None or not shipment.per_scenario:
        return Cell(component_ref(component), shipment_value(shipment))
    titles = {s.id: s for s in catalog.scenarios}
    per_scenario = tuple(
        ScenarioValue(
            scenario_ref(titles[sid]) if sid in titles else ScenarioRef(sid, sid, ""),
            _version_value(version),
        )
        for sid, version in shipment.per_scenario.items()
    )
    return Cell(component_ref(component), Value("version") if shipment.shipped else NOT_SHIPPED, per_scenario)


def scenario_value(rollup: Rollup, component: Component, scenario_id: str) -> Value:
    """The version ``rollup`` ships of ``component`` for one scenario, a scenario that installs it.

    A per-scenario mapping that leaves the scenario out did not ship the
    component to it (``DESIGN.md``, "Releases per scenario"): "not shipped",
    as ``null`` says explicitly; only a missing component key is "not recorded".
    """
    shipment = rollup.versions.get(component.id)
    if shipment is None or not shipment.per_scenario:
        return shipment_value(shipment)
    return _version_value(shipment.per_scenario.get(scenario_id))


# --- Components over time -----------------------------------------------------------

InstallState = Literal["current", "no-longer-shipped", "never-shipped"]


@dataclass(frozen=True)
class Install:
    """One component of a scenario over time: the version to install, or why there is none.

    ``current``: a supported rollup ships it; ``value`` is the newest version
    a supported rollup ships, ``rollup`` the newest supported rollup shipping
    that version. ``no-longer-shipped``: no supported rollup ships it;
    ``value`` and ``rollup`` are the last version shipped and the rollup that
    shipped it. ``never-shipped``: no rollup is known to ship it; ``value``
    says whether rollups record it as not shipped or not at all.
    """

    component: ComponentRef
    state: InstallState
    value: Value
    rollup: RollupRef | None
    in_supported: Value
    """What the supported rollups say of a component they do not ship: not
    shipped (one of them at least says so) or not recorded (none says
    anything); the version itself for a current component."""


def component_installs(
    catalog: Catalog, scenario: Scenario, rollups: tuple[Rollup, ...], supported: tuple[Rollup, ...]
) -> tuple[Install, ...]:
    """Every component of ``scenario``, in its order, as :class:`Install` values.

    ``rollups`` are every rollup of the snapshot, ``supported`` the rollups
    that count as supported for this scenario, both newest first: the caller
    decides which those are (today the snapshot's supported rollups; a
    scenario's own release line later), nothing here does.
    """
    return tuple(_install(scenario.id, catalog.component(c), rollups, supported) for c in scenario.components)


def _install(
    scenario_id: str, component: Component, rollups: tuple[Rollup, ...], supported: tuple[Rollup, ...]
) -> Install:
    ref = component_ref(component)
    in_supported = [(r, scenario_value(r, component, scenario_id)) for r in supported]
    shipping = [(r, v) for r, v in in_supported if v.state == "version"]
    if shipping:
        # max() keeps the first of equal versions: the newest rollup, as ``supported`` is newest first.
        rollup, value = max(shipping, key=lambda item: Version.parse(item[1].version))
        return Install(ref, "current", value, rollup_ref(rollup), value)
    says = NOT_SHIPPED if any(v.state == "not-shipped" for _, v in in_supported) else NOT_RECORDED
    for rollup in rollups:
        value = scenario_value(rollup, component, scenario_id)
        if value.state == "version":
            return Install(ref, "no-longer-shipped", value, rollup_ref(rollup), says)
    ever = [scenario_value(r, component, scenario_id) for r in rollups]
    never = NOT_SHIPPED if any(v.state == "not-shipped" for v in ever) else NOT_RECORDED
    return Install(ref, "never-shipped", never, None, says)


# --- Release dates ---------------------------------------------------------------------


@dataclass(frozen=True)
class Released:
    """A release date, possibly known by month only (``day`` is then ``None``); templates word it."""

    iso: str
    """``2019-01-08`` or ``2018-07``: a valid HTML ``datetime`` value either way."""
    year: int
    month: int
    day: int | None

    @property
    def day_known(self) -> bool:
        return self.day is not None


def released(date: ReleaseDate) -> Released:
    return Released(str(date), date.year, date.month, date.day)


# --- Rollup status ---------------------------------------------------------------------


def rollup_status(snap: Snapshot, rollup: Rollup) -> RollupStatus:
    """Whether ``rollup`` is supported as of ``snap``, or ``not-recorded``.

    The policy places every rollup by its number
    (:meth:`~.policy.Snapshot.rollup_supported`); a rollup whose tracked
    component is not recorded (the key is absent: unknown, not "not shipped")
    has no agent version to place, so it gets no status rather than a guess.
    """
    if snap.policy.track not in rollup.versions:
        return "not-recorded"
    return "supported" if snap.rollup_supported(rollup) else "out-of-support"


def supported_rollups(snap: Snapshot) -> tuple[Rollup, ...]:
    """The rollups supported as of ``snap``, newest first: the one set every page calls supported."""
    return tuple(r for r in snap.supported_rollups if rollup_status(snap, r) == "supported")


# --- Rollup rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class RollupRow:
    """One rollup as a table row."""

    rollup: RollupRef
    released: Released | None
    """``None`` when not recorded."""
    kb: str
    """The KB article's URL, or empty when not recorded."""
    agent_version: VersionRef | None
    agent: Value
    """The tracked component's agent version (``9.21``), or why there is none."""
    status: RollupStatus
    cells: tuple[Cell, ...]
    withdrawn: bool = False
    supported_for: tuple[ScenarioRef, ...] = ()
    """Where the scenarios' lines differ: the scenarios the rollup is supported for, when that is
    some of those that install the agent but not all; empty otherwise."""
    reached: tuple[ScenarioRef, ...] = ()
    """Where the lines differ: the scenarios the rollup's agent version reached, when that is some of
    those that install the agent but not all; empty otherwise."""

    @property
    def supported(self) -> bool:
        return self.status == "supported"


def rollup_row(
    snap: Snapshot, rollup: Rollup, components: tuple[Component, ...], pages: VersionPages
) -> RollupRow:
    agent = snap.agent_versions.get(rollup.number)
    tracked = rollup.versions.get(snap.policy.track)
    return RollupRow(
        rollup_ref(rollup),
        released(rollup.released) if rollup.released is not None else None,
        rollup.kb or "",
        pages.ref(agent) if agent is not None else None,
        Value("version", str(agent)) if agent is not None else shipment_value(tracked),
        rollup_status(snap, rollup),
        tuple(cell(snap.catalog, rollup, c) for c in components),
        rollup.withdrawn is not None,
    )


# --- Upgrade plans ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One numbered step of an upgrade path: upgrade to ``version``, or reboot on ``version``."""

    kind: Literal["upgrade", "reboot"]
    version: str
    rollups: tuple[RollupRef, ...] = ()
    """For an upgrade: the rollups that ship ``version``."""
    before: str = ""
    """For a reboot: the version upgraded to next."""
    last_reboot: str = ""
    """For a reboot: the version the machine was last rebooted on."""
    gap: int | None = None
    """For a reboot: how far ``before`` is above ``last_reboot`` (``None``: another major version)."""


@dataclass(frozen=True)
class Hop:
    target: str
    reboot_before: bool


@dataclass(frozen=True)
class Plan:
    """The path from ``start`` (last rebooted on ``last_reboot``) to ``target``, or why there is none."""

    start: str
    last_reboot: str
    target: str
    hops: tuple[Hop, ...]
    steps: tuple[Step, ...]
    text: str
    """``9.16 -> 9.20 -> reboot -> 9.21``; empty when there is no path."""
    reason: str = ""
    """Why there is no path; empty when there is one."""

    @property
    def found(self) -> bool:
        return not self.reason

    @property
    def reboots(self) -> tuple[str, ...]:
        """The hop targets before which a reboot is mandatory."""
        return tuple(hop.target for hop in self.hops if hop.reboot_before)


def plan(
    snap: Snapshot,
    start: AgentVersion,
    target: AgentVersion | None = None,
    last_reboot: AgentVersion | None = None,
) -> Plan:
    """The canonical path of :func:`.policy.plan_upgrade`, as numbered steps."""
    return plan_of(snap, plan_upgrade(snap, start, target, last_reboot), start, last_reboot)


def plan_of(
    snap: Snapshot, result: UpgradePath | NoPath, start: AgentVersion, last_reboot: AgentVersion | None = None
) -> Plan:
    """``result``, the policy's answer for ``start`` last rebooted on ``last_reboot``, as a :class:`Plan`."""
    reboot_at = start if last_reboot is None else last_reboot
    if isinstance(result, NoPath):
        return Plan(str(start), str(reboot_at), str(result.target), (), (), "", result.reason)
    steps: list[Step] = []
    current = start
    for hop in result.hops:
        if hop.reboot_before:
            gap = distance(reboot_at, hop.target)
            steps.append(Step("reboot", str(current), (), str(hop.target), str(reboot_at), gap))
            reboot_at = current
        shipped = tuple(rollup_ref(r) for r in reversed(snap.shipped_by[hop.target]))
        steps.append(Step("upgrade", str(hop.target), shipped))
        current = hop.target
    hops = tuple(Hop(str(h.target), h.reboot_before) for h in result.hops)
    return Plan(str(start), str(result.last_reboot), str(result.target), hops, tuple(steps), result.as_text())


# --- Support status ------------------------------------------------------------------


@dataclass(frozen=True)
class VersionStatus:
    version: str
    state: VersionState
    released: bool
    since: RollupRef | None = None
    """For an unsupported version: the rollup that put it out of support."""
    since_at_the_latest: bool = False
    """``since`` is the oldest rollup with a recorded agent version, so it may have happened earlier."""


def version_status(snap: Snapshot, version: AgentVersion) -> VersionStatus:
    released = version in snap.shipped_by
    if version == snap.latest:
        return VersionStatus(str(version), "latest", released)
    if version > snap.latest:
        return VersionStatus(str(version), "newer", released)
    if snap.is_supported(version):
        return VersionStatus(str(version), "supported", released)
    since = snap.out_of_support_since(version)
    first_recorded = min(snap.agent_versions)
    return VersionStatus(
        str(version),
        "unsupported",
        released,
        rollup_ref(since) if since is not None else None,
        since is not None and since.number == first_recorded,
    )


# --- What every page shares ------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    name: str
    agent_name: str
    vendor: str
    docs_url: str


@dataclass(frozen=True)
class SiteContext:
    """The facts every page may state: what the data is as of, N, and the policy's figures."""

    product: Product
    as_of: RollupRef
    latest: VersionRef
    oldest_supported: str
    window: int
    """The support window: 4 in "N-4"."""
    boundary_included: bool
    """Whether N-window itself is supported."""
    max_upgrade_gap: int
    reboot_gap: int
    supported_versions: tuple[VersionRef, ...]
    """The supported released versions, oldest first."""
    supported_rollups: tuple[RollupRef, ...]
    """Newest first."""
    tracked: ComponentRef
    lines: tuple[LineStatement, ...] = ()
    """Where the scenarios that install the agent have different release lines: each group of
    them with the same support statement (``N``, the supported versions and rollups); empty
    where they share one line, and the figures above hold for every reader."""
    latest_lines: tuple[LineStatement, ...] = ()
    """Of ``lines``, one per ``N``, where the lines do not share one ``N``; empty otherwise."""


@dataclass(frozen=True)
class LineStatement:
    """What the support statement says for some scenarios: their ``N`` and what is supported."""

    scenarios: tuple[ScenarioRef, ...]
    latest: VersionRef
    oldest_supported: str
    supported_versions: tuple[VersionRef, ...]
    """Oldest first."""
    supported_rollups: tuple[RollupRef, ...]
    """Newest first."""


def site_context(snap: Snapshot, pages: VersionPages) -> SiteContext:
    catalog, policy = snap.catalog, snap.policy
    product = catalog.product
    return SiteContext(
        Product(product.name, product.agent_name, product.vendor, product.docs_url or ""),
        rollup_ref(snap.as_of),
        pages.ref(snap.latest),
        str(snap.oldest_supported),
        policy.support_window,
        policy.window_includes_boundary,
        policy.max_upgrade_gap,
        policy.reboot_gap,
        tuple(pages.ref(v) for v in snap.supported_released),
        tuple(rollup_ref(r) for r in supported_rollups(snap)),
        component_ref(catalog.component(policy.track)),
    )


# --- One release line's answers, computed once -------------------------------------------


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
class VersionAnswer:
    """What one release line says of one version with an upgrade page."""

    status: VersionStatus
    plan: Plan
    """From the version, last rebooted on it, to ``N`` of the line."""
    alternatives: tuple[RebootAlternative, ...]
    """The path for a last reboot 1 .. ``reboot_gap`` versions below the version."""
    shipped_by: tuple[RollupRef, ...]
    """The rollups of the line that shipped the version, newest first; withdrawn ones are not."""
    withdrawn_by: tuple[RollupRef, ...]
    """The rollups of the line that shipped the version and were withdrawn, newest first."""
    matrix_row: bool = field(default=False, compare=False)
    """Whether the version is a row of the line's reboot matrix: where to link, not part of the answer."""


@dataclass(frozen=True)
class RebootCell:
    """One cell of a reboot matrix: is a reboot mandatory, and the path from the row to the target."""

    target: str
    applicable: bool
    """False where the target is not newer than the last-reboot version."""
    mandatory: bool
    hops: tuple[Hop, ...]
    """The path from the row's version to the target, last rebooted on the row's version."""
    reason: str
    """Why there is no path to the target; empty when there is one or the cell is not applicable."""


@dataclass(frozen=True)
class Matrix:
    """The reboot matrix of one line: last-reboot versions x supported released targets."""

    rows: tuple[AgentVersion, ...]
    """Ascending."""
    targets: tuple[AgentVersion, ...]
    """Ascending."""
    cells: tuple[tuple[RebootCell, ...], ...]
    """One tuple per row, one cell per target."""


@dataclass(frozen=True)
class SupportChangeView:
    """What publishing a rollup changed in the support policy of one line."""

    agent: Value
    """The rollup's agent version on the line, or why it has none."""
    new_latest: VersionRef | None
    """The new N, when the rollup raised it."""
    first: bool
    """The oldest rollup with a recorded agent version: it set the first N."""
    oldest_supported: str
    """The oldest supported version once the rollup was out (empty if it changed nothing)."""
    pushed_out: tuple[VersionRef, ...]
    """Versions supported before the rollup and not after it: the released ones, and
    every version with an upgrade page."""
    withdrawn: bool = False
    """The rollup was withdrawn: it changed nothing."""


@dataclass(frozen=True)
class Answers:
    """Everything one release line answers as of one snapshot, computed once; pages lay it out."""

    scenarios: tuple[ScenarioRef, ...]
    """The scenarios of the line, in the catalog's order; empty when it is every reader's line."""
    latest: VersionRef
    """``N`` of the line."""
    oldest_supported: str
    supported_versions: tuple[VersionRef, ...]
    """The supported released versions, oldest first."""
    supported: tuple[RollupRef, ...]
    """The supported rollups, newest first (:func:`supported_rollups`)."""
    versions: Mapping[AgentVersion, VersionAnswer]
    """Every version with an upgrade page."""
    matrix: Matrix
    changes: Mapping[int, SupportChangeView]
    """Rollup number -> what it changed on the line, for every rollup of the snapshot."""
    rows: Mapping[int, RollupRow]
    """Rollup number -> the rollup as a table row, its status on the line."""
    example: Plan
    """The overview's example: the path from one version beyond a single upgrade below ``N``
    (``N - max_upgrade_gap - 1``, 9.16 when ``N`` is 9.21: the seed's example)."""

    @property
    def statement(self) -> LineStatement:
        return LineStatement(
            self.scenarios, self.latest, self.oldest_supported, self.supported_versions, self.supported
        )


def line_answers(snap: Snapshot, pages: VersionPages, scenarios: tuple[ScenarioRef, ...] = ()) -> Answers:
    """The answers of the line ``snap`` stands on, for the versions of ``pages``."""
    statuses = {v: version_status(snap, v) for v in pages.versions}
    rows = frozenset(matrix_rows(snap))
    versions = {v: _version_answer(snap, v, statuses[v], v in rows) for v in pages.versions}
    table = {r.number: rollup_row(snap, r, snap.catalog.components, pages) for r in snap.rollups}
    return Answers(
        scenarios,
        pages.ref(snap.latest),
        str(snap.oldest_supported),
        tuple(pages.ref(v) for v in snap.supported_released),
        tuple(rollup_ref(r) for r in supported_rollups(snap)),
        versions,
        _matrix(snap),
        _changes(snap, pages, statuses, table),
        table,
        plan(snap, example_start(snap)),
    )


def example_start(snap: Snapshot) -> AgentVersion:
    """``N - max_upgrade_gap - 1`` (or the lowest minor version of ``N``'s major)."""
    start = snap.latest.plus(-(snap.policy.max_upgrade_gap + 1))
    return AgentVersion(start.major, 0) if start.minor < 0 else start


def _version_answer(snap: Snapshot, version: AgentVersion, status: VersionStatus, row: bool) -> VersionAnswer:
    base = plan(snap, version)
    withdrawn = [
        r
        for r in snap.rollups
        if r.number in snap.line.withdrawn and snap.agent_versions[r.number] == version
    ]
    return VersionAnswer(
        status,
        base,
        _alternatives(snap, version, base),
        tuple(rollup_ref(r) for r in reversed(snap.shipped_by.get(version, ()))),
        tuple(rollup_ref(r) for r in withdrawn),
        row,
    )


def _alternatives(snap: Snapshot, version: AgentVersion, base: Plan) -> tuple[RebootAlternative, ...]:
    """Paths for a last reboot 1 .. reboot_gap versions below ``version`` (``base``: last rebooted on it).

    A reboot ``reboot_gap`` or more versions back forces a reboot before
    the very first upgrade, so every earlier reboot gives the same path.
    """
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


def _matrix(snap: Snapshot) -> Matrix:
    matrix = reboot_matrix(snap)
    cells = []
    for row in matrix.rows:
        line = []
        for target in matrix.targets:
            computed = matrix.cell(row, target)
            found = plan_of(snap, computed.path, row, row) if computed.path is not None else None
            line.append(
                RebootCell(
                    str(target),
                    computed.applicable,
                    computed.mandatory,
                    found.hops if found is not None else (),
                    found.reason if found is not None else "",
                )
            )
        cells.append(tuple(line))
    return Matrix(matrix.rows, matrix.targets, tuple(cells))


def _changes(
    snap: Snapshot,
    pages: VersionPages,
    statuses: Mapping[AgentVersion, VersionStatus],
    rows: Mapping[int, RollupRow],
) -> dict[int, SupportChangeView]:
    pushed_out_of_pages: dict[int, set[AgentVersion]] = {}
    """Rollup number -> the versions with a page that the rollup put out of support."""
    for version, status in statuses.items():
        if status.since is not None:
            pushed_out_of_pages.setdefault(status.since.number, set()).add(version)
    changes = support_changes(snap)
    first_recorded = min(snap.agent_versions)
    result: dict[int, SupportChangeView] = {}
    for rollup in snap.rollups:
        agent = rows[rollup.number].agent
        change = changes.get(rollup.number)
        if change is None:  # no agent version on the line, or a withdrawn rollup: it changed nothing
            withdrawn = rollup.number in snap.line.withdrawn
            result[rollup.number] = SupportChangeView(agent, None, False, "", (), withdrawn)
            continue
        first = rollup.number == first_recorded
        paged = pushed_out_of_pages.get(rollup.number, set())
        # The oldest recorded rollup cannot tell what it pushed out: older versions are unknown.
        pushed = [] if first else sorted(paged | set(change.pushed_out))
        result[rollup.number] = SupportChangeView(
            agent,
            pages.ref(change.new_latest) if change.new_latest is not None else None,
            first,
            str(change.oldest_supported),
            tuple(pages.ref(v) for v in pushed),
        )
    return result


# --- Every line of one snapshot ---------------------------------------------------------


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawn rollup and why it was withdrawn (Markdown from the catalog)."""

    rollup: RollupRef
    reason: str


@dataclass(frozen=True)
class SnapshotAnswers:
    """The answers of one snapshot: one :class:`Answers` per release line, and what spans them."""

    snap: Snapshot
    """The snapshot on the line of every release (``scenario`` ``None``)."""
    pages: VersionPages
    context: SiteContext
    lines: tuple[Answers, ...]
    """One per group of scenarios with the same release line, in the order of their first
    scenario; one, for every reader, when the scenarios that install the agent share a line."""
    several: bool
    """The scenarios that install the agent do not share one release line."""
    agent_scenarios: tuple[ScenarioRef, ...]
    """The scenarios that install the agent, in the catalog's order."""
    unreleased: tuple[ScenarioRef, ...]
    """Scenarios that install the agent and had no release of it yet (no ``N``, no answers)."""
    released_for: Mapping[AgentVersion, tuple[ScenarioRef, ...]]
    """Version -> the scenarios it was released to, where that is some that install the agent
    but not all (a version released to all of them, or to none, is not here)."""
    withdrawals: Mapping[AgentVersion, tuple[Withdrawal, ...]]
    """Version -> the withdrawn rollups that shipped it, newest first, for every version that
    was withdrawn and is released to no scenario."""
    rows: Mapping[int, RollupRow]
    """Rollup number -> the rollup as a table row: supported when it is for some scenario."""

    def line_of(self, scenario: str) -> Answers | None:
        """The answers of ``scenario``'s line; ``None`` for a scenario that does not install the
        agent, or had no release of it yet."""
        if not self.several:
            return self.lines[0] if any(s.id == scenario for s in self.agent_scenarios) else None
        return next((a for a in self.lines if any(s.id == scenario for s in a.scenarios)), None)

    def grouped(self, key: Callable[[Answers], T]) -> list[tuple[tuple[ScenarioRef, ...], T]]:
        """The lines' scenarios grouped by equal ``key`` (:func:`grouped`)."""
        return grouped(self.lines, key, self.agent_scenarios)


T = TypeVar("T")


def grouped(
    answers: Sequence[Answers], key: Callable[[Answers], T], order: Sequence[ScenarioRef]
) -> list[tuple[tuple[ScenarioRef, ...], T]]:
    """The scenarios of ``answers`` grouped by equal ``key``: each group's scenarios in the order
    of ``order`` (the catalog's), the groups in the order of their first line."""
    groups: list[tuple[list[ScenarioRef], T]] = []
    for answer in answers:
        value = key(answer)
        found = next((g for g in groups if g[1] == value), None)
        if found is None:
            groups.append((list(answer.scenarios), value))
        else:
            found[0].extend(answer.scenarios)
    position = {s.id: i for i, s in enumerate(order)}
    return [(tuple(sorted(scenarios, key=lambda s: position[s.id])), value) for scenarios, value in groups]


def snapshot_answers(snap: Snapshot) -> SnapshotAnswers:
    """Every line's answers as of ``snap`` (a snapshot on the line of every release)."""
    catalog = snap.catalog
    pages = VersionPages(upgrade_versions(snap))
    refs = {s.id: scenario_ref(s) for s in catalog.scenarios}
    agents = tuple(refs[sid] for sid in agent_scenarios(catalog))
    groups = lines(snap)
    context = site_context(snap, pages)
    if len(groups) <= 1:
        only = line_answers(snap, pages, agents)
        return SnapshotAnswers(
            snap, pages, context, (only,), False, agents, (), {}, _withdrawals(snap, ()), only.rows
        )
    answers = tuple(
        line_answers(g.snap, pages, tuple(refs[sid] for sid in g.scenarios))
        for g in groups
        if g.snap is not None
    )
    unreleased = tuple(refs[sid] for g in groups if g.snap is None for sid in g.scenarios)
    statements = grouped(answers, lambda a: replace(a.statement, scenarios=()), agents)
    context = replace(
        context,
        lines=tuple(replace(s, scenarios=scenarios) for scenarios, s in statements),
        latest_lines=_latest_lines(answers, agents),
    )
    return SnapshotAnswers(
        snap,
        pages,
        context,
        answers,
        True,
        agents,
        unreleased,
        _released_for(answers, agents),
        _withdrawals(snap, answers),
        _rows(snap, pages, answers, agents),
    )


def _latest_lines(answers: Sequence[Answers], order: Sequence[ScenarioRef]) -> tuple[LineStatement, ...]:
    """One statement per ``N`` of the lines (its scenarios, its ``N``), or none when they share ``N``."""
    by_latest = grouped(answers, lambda a: a.latest, order)
    if len(by_latest) <= 1:
        return ()
    first = {a.latest: a.statement for a in reversed(answers)}
    return tuple(replace(first[latest], scenarios=scenarios) for scenarios, latest in by_latest)


def _released_for(
    answers: Sequence[Answers], agents: tuple[ScenarioRef, ...]
) -> dict[AgentVersion, tuple[ScenarioRef, ...]]:
    reached: dict[AgentVersion, list[ScenarioRef]] = {}
    for answer in answers:
        for version, found in answer.versions.items():
            if found.shipped_by:
                reached.setdefault(version, []).extend(answer.scenarios)
    position = {s.id: i for i, s in enumerate(agents)}
    return {
        version: tuple(sorted(scenarios, key=lambda s: position[s.id]))
        for version, scenarios in reached.items()
        if len(scenarios) < len(agents)
    }


def _withdrawals(snap: Snapshot, answers: Sequence[Answers]) -> dict[AgentVersion, tuple[Withdrawal, ...]]:
    """Every version some withdrawn rollup shipped and no line offers, with those rollups."""
    offered = set(snap.releases.values())
    result: dict[AgentVersion, list[Withdrawal]] = {}
    for rollup in snap.rollups:
        version = snap.agent_versions.get(rollup.number)
        if rollup.withdrawn is None or version is None or version in offered:
            continue
        result.setdefault(version, []).append(Withdrawal(rollup_ref(rollup), rollup.withdrawn))
    return {version: tuple(found) for version, found in result.items()}


def _rows(
    snap: Snapshot, pages: VersionPages, answers: Sequence[Answers], agents: tuple[ScenarioRef, ...]
) -> dict[int, RollupRow]:
    """Each rollup's row where the lines differ: its agent version whatever the scenario, supported
    when it is for some scenario, and for which scenarios where not for all (or not all reached)."""
    position = {s.id: i for i, s in enumerate(agents)}

    def some(scenarios: list[ScenarioRef]) -> tuple[ScenarioRef, ...]:
        if not scenarios or len(scenarios) == len(agents):
            return ()
        return tuple(sorted(scenarios, key=lambda s: position[s.id]))

    rows: dict[int, RollupRow] = {}
    for rollup in snap.rollups:
        row = rollup_row(snap, rollup, snap.catalog.components, pages)
        supported = [s for a in answers if a.rows[rollup.number].status == "supported" for s in a.scenarios]
        reached = [s for a in answers if a.rows[rollup.number].agent_version is not None for s in a.scenarios]
        status = (
            row.status if row.status == "not-recorded" else "supported" if supported else "out-of-support"
        )
        rows[rollup.number] = replace(
            row, status=status, supported_for=some(supported), reached=some(reached)
        )
    return rows
