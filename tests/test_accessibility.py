"""Accessibility: axe-core on every page type in light and dark mode, table semantics, the matrix read aloud.

axe-core comes from npm (pinned in package-lock.json) and is injected into
each page; every rule it runs by default must pass: no rule is disabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.checks.linkcheck import html_pages
from tests.browser import AXE, PAGE_TYPES, needs_axe, needs_chromium
from tests.conftest import BuiltSite
from tests.htmldoc import parse

SCHEMES = {"light": "default", "dark": "slate"}
"""Playwright's ``prefers-color-scheme`` -> Material's scheme on ``<body>``."""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is; the violations, each with its nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }"""
    )
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)[:4000]


@pytest.fixture(params=list(SCHEMES))
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def context(browser: Browser, scheme: str) -> Iterator[BrowserContext]:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    yield context
    context.close()


@needs_chromium
@needs_axe
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_violation(context: BrowserContext, latest_url: str, scheme: str, kind: str) -> None:
    page = context.new_page()
    page.goto(latest_url + PAGE_TYPES[kind], wait_until="networkidle")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@needs_chromium
@needs_axe
def test_axe_on_an_old_snapshot_with_its_banner(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "ur-28/reboot-matrix/", wait_until="networkidle")
    expect(page.locator(".md-banner--warning")).to_be_visible()
    expect(page.locator(".md-version__current")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@needs_chromium
@needs_axe
def test_axe_with_search_results_open(context: BrowserContext, latest_url: str) -> None:
    page = context.new_page()
    page.goto(latest_url, wait_until="networkidle")
    page.get_by_role("textbox", name="Search").press_sequentially("reboot", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@needs_chromium
@needs_axe
def test_axe_on_a_phone(browser: Browser, latest_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for url in ("", "reboot-matrix/", "upgrade/9.16/"):
        page.goto(latest_url + url, wait_until="networkidle")
        violations = axe_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"
    context.close()


@needs_chromium
def test_the_matrix_reads_sensibly(browser: Browser, site_url: str) -> None:
    """A screen reader's table navigation needs a named table, column and row headers, words in each cell.

    Read in the snapshot of rollup 32, where the published history gives the seed page's matrix."""
    page = browser.new_page()
    page.goto(site_url + "ur-32/reboot-matrix/", wait_until="networkidle")
    table = page.locator(".rollups-matrix table")
    expect(table).to_match_aria_snapshot(
        """
        - table "Is a reboot mandatory?":
          - rowgroup:
            - row:
              - columnheader "Agent version at last reboot"
              - columnheader "Upgrading to 9.18"
              - columnheader "Upgrading to 9.19"
              - columnheader "Upgrading to 9.20"
              - columnheader "Upgrading to 9.21"
          - rowgroup:
            - row:
              - rowheader "9.16"
              - cell "Not mandatory"
              - cell "Not mandatory"
              - cell "Not mandatory"
              - cell "Yes, first upgrade to 9.20, then reboot before upgrading to 9.21"
            - row:
              - rowheader "9.20"
              - 'cell "Not applicable: already on 9.18 or later"'
              - 'cell "Not applicable: already on 9.19 or later"'
              - 'cell "Not applicable: already on 9.20 or later"'
              - cell "Not mandatory"
        """
    )
    names = page.get_by_role("cell").evaluate_all("cells => cells.map(c => c.innerText.trim())")
    assert names and all(names), "every cell has words a screen reader can say"
    page.close()


def test_every_table_has_a_caption_and_header_scopes(built_site: BuiltSite) -> None:
    tables = 0
    for path in html_pages(built_site.root):
        doc = parse(path.read_text(encoding="utf-8"))
        for table in doc.iter("table"):
            tables += 1
            where = path.relative_to(built_site.root)
            captions = list(table.iter("caption"))
            assert len(captions) == 1 and captions[0].text(), f"{where}: a table without a caption"
            for th in table.iter("th"):
                assert th.attrs.get("scope") in ("col", "row"), f"{where}: <th> '{th.text()}' has no scope"
    assert tables >= 20
