"""What the site's search index holds: what readers search for, not every long path table.

Material's search plugin indexes the whole text of every page, and a
reader's browser downloads that index before the first search. Most of the
site's text is tables that grow with the catalog: every upgrade page lists
its path to N (and the paths from older last reboots), the reboot matrix
and the upgrade index list every version, the rollups index and the
supported rollups every rollup. Nobody searches a table cell, but the index
grew with the square of the rollups (55 MB at 1,000 of them).

So the pages of :data:`HEADINGS_ONLY` are indexed by their headings only:
"Upgrading from 9.16" and its sections (status, path, rollups that shipped
it) still lead a reader who types ``9.16`` to the page, while the tables stay
out. Every other page (a rollup's, a scenario's, the overview, the
planner's) is indexed whole, so a rollup is found by its number, its KB and
its versions. The plugin marks those pages excluded from Material's own
indexing (which then does not parse them either: a sixth of a build before)
and hands Material's index a stand-in of each page whose content is its
headings (:class:`HeadingsOnly`), so that Material makes their entries as
it makes every other.
"""

from __future__ import annotations

import fnmatch
import html
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol

HEADINGS_ONLY = (
    "upgrade/*",
    "reboot-matrix.md",
    "rollups/index.md",
    "rollups/*-to-*.md",
    "supported-rollups.md",
)
"""The generated pages indexed by their headings only (patterns of their source paths)."""


class Heading(Protocol):
    """An entry of MkDocs' table of contents."""

    @property
    def id(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def children(self) -> Iterable[Heading]: ...


class SearchIndex(Protocol):
    """Material's search index, as this module uses it."""

    def add_entry_from_context(self, page: Any) -> None: ...


def headings_only(source: str) -> bool:
    """Whether the page of source path ``source`` is indexed by its headings only."""
    return any(fnmatch.fnmatchcase(source, pattern) for pattern in HEADINGS_ONLY)


def headings_html(toc: Iterable[Heading]) -> str:
    """The headings of a page as HTML: each with its level, its anchor and its title (which MkDocs'
    table of contents holds as HTML text already)."""
    parts: list[str] = []

    def visit(headings: Iterable[Heading]) -> None:
        for heading in headings:
            level = min(max(heading.level, 1), 6)
            parts.append(f'<h{level} id="{html.escape(heading.id)}">{heading.title}</h{level}>')
            visit(heading.children)

    visit(toc)
    return "\n".join(parts)


@dataclass(frozen=True)
class HeadingsOnly:
    """A page as Material's search index reads it, with its headings for content."""

    url: str
    title: str
    toc: Iterable[Heading]
    meta: Mapping[str, Any]
    content: str

    @classmethod
    def of(cls, page: Any) -> HeadingsOnly:
        """The stand-in of an MkDocs page (rendered: its table of contents is known)."""
        meta = {key: value for key, value in page.meta.items() if key != "search"}
        return cls(page.url, page.title, page.toc, meta, headings_html(page.toc))


def search_index(plugins: Iterable[object]) -> SearchIndex | None:
    """Material's search index among the build's plugins, if it is there (and enabled)."""
    for plugin in plugins:
        index = getattr(plugin, "search_index", None)
        if callable(getattr(index, "add_entry_from_context", None)):
            enabled = getattr(getattr(plugin, "config", None), "enabled", True)
            return index if enabled else None
    return None


def exclude_from_search(meta: MutableMapping[str, Any]) -> None:
    """Mark a page's metadata so that Material's search does not index (nor parse) the page itself."""
    search = meta.get("search")
    meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
