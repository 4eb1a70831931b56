"""Pipe tables read from the raw lines of a Markdown page, whether they render or not.

A renderer that cannot parse a table (say, a delimiter row with one cell too
many) shows it as a paragraph of pipes and says nothing; markdown-it then
gives us no table either. So tables are found here on the raw lines, cell by
cell with line and column, and whether they render is decided separately (by
the parser, see :mod:`.markdown_doc`), so that a broken table can still be
read and its defect explained.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from ...catalog.diagnostics import Position, Report

DELIMITER_CELL = re.compile(r"^:?-+:?$")
DELIMITER_LINE = re.compile(r"^[\s|:\-]*-[\s|:\-]*$")
QUOTE_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)+")


@dataclass(frozen=True)
class Cell:
    """One cell: its raw text without the surrounding spaces, and where that text starts."""

    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Row:
    """One line of a table, split into cells at unescaped pipes."""

    line: int
    cells: tuple[Cell, ...]
    leading_pipe: bool
    trailing_pipe: bool
    end_col: int
    """The column just after the last non-space character of the line."""


@dataclass(frozen=True)
class PipeTable:
    """A header row, its delimiter row and the body rows that follow."""

    header: Row
    delimiter: Row
    body: tuple[Row, ...]

    @property
    def width(self) -> int:
        """The number of columns, as the header row gives them."""
        return len(self.header.cells)

    @property
    def first_line(self) -> int:
        """The header row's line."""
        return self.header.line

    @property
    def last_line(self) -> int:
        """The last row's line."""
        return (self.body[-1] if self.body else self.delimiter).line


def split_row(text: str, line: int, offset: int = 0) -> Row:
    """Split one table line at pipes that are not escaped with a backslash.

    ``offset`` is the number of characters stripped from the start of the
    physical line (a blockquote's ``>``), so that columns stay exact.
    """
    bounds: list[tuple[int, int]] = []
    start, escaped = 0, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, len(text)))
    stripped = text.strip()
    leading = stripped.startswith("|")
    trailing = len(stripped) > 1 and stripped.endswith("|") and not stripped.endswith("\\|")
    if leading:
        bounds = bounds[1:]
    if trailing:
        bounds = bounds[:-1]
    cells = tuple(_cell(text, lo, hi, line, offset) for lo, hi in bounds)
    end_col = offset + len(text.rstrip()) + 1
    return Row(line, cells, leading, trailing, end_col)


def _cell(text: str, lo: int, hi: int, line: int, offset: int) -> Cell:
    raw = text[lo:hi]
    value = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    return Cell(value, line, offset + lo + (lead if value else 0) + 1)


def _unquote(line: str) -> tuple[str, int]:
    match = QUOTE_PREFIX.match(line)
    return (line[match.end() :], match.end()) if match else (line, 0)


def find_tables(lines: Sequence[str], skip: Container[int] = ()) -> list[PipeTable]:
    """Every pipe table of ``lines`` (numbered from 1), skipping the line numbers in ``skip``.

    A table starts at a line with a pipe followed by a line made only of pipes,
    colons, dashes and spaces; its body runs while lines hold a pipe.
    """
    tables: list[PipeTable] = []
    number = 1
    while number < len(lines):
        header_text, header_offset = _unquote(lines[number - 1])
        delimiter_text, delimiter_offset = _unquote(lines[number])
        if (
            number in skip
            or number + 1 in skip
            or "|" not in header_text
            or "|" not in delimiter_text
            or not DELIMITER_LINE.match(delimiter_text)
        ):
            number += 1
            continue
        header = split_row(header_text, number, header_offset)
        delimiter = split_row(delimiter_text, number + 1, delimiter_offset)
        body: list[Row] = []
        following = number + 2
        while following <= len(lines) and following not in skip:
            text, offset = _unquote(lines[following - 1])
            if not text.strip() or "|" not in text:
                break
            body.append(split_row(text, following, offset))
            following += 1
        tables.append(PipeTable(header, delimiter, tuple(body)))
        number = following
    return tables


def why_not_rendered(table: PipeTable) -> str:
    """The reason a renderer refuses ``table``, in a reader's words."""
    header, delimiter = len(table.header.cells), len(table.delimiter.cells)
    if header != delimiter:
        return (
            f"the header row has {header} cell{'s' * (header != 1)} but the delimiter row has "
            f"{delimiter}; they must match"
        )
    bad = next((c for c in table.delimiter.cells if not DELIMITER_CELL.match(c.text)), None)
    if bad is not None:
        return f"the delimiter cell '{bad.text}' is not made of dashes with optional colons, such as ---"
    return "the parser does not recognise it as a table"


def check_table(
    table: PipeTable, path: str, report: Report, reason: str | None, *, renderer: str, span: bool = True
) -> None:
    """Report ``reason`` (why ``table`` will not render, if it will not) and rows shaped unlike the header.

    With ``span``, the message names the table's lines (not when positions are remapped afterwards).
    """
    if reason is not None:
        lines = f", lines {table.first_line}-{table.last_line}" if span else ""
        report.error(
            Position(
                path, table.delimiter.line, table.delimiter.cells[0].col if table.delimiter.cells else 1
            ),
            f"this table will not render on {renderer}: {reason} (it shows as plain text with pipes{lines})",
        )
    for row in table.body:
        _check_row(table, row, path, report)


def _check_row(table: PipeTable, row: Row, path: str, report: Report) -> None:
    width, cells = table.width, len(row.cells)
    if cells > width:
        extra = row.cells[width]
        report.warning(
            Position(path, row.line, extra.col),
            f"this row has {cells} cells but the header has {width}; the cells from here on are dropped",
        )
    elif cells < width:
        report.warning(
            Position(path, row.line, row.end_col),
            f"this row has {cells} cell{'s' * (cells != 1)} but the header has {width}; "
            "the missing cells render empty",
        )
    if table.header.leading_pipe and not row.leading_pipe:
        first = row.cells[0].col if row.cells else 1
        report.warning(
            Position(path, row.line, first),
            "this row does not start with '|' as the header row does",
        )
    if table.header.trailing_pipe and not row.trailing_pipe:
        report.warning(
            Position(path, row.line, row.end_col),
            "this row does not end with '|' as the header row does; keep the table's rows the same shape",
        )
