"""Dead internal links and anchors in ``content/``: between content pages, and to generated pages.

Links resolve as MkDocs resolves them: a relative link is first looked up
as a file next to the page (``../guide.md``, ``img/x.png``, or a generated
page in its Markdown form ``rollups/32.md``); failing that, as a URL relative
to the page's own URL (with directory URLs ``guide.md`` is served at
``guide/``). Anchors are checked against the headings of content pages, with
the slugs Python-Markdown's ``toc`` extension gives them, and against the
headings and ids of generated pages, rendered from the catalog as a build
renders them (:class:`~generator.site.routes.GeneratedPages`), only when a
link names an anchor on one.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...catalog.diagnostics import Report, did_you_mean
from ...catalog.model import Catalog
from ...policy.rules import snapshot, upgrade_versions
from ...site.routes import GeneratedPages, route_key
from ..reading.markdown_doc import MarkdownDoc, parse

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")


def slugify(text: str, separator: str = "-") -> str:
    """Python-Markdown's ``toc`` slug: ``Reboot: when?`` -> ``reboot-when``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, text)


@dataclass(frozen=True)
class PageAnchors:
    """The anchors a content page has."""

    anchors: frozenset[str]
    prefixes: frozenset[str] = frozenset()
    """Slug beginnings of headings computed by Jinja (``Updates in {{ name }}`` -> ``updates-in``):
    their full slug is known only at build time, so an anchor that starts so is accepted."""

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.anchors or any(fragment.startswith(p) for p in self.prefixes)


def page_anchors(doc: MarkdownDoc, original: str) -> PageAnchors:
    """The anchors of a content page: heading slugs (deduplicated as ``toc`` does) and explicit ids."""
    anchors: set[str] = set()
    prefixes: set[str] = set()
    raw_lines = original.split("\n")
    for heading in doc.headings():
        raw = raw_lines[heading.line - 1]
        jinja = [i for i in (raw.find("{{"), raw.find("{%")) if i >= 0]
        if jinja and heading.explicit_id is None:
            prefixes.add(slugify(raw[: min(jinja)].lstrip().lstrip("#")))
            continue
        slug = heading.explicit_id or slugify(heading.text)
        unique, counter = slug, 1
        while unique in anchors:
            unique, counter = f"{slug}_{counter}", counter + 1
        anchors.add(unique)
    anchors.update(HTML_ID.findall(doc.text))
    return PageAnchors(frozenset(anchors), frozenset(prefixes))


def page_url(rel: str) -> str:
    """The URL directory a page is served at: ``guide.md`` -> ``guide/``, ``index.md`` -> ``""``."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return f"{stem}/"


def generated_anchors(catalog: Catalog) -> Callable[[str], PageAnchors | None]:
    """The anchors of the generated page at a route (``None`` for a static file), each page rendered once."""
    pages = GeneratedPages(catalog)
    found: dict[str, PageAnchors | None] = {}

    def anchors(route: str) -> PageAnchors | None:
        if route not in found:
            text = pages.markdown(route)
            found[route] = None if text is None else page_anchors(parse(route, text), text)
        return found[route]

    return anchors


@dataclass(frozen=True)
class Site:
    """What links can point at: content pages (with anchors), other content files, generated routes."""

    pages: Mapping[str, PageAnchors]
    files: frozenset[str]
    routes: frozenset[str]
    catalog: Catalog
    generated: Callable[[str], PageAnchors | None]
    """The anchors of the generated page at a route (see :func:`generated_anchors`)."""

    def page_for_url(self, key: str) -> str | None:
        """The content page served at the route ``key``, if any."""
        for rel in self.pages:
            if route_key(page_url(rel)) == key:
                return rel
        return None


def check_links(doc: MarkdownDoc, rel: str, site: Site, report: Report) -> None:
    """Report every internal link of ``doc`` (the content page ``rel``) that leads nowhere."""
    for link in doc.links():
        at = doc.position(link.line, link.col)
        href = link.href.strip()
        if not href:
            report.error(at, f"the link '{link.text}' has no target")
            continue
        if SCHEME.match(href) or href.startswith("//"):
            continue
        path, _, fragment = href.partition("#")
        path = path.split("?", 1)[0]
        file_base, url_base = posixpath.dirname(rel), page_url(rel)
        if path.startswith("/"):
            report.warning(
                at,
                f"'{href}' is an absolute path: each snapshot is served under its own folder "
                "(latest/, ur-32/), so it leaves the snapshot; write a relative link",
            )
            path, file_base, url_base = path.lstrip("/"), "", ""
        problem = _resolve(path, fragment, rel, (file_base, url_base), site)
        if problem:
            report.error(at, f"dead link '{href}': {problem}")


def _resolve(path: str, fragment: str, rel: str, bases: tuple[str, str], site: Site) -> str | None:
    """Why the link leads nowhere, or ``None`` when it resolves."""
    if not path:
        return _anchor(rel, fragment, site)
    as_file = posixpath.normpath(posixpath.join(bases[0], path))
    as_url = route_key(posixpath.join(bases[1], path))
    if as_file.startswith("../") or as_file == "..":
        return "it points outside the site's content"
    if as_file in site.pages:
        return _anchor(as_file, fragment, site)
    if as_file in site.files:
        return None
    for route in (route_key(as_file), as_url):
        if route in site.routes:
            return _generated_anchor(route, fragment, site)
    page = site.page_for_url(as_url)
    if page is not None:
        return _anchor(page, fragment, site)
    return _explain(route_key(as_file), site)


def _anchor(rel: str, fragment: str, site: Site) -> str | None:
    anchors = site.pages[rel]
    if not fragment or fragment in anchors:
        return None
    return f"{rel} has no heading or id '#{fragment}'.{did_you_mean(fragment, anchors.anchors)}"


def _generated_anchor(route: str, fragment: str, site: Site) -> str | None:
    anchors = site.generated(route) if fragment else None
    if anchors is None or fragment in anchors:
        return None
    return (
        f"the generated page '{route}/' has no heading or id '#{fragment}'."
        f"{did_you_mean(fragment, anchors.anchors)}"
    )


def _explain(key: str, site: Site) -> str:
    catalog = site.catalog
    parts = key.split("/")
    if parts[0] == "rollups" and len(parts) == 2:
        newest = catalog.rollups[0].number
        return f"the catalog has no rollup {parts[1]} (the newest is {newest})"
    if parts[0] == "upgrade" and len(parts) == 2:
        versions = upgrade_versions(snapshot(catalog))
        return (
            f"the site has no upgrade page for {parts[1]}: it makes one for each version that has been "
            f"a row of the reboot matrix ({len(versions)} versions, {versions[0]} to {versions[-1]})"
        )
    if parts[0] == "scenarios" and len(parts) == 2:
        ids = [s.id for s in catalog.scenarios]
        return f"the catalog has no scenario '{parts[1]}'.{did_you_mean(parts[1], ids)}"
    pages = [route_key(page_url(rel)) for rel in site.pages] + sorted(site.routes)
    return f"no content page, file or generated page is at '{key}'.{did_you_mean(key, pages)}"
