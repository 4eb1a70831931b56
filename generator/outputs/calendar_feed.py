"""The support calendar of one snapshot: ``support.ics`` (iCalendar, RFC 5545).

Events, all-day:

* the release of a rollup, on its release day;
* the end of support of an agent version the site documents
  (:func:`~.policy.upgrade_versions`) that is out of support as of the
  snapshot, on the release day of the rollup that pushed it out
  (:meth:`~.policy.Snapshot.out_of_support_since`).

A rollup whose release day is not recorded (no date, or the month only) gets
no event, and neither does a version it pushed out of support: an all-day
event needs a day, and none is invented. The calendar's ``X-WR-CALDESC``
says so. The shipped catalog records no release date, so its calendar has
no event yet; it fills in as dates are added.

Nothing depends on the build: UIDs are name-based UUIDs of the product and
the event's subject (:mod:`.identity`); ``DTSTAMP``, which RFC 5545 requires,
is the event's own day at 00:00 UTC (nothing records when the data was
written, and the build time would make two builds differ). Lines end with
CRLF and are folded at 75 octets without splitting a UTF-8 character.

Text enters the calendar through :func:`escape_text` only: backslash,
semicolon and comma escaped, every line break (CR, LF, CRLF, and the other
breaks Unicode knows) written ``\n``, and any other control character
(which RFC 5545 forbids in TEXT) as U+FFFD, so a value can never end its
content line and start a property or an event of its own. ``URL`` values are
the catalog's KB links, written only when they are web addresses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog.markdown_fields import is_web_link
from ..catalog.model import Rollup
from ..pages.answers import Cell, Value, cell
from ..pages.markup import UnsafeLink, inert_characters
from ..policy.rules import Snapshot, support_changes, upgrade_versions
from .identity import stable_uuid

CALENDAR_PATH = "support.ics"
LINE_OCTETS = 75
"""The longest content line RFC 5545 allows, CRLF excluded."""


@dataclass(frozen=True)
class Event:
    """One all-day event."""

    uid: str
    day: dt.date
    summary: str
    description: str
    url: str | None
    order: tuple[int, str]
    """Ties on the same day: releases first, then by subject."""


def calendar_ics(snap: Snapshot) -> bytes:
    """The iCalendar document of ``snap``, as deterministic UTF-8 bytes."""
    product = snap.catalog.product
    agent = snap.catalog.product.agent_name
    description = (
        f"Releases of {product.name} update rollups, and the days {agent} versions fell out of "
        f"support, as of {snap.as_of.title}. A rollup whose release day is not recorded has no "
        "event, and neither has the end of support it brought."
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        property_line("PRODID", f"-//rollups-site//{product.name} support calendar//EN"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        property_line("X-WR-CALNAME", f"{product.name} support calendar"),
        property_line("X-WR-CALDESC", description),
    ]
    for event in sorted(events(snap), key=lambda e: (e.day, e.order)):
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def events(snap: Snapshot) -> Iterator[Event]:
    """Every event of the calendar, in no particular order."""
    for rollup in snap.rollups:
        day = rollup.released.date if rollup.released is not None else None
        if day is not None:
            yield _release(snap, rollup, day)
    changes = support_changes(snap)
    for version in upgrade_versions(snap):
        since = snap.out_of_support_since(version)
        day = since.released.date if since is not None and since.released is not None else None
        if since is None or day is None:
            continue
        then = changes[since.number]
        agent = snap.catalog.product.agent_name
        yield Event(
            uid=str(stable_uuid(snap.catalog.product, "agent", str(version), "out-of-support")),
            day=day,
            summary=f"{agent} {version} out of support",
            description=(
                f"{since.title} raised the latest {agent} version to {then.latest}; from that day, "
                f"versions below {then.oldest_supported} are out of support."
            ),
            url=since.kb,
            order=(1, f"{version.major:09d}.{version.minor:09d}"),
        )


def _release(snap: Snapshot, rollup: Rollup, day: dt.date) -> Event:
    agent = snap.agent_versions.get(rollup.number)
    agent_name = snap.catalog.product.agent_name
    cells = [cell(snap.catalog, rollup, c) for c in snap.catalog.components if c.id in rollup.versions]
    details = [f"{c.component.name}: {_cell_text(c)}" for c in cells]
    if cells and snap.policy.track not in rollup.versions:
        details.insert(0, f"{agent_name} version: not recorded")
    if rollup.kb is not None:
        details.append(f"KB article: {rollup.kb}")
    return Event(
        uid=str(stable_uuid(snap.catalog.product, "rollup", rollup.number, "released")),
        day=day,
        summary=f"{rollup.title} released" + (f" ({agent_name} {agent})" if agent is not None else ""),
        description="\n".join(details) if details else "Component versions not recorded.",
        url=rollup.kb,
        order=(0, f"{rollup.number:09d}"),
    )


def _cell_text(shipped: Cell) -> str:
    """``9.21.5091.1``, or ``VMware: 3.4.0; Physical: not shipped``."""
    if shipped.per_scenario:
        return "; ".join(f"{item.scenario.title}: {_value_text(item.value)}" for item in shipped.per_scenario)
    return _value_text(shipped.value)


def _value_text(value: Value) -> str:
    """``9.21.5091.1``, ``not shipped`` or ``not recorded``."""
    return value.version if value.state == "version" else value.state.replace("-", " ")


def _event_lines(event: Event) -> list[str]:
    day = event.day.strftime("%Y%m%d")
    lines = [
        "BEGIN:VEVENT",
        property_line("UID", event.uid),
        f"DTSTAMP:{day}T000000Z",
        f"DTSTART;VALUE=DATE:{day}",
        f"DTEND;VALUE=DATE:{(event.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        property_line("SUMMARY", event.summary),
        property_line("DESCRIPTION", event.description),
    ]
    if event.url is not None:
        lines.append(f"URL:{uri_value(event.url)}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


# --- RFC 5545 text -----------------------------------------------------------


_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and every line break escaped.

    Other control characters, which TEXT cannot hold, become U+FFFD.
    """
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return inert_characters(_LINE_BREAK.sub("\\\\n", escaped))


def uri_value(url: str) -> str:
    """A URI value: the catalog's link, refused unless it is a web address (which holds no break or space)."""
    if not is_web_link(url):
        raise UnsafeLink(f"refusing to link to '{url}': expected an absolute http(s) URL")
    return url


def property_line(name: str, text: str) -> str:
    """``NAME:value`` with ``text`` escaped as a TEXT value (not yet folded)."""
    return f"{name}:{escape_text(text)}"


def fold(line: str) -> str:
    """Fold a content line (RFC 5545, 3.1): at most 75 octets a line, continuations start with a space.

    A UTF-8 character is never split across lines.
    """
    chunks: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            chunks.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += octets
    chunks.append(current)
    return "\r\n ".join(chunks)
