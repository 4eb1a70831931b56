"""Load ``data/rollups.yaml`` into a :class:`~.catalog.Catalog`, reporting every problem.

The reader walks PyYAML's node tree key by key: a wrong key, type or value is
reported at its own line and column, and reading goes on, so one run shows
everything. Checks that compare rollups with each other live in
:mod:`.consistency`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from .catalog import (
    Catalog,
    Component,
    Note,
    Policy,
    Product,
    ReleaseDate,
    Rollup,
    Scenario,
    Shipment,
    Version,
)
from .consistency import check_consistency
from .diagnostics import InvalidInput, Position, Report, did_you_mean
from .yamlsource import Source, compose, position_of, read_source

T = TypeVar("T")
Where = tuple[str | int, ...]
"""A node's address in the catalog, e.g. ``("rollups", 3, "kb")``."""

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:", re.IGNORECASE)
NOTE_KINDS = ("note", "important", "warning", "tip")


@dataclass
class Located:
    """The catalog and where each of its values stands in the file."""

    catalog: Catalog | None
    report: Report
    positions: dict[Where, Position] = field(default_factory=dict)


def describe(node: yaml.Node) -> str:
    """A node's type in a user's words, for "Expected ... but received ..." messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return "null"
    return {"int": "a number", "float": "a number", "bool": "a boolean", "timestamp": "a date"}.get(
        tag, f"the string '{node.value}'"
    )


def _name(where: Where) -> str:
    """``rollups[3].kb`` for messages."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the catalog"


class _Reader:
    def __init__(self, source: Source, report: Report) -> None:
        self.source = source
        self.report = report
        self.positions: dict[Where, Position] = {}

    def at(self, node: yaml.Node, where: Where) -> Position:
        position = position_of(self.source, node)
        self.positions.setdefault(where, position)
        return position

    def error(self, node: yaml.Node, where: Where, message: str) -> None:
        self.report.error(self.at(node, where), message)

    def warning(self, node: yaml.Node, where: Where, message: str) -> None:
        self.report.warning(self.at(node, where), message)

    # --- shapes ---------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        where: Where,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        example: str = "",
    ) -> dict[str, yaml.Node] | None:
        self.at(node, where)
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node, where, f"Expected a mapping for {_name(where)} but received {describe(node)}.{example}"
            )
            return None
        found: dict[str, yaml.Node] = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in found:
                self.error(key_node, (*where, key), f"duplicate key '{key}' in {_name(where)}")
                continue
            if key not in allowed:
                self.error(
                    key_node,
                    (*where, key),
                    f"'{key}' is not a valid key of {_name(where)}.{did_you_mean(key, allowed)}"
                    f" Valid keys: {', '.join(allowed)}.",
                )
                continue
            found[key] = value_node
            self.at(value_node, (*where, key))
        for key in required:
            if key not in found:
                self.error(node, where, f"{_name(where)} is missing the required key '{key}'.{example}")
        return found

    def sequence(self, node: yaml.Node, where: Where) -> list[yaml.Node]:
        self.at(node, where)
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, where, f"Expected a list for {_name(where)} but received {describe(node)}.")
            return []
        for index, item in enumerate(node.value):
            self.at(item, (*where, index))
        return list(node.value)

    def scalar(self, node: yaml.Node, where: Where, expected: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.error(node, where, f"Expected {expected} for {_name(where)} but received {describe(node)}.")
            return None
        return str(node.value)

    def text(self, node: yaml.Node, where: Where, *, markdown: bool = False) -> str | None:
        value = self.scalar(node, where, "text")
        if value is None:
            return None
        if not value.strip():
            self.error(node, where, f"{_name(where)} is empty; expected some text.")
            return None
        if MARKUP.search(value):
            kind = "Markdown" if markdown else "plain text"
            self.error(
                node,
                where,
                f"{_name(where)} contains HTML or a script URL; expected {kind} "
                "(raw markup would be injected into every page that shows it)",
            )
            return None
        return value

    def integer(self, node: yaml.Node, where: Where, minimum: int) -> int | None:
        value = self.scalar(node, where, "a whole number")
        if value is None:
            return None
        if not node.tag.endswith(":int") or not re.fullmatch(r"\d+", value):
            self.error(
                node, where, f"Expected a whole number for {_name(where)} but received {describe(node)}."
            )
            return None
        number = int(value)
        if number < minimum:
            self.error(
                node,
                where,
                f"Expected a whole number of at least {minimum} for {_name(where)} but received {number}.",
            )
            return None
        return number

    def boolean(self, node: yaml.Node, where: Where) -> bool | None:
        value = self.scalar(node, where, "true or false")
        if value is None:
            return None
        if not node.tag.endswith(":bool"):
            self.error(
                node, where, f"Expected true or false for {_name(where)} but received {describe(node)}."
            )
            return None
        return value.lower() in ("true", "yes", "on")

    def slug(self, node: yaml.Node, where: Where) -> str | None:
        value = self.scalar(node, where, "an identifier")
        if value is None:
            return None
        if not SLUG.match(value):
            self.error(
                node,
                where,
                f"'{value}' is not a valid identifier for {_name(where)}: expected lower-case letters, "
                "digits, '-' and '_' (it becomes part of a URL), such as 'vmware-to-azure'",
            )
            return None
        return value

    def url(self, node: yaml.Node, where: Where) -> str | None:
        value = self.scalar(node, where, "a URL")
        if value is None:
            return None
        if not URL.match(value):
            self.error(
                node,
                where,
                f"'{value}' is not a valid link for {_name(where)}: expected an http(s) URL without "
                "spaces or quotes, such as https://support.microsoft.com/help/4485985",
            )
            return None
        return value

    def version(self, node: yaml.Node, where: Where) -> Version | None:
        value = self.scalar(node, where, "a version")
        if value is None:
            return None
        try:
            return Version.parse(value)
        except ValueError:
            hint = " (it contains a space)" if " " in value.strip() else ""
            self.error(
                node,
                where,
                f"malformed version '{value}' for {_name(where)}{hint}: expected two to four numbers "
                "separated by dots, such as 9.21.5091.1",
            )
            return None

    def date(self, node: yaml.Node, where: Where) -> ReleaseDate | None:
        value = self.scalar(node, where, "a date")
        if value is None:
            return None
        match = DATE.match(value)
        try:
            if not match:
                raise ValueError(value)
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else None
            dt.date(year, month, day or 1)
        except ValueError:
            self.error(
                node,
                where,
                f"'{value}' is not a valid date for {_name(where)}: expected YYYY-MM-DD, or YYYY-MM "
                "when only the month is known, such as 2019-01-08 or 2019-01",
            )
            return None
        return ReleaseDate(year, month, day)

    def items(self, node: yaml.Node, where: Where, read: Callable[[yaml.Node, Where], T | None]) -> list[T]:
        """Read every element of a list, dropping those that had problems."""
        results = (read(item, (*where, index)) for index, item in enumerate(self.sequence(node, where)))
        return [r for r in results if r is not None]


# --- sections ----------------------------------------------------------------


def _read_product(r: _Reader, node: yaml.Node) -> Product | None:
    keys = r.mapping(node, ("product",), ("name", "agent_name"), ("vendor", "docs_url", "site_url"))
    if keys is None:
        return None
    get_text = {k: r.text(keys[k], ("product", k)) for k in ("name", "agent_name", "vendor") if k in keys}
    urls = {k: r.url(keys[k], ("product", k)) for k in ("docs_url", "site_url") if k in keys}
    name, agent = get_text.get("name"), get_text.get("agent_name")
    if name is None or agent is None:
        return None
    return Product(name, agent, get_text.get("vendor") or "", urls.get("docs_url"), urls.get("site_url"))


POLICY_NUMBERS = ("support_window", "max_upgrade_gap", "reboot_gap")


def _read_policy(r: _Reader, node: yaml.Node) -> Policy | None:
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
    track = r.slug(keys["track"], ("policy", "track"))
    scenario = (
        r.slug(keys["track_scenario"], ("policy", "track_scenario")) if "track_scenario" in keys else None
    )
    numbers = {k: r.integer(keys[k], ("policy", k), 1) for k in POLICY_NUMBERS if k in keys}
    inclusive = (
        r.boolean(keys["window_includes_boundary"], ("policy", "window_includes_boundary"))
        if "window_includes_boundary" in keys
        else True
    )
    if track is None or inclusive is None or None in numbers.values():
        return None
    return Policy(
        track=track,
        track_scenario=scenario,
        window_includes_boundary=inclusive,
        **{k: v for k, v in numbers.items() if v is not None},
    )


def _read_component(r: _Reader, node: yaml.Node, where: Where) -> Component | None:
    keys = r.mapping(node, where, ("id", "name"), ("description",))
    if keys is None or "id" not in keys or "name" not in keys:
        return None
    cid = r.slug(keys["id"], (*where, "id"))
    name = r.text(keys["name"], (*where, "name"))
    description = (
        r.text(keys["description"], (*where, "description"), markdown=True) if "description" in keys else ""
    )
    if cid is None or name is None:
        return None
    return Component(cid, name, description or "")


def _read_note(r: _Reader, node: yaml.Node, where: Where) -> Note | None:
    keys = r.mapping(node, where, ("kind", "text"))
    if keys is None or "kind" not in keys or "text" not in keys:
        return None
    kind = r.scalar(keys["kind"], (*where, "kind"), "a note kind")
    if kind is not None and kind not in NOTE_KINDS:
        r.error(
            keys["kind"],
            (*where, "kind"),
            f"'{kind}' is not a valid note kind.{did_you_mean(kind, NOTE_KINDS)} "
            f"Valid kinds: {', '.join(NOTE_KINDS)}.",
        )
        kind = None
    text = r.text(keys["text"], (*where, "text"), markdown=True)
    return Note(kind, text) if kind is not None and text is not None else None


def _read_scenario(r: _Reader, node: yaml.Node, where: Where) -> Scenario | None:
    keys = r.mapping(node, where, ("id", "title", "steps"), ("components", "summary", "notes"))
    if keys is None or not {"id", "title", "steps"} <= keys.keys():
        return None
    sid = r.slug(keys["id"], (*where, "id"))
    title = r.text(keys["title"], (*where, "title"))
    summary = r.text(keys["summary"], (*where, "summary"), markdown=True) if "summary" in keys else ""
    components = r.items(keys["components"], (*where, "components"), r.slug) if "components" in keys else []
    steps = r.items(keys["steps"], (*where, "steps"), lambda n, w: r.text(n, w, markdown=True))
    if not steps:
        r.error(
            keys["steps"],
            (*where, "steps"),
            f"{_name((*where, 'steps'))} is empty; expected at least one step.",
        )
    notes = (
        r.items(keys["notes"], (*where, "notes"), lambda n, w: _read_note(r, n, w)) if "notes" in keys else []
    )
    if sid is None or title is None or summary is None or not steps:
        return None
    return Scenario(sid, title, tuple(components), tuple(steps), summary, tuple(notes))


def _read_shipment(r: _Reader, node: yaml.Node, where: Where) -> Shipment | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return Shipment()
    if isinstance(node, yaml.MappingNode):
        per_scenario: dict[str, Version | None] = {}
        for key_node, value_node in node.value:
            scenario = r.slug(key_node, (*where, str(key_node.value)))
            if scenario is None:
                continue
            if scenario in per_scenario:
                r.error(key_node, (*where, scenario), f"duplicate scenario '{scenario}' in {_name(where)}")
                continue
            r.at(value_node, (*where, scenario))
            null = isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null")
            per_scenario[scenario] = None if null else r.version(value_node, (*where, scenario))
        return Shipment(per_scenario=per_scenario)
    version = r.version(node, where)
    return Shipment(version) if version is not None else None


def _read_rollup(r: _Reader, node: yaml.Node, where: Where, components: tuple[str, ...]) -> Rollup | None:
    example = (
        " For example:\n  - number: 32\n    kb: https://support.microsoft.com/help/4485985\n"
        "    versions:\n      provider: 5.1.3800.0"
    )
    keys = r.mapping(node, where, ("number",), ("released", "kb", "versions", "notes"), example=example)
    if keys is None or "number" not in keys:
        return None
    number = r.integer(keys["number"], (*where, "number"), 1)
    released = r.date(keys["released"], (*where, "released")) if "released" in keys else None
    kb = r.url(keys["kb"], (*where, "kb")) if "kb" in keys else None
    notes = r.text(keys["notes"], (*where, "notes"), markdown=True) if "notes" in keys else ""
    versions: dict[str, Shipment] = {}
    if "versions" in keys:
        mapping = keys["versions"]
        if isinstance(mapping, yaml.ScalarNode) and mapping.tag.endswith(":null"):
            mapping = yaml.MappingNode("tag:yaml.org,2002:map", [])
        for key, value in (r.mapping(mapping, (*where, "versions"), (), components) or {}).items():
            shipment = _read_shipment(r, value, (*where, "versions", key))
            if shipment is not None:
                versions[key] = shipment
    if number is None:
        return None
    return Rollup(number, versions, released, kb, notes or "")


TOP_KEYS = ("product", "policy", "components", "rollups", "scenarios")


def read_catalog(source: Source, today: dt.date | None = None) -> Located:
    """Parse and check ``source``; the catalog is ``None`` when there are errors."""
    report = Report()
    root = compose(source, report)
    if root is None:
        return Located(None, report)
    r = _Reader(source, report)
    keys = r.mapping(root, (), TOP_KEYS)
    if keys is None:
        return Located(None, report, r.positions)
    product = _read_product(r, keys["product"]) if "product" in keys else None
    components = (
        r.items(keys["components"], ("components",), lambda n, w: _read_component(r, n, w))
        if "components" in keys
        else []
    )
    component_ids = tuple(c.id for c in components)
    policy = _read_policy(r, keys["policy"]) if "policy" in keys else None
    scenarios = (
        r.items(keys["scenarios"], ("scenarios",), lambda n, w: _read_scenario(r, n, w))
        if "scenarios" in keys
        else []
    )
    rollups = (
        r.items(keys["rollups"], ("rollups",), lambda n, w: _read_rollup(r, n, w, component_ids))
        if "rollups" in keys
        else []
    )
    if not rollups and "rollups" in keys:
        r.error(keys["rollups"], ("rollups",), "the catalog lists no rollups; expected at least one.")
    located = Located(None, report, r.positions)
    if policy is None or product is None:
        return located
    catalog = Catalog(product, policy, tuple(components), tuple(rollups), tuple(scenarios))
    check_consistency(catalog, r.positions, report, today)
    if not report.has_errors:
        located.catalog = catalog
    return located


def load(path: Path, display: str | None = None, today: dt.date | None = None) -> Located:
    """Read and check the catalog at ``path``. Raises ``FileNotFoundError`` when unreadable."""
    report = Report()
    source = read_source(path, display, report)
    if source is None:
        return Located(None, report)
    return read_catalog(source, today)


def load_or_raise(path: Path, display: str | None = None, today: dt.date | None = None) -> Catalog:
    """The catalog at ``path``, or :class:`InvalidInput` carrying every problem."""
    located = load(path, display, today)
    if located.catalog is None:
        raise InvalidInput(located.report)
    return located.catalog
