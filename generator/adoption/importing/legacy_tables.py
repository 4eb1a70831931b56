"""The tables of a hand-written page: rollup tables (one row per rollup) and reboot tables.

A rollup table has a column whose cells name rollups (a link "Update Rollup
32", a KB URL, a bare number) and columns of version numbers; a reboot table
has two columns of ``major.minor`` versions and a yes/no verdict. Columns are
recognised by what their cells hold, so a German or Turkish table reads like
an English one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...catalog.diagnostics import Position, Report
from ...catalog.model import AgentVersion, ReleaseDate
from ..reading.pipe_tables import Cell, PipeTable
from .column_ids import ColumnIds
from .legacy_cells import (
    DATE_HEADERS,
    KB_HEADERS,
    KB_IN_TEXT,
    NOTES_HEADERS,
    ROLLUP_HEADERS,
    CellText,
    VersionText,
    header_is,
    is_na,
    kb_url,
    leftover,
    normalize,
    parse_date,
    read_cell,
    rollup_number_in_text,
    rollup_number_in_url,
    versions_in,
)

AGENT = re.compile(r"^\**\s*(\d{1,9})\.(\d{1,9})\s*\**$")
NOT_MANDATORY = (
    *("not mandatory", "not required", "no", "nein", "non", "hayir", "not needed", "optional"),
    *("nicht erforderlich", "nicht obligatorisch", "pas obligatoire", "gerekli degil", "zorunlu degil"),
    "recommended",
)
MANDATORY = (
    "yes",
    "mandatory",
    "required",
    "ja",
    "oui",
    "evet",
    "erforderlich",
    "obligatoire",
    "gerekli",
    "zorunlu",
)


@dataclass(frozen=True)
class Column:
    """A version column: the component it holds and where its header is."""

    component: str
    name: str
    at: Position


@dataclass(frozen=True)
class VersionCell:
    """A cell of a version column: the versions it holds, or NA."""

    component: str
    cell: Cell
    values: tuple[VersionText, ...]
    na: bool

    def at(self, path: str, value: VersionText | None = None) -> Position:
        """Where the cell (or one of its versions) stands in the page."""
        return Position(path, self.cell.line, self.cell.col + (value.offset if value else 0))


@dataclass(frozen=True)
class RollupLink:
    """The link that names a rollup, and the rollup number its text and its URL give."""

    text: str
    href: str
    at: Position
    text_number: int | None
    url_number: int | None


@dataclass
class RollupEntry:
    """One rollup as one place of the page states it (a table row or a list item)."""

    number: int
    at: Position
    link: RollupLink | None = None
    kb_number: str | None = None
    kb_at: Position | None = None
    released: tuple[ReleaseDate, bool, Position, str] | None = None
    cells: list[VersionCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RebootRow:
    """A row of a reboot table: last reboot, target, and whether a reboot is mandatory."""

    last_reboot: AgentVersion
    target: AgentVersion
    mandatory: bool | None
    at: Position
    verdict: str


@dataclass
class TableReading:
    """What one table says: its version columns, its rollups, its reboot rows."""

    columns: list[Column] = field(default_factory=list)
    rollups: list[RollupEntry] = field(default_factory=list)
    reboot_rows: list[RebootRow] = field(default_factory=list)


def _column(table: PipeTable, index: int) -> list[Cell]:
    return [row.cells[index] for row in table.body if index < len(row.cells)]


def _share(cells: list[CellText], test: Callable[[CellText], bool]) -> bool:
    filled = [c for c in cells if c.cell.text]
    return bool(filled) and sum(1 for c in filled if test(c)) * 2 >= len(filled)


def _names_rollup(cell: CellText) -> bool:
    if any(rollup_number_in_text(link.text) or rollup_number_in_url(link.href) for link in cell.links):
        return True
    return bool(re.fullmatch(r"\D{0,40}?\d{1,3}\D{0,3}", cell.plain)) and not versions_in(cell.cell)


def _holds_versions(cell: CellText) -> bool:
    return is_na(cell.plain) or (bool(versions_in(cell.cell)) and len(leftover(cell.cell)) <= 40)


def _holds_kb(cell: CellText) -> bool:
    return bool(KB_IN_TEXT.search(cell.plain)) or any(kb_url(link.href) for link in cell.links)


def read_table(table: PipeTable, path: str, report: Report, ids: ColumnIds) -> TableReading:
    """Read ``table`` as a rollup table or a reboot table; any other table gives nothing.

    ``ids`` gives each version column its component id, page-wide.
    """
    headers = [read_cell(c) for c in table.header.cells]
    columns = [[read_cell(c) for c in _column(table, i)] for i in range(table.width)]
    rollup_index = next(
        (
            i
            for i, cells in enumerate(columns)
            if _share(cells, _names_rollup) or (header_is(headers[i].plain, ROLLUP_HEADERS) and cells)
        ),
        None,
    )
    if rollup_index is None:
        return TableReading(reboot_rows=_reboot_rows(table, path))
    roles = _roles(headers, columns, rollup_index, path, ids)
    if not any(role[0] in ("component", "kb") for role in roles.values()):
        return TableReading()
    reading = TableReading(columns=[r[1] for r in roles.values() if r[0] == "component" and r[1]])
    for row in table.body:
        entry = _rollup_row(row.cells, rollup_index, roles, path, report)
        if entry is not None:
            reading.rollups.append(entry)
    return reading


Role = tuple[str, Column | None, str]
"""(kind, column, header text): kind is ``component``, ``kb``, ``date`` or ``notes``."""


def _roles(
    headers: list[CellText], columns: list[list[CellText]], skip: int, path: str, ids: ColumnIds
) -> dict[int, Role]:
    ids.next_table()
    roles: dict[int, Role] = {}
    for index, (header, cells) in enumerate(zip(headers, columns, strict=True)):
        if index == skip:
            continue
        name = header.plain
        if header_is(name, KB_HEADERS) or (_share(cells, _holds_kb) and not _share(cells, _holds_versions)):
            roles[index] = ("kb", None, name)
        elif header_is(name, DATE_HEADERS) or _share(cells, lambda c: parse_date(c.plain) is not None):
            roles[index] = ("date", None, name)
        elif _share(cells, _holds_versions):
            at = Position(path, header.cell.line, header.cell.col)
            cid = ids.assign(name, at, index + 1)
            roles[index] = ("component", Column(cid, name or cid, at), name)
        elif any(c.cell.text for c in cells):
            roles[index] = ("notes", None, name)
    return roles


def _rollup_row(
    cells: tuple[Cell, ...], rollup_index: int, roles: dict[int, Role], path: str, report: Report
) -> RollupEntry | None:
    if rollup_index >= len(cells):
        return None
    head = read_cell(cells[rollup_index])
    entry = _entry(head, path, report)
    if entry is None:
        return None
    for index, (kind, column, header) in roles.items():
        if index >= len(cells):
            continue
        cell = cells[index]
        text = read_cell(cell)
        if kind == "component" and column is not None:
            entry.cells.append(
                VersionCell(column.component, cell, tuple(versions_in(cell)), is_na(text.plain))
            )
        elif kind == "kb":
            _read_kb(entry, text, path)
        elif kind == "date" and cell.text and not is_na(text.plain):
            _read_date(entry, text, path, report)
        elif kind == "notes" and cell.text and not is_na(text.plain):
            plain_header = header and not header_is(header, NOTES_HEADERS)
            entry.notes.append(f"{header}: {cell.text}" if plain_header else cell.text)
    return entry


def _entry(head: CellText, path: str, report: Report) -> RollupEntry | None:
    """The rollup a cell (or list item) names, from its link text, its URL or its plain number."""
    cell = head.cell
    link = next(
        (k for k in head.links if rollup_number_in_text(k.text) or rollup_number_in_url(k.href)), None
    )
    if link is None and head.links:
        link = head.links[0]
    if link is not None:
        found = RollupLink(
            link.text,
            link.href,
            Position(path, cell.line, link.col),
            rollup_number_in_text(link.text),
            rollup_number_in_url(link.href),
        )
        number = found.text_number or found.url_number or rollup_number_in_text(head.plain)
        entry = RollupEntry(number, found.at, link=found) if number else None
    else:
        number = rollup_number_in_text(head.plain)
        entry = RollupEntry(number, Position(path, cell.line, cell.col)) if number else None
    if entry is None:
        report.error(
            Position(path, cell.line, cell.col),
            f"cannot tell which rollup '{cell.text}' is: it has no rollup number, and no link to a KB "
            "article whose address names one; the row is not imported",
        )
        return None
    kb = KB_IN_TEXT.search(head.plain)
    if kb and (entry.link is None or not kb_url(entry.link.href)):
        entry.kb_number, entry.kb_at = kb.group(1), Position(path, cell.line, cell.col)
    return entry


def _read_kb(entry: RollupEntry, text: CellText, path: str) -> None:
    link = next((k for k in text.links if kb_url(k.href)), None)
    if link is not None and (entry.link is None or not kb_url(entry.link.href)):
        number = rollup_number_in_url(link.href)
        at = Position(path, text.cell.line, link.col)
        entry.link = RollupLink(link.text, link.href, at, entry.number, number)
        return
    kb = KB_IN_TEXT.search(text.plain) or re.search(r"\b(\d{6,8})\b", text.plain)
    if kb:
        entry.kb_number, entry.kb_at = kb.group(1), Position(path, text.cell.line, text.cell.col)


def _read_date(entry: RollupEntry, text: CellText, path: str, report: Report) -> None:
    at = Position(path, text.cell.line, text.cell.col)
    parsed = parse_date(text.plain)
    if parsed is None:
        report.warning(
            at,
            f"'{text.plain}' is not a date the import can read (such as 2019-01-08, January 2019 or "
            f"1/8/2019); rollup {entry.number}'s release date is left out",
        )
        return
    entry.released = (parsed[0], parsed[1], at, text.plain)


def _reboot_rows(table: PipeTable, path: str) -> list[RebootRow]:
    if table.width < 3:
        return []
    rows: list[RebootRow] = []
    for row in table.body:
        if len(row.cells) < 3:
            continue
        last, target = AGENT.match(row.cells[0].text), AGENT.match(row.cells[1].text)
        if not last or not target:
            continue
        verdict = row.cells[2]
        rows.append(
            RebootRow(
                AgentVersion(int(last.group(1)), int(last.group(2))),
                AgentVersion(int(target.group(1)), int(target.group(2))),
                mandatory_verdict(verdict.text),
                Position(path, verdict.line, verdict.col),
                verdict.text,
            )
        )
    return rows if len(rows) * 2 >= len(table.body) else []


def mandatory_verdict(text: str) -> bool | None:
    """``True`` for "Yes, ...", ``False`` for "Not mandatory", ``None`` when the cell says neither."""
    words = normalize(text)
    found: list[tuple[int, int, bool]] = []
    for verdict, phrases in ((False, NOT_MANDATORY), (True, MANDATORY)):
        for phrase in phrases:
            match = re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", words)
            if match:
                found.append((match.start(), -len(phrase), verdict))
    return min(found)[2] if found else None
