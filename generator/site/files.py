"""Every file of one snapshot of the site, engine-free: the catalog in, Markdown and bytes out.

:func:`site_files` is the whole pipeline after validation: compute the
policy snapshot, build the page models, render them and the prose pages of
``content/``, and produce the static files. The MkDocs plugin hands the
result to MkDocs; ``rollups export`` writes it as plain Markdown for any other
engine.

Static outputs (files that are not pages: the stylesheet, and the JSON API,
feed, calendar, badges and planner script of :mod:`.outputs`) come from the
producers in :data:`STATIC_PRODUCERS`; adding an output is one entry there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.diagnostics import InvalidInput, Position, Report
from ..catalog.model import Catalog
from ..outputs.files import feeds_page, offered, static_files
from ..outputs.planner import planner_page
from ..pages.content import ContentFiles, convert_callouts, read_content, split_front_matter
from ..pages.layout import site_model
from ..pages.links import LinkStyle
from ..pages.models import SiteModel
from ..pages.render import Renderer
from ..pages.templating import TEMPLATES_DIR
from ..policy.rules import Snapshot, snapshot
from .path_claims import Claim, page_output, refuse_clashes

STYLESHEET = "assets/stylesheets/rollups.css"
"""The site's own stylesheet (``extra_css`` in ``mkdocs.yml``)."""

StaticProducer = Callable[[Snapshot, SiteModel, LinkStyle], Mapping[str, bytes]]
"""Makes static files (site-relative path -> bytes) for one snapshot, linking pages in one URL layout."""


def theme_assets(snap: Snapshot, model: SiteModel, links: LinkStyle) -> dict[str, bytes]:
    """The stylesheet the generated pages use (sticky matrix headers, value states, steps)."""
    return {STYLESHEET: (TEMPLATES_DIR / "assets" / "rollups.css").read_bytes()}


def machine_readable(snap: Snapshot, model: SiteModel, links: LinkStyle) -> dict[str, bytes]:
    """The JSON API, Atom feed, calendar, badges and the planner's script (:mod:`.outputs`)."""
    return static_files(snap, links)


STATIC_PRODUCERS: tuple[StaticProducer, ...] = (theme_assets, machine_readable)


@dataclass
class SiteFiles:
    """The files of one snapshot.

    ``pages`` maps docs-relative Markdown paths (``upgrade/9.16.md``) to their
    Markdown, prose pages of ``content/`` included (rendered, front matter
    kept); ``static`` maps site-relative paths to bytes; ``assets`` lists the
    non-Markdown files of ``content/`` (the engine already serves them; an
    export copies them).
    """

    as_of: int
    pages: dict[str, str]
    static: dict[str, bytes]
    assets: dict[str, Path] = field(default_factory=dict)
    prose: frozenset[str] = frozenset()
    """The paths in ``pages`` that come from ``content/`` rather than from the catalog."""
    offered: frozenset[str] = frozenset()
    """The feeds in ``static`` that every page offers (``<link rel="alternate">``): those with an entry."""

    def export(self, directory: Path) -> list[Path]:
        """Write every page, static file and asset under ``directory``; return the paths written."""
        written: list[Path] = []
        outputs: list[tuple[str, bytes]] = [(p, text.encode("utf-8")) for p, text in self.pages.items()]
        outputs += list(self.static.items())
        outputs += [(p, source.read_bytes()) for p, source in self.assets.items()]
        for relative, data in sorted(outputs):
            target = directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        return written


def _refuse_collisions(
    generated: Mapping[str, str], prose: Mapping[str, str], content_dir: Path | None
) -> None:
    report = Report()
    for path in sorted(generated.keys() & prose.keys()):
        report.error(
            Position(str(content_dir / path) if content_dir is not None else path),
            f"'{path}' is generated from the catalog; a page in content/ cannot replace it "
            "(rename the file, or change the template)",
        )
    if report.has_errors:
        raise InvalidInput(report)


def _claims(
    model: SiteModel, content: ContentFiles, content_dir: Path | None, links: LinkStyle
) -> list[Claim]:
    """The output file of every generated page, prose page and asset of ``content/``."""

    def shown(path: str) -> str:
        return str(content_dir / path) if content_dir is not None else path

    claims = [Claim(page_output(p.path, links), f"the page '{p.title}' ({p.path})") for p in model.pages]
    claims += [Claim(page_output(path, links), f"the page {shown(path)}") for path in content.pages]
    claims += [Claim(path, f"the file {shown(path)}") for path in content.assets]
    return claims


def snapshot_model(snap: Snapshot) -> SiteModel:
    """Every generated page of one snapshot: the layout's pages, then the planner and the feeds page."""
    model = site_model(snap)
    return model.with_pages(planner_page(snap, model.versions), feeds_page(snap, model.versions))


def site_files(
    catalog: Catalog,
    as_of: int | None = None,
    content_dir: Path | None = None,
    links: LinkStyle = LinkStyle.DIRECTORY,
) -> SiteFiles:
    """Every page and static file of the site as of rollup ``as_of`` (default: the newest).

    ``links`` is the URL layout the links are written for: directory URLs for
    MkDocs' default, ``.md`` links for a plain Markdown export.
    Raises :class:`~.diagnostics.InvalidInput` for a prose page that does not render,
    :class:`~.policy.PolicyError` for an ``as_of`` the catalog cannot answer, and
    :class:`~.path_claims.PathClash` when two outputs would be written to one file.
    """
    snap = snapshot(catalog, as_of)
    model = snapshot_model(snap)
    content = read_content(content_dir)
    _refuse_collisions({page.path: page.title for page in model.pages}, content.pages, content_dir)
    static: dict[str, bytes] = {}
    claims = _claims(model, content, content_dir, links)
    for produce in STATIC_PRODUCERS:
        files = produce(snap, model, links)
        claims += [Claim(path, f"the file {path} (made by {produce.__name__})") for path in files]
        static.update(files)
    refuse_clashes(claims)
    renderer = Renderer(model, links)
    pages = {page.path: renderer.page(page) for page in model.pages}
    for path, text in content.pages.items():
        display = str(content_dir / path) if content_dir is not None else path
        front, body = split_front_matter(text)
        first_line = front.count("\n") + 1
        # Callouts are checked in the source, where a bad kind's line is the author's line;
        # they are converted in the rendering, where Jinja may have filled their text.
        convert_callouts(body, display, first_line)
        rendered = renderer.prose(path, body, display, first_line)
        pages[path] = front + convert_callouts(rendered, display, first_line)
    return SiteFiles(
        snap.as_of.number, pages, static, content.assets, frozenset(content.pages), offered(snap)
    )
