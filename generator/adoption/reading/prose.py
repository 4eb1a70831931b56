"""The prose of a Markdown page as sentences, each offset mapped back to its line and column.

Code, link targets, HTML, URLs and Jinja placeholders are blanked out (with
spaces, so every column stays where it was) before anything looks for
numbers in the text: ``{{ policy.support_window }}`` is data, not prose, and a
KB number inside a URL is not a version.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass

from ...catalog.diagnostics import Position

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.DOTALL)
"""Jinja expressions, statements and comments (``{## ... ##}``: ``{#id}`` is a heading's anchor)."""
NOT_PROSE = (
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"(`+)(?:(?!\1).)+?\1"),
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE),
    re.compile(r"</?[A-Za-z][^>\n]*>|<https?://[^>\n]+>"),
    re.compile(r"https?://[^\s)>\]|]+"),
)
SENTENCE_END = re.compile(r"[.!?](?=[\s*_)\]]|$)|\||\n(?=\s*(?:[-*+]\s|\d+[.)]\s|>))")
HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (newlines kept)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def mask_jinja(text: str) -> str:
    """Blank out Jinja expressions, statements and comments."""
    return blank(text, JINJA)


def mask(text: str) -> str:
    """Blank out everything that is not prose (see the module docstring)."""
    text = mask_jinja(text)
    for pattern in NOT_PROSE:
        text = blank(text, pattern)
    return text


@dataclass(frozen=True)
class Sentence:
    """One sentence (or table cell, heading, list item) and where it stands."""

    text: str
    path: str
    line_starts: tuple[int, ...]
    """Offsets in ``text`` of each line's start, relative to the block."""
    first_line: int
    start: int
    """Offset of this sentence in its block."""

    def position(self, offset: int) -> Position:
        """The page position of ``offset`` within this sentence."""
        absolute = self.start + offset
        index = bisect.bisect_right(self.line_starts, absolute) - 1
        return Position(self.path, self.first_line + index, absolute - self.line_starts[index] + 1)


def sentences(path: str, lines: Sequence[str], skip: Container[int] = ()) -> Iterator[Sentence]:
    """Every sentence of the prose of ``lines`` (numbered from 1), skipping the line numbers in ``skip``.

    Blocks are runs of non-blank lines; a heading is a block of its own.
    """
    block: list[str] = []
    first = 0
    for number, raw in enumerate([*lines, ""], start=1):
        usable = number not in skip and raw.strip() != ""
        heading = usable and HEADING_LINE.match(raw) is not None
        if block and (not usable or heading):
            yield from _split(path, block, first)
            block = []
        if heading:
            yield from _split(path, [raw], number)
        elif usable:
            if not block:
                first = number
            block.append(raw)


def _split(path: str, block: list[str], first: int) -> Iterator[Sentence]:
    text = mask("\n".join(block))
    starts = tuple(_line_starts(block))
    begin = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if text[begin:end].strip():
            yield Sentence(text[begin:end], path, starts, first, begin)
        begin = end
    if text[begin:].strip():
        yield Sentence(text[begin:], path, starts, first, begin)


def _line_starts(block: list[str]) -> Iterator[int]:
    offset = 0
    for line in block:
        yield offset
        offset += len(line) + 1
