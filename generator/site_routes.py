"""The paths a snapshot of the site holds for a catalog (DESIGN.md, "What one snapshot contains").

Prose links to generated pages (``rollups/32/``, ``upgrade/9.16/``); a link is
alive when the catalog makes that page. Paths are relative to the snapshot's
root, without a trailing slash: ``rollups/32``, ``api/v1/rollups.json``.
"""

from __future__ import annotations

import posixpath

from .catalog import Catalog
from .links import LinkStyle
from .pages import site_model
from .policy import snapshot
from .site import STATIC_PRODUCERS

ROOT = ""
"""The site's root: always served (the overview is a prose page of ``content/``)."""


def site_routes(catalog: Catalog) -> frozenset[str]:
    """Every generated path of the newest snapshot of ``catalog``.

    Derived from the page models and static producers :func:`~.site.site_files`
    uses, so a new page or output is a route with no second list to keep.
    """
    snap = snapshot(catalog)
    model = site_model(snap)
    routes = {ROOT, *(route_key(page.path) for page in model.pages)}
    for produce in STATIC_PRODUCERS:
        routes.update(produce(snap, model, LinkStyle.DIRECTORY))
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
