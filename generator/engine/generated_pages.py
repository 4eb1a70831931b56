"""The generated pages reach MkDocs as HTML, rendered once: Python-Markdown never parses them.

MkDocs renders a page in ``Page.render``: Python-Markdown over its Markdown,
then the page's content, table of contents, title and anchors. For a page
generated from the catalog, :func:`render_once` replaces that method of the
page (the instance's, as mkdocs-jupyter does for notebooks: MkDocs made the
page, with its title from the ``nav``, and keeps it) with one that takes
the same five things from :func:`~.pages.page_html.render_html`, the
markdown-it rendering of the pages stage. The rest of MkDocs' pipeline sees
an ordinary rendered page: the ``page_content`` event, the theme, the
search plugin and the validation of anchors, which now also checks links
into a generated page against its HTML's ids.

The project's ``toc`` settings (permalinks, their class and title, ``baselevel``,
``toc_depth``, a ``slugify`` of its own) apply to the generated pages as
before (:func:`toc_settings`); its other Markdown extensions (``smarty``,
``pymdownx.*``...) apply to its prose only, since the generated pages' text
is catalog data written as character references and HTML.

A Markdown link of a generated page to a file the site does not have is
logged as MkDocs logs it (``validation.links.not_found``: a warning, which
fails a strict build), and links to anchors of other pages are checked by
MkDocs after every page is rendered (``validation.links.anchors``), as
before.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MethodType
from typing import Any

import markdown.extensions.toc  # type: ignore[import-untyped]  # (Python-Markdown, the engine's: no stubs)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..catalog.characters import escaped, shown
from ..pages.links import LinkStyle
from ..pages.page_html import PageHtml, TocEntry, TocSettings, render_html

log = logging.getLogger("mkdocs.plugins.rollups")

TOC_EXTENSION = ("toc", "markdown.extensions.toc")
"""The names the ``toc`` extension may have in ``markdown_extensions`` (MkDocs always enables it)."""


def toc_settings(config: MkDocsConfig) -> TocSettings:
    """The project's ``toc`` settings (``markdown_extensions``), which generated pages honour too; the
    slug of a heading without an id is the extension's own, unless the project names another."""
    configs: Mapping[str, Any] = config.mdx_configs or {}
    toc: Mapping[str, Any] = {}
    for name in TOC_EXTENSION:
        if name in config.markdown_extensions:
            toc = configs.get(name) or {}
            break
    return TocSettings.from_config({"slugify": markdown.extensions.toc.slugify, **toc})


def link_style(config: MkDocsConfig) -> LinkStyle:
    """The URL layout of the site MkDocs builds."""
    return LinkStyle.DIRECTORY if config.use_directory_urls else LinkStyle.HTML


class _SiteFiles:
    """The docs-relative paths of the build's files, as :func:`render_html` asks about them."""

    def __init__(self, files: Files) -> None:
        self.files = files

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.files.get_file_from_path(path) is not None


def render_once(page: Page) -> None:
    """Make MkDocs take ``page``'s HTML from the pages stage instead of Python-Markdown."""
    page.render = MethodType(_render, page)  # type: ignore[method-assign]


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` for a generated page: its content, table of contents, title and anchors."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    source = page.file.src_uri
    rendered = render_html(page.markdown, source, link_style(config), _SiteFiles(files), toc_settings(config))
    page.content = rendered.html
    page.toc = get_toc([_toc_token(entry) for entry in rendered.toc])
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    page.links_to_anchors = _links_to_anchors(rendered, files)
    for link in rendered.broken:
        log.log(
            config.validation.links.not_found,
            f"Doc file '{shown(source)}' contains a link '{escaped(link.original)}', "
            f"but the target '{shown(link.target)}' is not found among documentation files.",
        )


def _toc_token(entry: TocEntry) -> Any:
    """An entry as the ``toc`` extension's tokens hold it, which MkDocs' ``get_toc`` reads."""
    children = [_toc_token(child) for child in entry.children]
    return {"level": entry.level, "id": entry.id, "name": entry.title, "children": children}


def _links_to_anchors(rendered: PageHtml, files: Files) -> dict[File, dict[str, str]]:
    """The page's links to anchors, by the file they point into, for MkDocs' anchor validation."""
    found: dict[File, dict[str, str]] = {}
    for link in rendered.anchored:
        target = files.get_file_from_path(link.target)
        if target is not None:
            found.setdefault(target, {}).setdefault(link.anchor, link.original)
    return found
