"""The Atom feed of one snapshot: ``feed.xml``, an entry per rollup, newest first.

Each entry has the rollup's title, date, KB link, component versions and
notes, and says so where the rollup was withdrawn, with why (Markdown
rendered by markdown-it-py with raw HTML disabled, as on the pages:
:func:`.markup.markdown_html`), as HTML content rendered from
``templates/feed-entry.html`` (in the HTML environment: text escaped as
HTML, :func:`.markup.html_escape`); the XML itself is built with
:mod:`xml.etree.ElementTree`, never by string concatenation, and every text
and attribute enters it through :func:`_text` and :func:`_link`, which keep
only characters XML can hold (:func:`.markup.xml_characters`) and link only
to web addresses.

Ids never change across rebuilds: name-based UUIDs of the product and the
rollup number (:mod:`.identity`).

Dates. Atom requires ``updated`` on the feed and on every entry. The rule
never invents a date and never reads a clock:

* an entry's ``updated`` is its rollup's release date at 00:00 UTC; a date
  known by month only stands for the first day of that month (the way the
  site sorts it), and the entry says so ("released in July 2018; the day is
  not recorded"); ``published`` is given only when the day is known;
* a rollup with no release date at all has no entry: nothing true can date
  it, and an invented date would show it to a reader as new or as ancient.
  The ``feeds/`` page says how many rollups the feed leaves out;
* the feed's ``updated`` is the newest entry's. A feed with no entry (no
  rollup dated yet) is not offered to readers (:func:`.files.offered`); the
  file still exists, so a subscription to its address keeps working, and its
  ``updated`` is then the Unix epoch, the date the whole snapshot carries
  when no rollup is dated (``SOURCE_DATE_EPOCH`` 0, :mod:`.publish.snapshots`).

Neither the build time nor ``SOURCE_DATE_EPOCH`` enters the feed: a
snapshot's bytes depend on the catalog as of its rollup alone, so
rebuilding it on another day or from another commit changes nothing.

Links are relative to the feed (``rollups/32/`` for MkDocs' directory URLs),
which sits at the root of its snapshot, so one file is right in ``latest/``
and in ``ur-32/`` alike.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

from ..catalog.markdown_fields import is_web_link
from ..catalog.model import ReleaseDate, Rollup
from ..pages.answers import cell, released, rollup_page_path
from ..pages.links import LinkStyle, page_url
from ..pages.markup import UnsafeLink, markdown_html, xml_characters
from ..pages.templating import render_template
from ..policy.rules import Snapshot
from .identity import stable_uuid

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
NO_ENTRY_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``updated`` of a feed with no entry (never of an entry): the snapshot's date when no rollup is dated."""


def feed_xml(snap: Snapshot, links: LinkStyle = LinkStyle.DIRECTORY) -> bytes:
    """The Atom document of ``snap``, as deterministic UTF-8 bytes, linking pages in the ``links`` layout."""
    product = snap.catalog.product
    # Unqualified names under a default namespace declared on the root: ElementTree's
    # ``default_namespace`` option refuses the unqualified attributes Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _text(feed, "id", stable_uuid(product, "feed").urn)
    _text(feed, "title", f"{product.name}: update rollups")
    _text(feed, "subtitle", f"Every update rollup of {product.name}, newest first, as of {snap.as_of.title}.")
    dated = feed_rollups(snap)
    _text(feed, "updated", _timestamp(max((updated(r) for r in dated), default=NO_ENTRY_DATE)))
    author = ET.SubElement(feed, "author")
    _text(author, "name", product.vendor or product.name)
    _link(feed, "self", "application/atom+xml", FEED_PATH)
    _link(feed, "alternate", "text/html", "./")
    for rollup in dated:
        _entry(feed, snap, rollup, links)
    ET.indent(feed, space="  ")
    out = io.BytesIO()
    ET.ElementTree(feed).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue() + b"\n"


def feed_rollups(snap: Snapshot) -> tuple[Rollup, ...]:
    """The rollups the feed has an entry for, newest first: those with a release date."""
    return tuple(r for r in snap.rollups if r.released is not None)


def updated(rollup: Rollup) -> dt.datetime:
    """The entry's ``updated`` instant: the release day, or the first day of the release month."""
    assert rollup.released is not None, "an undated rollup has no entry"
    return _midnight(rollup.released)


def _midnight(date: ReleaseDate) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day or 1, tzinfo=dt.UTC)


def _entry(feed: ET.Element, snap: Snapshot, rollup: Rollup, links: LinkStyle) -> None:
    dated = rollup.released
    assert dated is not None, "an undated rollup has no entry"
    entry = ET.SubElement(feed, "entry")
    agent = snap.agent_versions.get(rollup.number)
    agent_name = snap.catalog.product.agent_name
    _text(entry, "id", stable_uuid(snap.catalog.product, "rollup", rollup.number).urn)
    title = rollup.title + (f": {agent_name} {agent}" if agent is not None else "")
    _text(entry, "title", title + (" (withdrawn)" if rollup.withdrawn is not None else ""))
    _text(entry, "updated", _timestamp(updated(rollup)))
    if rollup.released is not None and rollup.released.date is not None:
        _text(entry, "published", _timestamp(updated(rollup)))
    _link(entry, "alternate", "text/html", page_url(rollup_page_path(rollup.number), links))
    if rollup.kb is not None:
        if not is_web_link(rollup.kb):
            raise UnsafeLink(f"refusing to link to '{rollup.kb}': expected an absolute http(s) URL")
        _link(entry, "related", "text/html", rollup.kb)
    content = render_template(
        "feed-entry.html",
        released=released(dated),
        agent_name=agent_name,
        agent_version=str(agent) if agent is not None else None,
        agent_recorded=snap.policy.track in rollup.versions,
        kb=rollup.kb,
        cells=[cell(snap.catalog, rollup, c) for c in snap.catalog.components if c.id in rollup.versions],
        notes_html=markdown_html(rollup.notes) if rollup.notes else "",
        withdrawn_html=markdown_html(rollup.withdrawn) if rollup.withdrawn is not None else "",
    )
    _text(entry, "content", content.strip() + "\n").set("type", "html")


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    """A child element holding ``text`` (ElementTree escapes it; characters XML cannot hold become U+FFFD)."""
    element = ET.SubElement(parent, name)
    element.text = xml_characters(text)
    return element


def _link(parent: ET.Element, rel: str, media_type: str, href: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": xml_characters(href)})


def _timestamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
