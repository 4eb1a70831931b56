"""Characters a catalog value may not hold, and how messages show them.

YAML's double-quoted escapes can put any character into a value: ``"\\n"``,
``"\\r"``, ``"\\x07"``, even ``"\\ud800"``, half of a UTF-16 pair, which is no
character at all and cannot be written as UTF-8. A one-line field (a name, a
title) holds no line break, tab or other control character: it becomes a
heading, a table cell, a calendar line, an SVG label. A Markdown field may
break lines (``\\n``) and indent with tabs, and holds no other control
character. No value holds a lone surrogate.
"""

from __future__ import annotations

import os
import re
import unicodedata

SURROGATE = re.compile("[\ud800-\udfff]")
ONE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (C0, DEL, C1: line feed, carriage return and tab too) and Unicode's line breaks."""
MARKDOWN_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but the line feed and the tab, which Markdown uses."""
ESCAPED_IN_MESSAGES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
"""What a message shows as an escape: controls, invisible formatting characters, lone surrogates."""
ESCAPED_IN_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
"""What a message of several lines shows as an escape: the same, but its line feeds."""

NAMES = {
    "\t": "a tab",
    "\n": "a line feed",
    "\r": "a carriage return",
    "\x85": "a next-line character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}
SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def code_point(char: str) -> str:
    """``U+000A``."""
    return f"U+{ord(char):04X}"


def describe_character(char: str) -> str:
    """``a line feed (U+000A)``, ``the control character U+0007``, ``a lone surrogate (U+D800)``."""
    if char in NAMES:
        return f"{NAMES[char]} ({code_point(char)})"
    if SURROGATE.match(char):
        return f"a lone surrogate ({code_point(char)})"
    name = unicodedata.name(char, "")
    return f"the control character {code_point(char)}" + (f" ({name})" if name else "")


def escaped(text: str) -> str:
    """``text`` with every control, invisible or surrogate character written as a YAML escape.

    Messages quote the values they are about; an escape shows what an editor
    hides, and a lone surrogate could not even be printed.
    """
    return ESCAPED_IN_MESSAGES.sub(_escape, text)


def escaped_lines(text: str) -> str:
    """``text``, a message meant to span several lines, with every character :func:`escaped` escapes
    written as its escape but the line feeds that end its lines.

    For a whole message whose values were escaped where they were written in (:func:`shown`,
    :func:`quoted`): it changes nothing there, and keeps any other text (a library's message, say)
    from colouring the terminal or returning to the start of a line.
    """
    return ESCAPED_IN_LINES.sub(_escape, text)


def shown(path: os.PathLike[str] | str) -> str:
    """A path as a one-line message names it: :func:`escaped` (a line feed in a folder's name, or a byte
    that is not UTF-8, kept by the system as a lone surrogate, would otherwise break or stop the line)."""
    return escaped(os.fspath(path))


def quoted(text: str, limit: int = 40) -> str:
    """``text`` to quote in a message: :func:`escaped`, and cut to ``limit`` characters."""
    text = escaped(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in SHORT_ESCAPES:
        return SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _where(value: str, index: int) -> str:
    """``at character 7``, or ``at character 3 of its line 2`` in a text of several lines."""
    line = value.count("\n", 0, index) + 1
    column = index - (value.rfind("\n", 0, index) + 1) + 1
    return f"at character {column}" + (f" of its line {line}" if line > 1 else "")


def surrogate_problem(value: str) -> str:
    """What is wrong with a lone surrogate in ``value``, or an empty string when there is none."""
    found = SURROGATE.search(value)
    if found is None:
        return ""
    index = found.start()
    pair = value[index : index + 2]
    hint = ""
    if len(pair) == 2 and "\ud800" <= pair[0] <= "\udbff" and "\udc00" <= pair[1] <= "\udfff":
        combined = 0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00)
        hint = f' (YAML does not join "\\u" pairs: write the character itself, or "\\U{combined:08X}")'
    return (
        f"{describe_character(found.group(0))} {_where(value, index)}, which is half of a UTF-16 pair and "
        f"not a character{hint}"
    )


def control_problem(value: str, *, one_line: bool) -> str:
    """What is wrong with a control character in ``value``, or an empty string when there is none.

    ``one_line``: the value is a name or a title, not Markdown.
    """
    found = (ONE_LINE_FORBIDDEN if one_line else MARKDOWN_FORBIDDEN).search(value)
    if found is None:
        return ""
    char, index = found.group(0), found.start()
    advice = _advice(char, last=index == len(value) - 1, one_line=one_line)
    return f"{describe_character(char)} {_where(value, index)} ({advice})"


LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def _advice(char: str, *, last: bool, one_line: bool) -> str:
    if char == "\t":
        return "write a space instead"
    if char == "\r" and not one_line:
        return "end lines with a line feed, \\n, only"
    if char == "\n" and last:
        return "a '|' or '>' block keeps its last line break: use '|-' or '>-', or write it on the key's line"
    return "remove the line break" if char in LINE_BREAKS else "remove it"
