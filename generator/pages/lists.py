"""Long lists over several pages: an index of the newest rows, and a page per fixed range for the rest.

The rollups and the versions with an upgrade page grow with the catalog; a
page that listed them all would grow without bound (300 KB of Markdown for
the rollups index of 1,000 rollups). A list of more than :data:`LIST_ROWS`
rows shows its newest :data:`LIST_ROWS` on its index page, and links to its
*parts*: one page per range of :data:`LIST_ROWS` rollup numbers
(``rollups/101-to-200.md``, rollups 101 to 200) or minor versions
(``upgrade/9.100-to-9.199.md``). A range is fixed, so a row's part never
changes as rollups are added: the address of a part, once published, keeps
showing the same rows (the newest part gains rows until its range is full).
A list of :data:`LIST_ROWS` rows or fewer stays one page, as it always was.

Nothing here words anything: :mod:`.layout` builds the pages, the templates
word them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..catalog.model import AgentVersion

LIST_ROWS = 100
"""The most rows one page of a long list holds (a row of the rollups index is about 300 bytes of
HTML: 100 of them, with the theme's header and navigation, stay well under 60 KB)."""

K = TypeVar("K")


@dataclass(frozen=True)
class ListPart:
    """One part of a long list: the page of the rows of one fixed range, from ``first`` to ``last``."""

    path: str
    first: str
    last: str


def rollups_part(number: int, size: int = LIST_ROWS) -> ListPart:
    """The part of the rollups list that holds rollup ``number``: ``rollups/101-to-200.md`` for 101 to 200."""
    first = (number - 1) // size * size + 1
    last = first + size - 1
    return ListPart(f"rollups/{first}-to-{last}.md", str(first), str(last))


def versions_part(version: AgentVersion, size: int = LIST_ROWS) -> ListPart:
    """The part of the upgrade paths that holds ``version``: ``upgrade/9.100-to-9.199.md`` for 9.100-9.199."""
    low = version.minor // size * size
    first, last = AgentVersion(version.major, low), AgentVersion(version.major, low + size - 1)
    return ListPart(f"upgrade/{first}-to-{last}.md", str(first), str(last))


@dataclass(frozen=True)
class Split(Generic[K]):
    """A list laid out over pages: the rows of its index page, and its parts with their rows."""

    shown: tuple[K, ...]
    """The rows of the index page: every row of a short list, the newest :data:`LIST_ROWS` of a long one."""
    parts: tuple[tuple[ListPart, tuple[K, ...]], ...]
    """Newest first, each part with every row of its range; those of the rows the index does not show
    (none for a short list)."""
    where: Mapping[K, ListPart] = field(default_factory=dict, compare=False)
    """Row -> the part whose page holds it; the rows only the index holds are not here."""


def split(keys: Sequence[K], part_of: Callable[[K], ListPart], size: int = LIST_ROWS) -> Split[K]:
    """``keys`` (newest first) over an index page and parts, as the module says."""
    if len(keys) <= size:
        return Split(tuple(keys), ())
    older = {part_of(key) for key in keys[size:]}
    parts: dict[ListPart, list[K]] = {}
    for key in keys:
        part = part_of(key)
        if part in older:
            parts.setdefault(part, []).append(key)
    where = {key: part for part, found in parts.items() for key in found}
    return Split(tuple(keys[:size]), tuple((part, tuple(found)) for part, found in parts.items()), where)
