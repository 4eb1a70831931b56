"""The Atom feed: parses with the standard library, holds what Atom requires, never changes by itself."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from generator.catalog.model import Catalog, ReleaseDate
from generator.catalog.validate import load_or_raise
from generator.outputs.feed import feed_xml
from generator.pages.links import LinkStyle
from generator.policy.rules import snapshot

from .conftest import ROOT, SHIPPED_CATALOG, Golden

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def parse(catalog: Catalog, as_of: int | None = None) -> ET.Element:
    return ET.fromstring(feed_xml(snapshot(catalog, as_of)))


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall("a:entry", NS)


def dated(catalog: Catalog) -> Catalog:
    """``catalog`` with a release day for every rollup (the seed's catalog records none)."""
    rollups = tuple(replace(r, released=ReleaseDate(2000 + r.number, 1, 1)) for r in catalog.rollups)
    return replace(catalog, rollups=rollups)


def text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None and found.text is not None, path
    return found.text


def test_feed_has_what_atom_requires(shipped: Catalog, synthetic: Catalog, odd_policy: Catalog) -> None:
    for catalog in (shipped, synthetic, odd_policy):
        feed = parse(catalog)
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
        assert text(feed, "a:id").startswith("urn:uuid:")
        assert text(feed, "a:title")
        assert RFC3339.match(text(feed, "a:updated"))
        assert text(feed, "a:author/a:name")
        links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}
        assert links == {"self": "feed.xml", "alternate": "./"}
        for entry in entries(feed):
            assert text(entry, "a:id").startswith("urn:uuid:")
            assert text(entry, "a:title").startswith("Update Rollup ")
            assert RFC3339.match(text(entry, "a:updated"))
            content = entry.find("a:content", NS)
            assert content is not None and content.get("type") == "html" and content.text


def test_an_entry_per_rollup_newest_first_with_unique_ids(seed: Catalog) -> None:
    seed = dated(seed)
    feed = parse(seed)
    titles = [text(e, "a:title") for e in entries(feed)]
    assert titles[:2] == ["Update Rollup 32: Mobility agent 9.21", "Update Rollup 31: Mobility agent 9.20"]
    assert titles[-1] == "Update Rollup 19"
    assert len(titles) == len(seed.rollups)
    ids = [text(e, "a:id") for e in entries(feed)]
    assert len(set(ids)) == len(ids)


def test_ids_never_change(seed: Catalog) -> None:
    """Literal values: a change of the id scheme would show every rollup as new to every reader."""
    seed = dated(seed)
    feed = parse(seed)
    assert text(feed, "a:id") == "urn:uuid:81682c80-5a35-50af-a8b2-b9c97887254f"
    assert text(entries(feed)[0], "a:id") == "urn:uuid:b59bad49-e381-5a8b-8be3-9bf69b7db058"
    older = parse(seed, 28)
    assert text(entries(older)[0], "a:title") == "Update Rollup 28: Mobility agent 9.19"
    same_rollup = {text(e, "a:title"): text(e, "a:id") for e in entries(feed)}
    for entry in entries(older):
        assert same_rollup[text(entry, "a:title")] == text(entry, "a:id")


def test_dates_are_never_invented(odd_policy: Catalog, seed: Catalog) -> None:
    feed = parse(odd_policy)
    by_title = {text(e, "a:title").split(":")[0]: e for e in entries(feed)}
    assert text(feed, "a:updated") == "2024-06-11T00:00:00Z"
    assert text(by_title["Update Rollup 20"], "a:updated") == "2024-06-11T00:00:00Z"
    assert text(by_title["Update Rollup 20"], "a:published") == "2024-06-11T00:00:00Z"
    assert text(by_title["Update Rollup 19"], "a:updated") == "2024-05-01T00:00:00Z"
    assert by_title["Update Rollup 19"].find("a:published", NS) is None
    assert "Released in May 2024; the day is not recorded." in text(by_title["Update Rollup 19"], "a:content")
    assert "Released on 11 June 2024." in text(by_title["Update Rollup 20"], "a:content")
    # Rollup 14 has no release date: nothing true dates it, so it has no entry (and none is dated 1970).
    assert "Update Rollup 14" not in by_title
    assert len(by_title) == sum(1 for r in odd_policy.rollups if r.released is not None)
    assert all(not text(e, "a:updated").startswith("1970") for e in entries(feed))


def test_a_feed_without_a_dated_rollup_has_no_entry(seed: Catalog) -> None:
    """Atom requires the feed's ``updated``: with no entry, the snapshot's own date (the epoch)."""
    undated = replace(seed, rollups=tuple(replace(r, released=None) for r in seed.rollups))
    feed = parse(undated)
    assert entries(feed) == []
    assert text(feed, "a:updated") == "1970-01-01T00:00:00Z"


def test_entry_content_lists_versions_kb_and_notes(odd_policy: Catalog) -> None:
    entry = entries(parse(odd_policy))[0]
    html = text(entry, "a:content")
    assert "<tr><td>Agent</td><td>5.14.100.0</td></tr>" in html
    assert (
        "<tr><td>Console</td><td><ul><li>VMware to the cloud: 3.4.0</li>"
        "<li>Physical servers to the cloud: not shipped</li></ul></td></tr>"
    ) in html
    assert '<a href="https://support.example.com/kb/5000020">' in html
    assert "<strong>replication</strong>" in html
    assert '<a href="https://docs.example.com/guide?a=1&amp;b=2">the guide</a> &amp; the FAQ' in html
    assert "<li>5 &lt; 6</li>" in html
    links = {link.get("rel"): link.get("href") for link in entry.findall("a:link", NS)}
    assert links == {"alternate": "rollups/20/", "related": "https://support.example.com/kb/5000020"}
    console_only = entries(parse(odd_policy))[2]
    assert text(console_only, "a:title") == "Update Rollup 18"
    assert "Agent" not in text(console_only, "a:content")


def test_notes_are_rendered_safely(odd_policy: Catalog) -> None:
    """The validator refuses markup in notes; the feed does not rely on it."""
    hostile = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror="y">'
    rollups = (replace(odd_policy.rollups[0], notes=hostile), *odd_policy.rollups[1:])
    html = text(entries(parse(replace(odd_policy, rollups=rollups)))[0], "a:content")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_text_xml_cannot_hold_never_reaches_the_feed(odd_policy: Catalog) -> None:
    """Controls, noncharacters and lone surrogates become U+FFFD: the feed stays well-formed UTF-8."""
    name = "Agent\x01\x0b\ufffe \ud800 </title><x>"
    hostile = replace(odd_policy, product=replace(odd_policy.product, agent_name=name))
    data = feed_xml(snapshot(hostile))
    data.decode("utf-8")
    root = ET.fromstring(data)
    titles = [e.text for e in root.iter(f"{{{NS['a']}}}title")]
    assert any(t and "Agent\ufffd\ufffd\ufffd \ufffd </title><x>" in t for t in titles)


def test_entry_links_follow_the_url_layout(seed: Catalog) -> None:
    layouts = {
        LinkStyle.DIRECTORY: "rollups/32/",
        LinkStyle.HTML: "rollups/32.html",
        LinkStyle.MARKDOWN: "rollups/32.md",
    }
    for style, href in layouts.items():
        entry = entries(ET.fromstring(feed_xml(snapshot(dated(seed)), style)))[0]
        assert entry.find("a:link[@rel='alternate']", NS).get("href") == href  # type: ignore[union-attr]


def test_two_builds_are_byte_identical(shipped: Catalog) -> None:
    first = feed_xml(snapshot(shipped))
    second = feed_xml(snapshot(load_or_raise(SHIPPED_CATALOG)))
    assert first == second
    assert first.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed ")
    assert first.endswith(b"</feed>\n")


def test_golden_feeds(synthetic: Catalog, odd_policy: Catalog, golden: Golden) -> None:
    golden("feed/synthetic.xml", feed_xml(snapshot(synthetic)))
    golden("feed/odd-policy.xml", feed_xml(snapshot(odd_policy)))


def test_a_withdrawn_rollup_says_so_in_its_entry() -> None:
    """A feed reader sees the withdrawal and why, as on its page (tests/data/lines.yaml: rollup 3)."""
    feed = parse(load_or_raise(ROOT / "tests" / "data" / "lines.yaml"))
    by_title = {e.findtext("a:title", namespaces=NS): e for e in entries(feed)}
    assert "Update Rollup 3: Contoso agent 9.54 (withdrawn)" in by_title
    assert "Update Rollup 4: Contoso agent 9.55" in by_title  # the others as before
    content = by_title["Update Rollup 3: Contoso agent 9.54 (withdrawn)"].findtext("a:content", namespaces=NS)
    assert content is not None
    assert content.startswith(
        "<p><strong>Withdrawn</strong>: this rollup is no longer offered, "
        "and its versions are never an upgrade target.</p>\n"
        "<p>Downloads were taken down for data corruption.</p>\n"
    )
    other = by_title["Update Rollup 4: Contoso agent 9.55"].findtext("a:content", namespaces=NS)
    assert other is not None and "Withdrawn" not in other
