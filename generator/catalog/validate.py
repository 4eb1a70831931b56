"""Load ``data/rollups.yaml`` into a :class:`~.catalog.Catalog`, reporting every problem.

The reader walks PyYAML's node tree key by key: a wrong key, type or value is
reported at its own line and column, and reading goes on, so one run shows
everything. Single values are read by :mod:`.values`; checks that compare
values with each other live in :mod:`.consistency`.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from .characters import quoted
from .consistency import Draft, check_consistency
from .diagnostics import InvalidInput, Position, Report, declared_hint, did_you_mean
from .model import (
    MAX_POLICY_NUMBER,
    MAX_ROLLUP_NUMBER,
    Catalog,
    Component,
    Note,
    Policy,
    Product,
    Rollup,
    Scenario,
    Shipment,
    Version,
)
from .site_paths import anchor_clash, reserved_scenario_id
from .values import SLUG, Named, NodeReader, Where, describe, is_null, name, reindex
from .yamlsource import CORE_TAG, Source, SourcePositions, compose, read_source

NOTE_KINDS = ("note", "important", "warning", "tip")
TOP_KEYS = ("product", "policy", "components", "rollups", "scenarios")


@dataclass
class Located:
    """The catalog and where each of its values stands in the file.

    ``positions`` is keyed by the value's address in the model, such as
    ``("rollups", 3, "kb")`` for ``catalog.rollups[3].kb``.
    """

    catalog: Catalog | None
    report: Report
    positions: Mapping[Where, Position] = field(default_factory=dict)


class _Ids(NamedTuple):
    """The ids the file declares (``None``: the section is unreadable, references go unchecked)."""

    components: tuple[str, ...] | None
    scenarios: tuple[str, ...] | None


# --- sections ----------------------------------------------------------------


def _read_product(r: NodeReader, node: yaml.Node) -> Product | None:
    keys = r.mapping(node, ("product",), ("name", "agent_name"), ("vendor", "docs_url", "site_url"))
    if keys is None:
        return None
    texts = {k: r.text(keys[k], ("product", k)) for k in ("name", "agent_name", "vendor") if k in keys}
    urls = {k: r.url(keys[k], ("product", k)) for k in ("docs_url", "site_url") if k in keys}
    product_name, agent = texts.get("name"), texts.get("agent_name")
    if product_name is None or agent is None:
        return None
    return Product(product_name, agent, texts.get("vendor") or "", urls.get("docs_url"), urls.get("site_url"))


POLICY_NUMBERS = ("support_window", "max_upgrade_gap", "reboot_gap")


def _read_policy(r: NodeReader, node: yaml.Node) -> Policy | None:
    """The policy; a setting with a problem (reported) keeps its default so later checks still run."""
    example = " For example:\n  policy:\n    track: unified_setup\n    support_window: 4"
    keys = r.mapping(
        node,
        ("policy",),
        ("track",),
        ("track_scenario", *POLICY_NUMBERS, "window_includes_boundary"),
        example=example,
    )
    if keys is None or "track" not in keys:
        return None
    track = r.slug(keys["track"], ("policy", "track"), "component id", "unified_setup")
    scenario = (
        r.slug(keys["track_scenario"], ("policy", "track_scenario"), "scenario id")
        if "track_scenario" in keys
        else None
    )
    numbers = {
        k: r.integer(keys[k], ("policy", k), 1, MAX_POLICY_NUMBER) for k in POLICY_NUMBERS if k in keys
    }
    inclusive = (
        r.boolean(keys["window_includes_boundary"], ("policy", "window_includes_boundary"))
        if "window_includes_boundary" in keys
        else None
    )
    if track is None:
        return None
    default = Policy(track)
    return Policy(
        track=track,
        track_scenario=scenario,
        support_window=numbers.get("support_window") or default.support_window,
        window_includes_boundary=default.window_includes_boundary if inclusive is None else inclusive,
        max_upgrade_gap=numbers.get("max_upgrade_gap") or default.max_upgrade_gap,
        reboot_gap=numbers.get("reboot_gap") or default.reboot_gap,
    )


def _read_component(r: NodeReader, node: yaml.Node, where: Where) -> Component | None:
    keys = r.mapping(node, where, ("id", "name"), ("description",))
    if keys is None:
        return None
    cid = r.slug(keys["id"], (*where, "id"), "component id", "unified_setup") if "id" in keys else None
    title = r.text(keys["name"], (*where, "name")) if "name" in keys else None
    description = (
        r.text(keys["description"], (*where, "description"), markdown=True) if "description" in keys else ""
    )
    if cid is None or title is None:
        return None
    return Component(cid, title, description or "")


def _read_note(r: NodeReader, node: yaml.Node, where: Where) -> Note | None:
    keys = r.mapping(node, where, ("kind", "text"))
    if keys is None:
        return None
    kind = r.scalar(keys["kind"], (*where, "kind"), "a note kind") if "kind" in keys else None
    if kind is not None and kind not in NOTE_KINDS:
        r.error(
            keys["kind"],
            (*where, "kind"),
            f"'{quoted(kind)}' is not a valid note kind.{did_you_mean(kind, NOTE_KINDS)} "
            f"Valid kinds: {', '.join(NOTE_KINDS)}.",
        )
        kind = None
    text = r.text(keys["text"], (*where, "text"), markdown=True) if "text" in keys else None
    return Note(kind, text) if kind is not None and text is not None else None


def _read_scenario(r: NodeReader, node: yaml.Node, where: Where, ids: _Ids) -> Scenario | None:
    keys = r.mapping(node, where, ("id", "title", "steps"), ("components", "summary", "notes"))
    if keys is None:
        return None
    sid = _scenario_id(r, keys["id"], (*where, "id"), ids.scenarios or ()) if "id" in keys else None
    title = r.text(keys["title"], (*where, "title")) if "title" in keys else None
    summary = r.text(keys["summary"], (*where, "summary"), markdown=True) if "summary" in keys else ""
    components = (
        r.items(
            keys["components"],
            (*where, "components"),
            lambda n, w: _component_reference(r, n, w, ids.components),
        )
        if "components" in keys
        else []
    )
    steps: list[str] = []
    if "steps" in keys:
        steps = r.items(keys["steps"], (*where, "steps"), lambda n, w: r.text(n, w, markdown=True))
        if isinstance(keys["steps"], yaml.SequenceNode) and not keys["steps"].value:
            r.error(
                keys["steps"],
                (*where, "steps"),
                f"{name((*where, 'steps'))} is empty; expected at least one step.",
            )
    notes = (
        r.items(keys["notes"], (*where, "notes"), lambda n, w: _read_note(r, n, w)) if "notes" in keys else []
    )
    if sid is None or title is None or summary is None or not steps:
        return None
    return Scenario(sid, title, tuple(components), tuple(steps), summary, tuple(notes))


def _scenario_id(r: NodeReader, node: yaml.Node, where: Where, declared: tuple[str, ...]) -> str | None:
    """A scenario id: a valid id that names no page the site already has (:mod:`.layout`), and no anchor
    that the ids ``declared`` give the pages."""
    sid = r.slug(node, where, "scenario id")
    reserved = reserved_scenario_id(sid) if sid is not None else None
    if reserved is not None:
        r.error(
            node,
            where,
            f"'{sid}' is a reserved scenario id for {name(where)}: {reserved}; "
            "choose another id, such as 'vmware-to-azure'",
        )
        return None
    clash = anchor_clash(sid, declared) if sid is not None else None
    if clash is not None:
        r.error(
            node,
            where,
            f"the scenario id '{sid}' for {name(where)} clashes with another: {clash}; a link to one "
            "would open the other, so choose another id for one of them",
        )
        return None
    return sid


def _component_reference(
    r: NodeReader, node: yaml.Node, where: Where, components: tuple[str, ...] | None
) -> str | None:
    component = r.slug(node, where, "component id", "unified_setup")
    if component is not None and components is not None and component not in components:
        r.error(
            node,
            where,
            f"'{component}' is not a declared component."
            f"{declared_hint(component, 'components', components)}.",
        )
        return None
    return component


def _read_shipment(
    r: NodeReader, node: yaml.Node, where: Where, scenarios: tuple[str, ...] | None
) -> Shipment | None:
    """A version, ``null`` (not shipped) or a mapping scenario -> version."""
    if is_null(node):
        return Shipment()
    if not isinstance(node, yaml.MappingNode):
        version = r.version(node, where)
        return Shipment(version) if version is not None else None
    per_scenario: dict[str, Version | None] = {}
    for key, entry in (r.keys(node, where) or {}).items():
        scenario = r.key_slug(entry.key_node, where, "scenario id", "vmware-to-azure")
        if scenario is None:
            continue
        if scenarios is not None and scenario not in scenarios:
            r.error(
                entry.key_node,
                (*where, key),
                f"'{scenario}' is not a declared scenario.{declared_hint(scenario, 'scenarios', scenarios)}.",
            )
            continue
        per_scenario[scenario] = (
            None if is_null(entry.value_node) else r.version(entry.value_node, (*where, key))
        )
    return Shipment(per_scenario=per_scenario)


def _read_versions(r: NodeReader, node: yaml.Node, where: Where, ids: _Ids) -> dict[str, Shipment]:
    components = ids.components
    if is_null(node):
        r.at(node, where)
        return {}
    versions: dict[str, Shipment] = {}
    for key, entry in (r.keys(node, where) or {}).items():
        if components is not None and key not in components:
            r.error(
                entry.key_node,
                (*where, key),
                f"'{quoted(key)}' is not a declared component."
                f"{declared_hint(key, 'components', components)}; "
                "add it under components first if it is new.",
            )
            continue
        shipment = _read_shipment(r, entry.value_node, (*where, key), ids.scenarios)
        if shipment is not None:
            versions[key] = shipment
    return versions


ROLLUP_EXAMPLE = (
    " For example:\n  - number: 32\n    released: 2019-01-08\n"
    "    kb: https://support.microsoft.com/help/4485985\n    versions:\n      provider: 5.1.3800.0"
)


def _rollup_named(node: yaml.Node, where: Where) -> Where:
    """``where`` with the rollup's index named by its number ("rollup 28"), else by its line."""
    index = where[-1]
    if not isinstance(index, int):
        return where
    number = next(
        (
            v.value
            for k, v in (node.value if isinstance(node, yaml.MappingNode) else [])
            if isinstance(k, yaml.ScalarNode) and k.value == "number"
        ),
        None,
    )
    if (
        isinstance(number, str)
        and re.fullmatch(r"[1-9][0-9]{0,8}", number)
        and int(number) <= MAX_ROLLUP_NUMBER
    ):
        return (*where[:-1], Named(index, f"rollup {number}", numbered=True))
    line = node.start_mark.line + 1
    return (*where[:-1], Named(index, f"the rollup at line {line}", numbered=False))


def _read_rollup(r: NodeReader, node: yaml.Node, where: Where, ids: _Ids) -> Rollup | None:
    where = _rollup_named(node, where)
    keys = r.mapping(
        node,
        where,
        ("number",),
        ("released", "kb", "versions", "notes", "withdrawn"),
        example=ROLLUP_EXAMPLE,
    )
    if keys is None:
        return None
    number = r.integer(keys["number"], (*where, "number"), 1, MAX_ROLLUP_NUMBER) if "number" in keys else None
    released = r.date(keys["released"], (*where, "released")) if "released" in keys else None
    kb = r.url(keys["kb"], (*where, "kb")) if "kb" in keys else None
    notes = r.text(keys["notes"], (*where, "notes"), markdown=True) if "notes" in keys else ""
    withdrawn = (
        _read_withdrawn(r, keys["withdrawn"], (*where, "withdrawn"), number) if "withdrawn" in keys else None
    )
    versions = _read_versions(r, keys["versions"], (*where, "versions"), ids) if "versions" in keys else {}
    if number is None:
        return None
    return Rollup(number, versions, released, kb, notes or "", withdrawn)


WITHDRAWN_EXAMPLE = ' For example:\n    withdrawn: "Downloads were taken down for data corruption."'


def _read_withdrawn(r: NodeReader, node: yaml.Node, where: Where, number: int | None) -> str | None:
    """Why a rollup was withdrawn: Markdown text, under the rules of ``notes``."""
    if isinstance(node, yaml.ScalarNode) and node.tag == CORE_TAG + "str" and node.value.strip():
        return r.text(node, where, markdown=True)
    label = f"rollup {number}" if number is not None else name(where)
    r.error(
        node,
        where,
        f"{label}: expected withdrawn to say why the rollup was withdrawn, as text, "
        f"but received {describe(node)}.{WITHDRAWN_EXAMPLE}",
    )
    return None


def _declared_ids(r: NodeReader, node: yaml.Node | None, section: str) -> tuple[str, ...] | None:
    """Every valid id a section declares, even in entries with other problems; duplicates reported.

    ``None`` when the section is missing or not a list: references to it are
    then not checked, since every one of them would be reported.
    """
    if not isinstance(node, yaml.SequenceNode):
        return None
    first_line: dict[str, int] = {}
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        id_node = next((v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "id"), None)
        if not isinstance(id_node, yaml.ScalarNode) or id_node.tag != CORE_TAG + "str":
            continue
        if not SLUG.fullmatch(id_node.value):
            continue
        if id_node.value in first_line:
            r.report.error(
                r.at(id_node, (section, "id", id_node.value)),
                f"duplicate id '{id_node.value}' in {section} (first used at line "
                f"{first_line[id_node.value]}); each id names one entry",
            )
            continue
        first_line[id_node.value] = id_node.start_mark.line + 1
    return tuple(first_line)


def read_catalog(source: Source, today: dt.date | None = None) -> Located:
    """Parse and check ``source``; the catalog is ``None`` when there are errors.

    ``today`` is the date against which release dates must not lie in the
    future (no check when ``None``): the caller decides what today is.
    """
    report = Report()
    root = compose(source, report)
    if root is None:
        return Located(None, report)
    r = NodeReader(source, report)
    keys = r.mapping(root, (), TOP_KEYS)
    if keys is None:
        return Located(None, report, r.positions)
    product = _read_product(r, keys["product"]) if "product" in keys else None
    component_ids = _declared_ids(r, keys.get("components"), "components")
    scenario_ids = _declared_ids(r, keys.get("scenarios"), "scenarios")
    ids = _Ids(component_ids, scenario_ids)
    components = (
        r.items(keys["components"], ("components",), lambda n, w: _read_component(r, n, w))
        if "components" in keys
        else []
    )
    policy = _read_policy(r, keys["policy"]) if "policy" in keys else None
    scenarios = (
        r.items(keys["scenarios"], ("scenarios",), lambda n, w: _read_scenario(r, n, w, ids))
        if "scenarios" in keys
        else []
    )
    rollups = (
        r.items(keys["rollups"], ("rollups",), lambda n, w: _read_rollup(r, n, w, ids))
        if "rollups" in keys
        else []
    )
    if isinstance(keys.get("rollups"), yaml.SequenceNode) and not keys["rollups"].value:
        r.error(keys["rollups"], ("rollups",), "the catalog lists no rollups; expected at least one.")
    positions = SourcePositions(source, reindex(r.offsets, r.dropped))
    draft = Draft(
        policy,
        component_ids,
        scenario_ids,
        tuple(components),
        tuple(rollups),
        tuple(scenarios),
        every_rollup_read=("rollups",) not in r.dropped,
    )
    check_consistency(draft, positions, report, today)
    located = Located(None, report, positions)
    if not report.has_errors and product is not None and policy is not None:
        located.catalog = Catalog(product, policy, draft.components, draft.rollups, draft.scenarios)
    return located


def load(path: Path, display: str | None = None, today: dt.date | None = None) -> Located:
    """Read and check the catalog at ``path``. Raises ``FileNotFoundError`` when unreadable."""
    report = Report()
    source = read_source(path, display, report)
    if source is None:
        return Located(None, report)
    with _collector_paused():
        return read_catalog(source, today)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the node tree is read.

    Reading builds hundreds of thousands of small acyclic objects; the
    collector's repeated full scans of them cost about as much as the reading
    itself on a 10,000-rollup catalog. Reference counting still frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_or_raise(path: Path, display: str | None = None, today: dt.date | None = None) -> Catalog:
    """The catalog at ``path``, or :class:`InvalidInput` carrying every problem."""
    located = load(path, display, today)
    if located.catalog is None:
        raise InvalidInput(located.report)
    return located.catalog
