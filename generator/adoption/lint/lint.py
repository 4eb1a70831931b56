"""``rollups lint``: hand-written prose in ``content/`` checked against the catalog and the renderer.

For every Markdown page: numbers typed into prose that the catalog
contradicts (:mod:`.prose_check`), tables and callouts that will not render,
and internal links or anchors that lead nowhere, generated pages' anchors included
(:mod:`.content_links`).
Jinja placeholders (``{{ ... }}``, ``{% ... %}``) are data: the page is read
as Markdown sees it once Jinja has run (:mod:`.jinja_source`), and every
finding is reported at the line and column as written.

The MkDocs plugin calls :func:`lint_content` during the build and logs each
finding as a warning, so that ``mkdocs build --strict`` fails on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...catalog.diagnostics import Report
from ...catalog.model import Catalog
from ...pages.content import prose_files
from ...site.routes import site_routes
from ..reading.callouts import check_admonitions, check_callouts
from ..reading.markdown_doc import MarkdownDoc, parse, read_page
from ..reading.pipe_tables import PipeTable, check_table, why_not_rendered
from ..reading.prose import sentences
from .content_links import Site, check_links, generated_anchors, page_anchors
from .jinja_source import Prepared, prepare
from .prose_check import Facts, catalog_facts, check_prose

RENDERER = "MkDocs"
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


@dataclass(frozen=True)
class _Page:
    rel: str
    prepared: Prepared
    doc: MarkdownDoc
    """Parsed from the prepared text (:mod:`.jinja_source`)."""


def lint_content(content_dir: Path, catalog: Catalog) -> Report:
    """Every problem of the Markdown pages under ``content_dir``, judged against ``catalog``.

    Raises ``FileNotFoundError`` when ``content_dir`` is not a readable directory.
    """
    if not content_dir.is_dir():
        raise FileNotFoundError(f"{content_dir}: no such directory")
    report = Report()
    files = prose_files(content_dir, report)  # a link out of the folder, a device: reported, never read
    pages = [page for rel in files if rel.endswith(".md") for page in _load(content_dir, rel, report)]
    site = Site(
        {page.rel: page_anchors(page.doc, page.prepared.kept) for page in pages},
        frozenset(files),
        site_routes(catalog),
        catalog,
        generated_anchors(catalog),
    )
    facts = catalog_facts(catalog)
    for page in pages:
        found = Report()
        check_admonitions(page.doc.path, page.prepared.undented.split("\n"), page.doc.code_lines, found)
        report.extend(page.prepared.original(d, dedented=False) for d in found.diagnostics)
        found = Report()
        _lint_page(page, site, facts, found)
        report.extend(page.prepared.original(d) for d in found.diagnostics)
    return report


def _load(content_dir: Path, rel: str, report: Report) -> list[_Page]:
    path = content_dir / rel
    text = read_page(path, str(path), report)
    if text is None:
        return []
    prepared = prepare(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_Page(rel, prepared, parse(str(path), prepared.text))]


def _lint_page(page: _Page, site: Site, facts: Facts, report: Report) -> None:
    doc = page.doc
    for table in doc.tables:
        check_table(table, doc.path, report, _why_not_rendered(doc, table), renderer=RENDERER, span=False)
    check_callouts(doc, report)
    check_links(doc, page.rel, site, report)
    check_prose(sentences(doc.path, doc.lines, doc.code_lines), facts, report)


def _why_not_rendered(doc: MarkdownDoc, table: PipeTable) -> str | None:
    if not doc.renders(table):
        return why_not_rendered(table)
    above = doc.lines[table.first_line - 2] if table.first_line > 1 else ""
    if above.strip() and not HEADING.match(above):
        return "Python-Markdown needs a blank line before a table, and the line above runs straight into it"
    return None
