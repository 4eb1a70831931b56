"""The policy's answers as plain values that pages show: references, versions, plans, statuses.

Every page model in :mod:`.pages` is assembled from these. They hold strings
and numbers only (no catalog objects), so templates and tests read them
directly. Nothing here decides policy: :mod:`.policy` does; this module
words nothing either: the templates do.

:mod:`.line_answers` asks the policy once per snapshot and release line, in
these values; :mod:`.layout` lays them out as pages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

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
from ..policy.rules import NoPath, PathHead, Snapshot, UpgradePath, plan_upgrade

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
    scenario's own release line later), nothing here does. A withdrawn
    rollup's builds are never the version to install.
    """
    return tuple(_install(scenario.id, catalog.component(c), rollups, supported) for c in scenario.components)


def _install(
    scenario_id: str, component: Component, rollups: tuple[Rollup, ...], supported: tuple[Rollup, ...]
) -> Install:
    ref = component_ref(component)
    # A withdrawn rollup's builds are never offered: the version to install comes from another.
    offered = [r for r in rollups if r.withdrawn is None]
    in_supported = [(r, scenario_value(r, component, scenario_id)) for r in supported if r.withdrawn is None]
    shipping = [(r, v) for r, v in in_supported if v.state == "version"]
    if shipping:
        # max() keeps the first of equal versions: the newest rollup, as ``supported`` is newest first.
        rollup, value = max(shipping, key=lambda item: Version.parse(item[1].version))
        return Install(ref, "current", value, rollup_ref(rollup), value)
    says = NOT_SHIPPED if any(v.state == "not-shipped" for _, v in in_supported) else NOT_RECORDED
    for rollup in offered:
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
class Continuation:
    """Where a path shown in part goes on: the canonical path from ``version``, last rebooted on
    ``last_reboot``, which that version's upgrade page shows."""

    version: str
    last_reboot: str
    hops: int
    """The upgrades left, from ``version`` to the target."""
    reboots: int
    """The mandatory reboots among them."""


@dataclass(frozen=True)
class Plan:
    """The path from ``start`` (last rebooted on ``last_reboot``) to ``target``, or why there is none.

    A long path is shown in part: ``hops``, ``steps`` and ``text`` hold its
    first hops, and ``more`` says where it goes on (``None``: they are the
    whole path).
    """

    start: str
    last_reboot: str
    target: str
    hops: tuple[Hop, ...]
    steps: tuple[Step, ...]
    text_parts: tuple[str, ...]
    """The steps of ``text`` between its arrows: ``("9.16", "9.20", "reboot", "9.21")``; empty when there
    is no path."""
    reason: str = ""
    """Why there is no path; empty when there is one."""
    more: Continuation | None = None
    """Where the path goes on after ``hops``; ``None`` when they are the whole path."""

    @property
    def found(self) -> bool:
        return not self.reason

    @property
    def text(self) -> str:
        """``9.16 -> 9.20 -> reboot -> 9.21`` (the shown hops only, where ``more`` is set), as ``rollups
        path`` prints it; empty when there is no path."""
        return " -> ".join(self.text_parts)

    @property
    def shown_parts(self) -> tuple[str, ...]:
        """What a page shows of the path, between its arrows: ``text_parts``, then ``…`` and the target
        where the path goes on elsewhere."""
        return self.text_parts if self.more is None else (*self.text_parts, "…", self.target)

    @property
    def reboots(self) -> tuple[str, ...]:
        """The hop targets of ``hops`` before which a reboot is mandatory."""
        return tuple(hop.target for hop in self.hops if hop.reboot_before)

    @property
    def total_hops(self) -> int:
        """The upgrades of the whole path."""
        return len(self.hops) + (self.more.hops if self.more is not None else 0)

    @property
    def total_reboots(self) -> int:
        """The mandatory reboots of the whole path."""
        return len(self.reboots) + (self.more.reboots if self.more is not None else 0)


def plan(
    snap: Snapshot,
    start: AgentVersion,
    target: AgentVersion | None = None,
    last_reboot: AgentVersion | None = None,
) -> Plan:
    """The canonical path of :func:`.policy.plan_upgrade`, whole, as numbered steps (a path in parts:
    :func:`.policy.plan_in_parts` and :func:`plan_of`)."""
    return plan_of(snap, plan_upgrade(snap, start, target, last_reboot), start, last_reboot)


def plan_of(
    snap: Snapshot,
    result: UpgradePath | PathHead | NoPath,
    start: AgentVersion,
    last_reboot: AgentVersion | None = None,
) -> Plan:
    """``result``, the policy's answer for ``start`` last rebooted on ``last_reboot``, as a :class:`Plan`."""
    reboot_at = start if last_reboot is None else last_reboot
    if isinstance(result, NoPath):
        return Plan(str(start), str(reboot_at), str(result.target), (), (), (), result.reason)
    if isinstance(result, PathHead):
        shown = _plan_of_path(snap, result.shown(), reboot_at)
        if result.complete:
            return replace(shown, target=str(result.target))
        more = Continuation(
            str(result.resume_at),
            str(result.resume_last_reboot),
            result.total_hops - len(result.hops),
            result.total_reboots - len(shown.reboots),
        )
        return replace(shown, target=str(result.target), more=more)
    return _plan_of_path(snap, result, reboot_at)


def _plan_of_path(snap: Snapshot, result: UpgradePath, reboot_at: AgentVersion) -> Plan:
    """A whole path as a :class:`Plan` (its ``target`` is where the path ends)."""
    start = result.start
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
    return Plan(str(start), str(result.last_reboot), str(result.target), hops, tuple(steps), result.parts())


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
