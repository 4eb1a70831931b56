"""A generated page's Markdown rendered once to HTML, with its table of contents, for the engine.

The pages of :mod:`.render` are Markdown whose every table, list and
paragraph of data is an HTML block; MkDocs used to parse them again with
Python-Markdown (its HTML-block parser and tree processors were the largest
share of a snapshot's build). :func:`render_html` turns such a page into the
HTML that Python-Markdown, with the ``toc`` and ``attr_list`` extensions
(``admonition`` and ``tables`` are not used by the templates: their
callouts and tables are HTML already), made of it, with markdown-it-py:

* **HTML blocks as Python-Markdown reads them.** A line that starts (after
  at most three spaces) with the start tag of one of Python-Markdown's
  block-level elements opens a raw block, which runs to the end of the line
  where that element is closed, blank lines included, and may interrupt a
  paragraph; any other tag (``<a>``, ``<link>``, ``<span>``) is inline HTML
  in a paragraph. CommonMark's rule (a block ends at a blank line; a line
  holding only a tag is a block) differs, so markdown-it's own ``html_block``
  is replaced by :func:`_raw_block`.
* **Character references kept as written.** Catalog text reaches the
  Markdown as references (:func:`.markup.markdown_escape`): Python-Markdown
  copies them to the HTML as they are, and so does this renderer (entity
  tokens are written as their source), so that a heading's text, the page's
  title and the table of contents are the same strings as before.
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
generated page of the shipped catalog and the seed with Python-Markdown's
rendering.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata
from collections.abc import Callable, Container, Mapping, MutableSet, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .links import LinkStyle, file_href, page_href

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
    env: dict[str, Any] = {_PAGE: page}
    md = markdown_it()
    tokens = md.parse(markdown, env)
    page.prepare(tokens, md.options, env)
    rendered = md.renderer.render(tokens, md.options, env)  # collects the ids of the raw HTML
    return PageHtml(
        html=rendered,
        toc=_nest(page.headings),
        title=page.title,
        anchors=frozenset(page.anchors),
        anchored=tuple(page.anchored),
        broken=tuple(page.broken),
    )


_PAGE = "rollups_page"
"""The key of the page being rendered in markdown-it's ``env``."""


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
        """Set the headings' levels and ids, the links' targets; collect the anchors and the title."""
        renderer = markdown_it().renderer
        assert isinstance(renderer, _Renderer)
        headings = [i for i, token in enumerate(tokens) if token.type == "heading_open"]
        used = {token.attrs["id"] for token in tokens if token.attrs.get("id")}
        ids: set[str] = set(map(str, used))
        counters: dict[str, int] = {}
        for i in headings:
            opening, inline, closing = tokens[i], tokens[i + 1], tokens[i + 2]
            level = min(int(opening.tag[1]) + self.settings.baselevel - 1, 6)
            opening.tag = closing.tag = f"h{level}"
            inner = renderer.renderInline(inline.children or [], options, env)
            name = _strip_tags(inner)
            if not opening.attrs.get("id"):
                slug = self.settings.slugify(html.unescape(name), self.settings.separator)
                opening.attrs["id"] = _unique(slug, ids, counters)
            heading_id = str(opening.attrs["id"])
            if self.settings.toc_top <= level <= self.settings.toc_bottom:
                self.headings.append((level, heading_id, name))
            if i == 0 and level == 1:
                self.title = name
            self._add_anchor_links(inline, heading_id)
        for token in tokens:
            if token.attrs.get("id"):
                self.anchors.add(str(token.attrs["id"]))
            for child in token.children or ():
                if child.type in ("link_open", "image"):
                    self._resolve(child, "href" if child.type == "link_open" else "src")

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


# --- markdown-it, configured as Python-Markdown read the templates -------------------------


BLOCK_LEVEL = frozenset(
    (
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
        "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "canvas", "colgroup", "dd", "body",
        "dt", "group", "html", "iframe", "li", "legend", "math", "map", "noscript", "output", "object",
        "option", "progress", "script", "style", "summary", "tbody", "td", "textarea", "tfoot", "th",
        "thead", "tr", "video", "center",
    )
)  # fmt: skip
"""Python-Markdown's block-level elements (``markdown.util.BLOCK_LEVEL_ELEMENTS``)."""

_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_MARKUP = re.compile(
    r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""", re.DOTALL
)
"""A comment, or a start or end tag (its attributes' quoted values may hold ``>``)."""
_RAW_TEXT = ("script", "style", "textarea")
_IDS = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def _raw_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An HTML block as Python-Markdown reads it: from a block-level start tag to the line closing it."""
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opening = _START.match(state.src, pos)
    if not opening or opening.group(1).lower() not in BLOCK_LEVEL:
        return False
    if silent:
        return True
    stop = _block_end(state.src, pos)
    line = start
    while line + 1 < end and state.bMarks[line + 1] <= stop:
        line += 1
    token = state.push("html_block", "", 0)
    token.map = [start, line + 1]
    token.content = state.getLines(start, line + 1, state.blkIndent, True)
    state.line = line + 1
    return True


def _block_end(src: str, pos: int) -> int:
    """Where the element whose start tag is at ``pos`` ends (the end of ``src`` if it never does).

    As Python-Markdown's ``HTMLExtractor``: every start tag but ``<hr>`` and
    ``<x/>`` is stacked, an end tag unstacks down to its element, and the
    block is over when the stack is empty; ``<script>`` and ``<style>`` hold
    text, not tags.
    """
    stack: list[str] = []
    for match in _MARKUP.finditer(src, pos):
        closing, name, empty = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if not name:  # a comment
            continue
        if closing:
            if name in stack:
                while stack.pop() != name:
                    pass
            if not stack:
                return match.end()
        elif not empty and name != "hr":
            stack.append(name)
            if name in _RAW_TEXT:
                close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(src, match.end())
                if close is None:
                    return len(src)
                stack.pop()
                if not stack:
                    return close.end()
        elif not stack:
            return match.end()
    return len(src)


_HEADING_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
_ATTR = re.compile(r"""([^ =}]+)="(.*?)"|([^ =}]+)='(.*?)'|([^ =}]+)=([^ =}]+)|([^ =}]+)| """)


def _attribute_list(text: str) -> list[tuple[str, str]] | None:
    """The attributes of ``attr_list``'s ``{#id .class key=value}`` (inside the braces), or ``None``
    if it leaves text before its end (the extension then leaves the heading's text as it is)."""
    attributes: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        match = _ATTR.match(text, at)
        if match is None:
            return None if "}" in text[at:] else attributes
        at = match.end()
        groups = match.groups()
        if groups[0] is not None:
            attributes.append((groups[0], groups[1]))
        elif groups[2] is not None:
            attributes.append((groups[2], groups[3]))
        elif groups[4] is not None:
            attributes.append((groups[4], groups[5]))
        elif groups[6] is not None:
            word = groups[6]
            if word.startswith("#"):
                attributes.append(("id", word[1:]))
            elif word.startswith("."):
                attributes.append((".", word[1:]))
            else:
                attributes.append((word, word))
    return attributes


def _heading_attributes(state: Any) -> None:
    """``attr_list`` on headings: ``## Title {#id}`` gives the heading its id (a core rule)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        children = tokens[i + 1].children or []
        last = children[-1] if children else None
        if last is None or last.type != "text":
            continue
        match = _HEADING_ATTRS.search(last.content)
        attributes = _attribute_list(match.group(1)) if match else None
        if match is None or attributes is None:
            continue
        last.content = last.content[: match.start()].rstrip("#").rstrip()
        for name, value in attributes:
            if name == ".":
                classes = token.attrs.get("class")
                token.attrs["class"] = f"{classes} {value}" if classes else value
            else:
                token.attrs[name] = value


class _Renderer(RendererHTML):
    """markdown-it's HTML, written as Python-Markdown wrote it where it matters to a page."""

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return _text_escape(tokens[idx].content)

    def text_special(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.info == "entity":
            return token.markup  # a character reference, as written (Python-Markdown keeps it)
        return _text_escape(token.content)

    def html_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        content = tokens[idx].content
        _collect_ids(content, env)
        return content

    def html_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        content = tokens[idx].content
        _collect_ids(content, env)
        return content


def _text_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _collect_ids(markup: str, env: EnvType) -> None:
    """The ids (and ``<a name>``) of raw HTML, for the page's anchors."""
    page = env.get(_PAGE)
    if page is None or ("id" not in markup and "name" not in markup):
        return
    for tag in _MARKUP.finditer(markup):
        if tag.group(1) or not tag.group(2):
            continue
        for found in _IDS.finditer(tag.group(0)):
            value = found.group(1) if found.group(1) is not None else found.group(2) or found.group(3)
            name = found.group(0).split("=")[0].strip()
            if name == "id" or tag.group(2).lower() == "a":
                page.anchors.add(html.unescape(value or ""))


@functools.cache
def markdown_it() -> MarkdownIt:
    """The markdown-it of the process, made once (a versioned build makes it before forking its workers);
    it keeps no state between pages."""
    md = MarkdownIt("commonmark", {"html": True}, renderer_cls=_Renderer)
    md.block.ruler.before(
        "html_block", "python_markdown_html", _raw_block, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.disable(["html_block", "text_join"])
    md.core.ruler.after("inline", "heading_attributes", _heading_attributes)
    return md
