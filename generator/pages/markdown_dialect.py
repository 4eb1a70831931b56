"""The Markdown of the generated pages as Python-Markdown reads it, for markdown-it-py.

The templates write Markdown whose tables, lists and paragraphs of data are
HTML; MkDocs' Python-Markdown (with ``attr_list``) read it until the pages
were rendered once (:mod:`.page_html`). :func:`markdown_it` is a
CommonMark parser changed where the two differ on such pages:

* **HTML blocks.** Python-Markdown starts a raw block at a line that begins
  (after at most three spaces) with the start tag of one of its block-level
  elements (:data:`BLOCK_LEVEL`), even within a paragraph, and ends it with
  the line where that element closes, blank lines inside included (a code
  block of a rollup's notes inside ``<div class="rollups-notes">``); a line
  holding any other tag (``<a>``, ``<link>``) is a paragraph with inline
  HTML. CommonMark ends most blocks at a blank line and makes a block of a
  line holding only a tag: markdown-it's ``html_block`` rule is replaced by
  :func:`_raw_block`.
* **Character references are written as they stand** (Python-Markdown copies
  them to the HTML): catalog text reaches the pages as references
  (:func:`.markup.markdown_escape`), so a heading's text, the page's title
  and its table of contents stay the strings they were. Text is escaped as
  Python-Markdown's serializer escapes it (``&``, ``<``, ``>``).
* **A heading's attribute list** (``## Status {#status}``), as ``attr_list``
  reads it at the end of a heading (:func:`_heading_attributes`).

The HTML of every generated page of the shipped catalog, the fixtures and
the hostile corpus is the very bytes Python-Markdown made
(``tests/test_page_html.py``).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

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
    r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"'/]+|"[^"]*"|'[^']*'|/(?!>))*(/?)>""", re.DOTALL
)
"""A comment, or a start or end tag (its attributes' quoted values may hold ``>``)."""
_RAW_TEXT = ("script", "style")
"""Elements whose content is text to their end tag (``html.parser``'s, and so Python-Markdown's)."""
_IDS = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


_OTHER_MARKUP = (
    ("<!--", re.compile("-->")),
    ("<![CDATA[", re.compile(re.escape("]]>"))),
    ("<!", re.compile(">")),
    ("<?", re.compile(re.escape("?>"))),
)
"""What else Python-Markdown takes as a block where a line starts with it: comments, declarations,
processing instructions, each to its end."""


def _raw_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An HTML block as Python-Markdown reads it: from a block-level start tag (or a comment) to the line
    closing it."""
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or not state.src.startswith("<", pos):
        return False
    opening = _START.match(state.src, pos)
    if opening and opening.group(1).lower() not in BLOCK_LEVEL:
        return False
    if silent and opening:  # whether a block starts here, which ends where it may (Python-Markdown's too)
        return True
    stop = _element_end(state.src, pos) if opening else _markup_end(state.src, pos)
    if stop is None:
        return False
    if silent:
        return True
    line = start
    while line + 1 < end and state.bMarks[line + 1] <= stop:
        line += 1
    token = state.push("html_block", "", 0)
    token.map = [start, line + 1]
    token.content = state.getLines(start, line + 1, state.blkIndent, True)
    if line + 1 < end and state.isEmpty(line + 1):
        token.content += "\n"  # Python-Markdown keeps the blank line after a raw block
    state.line = line + 1
    return True


def _markup_end(src: str, pos: int) -> int | None:
    """Where the comment (declaration, instruction) at ``pos`` ends, or ``None`` if there is none."""
    for start, close in _OTHER_MARKUP:
        if src.startswith(start, pos):
            found = close.search(src, pos + len(start))
            return found.end() if found else None
    return None


def _element_end(src: str, pos: int) -> int:
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


class Renderer(RendererHTML):
    """markdown-it's HTML, written as Python-Markdown wrote it where it matters to a page."""

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return _text_escape(tokens[idx].content)

    def text_special(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.info == "entity":
            return token.markup  # a character reference, as written (Python-Markdown keeps it)
        return _text_escape(token.content)

    @staticmethod
    def renderAttrs(token: Token) -> str:
        """Attributes in lexical order, escaped, as Python-Markdown's serializer writes them."""
        attributes = sorted(token.attrItems())
        return "".join(f' {name}="{_attribute_escape(str(value))}"' for name, value in attributes)


def _text_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)
"""An ``&`` that does not start a character reference."""


def _attribute_escape(value: str) -> str:
    value = _AMP.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    return value.replace('"', "&quot;").replace("\n", "&#10;")


def raw_ids(markup: str) -> set[str]:
    """The ids (and ``<a name>``) of the start tags of raw HTML, as MkDocs collects a page's anchors."""
    if "id" not in markup and "name" not in markup:
        return set()
    found: set[str] = set()
    for tag in _MARKUP.finditer(markup):
        if tag.group(1) or not tag.group(2):
            continue  # an end tag, a comment
        for attribute in _IDS.finditer(tag.group(0)):
            name, value = attribute.group(1).lower(), next(v for v in attribute.groups()[1:] if v is not None)
            if name == "id" or tag.group(2).lower() == "a":
                found.add(html.unescape(value))
    return found


@functools.cache
def markdown_it() -> MarkdownIt:
    """The markdown-it of the process, made once (a versioned build makes it before forking its workers);
    it keeps no state between pages."""
    md = MarkdownIt("commonmark", {"html": True}, renderer_cls=Renderer)
    md.block.ruler.before(
        "html_block", "python_markdown_html", _raw_block, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.disable(["html_block", "text_join"])
    md.core.ruler.after("inline", "heading_attributes", _heading_attributes)
    return md
