"""Callouts: GitHub / DocFX ``> [!NOTE]`` blocks, and MkDocs ``!!! note`` admonitions.

A callout renders only when its marker stands alone on the first line of a
quote and the quote has text; anything else shows the reader a stray
``[!NOTE]``. :func:`callouts` reads the well-formed ones (the importer turns
them into scenario notes), :func:`check_callouts` reports the others.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from ...catalog.diagnostics import Position, Report, did_you_mean
from .markdown_doc import MarkdownDoc

KINDS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning", "CAUTION": "warning"}
"""Callout kinds GitHub and DocFX render, and the catalog's note kind for each."""

DIRECTIVES = {"INCLUDE", "DIV", "VIDEO", "CODE", "INCLUDE-NOLOC"}
"""DocFX block directives that share the ``[!...]`` syntax but are not callouts."""

QUOTE = re.compile(r"^(\s*)>\s?")
MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]\s*(.*)$")
LOOSE_MARKER = re.compile(
    r"^(\s*)(>?)\s*(!?)\[\s*(!?)\s*(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\b\s*(\]?)", re.IGNORECASE
)
EXACT_MARKER = re.compile(r"^\s*>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)(.*)$")


@dataclass(frozen=True)
class Callout:
    """A callout that renders: its catalog kind, its text (Markdown, one line) and its marker's place."""

    kind: str
    text: str
    line: int
    col: int
    last_line: int


def _unquote(line: str) -> str:
    match = QUOTE.match(line)
    return line[match.end() :] if match else line


def _quotes(doc: MarkdownDoc) -> list[tuple[int, int]]:
    """Line spans (first, last) of the outermost blockquotes."""
    spans: list[tuple[int, int]] = []
    depth = 0
    for token in doc.tokens:
        if token.type == "blockquote_open":
            if depth == 0 and token.map:
                spans.append((token.map[0] + 1, token.map[1]))
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
    return spans


def callouts(doc: MarkdownDoc) -> list[Callout]:
    """The callouts of ``doc`` that render, in page order."""
    found: list[Callout] = []
    for first, last in _quotes(doc):
        marker = MARKER.match(_unquote(doc.lines[first - 1]).strip())
        if not marker or marker.group(1).upper() not in KINDS or marker.group(2):
            continue
        body = " ".join(_unquote(doc.lines[n - 1]).strip() for n in range(first + 1, last + 1))
        text = re.sub(r"\s+", " ", body).strip()
        if text:
            col = doc.lines[first - 1].find("[") + 1
            found.append(Callout(KINDS[marker.group(1).upper()], text, first, col, last))
    return found


def check_callouts(doc: MarkdownDoc, report: Report) -> None:
    """Report every ``[!KIND]`` callout marker of ``doc`` that will not render."""
    quotes = dict(_quotes(doc))
    inside = {n for first, last in quotes.items() for n in range(first + 1, last + 1)}
    for number, raw in enumerate(doc.lines, start=1):
        if number in doc.code_lines:
            continue
        loose = LOOSE_MARKER.match(raw)
        if loose:
            _check_marker(doc, report, number, raw, loose, quotes, inside)
        elif number in quotes:
            _check_unknown_kind(doc, report, number, raw)


def _check_marker(
    doc: MarkdownDoc,
    report: Report,
    number: int,
    raw: str,
    loose: re.Match[str],
    quotes: dict[int, int],
    inside: set[int],
) -> None:
    kind = loose.group(5).upper()
    exact = f"> [!{kind}]"
    bang = bool(loose.group(3) or loose.group(4))
    at = doc.position(number, len(loose.group(1)) + 1)
    if not loose.group(2):
        if loose.group(4):
            report.error(
                at, f"the callout marker '[!{kind}]' is not in a quote, so it shows as text; write '{exact}'"
            )
        return
    if not EXACT_MARKER.match(raw):
        message = f"malformed callout marker, shown as text; write '{exact}' alone on its line"
        (report.error if bang else report.warning)(at, message)
        return
    if number in inside:
        report.error(
            at,
            f"'[!{kind}]' is not on the first line of its quote, so it shows as text; "
            "start a new quote with the marker, after a blank line",
        )
        return
    rest = MARKER.match(_unquote(raw).strip())
    if rest and rest.group(2):
        report.error(
            at,
            f"text after '[!{kind}]' on the marker's line: the callout will not render; put the marker "
            "alone on its line and the text on the next line, starting with '>'",
        )
        return
    if quotes.get(number) == number:
        report.error(
            at,
            f"the '[!{kind}]' callout has no text: the quote ends at this line; continue it on the next "
            "line with '> ' (a blank line ends a quote)",
        )


def _check_unknown_kind(doc: MarkdownDoc, report: Report, number: int, raw: str) -> None:
    marker = MARKER.match(_unquote(raw).strip())
    if not marker or marker.group(1).upper() in KINDS or marker.group(1).upper() in DIRECTIVES:
        return
    kind = marker.group(1)
    report.error(
        doc.position(number, raw.find("[") + 1),
        f"'[!{kind}]' is not a callout kind, so it shows as text.{did_you_mean(kind.upper(), KINDS)} "
        f"Valid kinds: {', '.join(KINDS)}.",
    )


def admonition_depths(lines: Sequence[str]) -> list[int]:
    """How many ``!!!`` admonitions enclose each line (whose body is indented 4 spaces per level)."""
    depths: list[int] = []
    stack: list[int] = []
    for raw in lines:
        if raw.strip():
            indent = len(raw) - len(raw.lstrip())
            while stack and indent < stack[-1] + 4:
                stack.pop()
        depths.append(len(stack))
        match = ADMONITION.match(raw)
        if match and raw.strip():
            stack.append(len(match.group(1)))
    return depths


def check_admonitions(path: str, lines: Sequence[str], code_lines: Container[int], report: Report) -> None:
    """Report ``!!!`` admonitions (MkDocs) without a type or without an indented body."""
    fence = False
    for number, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and number not in code_lines:
            _check_admonition(path, lines, number, raw, report)


def _check_admonition(path: str, lines: Sequence[str], number: int, raw: str, report: Report) -> None:
    match = ADMONITION.match(raw)
    if not match:
        return
    indent, rest = len(match.group(1)), match.group(2)
    at = Position(path, number, indent + 1)
    if not rest.strip() or not re.match(r"\s*[\w-]", rest):
        report.error(at, "the admonition has no type; write, for example, '!!! note'")
        return
    following = next((n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip()), None)
    if following is None:
        report.error(at, "the admonition has no text after it")
        return
    body = lines[following - 1]
    if len(body) - len(body.lstrip()) < indent + 4:
        report.error(
            Position(path, following, 1),
            f"the '{raw.strip()}' admonition above has no body: its text must be indented by 4 spaces, "
            "or it renders outside the box",
        )
