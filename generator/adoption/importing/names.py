"""The names the import writes into the catalog, within the length a catalog name may have.

A page's title, a column's heading or a section's heading can be longer than a
name or a title of the catalog may be (:data:`~.catalog.values.MAX_TEXT_LENGTH`,
200 characters). The import keeps the first words that fit, says so at the
page's line and above the value, and so writes a catalog that validates.
"""

from __future__ import annotations

import re

from ...catalog.diagnostics import Position, Report
from ...catalog.values import MAX_TEXT_LENGTH

DANGLING = " ,;:-\u2013\u2014/|&(["
"""What a shortened name does not end with: a separator the cut left without what it separated."""
SPACE = re.compile(r"\s")


def fit_name(text: str, limit: int = MAX_TEXT_LENGTH) -> str:
    """``text`` when it has at most ``limit`` characters; else its first whole words that fit, without a
    separator left at the end (a first word longer than ``limit`` is cut inside)."""
    return _fitted(text, limit)[0]


def shortened(text: str, what: str, at: Position | None, report: Report) -> tuple[str, str]:
    """``text`` as a catalog name, and the comment to write above it (empty when ``text`` fits).

    Where ``text`` is too long, a warning at ``at`` says that ``what`` (such
    as "this column's heading") was shortened, and how.
    """
    name, whole_words = _fitted(text, MAX_TEXT_LENGTH)
    if name == text:
        return text, ""
    count = len(name.split())
    kept = f"its first {count} word{'s' * (count != 1)}" if whole_words else f"its first {len(name)} letters"
    if at is not None:
        report.warning(
            at,
            f"{what} is {len(text):,} characters long, more than the {MAX_TEXT_LENGTH} a name of the "
            f"catalog may hold: the import keeps {kept} ({len(name)} characters); check the name",
        )
    return name, f"Shortened to {kept}: a name holds at most {MAX_TEXT_LENGTH} characters. Check it."


def _fitted(text: str, limit: int) -> tuple[str, bool]:
    """:func:`fit_name`, and whether the name ends where a word of ``text`` ends."""
    if len(text) <= limit:
        return text, True
    head = text[: limit + 1]  # a space right after the limit ends a whole word
    spaces = [found.start() for found in SPACE.finditer(head)]
    words = head[: spaces[-1]].rstrip(DANGLING) if spaces else ""
    return (words, True) if words else (text[:limit], False)
