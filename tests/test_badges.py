"""Status badges: accessible SVG, no external resource, the status of the policy."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.catalog.model import Catalog
from generator.outputs.badges import badge_files, text_width
from generator.policy.rules import snapshot, upgrade_versions

from .conftest import Golden

SVG = "{http://www.w3.org/2000/svg}"


def test_a_badge_per_documented_version(seed: Catalog) -> None:
    snap = snapshot(seed)
    files = badge_files(snap)
    assert sorted(files) == sorted(f"badges/{v}.svg" for v in upgrade_versions(snap))
    labels = {}
    for path, data in files.items():
        svg = ET.fromstring(data)
        assert svg.tag == f"{SVG}svg"
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text == svg.get("aria-label")
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert f"{texts[0]}: {texts[1]}" == title.text
        rects = [int(r.get("width", "0")) for r in svg.iter(f"{SVG}rect")]
        assert sum(rects) == int(svg.get("width", "0"))
        labels[path] = title.text
    assert labels["badges/9.19.svg"] == "9.19: supported"
    assert labels["badges/9.17.svg"] == "9.17: supported"
    assert labels["badges/9.16.svg"] == "9.16: out of support"
    assert labels["badges/9.14.svg"] == "9.14: out of support"


def test_badges_load_nothing(synthetic: Catalog, odd_policy: Catalog) -> None:
    files = {**badge_files(snapshot(synthetic)), **badge_files(snapshot(odd_policy))}
    for data in files.values():
        text = data.decode("utf-8")
        assert (
            "href" not in text and "url(" not in text and "@import" not in text and "@font-face" not in text
        )
        assert text.count("http") == 1  # the SVG namespace, nothing fetched


def test_text_boxes_grow_with_the_text() -> None:
    assert text_width("out of support") > text_width("supported") > text_width("9.19") > 0


def test_golden_badge(seed: Catalog, golden: Golden) -> None:
    files = badge_files(snapshot(seed))
    golden("badges/9.16.svg", files["badges/9.16.svg"])
    golden("badges/9.19.svg", files["badges/9.19.svg"])
