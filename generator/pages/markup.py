"""Catalog text made safe for pages: Markdown rendered without raw HTML, plain text escaped.

Catalog values are data, not markup. Two kinds reach a page:

* Markdown fields (rollup notes, scenario steps, summaries and notes) are
  rendered here to HTML with markdown-it-py, with raw HTML, images (a request
  to another host) and headings (they would break the page outline) turned
  off, and only safe link schemes kept. The HTML then goes into the page as is.
* Plain text (names, titles) that goes into Markdown is escaped so that it
  shows as written: HTML special characters become entities and the
  characters Markdown treats as syntax are backslash-escaped.

The validator already refuses HTML in the catalog; this is the second line.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..catalog.diagnostics import RollupsError

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "html_block", "html_inline"]
)

_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]{}])")
"""Characters that can start Markdown (or attribute-list) syntax in running text."""

SAFE_SCHEMES = ("http", "https")


def markdown_html(text: str) -> Markup:
    """Block Markdown from the catalog as safe HTML (paragraphs, lists, emphasis, links, code)."""
    return Markup(_MARKDOWN.render(text).strip())


def markdown_inline_html(text: str) -> Markup:
    """One line of Markdown from the catalog (a step) as safe inline HTML."""
    return Markup(_MARKDOWN.renderInline(text).strip())


def markdown_text(text: str) -> Markup:
    """Plain catalog text escaped for a Markdown paragraph or heading: it shows exactly as written."""
    return Markup(escape(_MARKDOWN_SYNTAX.sub(r"\\\1", text)))


class UnsafeLink(RollupsError):
    """A catalog URL that is not http(s); the validator should have refused it."""


def external_url(url: str) -> str:
    """``url`` if it is an absolute http(s) link; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        raise UnsafeLink(f"refusing to link to '{url}': expected an http(s) URL")
    return url
