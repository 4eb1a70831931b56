"""The paths a snapshot of the site holds for a catalog (DESIGN.md, "What one snapshot contains").

Prose links to generated pages (``rollups/32/``, ``upgrade/9.16/``); a link is
alive when the catalog makes that page. Paths are relative to the snapshot's
root, without a trailing slash: ``rollups/32``, ``api/v1/rollups.json``.
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
from ..policy.rules import snapshot, upgrade_versions
from .files import STYLESHEET as SITE_STYLESHEET

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
