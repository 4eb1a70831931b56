"""Write a catalog as YAML text with a comment at each value that needs a person's eye.

PyYAML cannot write comments, and the imported catalog is above all a file a
person will read and fix: so this is a small block-style emitter of plain
mappings, lists and scalars. A value the import left out is written as a
commented-out line (``# ovf: 5.1.3700.0``), ready to be restored by hand.
It also records which output line holds which value, so that the
validator's findings on the output can be traced back to the page.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import yaml

from ...catalog.diagnostics import Position

Where = tuple[str | int, ...]
Scalar = str | int | bool | None


@dataclass(frozen=True)
class Omitted:
    """A value the import could not trust: written commented out, as the page gave it."""

    text: str


Node = Scalar | Omitted | dict[str, "Node"] | list["Node"]

WIDTH = 100
INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")
SLUG_LIST_ITEM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LINE_BREAKS = "\x85\u2028\u2029"
"""Characters YAML reads as a line break besides CR and LF: never written raw in a scalar."""


@dataclass
class Draft:
    """A catalog to write: the values, a comment per value where needed, and where each came from."""

    root: dict[str, Node] = field(default_factory=dict)
    comments: dict[Where, list[str]] = field(default_factory=dict)
    origins: dict[Where, Position] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    def comment(self, where: Where, text: str) -> None:
        """Add a comment line (wrapped when written) above the value at ``where``."""
        self.comments.setdefault(where, []).append(text)

    def origin(self, where: Where, position: Position | None) -> None:
        """Record where in the page the value at ``where`` comes from."""
        if position is not None:
            self.origins.setdefault(where, position)

    def page_position(self, where: Where) -> Position | None:
        """The page position of ``where``, or of its nearest ancestor that has one."""
        key = where
        while key:
            if key in self.origins:
                return self.origins[key]
            key = key[:-1]
        return None


@dataclass
class Written:
    """The YAML text and which value each of its lines holds."""

    text: str
    lines: dict[int, Where]
    """Output line (from 1) -> the value written on it."""


def scalar(value: Scalar) -> str:
    """One YAML scalar: plain where that reads back as the same string, quoted otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if _plain_ok(value):
        return value
    dumped = yaml.safe_dump(value, default_style='"', width=1 << 20, allow_unicode=True)
    return dumped.strip()


def block(value: str) -> list[str] | None:
    """The lines of ``value`` as a ``|-`` block scalar, or ``None`` when it would not read back the same."""
    if "\n" not in value:
        return None
    lines = [line if line.strip() else "" for line in value.split("\n")]
    trial = "key: |-\n" + "".join(f"  {line}\n" if line else "\n" for line in lines)
    try:
        return lines if yaml.safe_load(trial) == {"key": value} else None
    except yaml.YAMLError:
        return None


def _plain_ok(value: str) -> bool:
    """Whether ``value`` can be written unquoted and read back as the same string."""
    if not value or value != value.strip() or value.startswith(INDICATORS):
        return False
    if (
        ": " in value
        or " #" in value
        or value.endswith(":")
        or any(c in LINE_BREAKS or ord(c) < 32 for c in value)
    ):
        return False
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


class _Emitter:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.out: list[str] = []
        self.lines: dict[int, Where] = {}

    def write(self, indent: int, text: str, where: Where | None = None) -> None:
        self.out.append(" " * indent + text)
        if where is not None:
            self.lines[len(self.out)] = where

    def comments(self, indent: int, where: Where) -> None:
        for comment in self.draft.comments.get(where, []):
            for line in textwrap.wrap(comment, WIDTH - indent - 2, break_on_hyphens=False) or [""]:
                self.write(indent, f"# {line}".rstrip())

    def block_lines(self, lines: list[str], indent: int) -> None:
        for line in lines:
            self.write(indent, line) if line else self.out.append("")

    def mapping(self, node: dict[str, Node], indent: int, where: Where, first_prefix: str = "") -> None:
        for index, (key, value) in enumerate(node.items()):
            child = (*where, key)
            prefix = first_prefix if index == 0 else " " * len(first_prefix)
            if index > 0 or not first_prefix:
                self.comments(indent + len(prefix), child)
            self.entry(key, value, indent, child, prefix)

    def entry(self, key: str, value: Node, indent: int, where: Where, prefix: str) -> None:
        if isinstance(value, Omitted):
            self.write(indent, f"{prefix}# {key}: {value.text}", where)
        elif isinstance(value, dict):
            if all(isinstance(v, Omitted) for v in value.values()):
                # Only commented-out entries: without "{}" the key would read as null.
                self.write(indent, f"{prefix}{key}: {{}}", where)
            else:
                self.write(indent, f"{prefix}{key}:", where)
            self.mapping(value, indent + len(prefix) + 2, where)
        elif isinstance(value, list):
            if not value:
                self.write(indent, f"{prefix}{key}: []", where)
            elif all(isinstance(v, str) and SLUG_LIST_ITEM.match(v) for v in value):
                flow = ", ".join(scalar(v) for v in value if isinstance(v, str))
                self.write(indent, f"{prefix}{key}: [{flow}]", where)
            else:
                self.write(indent, f"{prefix}{key}:", where)
                self.sequence(value, indent + len(prefix) + 2, where)
        elif isinstance(value, str) and (lines := block(value)) is not None:
            self.write(indent, f"{prefix}{key}: |-", where)
            self.block_lines(lines, indent + len(prefix) + 2)
        else:
            self.write(indent, f"{prefix}{key}: {scalar(value)}", where)

    def sequence(self, items: list[Node], indent: int, where: Where) -> None:
        for index, item in enumerate(items):
            child = (*where, index)
            self.comments(indent, child)
            if isinstance(item, dict) and item:
                first = next(iter(item))
                self.comments(indent, (*child, first))
                self.lines[len(self.out) + 1] = child
                self.mapping(item, indent, child, first_prefix="- ")
            elif isinstance(item, Omitted):
                self.write(indent, f"# - {item.text}", child)
            elif isinstance(item, str) and (lines := block(item)) is not None:
                self.write(indent, "- |-", child)
                self.block_lines(lines, indent + 2)
            elif isinstance(item, dict | list):
                self.write(indent, f"- {item!r}", child)
            else:
                self.write(indent, f"- {scalar(item)}", child)


def write(draft: Draft) -> Written:
    """The YAML text of ``draft``, top-level sections separated by a blank line."""
    emitter = _Emitter(draft)
    for line in draft.header:
        emitter.write(0, f"# {line}".rstrip())
    for key, value in draft.root.items():
        emitter.out.append("")
        emitter.comments(0, (key,))
        emitter.entry(key, value, 0, (key,), "")
    return Written("\n".join(emitter.out).lstrip("\n") + "\n", emitter.lines)
