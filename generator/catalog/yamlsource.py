"""Read YAML safely into a tree of nodes that remember their line and column.

The catalog is small and hand-edited; we keep PyYAML's node tree (not the
constructed Python objects) so that every later check can point at the exact
node it is about. Anchors, aliases and explicit tags are refused outright: the
catalog never needs them, aliases are how "billion laughs" documents blow up,
and tags such as ``!!python/object`` are how YAML documents attack loaders.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from .diagnostics import Position, Report

MAX_BYTES = 5 * 1024 * 1024
"""A catalog of 10,000 rollups is about 3 MB; anything larger is a mistake."""

MAX_DEPTH = 32

CORE_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(CORE_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq"))
"""Explicit tags a catalog may carry (``!!str 9.20``); implicit tags are resolved anyway."""

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
LINE_END = re.compile("\r\n?|\n")
"""A line end as editors and YAML see it: ``\n``, ``\r\n`` or a lone ``\r``."""
BYTE_LINE_END = re.compile(b"\r\n?|\n")


@dataclass(frozen=True)
class Source:
    """The text of one input file and the name to report it under."""

    path: str
    text: str

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset of every line's first character; lines end at ``\n``, ``\r\n`` or ``\r``."""
        return [0, *(match.end() for match in LINE_END.finditer(self.text))]

    def position(self, offset: int) -> Position:
        """Line and column of a character offset, counted as editors count them.

        A lone ``\r`` (the line end of old Mac files) ends a line, as in YAML
        and in editors. YAML also breaks lines at NEL, U+2028 and U+2029, which
        editors do not: there its own line numbers drift from an editor's.
        """
        line = bisect.bisect_right(self.line_starts, offset)
        return Position(self.path, line, offset - self.line_starts[line - 1] + 1)


class SourcePositions(Mapping[tuple[str | int, ...], Position]):
    """Positions of values in one source, keyed by address, computed when looked up."""

    def __init__(self, source: Source, offsets: Mapping[tuple[str | int, ...], int]) -> None:
        self.source = source
        self.offsets = offsets

    def __getitem__(self, where: tuple[str | int, ...]) -> Position:
        return self.source.position(self.offsets[where])

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self.offsets)

    def __len__(self) -> int:
        return len(self.offsets)


def position_of(source: Source, node: yaml.Node) -> Position:
    """Where ``node`` starts in ``source``."""
    return source.position(node.start_mark.index)


def position_within(source: Source, node: yaml.Node, fragment: str, line: int = 0) -> Position:
    """Where ``fragment``, a piece of the scalar ``node``'s value on its line ``line``, stands in ``source``.

    Found where the file spells the piece as the value holds it (a block
    scalar, a plain or quoted one without escapes), searching from the value's
    line ``line`` on; elsewhere the scalar's own start stands for it.
    """
    start, end = node.start_mark.index, node.end_mark.index
    raw = source.text[start:end]
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        line += 1  # the value starts on the line after the block's indicator
    if fragment:
        skip = 0
        for _ in range(line):
            end = LINE_END.search(raw, skip)
            if end is None:
                skip = 0
                break
            skip = end.end()
        found = raw.find(fragment, skip)
        if found < 0:
            found = raw.find(fragment)
        if found >= 0:
            return source.position(start + found)
    return source.position(start)


def read_source(path: Path, display: str | None, report: Report) -> Source | None:
    """Read a file as UTF-8 text, refusing one that is too large or not text.

    Problems with the content are reported; a file that cannot be read at all
    (missing, a directory, no permission) raises ``FileNotFoundError``.
    """
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            # Read one byte past the limit instead of trusting stat(): a device
            # or a pipe reports size 0 and never ends.
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FileNotFoundError(f"cannot read {name}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        report.error(
            Position(name),
            f"the file is larger than {MAX_BYTES:,} bytes; a catalog of 10,000 rollups is about "
            "3 MB, so this is not a catalog (or it should be split)",
        )
        return None
    try:
        return Source(name, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        report.error(_byte_position(name, data, exc.start), _decode_problem(data, exc))
    return None


def _byte_position(name: str, data: bytes, offset: int) -> Position:
    before = data[:offset]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    return Position(name, len(BYTE_LINE_END.findall(before)) + 1, offset - line_start + 1)


def _decode_problem(data: bytes, exc: UnicodeDecodeError) -> str:
    if data.startswith(UTF16_BOMS):
        return "the file is encoded as UTF-16; save it as UTF-8"
    if b"\0" in data[:8192]:
        return "the file is binary, not a YAML text file"
    return (
        f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
        f"({exc.reason}); save the file as UTF-8"
    )


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that the catalog does not accept (aliases, tags, deep nesting)."""


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(CORE_TAG) if tag.startswith(CORE_TAG) else tag


class _SafeComposer(yaml.SafeLoader):
    """A loader whose composer refuses anchors, aliases and tags before expanding anything."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            raise Refused(
                problem="anchors and aliases (&name, *name) are not allowed in the catalog; "
                "write the value out in full",
                problem_mark=event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            raise Refused(
                problem=f"the tag '{_tag_name(tag)}' is not allowed in the catalog; remove it "
                "(put the value in quotes if it must stay text)",
                problem_mark=event.start_mark,
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(
                    problem=f"the document nests deeper than {MAX_DEPTH} levels, far deeper than a catalog",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose with libyaml when the document is plainly acceptable, else ``None``.

    The pure-Python composer is about five times slower on a large catalog; it
    stays the reference for every refusal and error message, so this path only
    answers for documents with no error, anchor, alias, foreign tag or
    excessive depth: plainly so from the text, or after a scan of its events.
    """
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is None or not text.strip():
        return None
    try:
        if _plainly_acceptable(text) or _scans_clean(text, c_loader):
            return yaml.compose(text, Loader=c_loader)
    except yaml.YAMLError:
        pass
    return None


LINE_LEAD = re.compile(r"^[ \t-]*", re.MULTILINE)
OTHER_LINE_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
"""A line break YAML knows and ``LINE_LEAD``'s ``^`` does not (``\r\n`` is fine: it ends in ``\n``)."""


def _plainly_acceptable(text: str) -> bool:
    """Whether the text alone shows it has no anchor, alias or tag and nests shallowly.

    Anchors and tags need ``&`` or ``!`` somewhere, and without an anchor an
    alias (``*name``, also Markdown's ``**bold**``) is an error that libyaml
    reports, sending the text to the reference composer. Indentation is
    measured on lines that end in ``\n``; a text with another line break is
    scanned. A block collection nests only one level deeper than its parent's
    indentation (two, for a list under a key, or with ``- - ``), and a flow collection that
    opens and closes on its line nests at most as deep as its brackets, so the
    bound below is never below the real depth. Anything else is scanned.
    """
    if "&" in text or "!" in text or OTHER_LINE_BREAK.search(text):
        return False
    lead = max(len(match) for match in LINE_LEAD.findall(text))
    flow = 0
    for line in text.splitlines():
        if "[" in line or "{" in line or "]" in line or "}" in line:
            opens = line.count("[") + line.count("{")
            if opens != line.count("]") + line.count("}"):
                return False
            flow = max(flow, opens)
    return 2 * (lead + 1) + flow <= MAX_DEPTH


def _scans_clean(text: str, c_loader: type) -> bool:
    """Scan libyaml's events for an anchor, alias, foreign tag or excessive depth."""
    depth = 0
    for event in yaml.parse(text, Loader=c_loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return False
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def compose(source: Source, report: Report) -> yaml.Node | None:
    """Parse ``source`` into a node tree, or report why it cannot be parsed."""
    fast = _compose_fast(source.text)
    if fast is not None:
        return fast
    loader: _SafeComposer | None = None
    try:
        loader = _SafeComposer(source.text)  # the reader checks every character here
        node = loader.get_single_node()
    except Refused as exc:
        report.error(_mark_position(source, exc.problem_mark), exc.problem or "refused")
        return None
    except yaml.MarkedYAMLError as exc:
        mark, message = syntax_problem(exc)
        report.error(_mark_position(source, mark), f"YAML syntax error: {message}")
        return None
    except yaml.reader.ReaderError as exc:
        report.error(source.position(exc.position), _reader_problem(exc))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises only the kinds above
        report.error(Position(source.path), f"YAML syntax error: {exc}")
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        report.error(Position(source.path), "the file is empty; expected a catalog mapping")
    return node


def _mark_position(source: Source, mark: yaml.Mark | None) -> Position:
    return source.position(mark.index) if mark else Position(source.path)


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return (
        f"the file contains the control character U+{character:04X}, which YAML does not allow; "
        "remove it (is this a binary file?)"
    )


BLOCK_KINDS = {"while parsing a block mapping": "mapping", "while parsing a block collection": "list"}


def syntax_problem(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str]:
    """Where a YAML syntax error is best shown, and what to say about it."""
    problem = exc.problem or "invalid YAML"
    context, context_mark, mark = exc.context or "", exc.context_mark, exc.problem_mark or exc.context_mark
    if context == "while scanning a quoted scalar" and "end of stream" in problem:
        return context_mark, "this quoted value is never closed; add the closing quote"
    if problem.startswith("found character '\\t'"):
        return mark, "a tab character here; YAML indents with spaces only, so replace the tab with spaces"
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = problem.split("'")[1]
        return mark, f"a plain value cannot start with '{char}'; put the value in quotes"
    if context == "expected a single document in the stream":
        return mark, "a second YAML document starts here ('---'); the catalog is one document"
    if problem == "mapping values are not allowed here":
        return mark, (
            "unexpected ':' here; put a value that contains ': ' in quotes, "
            "or check the indentation of this line"
        )
    if problem.startswith("expected <block end>") and context in BLOCK_KINDS and context_mark:
        return mark, (
            f"this line is not aligned with the {BLOCK_KINDS[context]} that starts at line "
            f"{context_mark.line + 1}, column {context_mark.column + 1}; check its indentation"
        )
    if context and context_mark:
        where = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        return mark, f"{problem} ({context} that starts at {where})"
    return mark, problem
