"""Links between pages, for whichever URL layout the engine (or an export) uses.

Pages are named by their docs-relative Markdown path (``upgrade/9.16.md``).
How that path becomes a URL depends on the output: MkDocs with
``use_directory_urls`` serves ``upgrade/9.16/``, without it
``upgrade/9.16.html``, and a plain Markdown export links ``upgrade/9.16.md``.
Generated pages write their links as HTML (inside tables and lists), which no
engine rewrites, so every link is computed here for the layout at hand.
"""

from __future__ import annotations

import posixpath
from enum import StrEnum


class LinkStyle(StrEnum):
    """The URL layout of the output."""

    DIRECTORY = "directory"
    """``upgrade/9.16/``: MkDocs with ``use_directory_urls: true``."""
    HTML = "html"
    """``upgrade/9.16.html``: MkDocs with ``use_directory_urls: false``."""
    MARKDOWN = "markdown"
    """``upgrade/9.16.md``: plain Markdown, for any other engine."""


def page_url(doc_path: str, style: LinkStyle) -> str:
    """The site-relative URL of the page ``doc_path`` (``""`` is the home page)."""
    stem = doc_path.removesuffix(".md")
    if style is LinkStyle.MARKDOWN:
        return doc_path
    if style is LinkStyle.HTML:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def _base(doc_path: str, style: LinkStyle) -> str:
    """The directory a relative link on ``doc_path`` is resolved against."""
    url = page_url(doc_path, style)
    base = url.rstrip("/") if style is LinkStyle.DIRECTORY else posixpath.dirname(url)
    return base or "."


def page_href(from_doc: str, to_doc: str, style: LinkStyle, anchor: str = "") -> str:
    """A relative link from the page ``from_doc`` to the page ``to_doc``, optionally to an anchor."""
    fragment = f"#{anchor}" if anchor else ""
    if from_doc == to_doc and anchor:
        return fragment
    target = page_url(to_doc, style)
    relative = posixpath.relpath(target.rstrip("/") or ".", _base(from_doc, style))
    if style is LinkStyle.DIRECTORY:
        relative = "./" if relative == "." else f"{relative}/"
    return relative + fragment


def file_href(from_doc: str, site_path: str, style: LinkStyle) -> str:
    """A relative link from the page ``from_doc`` to a static file such as ``api/v1/rollups.json``."""
    return posixpath.relpath(site_path, _base(from_doc, style))


def canonical_url(base: str, url: str) -> str:
    """The canonical address of the page at site-relative ``url``, under ``base``.

    An absolute ``base`` (``https://example.org/latest/``) is joined with the
    page's URL; a relative one (``../latest/``) is taken from this site's root,
    so the result is relative to the page itself.
    """
    base = base if base.endswith("/") else f"{base}/"
    if "://" in base or base.startswith("/"):
        return base + url
    depth = url.count("/")  # the folders the page is in: one per "/" of its URL
    return "../" * depth + base + url
