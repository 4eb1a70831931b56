"""A Markdown page parsed once, for the importer and the lint: tokens, lines, tables, links.

markdown-it-py (CommonMark, GFM tables, YAML front matter) gives the block
structure; the raw lines give exact columns, and tables that do not render
(:mod:`.pipe_tables`). Line numbers count from 1 everywhere in this module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ...catalog.diagnostics import Position, Report
from .pipe_tables import PipeTable, find_tables

MAX_BYTES = 2 * 1024 * 1024
"""A service-updates page with 20 years of rollups is about 200 KB."""

CODE_TOKENS = ("fence", "code_block", "html_block", "front_matter")
DESTINATION = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))*))")
"""A link's ``](`` and its written target: ``<...>`` or up to a space or an unbalanced ``)``."""
HEADING_ID = re.compile(r"\s*\{\s*#([\w.:-]+)[^}]*\}\s*$")


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables and front matter: what GitHub and DocFX agree on."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


@dataclass(frozen=True)
class Heading:
    """A heading: its level, its text as a reader sees it, and where it stands."""

    level: int
    text: str
    """Plain text, Markdown removed."""
    line: int
    col: int
    explicit_id: str | None = None


@dataclass(frozen=True)
class Link:
    """A link or image: the text shown, the target, and where its ``[`` stands."""

    text: str
    href: str
    line: int
    col: int
    image: bool = False


@dataclass
class MarkdownDoc:
    """A parsed page: the source lines, the tokens and what the checks need from them."""

    path: str
    text: str
    lines: list[str]
    tokens: list[Token]
    front_matter: dict[str, str] = field(default_factory=dict)
    code_lines: set[int] = field(default_factory=set)
    tables: list[PipeTable] = field(default_factory=list)
    rendered_tables: set[int] = field(default_factory=set)
    """Header line numbers of the tables the parser renders."""

    def position(self, line: int, col: int = 1) -> Position:
        """A position in this page."""
        return Position(self.path, line, col)

    def renders(self, table: PipeTable) -> bool:
        """Whether the parser renders ``table`` as a table."""
        return table.first_line in self.rendered_tables

    def table_lines(self) -> set[int]:
        """Every line that belongs to a pipe table, rendered or not."""
        return {n for t in self.tables for n in range(t.first_line, t.last_line + 1)}

    def headings(self) -> list[Heading]:
        """The page's headings, in order."""
        return list(_headings(self))

    def links(self) -> list[Link]:
        """The page's links and images, in order, each with its line and column."""
        return list(_links(self))


def read_page(path: Path, display: str | None, report: Report) -> str | None:
    """The page's text, or ``None`` (with the reason in ``report``) when it is unusable."""
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            # Read one byte past the limit instead of trusting stat(): a device or a pipe reports
            # size 0 and may never end (`rollups import /dev/zero` once filled the memory).
            data = stream.read(MAX_BYTES + 1)
            size = os.fstat(stream.fileno()).st_size
    except OSError as exc:
        raise FileNotFoundError(f"{name}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        found = f"{size:,} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES:,} bytes"
        report.error(Position(name), f"the page is {found}; expected at most {MAX_BYTES:,} bytes")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(Position(name), f"the page is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    return None


def parse(path: str, text: str) -> MarkdownDoc:
    """Parse ``text`` (reported as ``path``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = markdown_parser().parse(text)
    doc = MarkdownDoc(path, text, text.split("\n"), tokens)
    for token in tokens:
        if token.type in CODE_TOKENS and token.map:
            doc.code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
        if token.type == "front_matter":
            doc.front_matter = _front_matter(token.content)
        if token.type == "table_open" and token.map:
            doc.rendered_tables.add(token.map[0] + 1)
    doc.tables = find_tables(doc.lines, doc.code_lines)
    return doc


def _front_matter(content: str) -> dict[str, str]:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v).strip() for k, v in data.items() if v is not None}


def inline_plain(token: Token) -> str:
    """The text a reader sees in an inline token: emphasis and link syntax removed."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _headings(doc: MarkdownDoc) -> Iterator[Heading]:
    tokens = doc.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        inline = tokens[index + 1]
        line = token.map[0] + 1
        raw = doc.lines[line - 1]
        text = inline_plain(inline)
        explicit = HEADING_ID.search(text)
        if explicit:
            text = text[: explicit.start()].strip()
        col = len(raw) - len(raw.lstrip()) + 1
        yield Heading(int(token.tag[1]), text, line, col, explicit.group(1) if explicit else None)


def _links(doc: MarkdownDoc) -> Iterator[Link]:
    cursor = (0, 0)
    for token in doc.tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        children = token.children
        for index, child in enumerate(children):
            if child.type not in ("link_open", "image"):
                continue
            attr = "href" if child.type == "link_open" else "src"
            href = str(child.attrs.get(attr, ""))
            text = child.content if child.type == "image" else _link_text(children, index)
            line, col, resume = _locate(doc, token.map, href, cursor)
            cursor = (line, resume)
            yield Link(text, href, line, col, image=child.type == "image")


def _link_text(children: list[Token], start: int) -> str:
    parts: list[str] = []
    for child in children[start + 1 :]:
        if child.type == "link_close":
            break
        parts.append(child.content if child.type != "softbreak" else " ")
    return "".join(parts)


def _locate(doc: MarkdownDoc, span: list[int], href: str, cursor: tuple[int, int]) -> tuple[int, int, int]:
    """Where the link to ``href`` starts (line, column of its ``[``), searching from ``cursor`` in ``span``.

    ``href`` is the target as the parser gives it (unescaped, percent-encoded), so
    each written target is compared in that form. The third value is where the
    next search starts: after this link's ``](``.
    """
    first, last = span[0] + 1, span[1]
    for line in range(max(first, cursor[0]), last + 1):
        raw = doc.lines[line - 1]
        start = cursor[1] if line == cursor[0] else 0
        for found in DESTINATION.finditer(raw, start):
            written = found.group(1) if found.group(1) is not None else found.group(2)
            if normalizeLink(unescapeAll(written)) == href:
                return line, _opening_bracket(raw, found.start()) + 1, found.start() + 2
    raw = doc.lines[first - 1]
    return first, len(raw) - len(raw.lstrip()) + 1, 0


def _opening_bracket(raw: str, close: int) -> int:
    depth = 0
    for index in range(close - 1, -1, -1):
        char = raw[index]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return index - 1 if index > 0 and raw[index - 1] == "!" else index
            depth -= 1
    return close
