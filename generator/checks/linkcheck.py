"""Every internal link and anchor of a built site, checked over the files on disk.

A static site has no server to ask, so a link is good when the file it names
exists (a folder stands for its ``index.html``) and, with a ``#fragment``,
when that page has an element with that ``id``. Links checked: ``<a href>``,
``<link href>`` (stylesheets, the canonical twin of a snapshot page),
``<script src>``, ``<img src>``, and the target of a ``<meta
http-equiv="refresh">`` redirect (the versioned site's root). Links with a
scheme or a host (KB articles, ``mailto:``) are not this checker's business:
``rollups check-kb-links`` asks the network about those.

``404.html`` is skipped: a host serves it at whatever URL was not found, so
its relative links resolve against no fixed folder.

Each page is parsed once, with the standard library's streaming parser; a
full versioned build (every snapshot) is checked in seconds.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..catalog.characters import escaped

SKIPPED_PAGES = frozenset({"404.html"})
"""Pages whose links resolve against the URL they are served at, not their folder."""

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}
_REFRESH_URL = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` (site-relative) whose target or anchor does not exist; with no ``href``, a page
    that cannot be read as one (a link out of the site, a device)."""

    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        """One line, ``PAGE: HREF: REASON``, every part :func:`~.characters.escaped` (the names of a
        site's files and its links' text are anyone's)."""
        parts = (self.page, self.href, self.reason) if self.href else (self.page, self.reason)
        return ": ".join(map(escaped, parts))


@dataclass
class LinkReport:
    """What the checker saw: pages and links counted, and every broken link."""

    pages: int = 0
    links: int = 0
    broken: list[BrokenLink] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        """``33 pages, 1,204 internal links, 0 broken``."""
        pages, links = _count(self.pages, "page"), _count(self.links, "internal link")
        return f"{pages}, {links}, {len(self.broken):,} broken"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass
class _PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    """Collects the ids and the link targets of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = _PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.found.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.found.ids.add(values["name"])
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute is not None and attribute in values:
            self.found.links.append(values[attribute])
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.match(values.get("content", ""))
            if match:
                self.found.links.append(match.group(1).strip())

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.found


def is_internal(href: str) -> bool:
    """Whether ``href`` points into the site itself (no scheme, no host, not empty)."""
    parts = urlsplit(href)
    return bool(href.strip()) and not parts.scheme and not parts.netloc


def html_pages(site: Path) -> list[Path]:
    """The site's HTML pages that the checker reads, in a stable order."""
    return sorted(p for p in site.rglob("*.html") if p.name not in SKIPPED_PAGES)


class _Site:
    """The built tree, with each page's links parsed at most once."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._pages: dict[Path, _PageLinks] = {}

    def page(self, path: Path) -> _PageLinks:
        if path not in self._pages:
            self._pages[path] = _parse(path)
        return self._pages[path]

    def target(self, page: Path, href: str) -> tuple[Path, str]:
        """The file ``href`` on ``page`` names (a folder's ``index.html``) and its fragment."""
        parts = urlsplit(href)
        path = unquote(parts.path)
        if not path:
            return page, unquote(parts.fragment)
        if path.startswith("/"):
            target = self.root / path.lstrip("/")
        else:
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target, unquote(parts.fragment)

    def problem(self, page: Path, href: str) -> str | None:
        """Why ``href`` on ``page`` is broken, or ``None`` when it resolves."""
        target, fragment = self.target(page, href)
        if not target.is_relative_to(self.root):
            return "points outside the site"
        if not target.is_file():
            return f"no file {target.relative_to(self.root).as_posix()}"
        if fragment and target.suffix == ".html" and fragment not in self.page(target).ids:
            return f"no element with id '{fragment}' on {target.relative_to(self.root).as_posix()}"
        return None


def check_links(site: Path, pages: Iterable[Path] | None = None) -> LinkReport:
    """Check every internal link and anchor of the pages (default: every page of ``site``)."""
    tree = _Site(site)
    report = LinkReport()
    for page in pages if pages is not None else html_pages(tree.root):
        named = page
        page = Path(os.path.realpath(page))  # a link loop is then an OSError reading it, not a RuntimeError
        report.pages += 1
        unreadable = _not_a_page(tree.root, page)
        if unreadable is not None:
            report.broken.append(BrokenLink(_relative(tree.root, named), "", unreadable))
            continue
        for href in tree.page(page).links:
            if not is_internal(href):
                continue
            report.links += 1
            reason = tree.problem(page, href)
            if reason is not None:
                report.broken.append(BrokenLink(page.relative_to(tree.root).as_posix(), href, reason))
    return report


def _not_a_page(root: Path, page: Path) -> str | None:
    """Why the real path ``page`` is not a page of the site to read, or ``None``: the files of a site
    are its own, and a device or a pipe would never end (``/dev/zero``)."""
    if not page.is_relative_to(root):
        return f"a symbolic link to {page}, outside the site"
    try:
        mode = os.stat(page).st_mode
    except FileNotFoundError:
        return f"a symbolic link to {page}, which does not exist"
    return None if stat.S_ISREG(mode) else "not a file (a device, a pipe or a socket)"


def _relative(root: Path, page: Path) -> str:
    return page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)


def format_broken(report: LinkReport) -> Iterator[str]:
    """One line per broken link, then the summary."""
    for broken in report.broken:
        yield str(broken)
    yield report.summary()
