"""Read YAML safely into a tree of nodes that remember their line and column.

The catalog is small and hand-edited; we keep PyYAML's node tree (not the
constructed Python objects) so that every later check can point at the exact
node it is about. Anchors and aliases are refused outright: the catalog never
needs them and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Position, Report

MAX_BYTES = 5 * 1024 * 1024
"""A catalog of 10,000 rollups is about 3 MB; anything larger is a mistake."""

MAX_DEPTH = 32


@dataclass(frozen=True)
class Source:
    """The text of one input file and the name to report it under."""

    path: str
    text: str


def position_of(source: Source, node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(source.path, mark.line + 1, mark.column + 1)


def read_source(path: Path, display: str | None, report: Report) -> Source | None:
    """Read a file as UTF-8 text, refusing one that is too large."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(
                Position(name),
                f"the file is {size:,} bytes; expected at most {MAX_BYTES:,} bytes "
                "(a catalog of 10,000 rollups is about 3 MB)",
            )
            return None
        return Source(name, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        report.error(Position(name), f"the file is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        raise FileNotFoundError(f"{name}: {exc.strerror or exc}") from exc
    return None


class _NoAliasComposer(yaml.SafeLoader):
    """A loader whose composer refuses anchors and aliases before expanding anything."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (&name, *name) are not allowed in the catalog; "
                "write the value out in full",
                problem_mark=event.start_mark,
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"the document nests deeper than {MAX_DEPTH} levels",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(source: Source, report: Report) -> yaml.Node | None:
    """Parse ``source`` into a node tree, or report why it cannot be parsed."""
    loader = _NoAliasComposer(source.text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(source.path, mark.line + 1, mark.column + 1) if mark else Position(source.path)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        report.error(position, f"YAML syntax error: {problem}{context}")
        return None
    except yaml.YAMLError as exc:
        report.error(Position(source.path), f"YAML syntax error: {exc}")
        return None
    finally:
        loader.dispose()
    if node is None:
        report.error(Position(source.path), "the file is empty; expected a catalog mapping")
    return node
