"""The machine-readable outputs of a snapshot and the planner, in two calls for the site.

:func:`static_files` gives every non-page file (JSON API and its OpenAPI file,
Atom feed, calendar, badges, the planner's script and stylesheet);
:func:`pages` gives the generated Markdown pages (the planner). Both are
engine-free: the site adds them to its own pages and static files.
"""

from __future__ import annotations

from .api import api_files
from .badges import badge_files
from .calendar_feed import CALENDAR_PATH, calendar_ics
from .feed import FEED_PATH, feed_xml
from .planner import planner_pages, planner_static
from .policy import Snapshot


def static_files(snap: Snapshot) -> dict[str, bytes]:
    """Site-relative path -> bytes of every machine-readable output of ``snap``."""
    return {
        **api_files(snap),
        FEED_PATH: feed_xml(snap),
        CALENDAR_PATH: calendar_ics(snap),
        **badge_files(snap),
        **planner_static(),
    }


def pages(snap: Snapshot) -> dict[str, str]:
    """Docs-relative path -> Markdown of the pages this module family adds (the planner)."""
    return planner_pages(snap)
