"""Which component each version column of a page is: a known one, or a new id made from its heading.

Every column of a table is its own component. A heading that names a known
component (in any language :mod:`.legacy_cells` knows) is that component; the
same heading in another table of the page is the same component again. Any
other column gets a new id made from its heading, spelled in Latin letters
(:mod:`.latin_spelling`): path-safe, the same for the same page, and never
the id of another column (a suffix ``_2``, ``_3``, ... tells two apart). An
id is a permalink once published, so each new one is reported at its
heading with the reason it was chosen.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from ...catalog.diagnostics import Position, Report
from .latin_spelling import spell
from .legacy_cells import component_for

MAX_ID = 40


@dataclass(frozen=True)
class _Owner:
    heading: str
    at: Position


@dataclass(frozen=True)
class _Made:
    """A new id made from a heading, and how it was made (for the warning)."""

    base: str
    how: str


@dataclass
class ColumnIds:
    """The component ids of one page's version columns, given out table by table."""

    report: Report
    by_heading: dict[str, str] = field(default_factory=dict)
    """A heading (folded) -> the id its first column got."""
    owners: dict[str, _Owner] = field(default_factory=dict)
    """An id -> the first column of the page that got it."""
    table: dict[str, _Owner] = field(default_factory=dict)
    """An id -> the column of the current table that got it."""

    def next_table(self) -> None:
        """Start giving out the ids of another table's columns."""
        self.table = {}

    def assign(self, heading: str, at: Position, place: int) -> str:
        """The id of the column headed ``heading`` at ``at`` (its ``place`` in the table, from 1)."""
        key = _key(heading)
        cid = self.by_heading.get(key) if key else None
        known = component_for(heading)
        if cid is None or cid in self.table:
            cid = known[0] if known and known[0] not in self.table else self._new(heading, at, place)
        owner = _Owner(heading, at)
        self.by_heading.setdefault(key, cid)
        self.owners.setdefault(cid, owner)
        self.table.setdefault(cid, owner)
        return cid

    def _new(self, heading: str, at: Position, place: int) -> str:
        made = _made(heading, place)
        cid, clash, counter = made.base, None, 2
        while self._taken(cid, heading):
            clash = clash or self.table.get(cid) or self.owners[cid]
            suffix = f"_{counter}"
            cid = made.base[: MAX_ID - len(suffix)].rstrip("_") + suffix
            counter += 1
        how = made.how
        if clash is not None:
            how += (
                f", with '_{counter - 1}' added: '{made.base}' is already the id of the column "
                f"'{clash.heading}' at {clash.at.line}:{clash.at.col}"
            )
        subject = (
            f"the column '{heading}' {self._why_new(heading)}"
            if heading.strip()
            else "this column has no heading"
        )
        self.report.warning(
            at,
            f"{subject}: the import makes it the new component "
            f"'{cid}' ({how}); a component id is permanent once published, so change it now if you like",
        )
        return cid

    def _taken(self, cid: str, heading: str) -> bool:
        """Whether ``cid`` is another column's: in this table, or on the page under another heading."""
        owner = self.owners.get(cid)
        return cid in self.table or (owner is not None and _key(owner.heading) != _key(heading))

    def _why_new(self, heading: str) -> str:
        known = component_for(heading)
        if known is None or known[0] not in self.table:
            return "names no component the import knows"
        owner = self.table[known[0]]
        return (
            f"names the {known[1]}, which the column '{owner.heading}' at {owner.at.line}:{owner.at.col} "
            "of this table already is"
        )


def _key(heading: str) -> str:
    """A heading compared with another: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", heading).casefold().split())


def _made(heading: str, place: int) -> _Made:
    if not heading.strip():
        return _Made(f"column_{place}", "after its place in the table")
    spelling = spell(heading)
    base = _join(spelling.words)
    if not base:
        digest = hashlib.sha256(_key(heading).encode("utf-8", "surrogatepass")).hexdigest()[:6]
        return _Made(
            f"column_{digest}",
            "made from a digest of its heading, which has no letters the import can spell in Latin",
        )
    if spelling.unspelled:
        return _Made(
            base,
            "made from the part of its heading the import can spell in Latin letters; it cannot spell "
            f"'{spelling.unspelled}'",
        )
    return _Made(
        base, "its heading spelled in Latin letters" if spelling.transliterated else "made from its heading"
    )


def _join(words: tuple[str, ...]) -> str:
    """Words joined by ``_``, cut at a word break to at most :data:`MAX_ID` characters."""
    joined = ""
    for word in words:
        candidate = f"{joined}_{word}" if joined else word
        if len(candidate) > MAX_ID:
            return joined or word[:MAX_ID]
        joined = candidate
    return joined
