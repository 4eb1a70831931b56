"""The machine-readable outputs of a snapshot, and the page that lists them (``feeds/``).

:func:`static_files` gives every non-page file of this family (JSON API and
its OpenAPI file, Atom feed, calendar, badges, the planner's script and
stylesheet) for :data:`.site.STATIC_PRODUCERS`; :func:`feeds_page` is the
page model that tells a reader where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..pages.answers import VersionPages, VersionRef
from ..pages.line_answers import SHOWN_HOPS
from ..pages.links import LinkStyle
from ..policy.rules import Snapshot
from .api import OPENAPI_PATH, POLICY_PATH, ROLLUPS_PATH, api_files, upgrade_path
from .badges import badge_files, badge_path, status_badge
from .calendar_feed import CALENDAR_PATH, calendar_ics, events
from .feed import FEED_PATH, feed_rollups, feed_xml
from .planner import planner_static

FEEDS_PAGE = "feeds.md"


def static_files(snap: Snapshot, links: LinkStyle = LinkStyle.DIRECTORY) -> dict[str, bytes]:
    """Site-relative path -> bytes of every machine-readable output of ``snap``."""
    return {
        **api_files(snap),
        FEED_PATH: feed_xml(snap, links),
        CALENDAR_PATH: calendar_ics(snap),
        **badge_files(snap),
        **planner_static(),
    }


def offered(snap: Snapshot) -> frozenset[str]:
    """The feeds worth offering a reader of ``snap`` (``<link rel="alternate">``, the ``feeds/`` page).

    The Atom feed when it has an entry (a rollup with a release date), the
    calendar when it has an event (a release day): an empty feed or calendar
    is published, so that its address keeps working, but not offered.
    """
    found = {FEED_PATH} if feed_rollups(snap) else set()
    if any(True for _ in events(snap)):
        found.add(CALENDAR_PATH)
    return frozenset(found)


@dataclass(frozen=True)
class FeedsPage:
    template: ClassVar[str] = "feeds.md"
    path: str
    title: str
    example: VersionRef
    """A version whose JSON and badge the page shows: the newest one out of support, else N."""
    example_json: str
    example_badge: str
    example_badge_text: str
    feed_entries: int
    """Rollups with a release date: the feed's entries."""
    undated: int
    """Rollups with no release date, which the feed leaves out."""
    calendar_events: int
    feed: str = FEED_PATH
    calendar: str = CALENDAR_PATH
    rollups: str = ROLLUPS_PATH
    policy: str = POLICY_PATH
    openapi: str = OPENAPI_PATH
    shown_hops: int = SHOWN_HOPS
    """The most upgrades of a path an upgrade document gives at once."""


def feeds_page(snap: Snapshot, pages: VersionPages) -> FeedsPage:
    """The page that lists the feed, the calendar, the JSON API and the badges of ``snap``."""
    out_of_support = [v for v in pages.versions if not snap.is_supported(v)]
    example = out_of_support[-1] if out_of_support else snap.latest
    return FeedsPage(
        FEEDS_PAGE,
        "Feeds and API",
        pages.ref(example),
        upgrade_path(example),
        badge_path(example),
        status_badge(snap, example).title,
        len(feed_rollups(snap)),
        sum(1 for r in snap.rollups if r.released is None),
        sum(1 for _ in events(snap)),
    )
