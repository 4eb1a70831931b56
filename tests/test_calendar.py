"""The support calendar: RFC 5545 lines, folding and escaping, stable UIDs, no invented day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

import pytest

from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs.calendar_feed import calendar_ics, escape_text, fold
from generator.pages.markup import UnsafeLink
from generator.policy.rules import snapshot

from .conftest import ODD_POLICY_CATALOG, Golden

# --- a minimal RFC 5545 reader, sharing no code with the writer ----------------


@dataclass
class Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> str:
        values = [value for prop, _, value in self.properties if prop == name]
        assert len(values) == 1, (name, values)
        return values[0]

    def params(self, name: str) -> dict[str, str]:
        return next(params for prop, params, _ in self.properties if prop == name)


def unfold(data: bytes) -> list[str]:
    """Physical lines -> logical lines, checking CRLF ends and the 75-octet limit on the way."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
        line.decode("utf-8")  # a fold never splits a character
    logical: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(data):
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params)
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value, line
            root = stack.pop()
        else:
            assert stack, line
            stack[-1].properties.append((name, params, value))
    assert not stack and root is not None and root.name == "VCALENDAR"
    return root


# --- tests --------------------------------------------------------------------------


def events(calendar: Component) -> list[Component]:
    return [c for c in calendar.children if c.name == "VEVENT"]


def test_calendar_header(odd_policy: Catalog) -> None:
    calendar = parse(calendar_ics(snapshot(odd_policy)))
    assert calendar.get("VERSION") == "2.0"
    assert calendar.get("PRODID") == "-//rollups-site//Contoso Backup support calendar//EN"
    assert unescape(calendar.get("X-WR-CALNAME")) == "Contoso Backup support calendar"
    assert "A rollup whose release day is not recorded has no event" in unescape(calendar.get("X-WR-CALDESC"))


def test_events_of_the_odd_policy_catalog(odd_policy: Catalog) -> None:
    found = [
        (event.get("DTSTART"), unescape(event.get("SUMMARY")))
        for event in events(parse(calendar_ics(snapshot(odd_policy))))
    ]
    assert found == [
        ("20230307", "Update Rollup 10 released (Contoso agent 4.8)"),
        ("20230502", "Update Rollup 11 released (Contoso agent 4.9)"),
        ("20230502", "Contoso agent 4.6 out of support"),
        ("20230912", "Update Rollup 13 released (Contoso agent 5.5)"),
        ("20230912", "Contoso agent 5.1 out of support"),
        ("20230912", "Contoso agent 5.2 out of support"),
        ("20240109", "Update Rollup 15 released (Contoso agent 5.10)"),
        ("20240109", "Contoso agent 5.4 out of support"),
        ("20240109", "Contoso agent 5.5 out of support"),
        ("20240109", "Contoso agent 5.6 out of support"),
        ("20240305", "Update Rollup 17 released (Contoso agent 5.11)"),
        ("20240402", "Update Rollup 18 released"),
        ("20240611", "Update Rollup 20 released (Contoso agent 5.14)"),
        ("20240611", "Contoso agent 5.10 out of support"),
        ("20240611", "Contoso agent 5.11 out of support"),
    ]
    # Month-only (16, 19) and undated (9, 12, 14) rollups have no event, and neither has
    # what they put out of support: 4.7 to 4.9 (by 12), 5.3 (by 14), 5.8 (by 16), 5.9 (by 19).


def test_event_properties(odd_policy: Catalog) -> None:
    calendar = parse(calendar_ics(snapshot(odd_policy)))
    for event in events(calendar):
        day = event.get("DTSTART")
        assert event.params("DTSTART") == {"VALUE": "DATE"}
        assert event.get("DTSTAMP") == f"{day}T000000Z"
        assert int(event.get("DTEND")) > int(day)
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", event.get("UID")
        )
    uids = [event.get("UID") for event in events(calendar)]
    assert len(set(uids)) == len(uids)
    release = events(calendar)[-3]
    assert unescape(release.get("DESCRIPTION")) == (
        "Agent: 5.14.100.0\n"
        "Console: VMware to the cloud: 3.4.0; Physical servers to the cloud: not shipped\n"
        "Tools: 1.2.0\n"
        "KB article: https://support.example.com/kb/5000020"
    )
    assert release.get("URL") == "https://support.example.com/kb/5000020"
    pushed_out = events(calendar)[-1]
    assert unescape(pushed_out.get("DESCRIPTION")) == (
        "Update Rollup 20 raised the latest Contoso agent version to 5.14; "
        "from that day, versions below 5.12 are out of support."
    )


def test_uids_never_change(odd_policy: Catalog) -> None:
    """Literal values: a new UID duplicates the event in every subscribed calendar."""
    calendar = parse(calendar_ics(snapshot(odd_policy)))
    by_summary = {unescape(e.get("SUMMARY")): e.get("UID") for e in events(calendar)}
    uid = by_summary["Update Rollup 20 released (Contoso agent 5.14)"]
    assert uid == "b60440f8-8f9d-5cce-84c8-682ad1a81ac4"
    older = parse(calendar_ics(snapshot(odd_policy, 17)))
    for event in events(older):
        assert by_summary[unescape(event.get("SUMMARY"))] == event.get("UID")


@pytest.mark.parametrize(("name", "newest"), [("seed", 32), ("shipped", 76)])
def test_catalogs_that_record_no_day_have_no_event(
    name: str, newest: int, request: pytest.FixtureRequest
) -> None:
    """The seed's era records no release date, the published history only months."""
    calendar = parse(calendar_ics(snapshot(request.getfixturevalue(name))))
    assert events(calendar) == []
    assert f"as of Update Rollup {newest}" in unescape(calendar.get("X-WR-CALDESC"))


def test_two_builds_are_byte_identical(odd_policy: Catalog) -> None:
    assert calendar_ics(snapshot(odd_policy)) == calendar_ics(snapshot(load_or_raise(ODD_POLICY_CATALOG)))


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
    ],
)
def test_text_escaping(value: str, escaped: str) -> None:
    assert escape_text(value) == escaped
    assert unescape(escaped) == value.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("A\rEND:VEVENT\rBEGIN:VEVENT", "A\\nEND:VEVENT\\nBEGIN:VEVENT"),
        ("form\x0cfeed, vertical\x0btab", "form\\nfeed\\, vertical\\ntab"),
        ("next\x85line\u2028separator\u2029paragraph", "next\\nline\\nseparator\\nparagraph"),
        ("bell\x07 nul\x00 esc\x1b c1\x9b", "bell\ufffd nul\ufffd esc\ufffd c1\ufffd"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_no_character_ends_a_content_line_or_breaks_the_text(value: str, escaped: str) -> None:
    assert escape_text(value) == escaped
    assert escape_text(value).encode("utf-8")


def test_a_hostile_agent_name_adds_no_property_or_event(odd_policy: Catalog) -> None:
    name = "A\rEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:injected\u2028X"
    hostile = replace(odd_policy, product=replace(odd_policy.product, agent_name=name))
    data = calendar_ics(snapshot(hostile))
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", data) is None
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in unfold(data)]
    plain = [line.split(":", 1)[0].split(";", 1)[0] for line in unfold(calendar_ics(snapshot(odd_policy)))]
    assert names == plain


def test_only_web_addresses_are_written_as_urls(odd_policy: Catalog) -> None:
    rollups = (replace(odd_policy.rollups[0], kb="javascript:alert(1)"), *odd_policy.rollups[1:])
    with pytest.raises(UnsafeLink):
        calendar_ics(snapshot(replace(odd_policy, rollups=rollups)))


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 40 + "x" * 50 + "€" * 30
    folded = fold(line)
    data = (folded + "\r\n").encode("utf-8")
    assert unfold(data) == [line]
    first, *rest = data[:-2].split(b"\r\n")
    assert len(first) in (74, 75)
    assert all(part.startswith(b" ") for part in rest)
    assert fold("SHORT:line") == "SHORT:line"
    exact = "X" * 75
    assert fold(exact) == exact
    assert fold(exact + "Y") == exact + "\r\n Y"


def test_golden_calendars(synthetic: Catalog, odd_policy: Catalog, golden: Golden) -> None:
    golden("calendar/synthetic.ics", calendar_ics(snapshot(synthetic)))
    golden("calendar/odd-policy.ics", calendar_ics(snapshot(odd_policy)))


def test_a_release_date_names_a_day_only_when_the_day_is_known() -> None:
    from generator.catalog.model import ReleaseDate

    assert ReleaseDate(2019, 2, 28).date == dt.date(2019, 2, 28)
    assert ReleaseDate(2019, 2).date is None
