"""The planner page's Markdown: a labelled form, and answers without JavaScript."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.catalog import Catalog
from generator.outputs import pages, static_files
from generator.planner import PLANNER_PAGE, SCRIPT, STYLESHEET, planner_markdown
from generator.policy import snapshot

from .conftest import TEMPLATES_ASSETS, Golden


class Controls(HTMLParser):
    """Collects form controls, labels and buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.buttons: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append(attributes)
        elif tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))
        elif tag == "button":
            self.buttons.append(attributes)


def test_every_control_is_labelled(shipped: Catalog) -> None:
    parser = Controls()
    parser.feed(planner_markdown(snapshot(shipped)))
    names = [c.get("name") for c in parser.controls]
    assert names == ["from", "reboot", "to"]
    for control in parser.controls:
        assert control.get("id") in parser.labels
    assert parser.buttons == [{"type": "submit", "class": "md-button md-button--primary"}]


def test_the_page_answers_without_javascript(shipped: Catalog) -> None:
    markdown = planner_markdown(snapshot(shipped))
    assert (
        '<form id="rollups-planner" class="rollups-planner" data-policy="../api/v1/policy.json" hidden>'
        in markdown
    )
    assert "<noscript>" in markdown
    assert (
        "| [9.16](../upgrade/9.16.md) | Out of support since Update Rollup 32 | "
        "`9.16 -> 9.20 -> reboot -> 9.21` |"
    ) in markdown
    assert "| [9.21](../upgrade/9.21.md) | Supported | Latest version: nothing to do. |" in markdown
    assert '<script src="../assets/rollups/planner.js"></script>' in markdown


def test_no_path_rows_give_the_reason(odd_policy: Catalog) -> None:
    markdown = planner_markdown(snapshot(odd_policy))
    assert (
        "| [5.6](../upgrade/5.6.md) | Out of support since Update Rollup 15 | No path: no released version "
        "lies within 3 versions of 5.6 (5.7 to 5.9); the next release is 5.10, so 5.14 cannot be reached "
        "from 5.6 without exceeding the upgrade limit of 3 versions. |"
    ) in markdown
    assert "One\nupgrade moves at most 3 versions" in markdown
    assert "more than 2 versions past" in markdown


def test_outputs_plug_into_a_site(shipped: Catalog) -> None:
    snap = snapshot(shipped)
    assert list(pages(snap)) == [PLANNER_PAGE]
    files = static_files(snap)
    assert files[SCRIPT] == (TEMPLATES_ASSETS / "planner.js").read_bytes()
    assert files[STYLESHEET] == (TEMPLATES_ASSETS / "planner.css").read_bytes()
    assert {"feed.xml", "support.ics", "api/v1/policy.json", "api/v1/openapi.yaml", "badges/9.16.svg"} <= set(
        files
    )


def test_golden_planner_page(shipped: Catalog, golden: Golden) -> None:
    golden("planner/shipped.md", planner_markdown(snapshot(shipped)))
