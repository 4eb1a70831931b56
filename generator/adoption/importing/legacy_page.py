"""Read a hand-written service-updates page: its rollups, columns, scenarios and reboot table.

This module reads what the page says and reports how it is written (tables
that do not render, broken callouts, sloppy links); deciding which of its
values to trust is :mod:`.importer`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from ...catalog.diagnostics import Position, Report
from ..reading.callouts import callouts, check_callouts
from ..reading.markdown_doc import Heading, Link, MarkdownDoc
from ..reading.pipe_tables import check_table, why_not_rendered
from ..reading.wording import DASHES
from .column_ids import ColumnIds
from .legacy_cells import kb_url, normalize, rollup_number_in_text, rollup_number_in_url
from .legacy_tables import Column, RebootRow, RollupEntry, RollupLink, read_table

RENDERERS = "GitHub or DocFX"
POLICY_FIGURE = re.compile(rf"\bN\s*[{DASHES}]\s*\d+\b")


@dataclass(frozen=True)
class Step:
    """One numbered step of a scenario, as Markdown on one line."""

    text: str
    at: Position


@dataclass(frozen=True)
class NoteText:
    """A callout (or a paragraph after the steps) that becomes a scenario note."""

    kind: str
    text: str
    at: Position
    from_paragraph: bool = False


@dataclass
class ScenarioText:
    """A headed section with numbered steps: one upgrade scenario."""

    title: str
    at: Position
    summary: str
    steps: list[Step]
    notes: list[NoteText]
    words: str
    """The section's text, normalised, to find which components it names."""


@dataclass
class LegacyPage:
    """Everything a hand-written page states, each value with its position."""

    doc: MarkdownDoc
    title: tuple[str, Position] | None
    columns: list[Column] = field(default_factory=list)
    rollups: list[RollupEntry] = field(default_factory=list)
    reboot_rows: list[RebootRow] = field(default_factory=list)
    scenarios: list[ScenarioText] = field(default_factory=list)


@dataclass(frozen=True)
class _Section:
    heading: Heading
    own_end: int
    """The line before which the section's own text ends (the next heading)."""
    unit: Heading
    """The top-level section it belongs to."""


def read_legacy_page(doc: MarkdownDoc, report: Report) -> LegacyPage:
    """Everything the page states, with every formatting defect reported into ``report``."""
    for table in doc.tables:
        reason = None if doc.renders(table) else why_not_rendered(table)
        check_table(table, doc.path, report, reason, renderer=RENDERERS)
    check_callouts(doc, report)
    _check_link_texts(doc, report)
    page = LegacyPage(doc, _title(doc))
    ids = ColumnIds(report)
    for table in doc.tables:
        reading = read_table(table, doc.path, report, ids)
        page.columns.extend(reading.columns)
        page.rollups.extend(reading.rollups)
        page.reboot_rows.extend(reading.reboot_rows)
    page.rollups.extend(_listed_rollups(doc))
    rollup_lines = {entry.at.line for entry in page.rollups}
    page.scenarios = _scenarios(doc, rollup_lines, report)
    return page


def _title(doc: MarkdownDoc) -> tuple[str, Position] | None:
    heading = next((h for h in doc.headings() if h.level == 1), None)
    if heading is not None:
        return heading.text, doc.position(heading.line, heading.col)
    title = doc.front_matter.get("title")
    return (title.split("|")[0].strip(), doc.position(1)) if title else None


def _check_link_texts(doc: MarkdownDoc, report: Report) -> None:
    for link in doc.links():
        if link.text and link.text != link.text.strip():
            report.warning(
                doc.position(link.line, link.col),
                f"the link text '{link.text}' has a space inside its brackets, shown underlined as part "
                f"of the link; write '[{link.text.strip()}]'",
            )


# --- rollups in link lists -------------------------------------------------


def _listed_rollups(doc: MarkdownDoc) -> list[RollupEntry]:
    """Rollups named by list items that are essentially one link to a KB article ("Previous rollups")."""
    by_line: dict[int, list[Link]] = {}
    for link in doc.links():
        by_line.setdefault(link.line, []).append(link)
    entries: list[RollupEntry] = []
    tokens = doc.tokens
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or not token.map:
            continue
        inline = _item_inline(tokens, index)
        if inline is None or not inline.map:
            continue
        entry = _list_entry(doc, inline, by_line)
        if entry is not None:
            entries.append(entry)
    return entries


def _item_inline(tokens: list[Token], index: int) -> Token | None:
    level = tokens[index].level
    for token in tokens[index + 1 :]:
        if token.type == "list_item_close" and token.level == level:
            return None
        if token.type == "inline" and token.level == level + 2:
            return token
    return None


def _list_entry(doc: MarkdownDoc, inline: Token, by_line: dict[int, list[Link]]) -> RollupEntry | None:
    assert inline.map is not None
    links = [k for n in range(inline.map[0] + 1, inline.map[1] + 1) for k in by_line.get(n, [])]
    for link in links:
        text_number, url_number = rollup_number_in_text(link.text), rollup_number_in_url(link.href)
        if not (kb_url(link.href) or url_number) or not (text_number or url_number):
            continue
        rest = inline.content.replace(link.text, "", 1)
        rest = re.sub(r"\[\]\([^)]*\)", "", rest)
        if len(rest.strip(f" {DASHES}:.,()*_")) > 60:
            return None
        at = doc.position(link.line, link.col)
        found = RollupLink(link.text, link.href, at, text_number, url_number)
        return RollupEntry(text_number or url_number or 0, at, link=found)
    return None


# --- scenarios -------------------------------------------------------------


def _sections(doc: MarkdownDoc) -> list[_Section]:
    headings = [h for h in doc.headings() if h.level >= 2]
    if not headings:
        return []
    top = min(h.level for h in headings)
    sections: list[_Section] = []
    unit = headings[0]
    for index, heading in enumerate(headings):
        if heading.level == top:
            unit = heading
        end = headings[index + 1].line if index + 1 < len(headings) else len(doc.lines) + 1
        sections.append(_Section(heading, end, unit))
    return sections


def _unit_lines(sections: list[_Section], unit: Heading, total: int) -> range:
    after = [s.heading.line for s in sections if s.heading.level <= unit.level and s.heading.line > unit.line]
    return range(unit.line, min(after, default=total + 1))


def _scenarios(doc: MarkdownDoc, rollup_lines: set[int], report: Report) -> list[ScenarioText]:
    sections = _sections(doc)
    table_lines = doc.table_lines()
    policy_units: set[int] = set()
    for unit in {s.unit for s in sections}:
        lines = _unit_lines(sections, unit, len(doc.lines))
        if POLICY_FIGURE.search("\n".join(doc.lines[n - 1] for n in lines)):
            policy_units.add(unit.line)
    found: list[ScenarioText] = []
    for section in sections:
        own = range(section.heading.line, section.own_end)
        if section.unit.line in policy_units or any(n in rollup_lines for n in own):
            continue
        scenario = _scenario(doc, section, table_lines, report)
        if scenario is not None:
            found.append(scenario)
    return found


def _top_tokens(doc: MarkdownDoc, first: int, end: int) -> list[tuple[int, Token]]:
    return [
        (i, t)
        for i, t in enumerate(doc.tokens)
        if t.level == 0 and t.nesting >= 0 and t.map and first < t.map[0] + 1 < end
    ]


def _scenario(
    doc: MarkdownDoc, section: _Section, table_lines: set[int], report: Report
) -> ScenarioText | None:
    heading = section.heading
    blocks = _top_tokens(doc, heading.line, section.own_end)
    lists = [(i, t) for i, t in blocks if t.type == "ordered_list_open"]
    if not lists:
        return None
    steps = _steps(doc, lists, report)
    first_list_line = lists[0][1].map[0] + 1 if lists[0][1].map else heading.line
    last_list = _closing(doc.tokens, lists[-1][0])
    summary_parts: list[str] = []
    notes: list[NoteText] = []
    for index, token in blocks:
        assert token.map is not None
        lines = range(token.map[0] + 1, token.map[1] + 1)
        if token.type not in ("paragraph_open", "bullet_list_open") or set(lines) & table_lines:
            continue
        if lines.start < first_list_line:
            summary_parts.append("\n".join(doc.lines[n - 1].rstrip() for n in lines).strip())
        elif index > last_list and token.type == "paragraph_open":
            text = " ".join(doc.tokens[index + 1].content.split())
            notes.append(NoteText("note", text, doc.position(lines.start, 1), from_paragraph=True))
    for callout in callouts(doc):
        if heading.line < callout.line < section.own_end:
            notes.append(NoteText(callout.kind, callout.text, doc.position(callout.line, callout.col)))
    notes.sort(key=lambda n: n.at)
    words = normalize("\n".join(doc.lines[n - 1] for n in range(heading.line, section.own_end)))
    at = doc.position(heading.line, heading.col)
    return ScenarioText(heading.text, at, "\n\n".join(summary_parts), steps, notes, words)


def _closing(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens)


def _steps(doc: MarkdownDoc, lists: list[tuple[int, Token]], report: Report) -> list[Step]:
    steps: list[Step] = []
    expected: int | None = None
    for list_index, opening in lists:
        start = int(opening.attrs.get("start", 1) or 1)
        if steps and start != len(steps) + 1:
            line = opening.map[0] + 1 if opening.map else 1
            report.warning(
                doc.position(line, 1),
                f"a second numbered list starts here at {start} in the section whose steps end at "
                f"step {len(steps)}; the import takes only the first list as the scenario's steps",
            )
            break
        items = _items(doc.tokens, list_index)
        numbers = [int(t.info) if t.info.isdigit() else None for t, _ in items]
        lazy = all(n == numbers[0] for n in numbers)
        for (item, text), number in zip(items, numbers, strict=True):
            assert item.map is not None
            line = item.map[0] + 1
            raw = doc.lines[line - 1]
            marker = re.match(r"\s*\d+[.)]\s*", raw)
            at = doc.position(line, marker.end() + 1 if marker else 1)
            expected = start if expected is None else expected + 1
            if not lazy and number is not None and number != expected:
                report.warning(
                    doc.position(line, len(raw) - len(raw.lstrip()) + 1),
                    f"this step is numbered {number} but follows step {expected - 1}; Markdown renumbers "
                    "it, so check that no step is missing",
                )
                expected = number
            steps.append(Step(text, at))
    return steps


def _items(tokens: list[Token], list_index: int) -> list[tuple[Token, str]]:
    end = _closing(tokens, list_index)
    item_level = tokens[list_index].level + 1
    items: list[tuple[Token, str]] = []
    for index in range(list_index + 1, end):
        token = tokens[index]
        if token.type != "list_item_open" or token.level != item_level:
            continue
        close = _closing(tokens, index)
        parts = [t.content for t in tokens[index:close] if t.type == "inline"]
        items.append((token, " ".join(" ".join(parts).split())))
    return items
