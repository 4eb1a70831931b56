"""The paths a snapshot of the site holds for a catalog (DESIGN.md, "What one snapshot contains").

Prose links to generated pages (``rollups/32/``, ``upgrade/9.16/``); a link is
alive when the catalog makes that page. Paths are relative to the snapshot's
root, without a trailing slash: ``rollups/32``, ``api/v1/rollups.json``. A
link's anchor (``reboot-matrix.md#scenario-vmware-to-azure``) is judged
against the page itself, rendered by :class:`GeneratedPages` as a build
renders it.
"""

from __future__ import annotations

import posixpath

from ..catalog.model import Catalog
from ..catalog.site_paths import scenario_page_path
from ..outputs.api import OPENAPI_PATH, POLICY_PATH, ROLLUPS_PATH, upgrade_path
from ..outputs.badges import badge_path
from ..outputs.calendar_feed import CALENDAR_PATH
from ..outputs.feed import FEED_PATH
from ..outputs.planner import SCRIPT, STYLESHEET
from ..pages.answers import rollup_page_path, upgrade_page_path
from ..pages.links import LinkStyle
from ..pages.models import Page
from ..pages.render import Renderer
from ..policy.rules import snapshot, upgrade_versions
from .files import STYLESHEET as SITE_STYLESHEET
from .files import snapshot_model

FIXED = (
    "",
    "supported-rollups",
    "reboot-matrix",
    "planner",
    "feeds",
    "rollups",
    "upgrade",
    "scenarios",
    FEED_PATH,
    CALENDAR_PATH,
    ROLLUPS_PATH,
    POLICY_PATH,
    OPENAPI_PATH,
    SCRIPT,
    STYLESHEET,
    SITE_STYLESHEET,
)
"""The root, the pages and static files every snapshot has, whatever the catalog."""


def site_routes(catalog: Catalog) -> frozenset[str]:
    """Every generated path of the newest snapshot of ``catalog``.

    Listed from the producers' own path functions rather than derived from
    :func:`~.site.site_files`, which builds every page and output (the whole
    site's work, for a lint); ``tests/test_lint.py`` requires the two to agree.
    """
    snap = snapshot(catalog)
    versions = upgrade_versions(snap)
    pages = [
        *(rollup_page_path(r.number) for r in catalog.rollups),
        *(scenario_page_path(s.id) for s in catalog.scenarios),
        *(upgrade_page_path(v) for v in versions),
    ]
    routes = {*FIXED, *(route_key(p) for p in pages)}
    routes.update(upgrade_path(v) for v in versions)
    routes.update(badge_path(v) for v in versions)
    return frozenset(routes)


def route_key(path: str) -> str:
    """A link's path in the form of :func:`site_routes`: ``./rollups/32/index.md`` -> ``rollups/32``."""
    path = posixpath.normpath(path) if path else ""
    path = "" if path == "." else path
    for suffix in ("/index.html", "/index.md", "index.html", "index.md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    else:
        if path.endswith(".md"):
            path = path[:-3]
    return path.strip("/")


class GeneratedPages:
    """The generated pages of the newest snapshot of a catalog, each rendered to Markdown when asked for.

    The same models and templates as a build (:func:`~.files.snapshot_model`,
    :class:`~generator.pages.render.Renderer`), so that the lint judges an
    anchor against the page's real headings and ids. Nothing is computed until
    a page is asked for, and each page is rendered once: a lint whose links
    name no anchor on a generated page costs nothing.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._renderer: Renderer | None = None
        self._pages: dict[str, Page] = {}
        self._markdown: dict[str, str] = {}

    def markdown(self, route: str) -> str | None:
        """The Markdown of the generated page at ``route`` (a :func:`site_routes` key such as
        ``reboot-matrix`` or ``upgrade/9.16``); ``None`` where no generated page is (a static file)."""
        if route not in self._markdown:
            renderer = self._renderer or self._prepare()
            page = self._pages.get(route)
            if page is None:
                return None
            self._markdown[route] = renderer.page(page)
        return self._markdown[route]

    def _prepare(self) -> Renderer:
        """The snapshot's page models, by route, and their renderer: made on the first question."""
        model = snapshot_model(snapshot(self._catalog))
        self._pages = {route_key(page.path): page for page in model.pages}
        self._renderer = Renderer(model, LinkStyle.DIRECTORY)
        return self._renderer
