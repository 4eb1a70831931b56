"""The planner and feeds pages' Markdown: a labelled form, answers without JavaScript, links that resolve."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs.files import offered, static_files
from generator.outputs.planner import PLANNER_PAGE, SCRIPT, STYLESHEET
from generator.pages.links import LinkStyle
from generator.policy.rules import snapshot, upgrade_versions
from generator.site.files import site_files

from .conftest import ROOT, TEMPLATES_ASSETS, BuiltSite


class Controls(HTMLParser):
    """Collects form controls, labels, buttons and link targets."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.buttons: list[dict[str, str | None]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append(attributes)
        elif tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))
        elif tag == "button":
            self.buttons.append(attributes)
        elif tag == "a":
            self.links.append(str(attributes.get("href")))


def page(catalog: Catalog, path: str, links: LinkStyle = LinkStyle.DIRECTORY) -> str:
    return site_files(catalog, None, ROOT / "content", links).pages[path]


@pytest.mark.parametrize(
    ("name", "controls"),
    [("shipped", ["scenario", "from", "reboot", "to"]), ("seed", ["from", "reboot", "to"])],
)
def test_every_control_is_labelled(name: str, controls: list[str], request: pytest.FixtureRequest) -> None:
    parser = Controls()
    parser.feed(page(request.getfixturevalue(name), PLANNER_PAGE))
    assert [c.get("name") for c in parser.controls if c.get("form") is None] == controls
    for control in parser.controls:
        assert control.get("id") in parser.labels
    assert parser.buttons == [{"type": "submit", "class": "md-button md-button--primary"}]


def test_the_form_waits_for_its_script(seed: Catalog) -> None:
    markdown = page(seed, PLANNER_PAGE)
    form = '<form id="rollups-planner" class="rollups-planner" data-policy="../api/v1/policy.json" hidden>'
    assert form in markdown
    assert '<div id="planner-result" class="rollups-planner__result" aria-live="polite"></div>' in markdown
    assert '<script src="../assets/rollups/planner.js"></script>' in markdown
    assert '<link rel="stylesheet" href="../assets/rollups/planner.css">' in markdown
    assert '<option value="9.21" selected>9.21 (latest)</option>' in markdown
    assert 'placeholder="9.16"' in markdown


@pytest.mark.parametrize(
    ("links", "href"), [(LinkStyle.DIRECTORY, "../upgrade/9.16/"), (LinkStyle.MARKDOWN, "../upgrade/9.16.md")]
)
def test_without_javascript_every_version_page_is_linked(
    shipped: Catalog, links: LinkStyle, href: str
) -> None:
    markdown = page(shipped, PLANNER_PAGE, links)
    assert "<noscript>" in markdown and "The planner needs JavaScript." in markdown
    parser = Controls()
    parser.feed(markdown)
    versions = [str(v) for v in upgrade_versions(snapshot(shipped))]
    assert [link for link in parser.links if "upgrade/" in link and "api/" not in link][1:] == [
        href.replace("9.16", v) for v in versions
    ]


def test_the_planner_follows_the_policy_numbers(odd_policy: Catalog) -> None:
    markdown = page(odd_policy, PLANNER_PAGE)
    assert "One upgrade moves at most 3 versions" in markdown
    assert "more than 2 versions past the version of the last reboot" in markdown
    assert 'placeholder="5.11"' in markdown
    select = markdown.split('<select id="planner-to" name="to">\n')[1].split("</select>")[0]
    options = select.splitlines()
    assert options[0] == '<option value="5.3">5.3</option>'  # the target's major only: no 4.x
    assert options[-1] == '<option value="5.14" selected>5.14 (latest)</option>'


def test_feeds_page_links_every_output(seed: Catalog, synthetic: Catalog) -> None:
    markdown = page(seed, "feeds.md")
    parser = Controls()
    parser.feed(markdown)
    assert {
        "../api/v1/rollups.json",
        "../api/v1/policy.json",
        "../api/v1/upgrade/9.16.json",
        "../api/v1/openapi.yaml",
        "../badges/9.16.svg",
    } <= set(parser.links)
    files = static_files(snapshot(seed))
    for link in parser.links:
        if not link.startswith("../rollups/") and not link.startswith("../upgrade/"):
            assert link.removeprefix("../") in files, link
    assert '<img src="../badges/9.16.svg" alt="9.16: out of support">' in markdown
    dated = page(synthetic, "feeds.md")
    parser = Controls()
    parser.feed(dated)
    assert {"../feed.xml", "../support.ics"} <= set(parser.links)
    assert "A rollup whose release day is not recorded (no date, or the month only) has no event." in dated


def test_a_feed_or_calendar_is_offered_only_once_it_has_an_entry(
    seed: Catalog, synthetic: Catalog, odd_policy: Catalog
) -> None:
    """The seed's catalog dates no rollup: its feed and calendar exist, empty, and no page offers them."""
    markdown = page(seed, "feeds.md")
    parser = Controls()
    parser.feed(markdown)
    assert not {"../feed.xml", "../support.ics"} & set(parser.links)
    assert "No update rollup has a recorded release date yet, so there is no feed so far" in markdown
    assert "No update rollup has a recorded release day yet (a month is not enough" in markdown
    assert {"feed.xml", "support.ics"} <= set(static_files(snapshot(seed)))
    assert offered(snapshot(seed)) == frozenset()
    assert site_files(seed).offered == frozenset()
    assert offered(snapshot(synthetic)) == {"feed.xml", "support.ics"}
    assert "left out" not in page(synthetic, "feeds.md")  # every rollup dated
    undated = sum(1 for r in odd_policy.rollups if r.released is None)
    assert undated > 1
    left_out = f"{undated} rollups of this snapshot are left out."
    assert left_out in " ".join(page(odd_policy, "feeds.md").split())


def test_outputs_plug_into_the_site(shipped: Catalog) -> None:
    files = site_files(shipped, None, ROOT / "content")
    assert files.static[SCRIPT] == (TEMPLATES_ASSETS / "planner.js").read_bytes()
    assert files.static[STYLESHEET] == (TEMPLATES_ASSETS / "planner.css").read_bytes()
    assert static_files(snapshot(shipped)).items() <= files.static.items()
    assert {PLANNER_PAGE, "feeds.md"} <= set(files.pages)


def test_without_javascript_the_hidden_form_takes_no_place(built_site: BuiltSite) -> None:
    """The form keeps its place while its script loads (no layout shift), but only where scripts run."""
    css = (TEMPLATES_ASSETS / "rollups.css").read_text(encoding="utf-8")
    assert re.search(r"\.rollups-planner\[hidden\] \{\s*display: block;\s*visibility: hidden;\s*\}", css)
    html = (built_site.latest / "planner" / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert "<noscript><style>.rollups-planner[hidden] { display: none; }</style></noscript>" in head


HTML_SINKS = re.compile(
    r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function|"
    r"setTimeout\s*\(\s*['\"]|\.srcdoc|DOMParser|createContextualFragment|javascript:"
)


def test_the_planner_script_writes_reader_input_as_text_only() -> None:
    """The query string (?from=, ?reboot=, ?to=) reaches the page through textContent and attributes only.

    No API that parses HTML or runs a string is used at all; attributes are
    set in one place, with names the script chooses; the only address it
    writes is the page's own or one read from the page's links.
    """
    script = (TEMPLATES_ASSETS / "planner.js").read_text(encoding="utf-8")
    assert HTML_SINKS.search(script) is None
    assert script.count("setAttribute(") == 2  # element()'s, and the form's data-ready flag
    assert 'form.setAttribute("data-ready", "true")' in script
    attributes = re.findall(r"element\((?:[^{}();]|\([^()]*\))*\{([^}]*)\}", script)
    names = {name for found in attributes for name in re.findall(r"([A-Za-z-]+)\s*:", found)}
    assert names == {"class", "id", "value", "href", "type", "role"}
    hrefs = [value for found in attributes for value in re.findall(r"href:\s*([^,}]+?)\s*(?:,|$)", found)]
    assert sorted(hrefs) == ["global.location.href", "href", "permalink(query)"]
    assert "var href = this.pages[version];" in script  # an address read from the page's own links
    # The page's own address with a query the script encodes (URLSearchParams), ?scenario= included.
    permalink = re.search(r"function permalink\(query\) \{\n(.*?)\n  \}", script, re.S)
    assert permalink is not None
    assert permalink.group(1).strip() == 'return "?" + query.toString() + global.location.hash;'
    assert script.count("permalink(") == 3  # its definition, the form's history entry, each scenario's link
    assert (
        re.findall(r"var query = (.*);", script)
        == ["new URLSearchParams(global.location.search)"] + ["new URLSearchParams()"] * 2
    )


LINES_CATALOG = ROOT / "tests" / "data" / "lines.yaml"


def scenario_choice(markdown: str) -> list[str] | None:
    """The options of the scenario select, or ``None`` when the page offers no choice."""
    if 'id="planner-scenario"' not in markdown:
        return None
    select = markdown.split('<select id="planner-scenario"', 1)[1].split("</select>")[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_scenario_is_a_choice_only_where_release_lines_differ(seed: Catalog) -> None:
    """Rollup 5 of tests/data/lines.yaml released 9.56 for modern only: from then on, lines differ."""
    lines = load_or_raise(LINES_CATALOG)
    assert scenario_choice(page(seed, PLANNER_PAGE)) is None
    assert scenario_choice(site_files(lines, 4, ROOT / "content").pages[PLANNER_PAGE]) is None
    markdown = site_files(lines, 5, ROOT / "content").pages[PLANNER_PAGE]
    # Listed by title, agent scenarios only (hyper-v installs no agent), nothing chosen.
    assert scenario_choice(markdown) == ["Choose the scenario", "Classic", "Modern"]
    assert '<option value="">Choose the scenario</option>' in markdown
    assert '<option value="classic">Classic</option>' in markdown
    assert '<label for="planner-scenario">Scenario</label>' in markdown
    # Each scenario has its own latest version: by default, the target is the scenario's.
    select = markdown.split('<select id="planner-to" name="to">\n')[1].split("</select>")[0]
    assert select.splitlines()[0] == '<option value="" selected>The latest for the scenario</option>'
    assert "(latest)" not in select
    assert "Choose the scenario the machine is protected by" in markdown


def test_scenario_titles_are_text_in_the_choice() -> None:
    lines = load_or_raise(LINES_CATALOG)
    hostile = '<img src=x onerror=alert(1)> & "quoted"'
    scenarios = tuple(replace(s, title=hostile) if s.id == "modern" else s for s in lines.scenarios)
    markdown = site_files(replace(lines, scenarios=scenarios), 5, ROOT / "content").pages[PLANNER_PAGE]
    assert "<img" not in markdown
    choice = scenario_choice(markdown)
    assert choice is not None
    assert [html.unescape(option) for option in choice] == ["Choose the scenario", "Classic", hostile]
