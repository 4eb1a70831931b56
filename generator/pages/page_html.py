"""A generated page's Markdown rendered once to HTML, with its table of contents, for the engine.

The pages of :mod:`.render` are Markdown whose every table, list and
paragraph of data is an HTML block; MkDocs used to parse them again with
Python-Markdown (its HTML-block parser and tree processors were the largest
share of a snapshot's build). :func:`render_html` turns such a page into the
HTML that Python-Markdown, with the ``toc`` and ``attr_list`` extensions
(``admonition`` and ``tables`` do not matter to the templates: their
callouts and tables are HTML already), made of it, with markdown-it-py:

* **Markdown as Python-Markdown reads it** (:mod:`.markdown_dialect`): its
  raw HTML blocks, character references kept as written, attribute lists
  at the end of headings.
* **Headings.** ``## Title {#id}`` takes its id from the attribute list
  (``attr_list``'s rule for headings: ``{#id}``, ``{.class}``,
  ``{key=value}`` at the end of the line); a heading without one gets the
  ``toc`` extension's slug of its text, made unique on the page; the
  permalink anchor is the ``toc`` extension's (``permalink``,
  ``permalink_class``, ``permalink_title``, ``permalink_leading``; Material
  styles ``a.headerlink``), and so are ``baselevel``, ``toc_depth`` and
  ``anchorlink`` (:class:`TocSettings`, read from the project's
  configuration). The page's title is the text of a first-line ``<h1>``, as
  MkDocs takes it.
* **Links.** A Markdown link to a ``.md`` page (the templates' ``md_href``)
  is rewritten to the page's URL in the site's layout (:mod:`.links`), as
  MkDocs' relative-path processor did; a link to another file of the site
  to that file. A link whose target is not in the site is left as it is and
  reported in :attr:`PageHtml.broken`, for the engine to warn about as it
  warned before; links to anchors of other pages are reported in
  :attr:`PageHtml.anchored` for the engine's anchor validation. Links inside
  HTML are final already (``href``).

Only the generated pages take this path: the prose of ``content/`` keeps
the engine's Markdown and the project's extensions, and ``rollups export``
writes the Markdown itself. ``tests/test_page_html.py`` compares every
generated page of the shipped catalog, the seed and the hostile corpus with
Python-Markdown's rendering.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Callable, Container, Mapping, MutableSet, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .links import LinkStyle, file_href, page_href
from .markdown_dialect import Renderer, markdown_it, raw_ids

Slugify = Callable[[str, str], str]
"""The ``toc`` extension's ``slugify(text, separator)``."""


def slugify(value: str, separator: str) -> str:
    """The ``toc`` extension's default slug: ASCII, lower case, words joined by ``separator``."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


# --- The project's settings ---------------------------------------------------------------


def _bool(value: object) -> bool | None:
    """Python-Markdown's ``parseBoolValue(value, False)``: a boolean, or ``None`` for any other string."""
    if not isinstance(value, str):
        return bool(value)
    if value.lower() in ("true", "yes", "y", "on", "1"):
        return True
    if value.lower() in ("false", "no", "n", "off", "0", "none"):
        return False
    return None


@dataclass(frozen=True)
class TocSettings:
    """What the ``toc`` extension's configuration changes in a generated page (its defaults here)."""

    permalink: str | None = None
    """The permalink's HTML (``&para;`` for ``permalink: true``), or ``None`` for no permalink."""
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    anchorlink: bool = False
    anchorlink_class: str = "toclink"
    baselevel: int = 1
    toc_top: int = 1
    toc_bottom: int = 6
    slugify: Slugify = slugify
    separator: str = "-"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TocSettings:
        """The settings of a ``toc`` configuration as ``mkdocs.yml`` gives it (``{"permalink": True}``)."""
        settings: dict[str, Any] = {}
        if "permalink" in config:
            permalink = config["permalink"]
            flag = _bool(permalink)
            settings["permalink"] = "&para;" if flag is True else None if flag is False else _text(permalink)
        for name in ("permalink_class", "permalink_title", "anchorlink_class", "separator"):
            if name in config:
                settings[name] = str(config[name])
        for name in ("permalink_leading", "anchorlink"):
            if name in config:
                settings[name] = bool(_bool(config[name]))
        if "baselevel" in config:
            settings["baselevel"] = int(config["baselevel"])
        if "toc_depth" in config:
            depth = config["toc_depth"]
            if isinstance(depth, str) and "-" in depth:
                top, bottom = depth.split("-")
                settings["toc_top"], settings["toc_bottom"] = int(top), int(bottom)
            else:
                settings["toc_bottom"] = int(depth)
        if callable(config.get("slugify")):
            settings["slugify"] = config["slugify"]
        return cls(**settings)


# --- What a page renders to --------------------------------------------------------------


@dataclass(frozen=True)
class TocEntry:
    """An entry of the page's table of contents, as the ``toc`` extension makes its tokens."""

    level: int
    id: str
    title: str
    """The heading's text as HTML (character references as written, tags removed)."""
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class PageLink:
    """A Markdown link of the page: to an anchor of a page (its own included), or to no file of the site."""

    target: str
    """The docs-relative path linked to (``reboot-matrix.md``)."""
    anchor: str
    original: str
    """The link as the Markdown wrote it (``../reboot-matrix.md#from-9-16``)."""


@dataclass(frozen=True)
class PageHtml:
    """A generated page rendered once: everything the engine takes from its own Markdown rendering."""

    html: str
    toc: tuple[TocEntry, ...]
    title: str | None
    """The text of the page's ``<h1>`` when it comes first (``None`` otherwise), as MkDocs takes it."""
    anchors: frozenset[str]
    """Every ``id`` on the page (and ``<a name>``): what links into it may name."""
    anchored: tuple[PageLink, ...] = ()
    broken: tuple[PageLink, ...] = ()
    """Markdown links whose target is not a file of the site."""


# --- Rendering ---------------------------------------------------------------------------


def render_html(
    markdown: str,
    doc_path: str,
    links: LinkStyle,
    site_files: Container[str],
    settings: TocSettings = TocSettings(),  # frozen: one shared default is safe
) -> PageHtml:
    """The HTML of the generated page ``doc_path`` (docs-relative, ``upgrade/9.16.md``) from its Markdown.

    ``links`` is the site's URL layout; ``site_files`` holds the docs-relative
    path of every page and file of the site (what a Markdown link may name).
    """
    page = _Page(doc_path, links, site_files, settings)
    env: dict[str, Any] = {}
    md = markdown_it()
    tokens = md.parse(markdown, env)
    page.prepare(tokens, md.options, env)
    return PageHtml(
        html=md.renderer.render(tokens, md.options, env).strip(),
        toc=_nest(page.headings),
        title=page.title,
        anchors=frozenset(page.anchors),
        anchored=tuple(page.anchored),
        broken=tuple(page.broken),
    )


@dataclass
class _Page:
    """The page being rendered: its settings, and what rendering it found."""

    path: str
    links: LinkStyle
    site_files: Container[str]
    settings: TocSettings
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    """``(level, id, title)`` of every heading the table of contents takes, in order."""
    title: str | None = None
    anchors: set[str] = field(default_factory=set)
    anchored: list[PageLink] = field(default_factory=list)
    broken: list[PageLink] = field(default_factory=list)

    def prepare(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> None:
        """Set the headings' levels and ids and the links' targets; collect the anchors and the title."""
        self._headings(tokens, options, env)
        for token in tokens:
            if token.attrs.get("id"):
                self.anchors.add(str(token.attrs["id"]))
            if token.type == "html_block":
                self.anchors |= raw_ids(token.content)
            for child in token.children or ():
                if child.type == "html_inline":
                    self.anchors |= raw_ids(child.content)
                elif child.type in ("link_open", "image"):
                    self._resolve(child, "href" if child.type == "link_open" else "src")

    def _headings(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> None:
        """Each heading's level and id (its own, or a unique slug), its entry and its permalink."""
        renderer = markdown_it().renderer
        assert isinstance(renderer, Renderer)
        ids = {str(token.attrs["id"]) for token in tokens if token.attrs.get("id")}
        counters: dict[str, int] = {}
        for i, opening in enumerate(tokens):
            if opening.type != "heading_open":
                continue
            inline, closing = tokens[i + 1], tokens[i + 2]
            level = min(int(opening.tag[1]) + self.settings.baselevel - 1, 6)
            opening.tag = closing.tag = f"h{level}"
            name = _strip_tags(renderer.renderInline(inline.children or [], options, env))
            if not opening.attrs.get("id"):
                slug = self.settings.slugify(html.unescape(name), self.settings.separator)
                opening.attrs["id"] = _unique(slug, ids, counters)
            heading_id = str(opening.attrs["id"])
            if self.settings.toc_top <= level <= self.settings.toc_bottom:
                self.headings.append((level, heading_id, name))
            if i == 0 and level == 1:
                self.title = name
            self._add_anchor_links(inline, heading_id)

    def _add_anchor_links(self, inline: Token, heading_id: str) -> None:
        """The ``toc`` extension's ``anchorlink`` and ``permalink``, as inline HTML of the heading."""
        children = list(inline.children or [])
        settings = self.settings
        if settings.anchorlink:
            opening = _html(f'<a class="{_attr(settings.anchorlink_class)}" href="#{_attr(heading_id)}">')
            children = [opening, *children, _html("</a>")]
        if settings.permalink is not None:
            title = f' title="{_attr(settings.permalink_title)}"' if settings.permalink_title else ""
            link = _html(
                f'<a class="{_attr(settings.permalink_class)}" href="#{_attr(heading_id)}"{title}>'
                f"{settings.permalink}</a>"
            )
            children = [link, *children] if settings.permalink_leading else [*children, link]
        inline.children = children

    def _resolve(self, token: Token, key: str) -> None:
        """A Markdown link to a file of the site, as MkDocs rewrites it: the file's URL from this page."""
        url = str(token.attrs.get(key, ""))
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")):
            return
        if not path:
            if anchor:
                self.anchored.append(PageLink(self.path, anchor, url))
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), unquote(path)))
        if target not in self.site_files:
            self.broken.append(PageLink(target, anchor, url))
            return
        if target.endswith(".md"):
            href = page_href(self.path, target, self.links)
            if anchor:
                self.anchored.append(PageLink(target, anchor, url))
        else:
            href = file_href(self.path, target, self.links)
        token.attrs[key] = href + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _html(text: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = text
    return token


_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


def _text(text: str) -> str:
    """Text for HTML as Python-Markdown's serializer writes it: references already there are kept."""
    return _AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _text(text).replace('"', "&quot;")


_TAG = re.compile(
    r"""<(?:/?[a-zA-Z][^\s"'<>@]*(?:\s+[^\s"'=<>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>]+))?)*\s*/?"""
    r"""|!--(?:(?!<!--|-->).)*--)>""",
    re.DOTALL,
)
"""A tag or a comment, as the ``toc`` extension removes them from a heading's text."""


def _strip_tags(text: str) -> str:
    return " ".join(_TAG.sub("", text).split())


_SUFFIX = re.compile(r"^(.*)_([0-9]+)$")


def _unique(slug: str, ids: MutableSet[str], counters: dict[str, int]) -> str:
    """The ``toc`` extension's ``unique``: ``slug``, or ``slug_1``, ``slug_2``... when taken."""
    if slug in ids or not slug:
        match = _SUFFIX.match(slug)
        base, count = (match.group(1), int(match.group(2))) if match else (slug, 0)
        known = counters.get(base, 0)
        skip = count <= known or slug == f"{base}_{known + 1}"
        if skip:
            count = max(count, known)
        count += 1
        while f"{base}_{count}" in ids:
            count += 1
        slug = f"{base}_{count}"
        if skip:
            counters[base] = count
    ids.add(slug)
    return slug


def _nest(headings: Sequence[tuple[int, str, str]]) -> tuple[TocEntry, ...]:
    """The flat headings as the ``toc`` extension nests them (``nest_toc_tokens``)."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    levels: list[int] = []
    for level, heading_id, title in headings:
        entry: dict[str, Any] = {"level": level, "id": heading_id, "title": title, "children": []}
        if not stack:
            roots.append(entry)
            stack, levels = [entry], [level]
            continue
        while levels and level <= levels[-1]:
            stack.pop()
            levels.pop()
        if stack:
            stack[-1]["children"].append(entry)
        else:
            roots.append(entry)
        stack.append(entry)
        levels.append(level)
    return tuple(_frozen(entry) for entry in roots)


def _frozen(entry: Mapping[str, Any]) -> TocEntry:
    children = tuple(_frozen(child) for child in entry["children"])
    return TocEntry(entry["level"], entry["id"], entry["title"], children)
