"""The paths a snapshot of the site holds for a catalog (DESIGN.md, "What one snapshot contains").

Prose links to generated pages (``rollups/32/``, ``upgrade/9.16/``); a link is
alive when the catalog makes that page. Paths are relative to the snapshot's
root, without a trailing slash: ``rollups/32``, ``api/v1/rollups.json``.
"""

from __future__ import annotations

import posixpath

from .catalog import Catalog
from .policy import snapshot, upgrade_versions

FIXED = (
    "",
    "supported-rollups",
    "reboot-matrix",
    "planner",
    "feeds",
    "rollups",
    "upgrade",
    "scenarios",
    "feed.xml",
    "support.ics",
    "api/v1/rollups.json",
    "api/v1/policy.json",
    "api/v1/openapi.yaml",
)


def site_routes(catalog: Catalog) -> frozenset[str]:
    """Every generated path of the newest snapshot of ``catalog``."""
    snap = snapshot(catalog)
    versions = upgrade_versions(snap)
    routes = set(FIXED)
    routes.update(f"rollups/{r.number}" for r in catalog.rollups)
    routes.update(f"scenarios/{s.id}" for s in catalog.scenarios)
    routes.update(f"upgrade/{v}" for v in versions)
    routes.update(f"api/v1/upgrade/{v}.json" for v in versions)
    routes.update(f"badges/{v}.svg" for v in versions)
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
