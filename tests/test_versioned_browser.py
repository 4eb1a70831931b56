"""The versioned site in a real browser: the outdated banner and the version selector are Material's
JavaScript reading ``versions.json`` and the sitemaps, so only a browser shows that they work.

Debian's chromium, driven by Playwright; the site is served over HTTP from a
local thread, as any static host would serve it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import needs_chromium, serve

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(versioned_site: Path) -> Iterator[str]:
    """The versioned site served on 127.0.0.1; yields its base URL (without a trailing ``/``)."""
    with serve(versioned_site) as url:
        yield url.rstrip("/")


CROWD = 55
"""Snapshots the crowded site's versions.json lists: the real ones, then archived entries up to this."""


@pytest.fixture(scope="module")
def crowded(versioned_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the versioned site with 55 snapshots in versions.json, whose latest/ has lost
    ``upgrade/9.14/`` (page and sitemap entry), served on 127.0.0.1; yields its base URL.

    The real snapshots stay first (the newest .. ur-28) and last (ur-27), so the bottom of the
    list is a snapshot that exists.
    """
    site = tmp_path_factory.mktemp("crowded") / "site"
    shutil.copytree(versioned_site, site)
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    archived = [
        {"version": f"archived-{n}", "title": f"Archived snapshot {n}", "aliases": []}
        for n in range(max(0, CROWD - len(versions)))
    ]
    versions = [*versions[:-1], *archived, versions[-1]]
    assert len(versions) >= CROWD and versions[-1]["version"] == "ur-27"
    (site / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
    shutil.rmtree(site / "latest" / "upgrade" / "9.14")
    sitemap = site / "latest" / "sitemap.xml"
    text, removed = re.subn(
        r"<url>\s*<loc>[^<]*/latest/upgrade/9\.14/</loc>.*?</url>", "", sitemap.read_text(), flags=re.S
    )
    assert removed == 1
    sitemap.write_text(text, encoding="utf-8")
    with serve(site) as url:
        yield url.rstrip("/")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (its own session storage, where Material remembers "outdated") that records errors."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
    assert errors == []


def choose_version(page: Page, title: str) -> None:
    """Open the version selector as a keyboard user would, and pick ``title``."""
    page.locator(".md-version__current").focus()
    page.locator(".md-version__link", has_text=title).click()


def test_an_old_snapshot_shows_the_banner_and_switches_to_the_same_page(page: Page, server: str) -> None:
    page.goto(f"{server}/ur-28/supported-rollups/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    assert banner.inner_text().startswith("You are reading the guidance as it stood at an older update")
    # The banner opens this page's twin under latest/, not latest/'s home.
    link = banner.locator("a")
    expect(link).to_have_attribute("href", f"{server}/latest/supported-rollups/")
    assert page.locator(".md-version__current").inner_text() == "Update Rollup 28 (9.19)"
    choose_version(page, "Update Rollup 76")
    page.wait_for_url(f"{server}/ur-76/supported-rollups/")
    page.locator(".md-version__current").wait_for()
    current = page.locator(".md-version__current")
    assert current.locator(".md-version__alias").inner_text() == "latest"
    assert current.inner_text().startswith("Update Rollup 76 (9.63)")
    assert page.locator("[data-md-component=outdated]").is_hidden()


def test_latest_shows_no_banner_and_switches_back_to_the_same_page(page: Page, server: str) -> None:
    page.goto(f"{server}/latest/upgrade/9.16/")
    page.locator(".md-version__current").wait_for()
    assert page.locator("[data-md-component=outdated]").is_hidden()
    choose_version(page, "Update Rollup 28")
    page.wait_for_url(f"{server}/ur-28/upgrade/9.16/")
    page.locator("[data-md-component=outdated]").wait_for(state="visible")


def test_a_page_missing_from_the_target_version_opens_its_home(page: Page, server: str) -> None:
    page.goto(f"{server}/latest/rollups/32/")
    page.locator(".md-version__current").wait_for()
    choose_version(page, "Update Rollup 28")
    page.wait_for_url(f"{server}/ur-28/")


def test_the_root_redirects_to_latest(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    page.wait_for_url(f"{server}/latest/")
    page.locator(".md-version__current").wait_for()
    assert page.locator("[data-md-component=outdated]").is_hidden()


def test_the_banner_keeps_the_query_and_anchor_of_the_page(page: Page, server: str) -> None:
    page.goto(f"{server}/ur-28/upgrade/9.16/#path")
    link = page.locator("[data-md-component=outdated] a")
    expect(link).to_have_attribute("href", f"{server}/latest/upgrade/9.16/#path")
    page.goto(f"{server}/ur-28/planner/?from=9.16")
    expect(link).to_have_attribute("href", f"{server}/latest/planner/?from=9.16")
    link.click()
    page.wait_for_url(f"{server}/latest/planner/?from=9.16")
    page.locator("#planner-answer").wait_for()  # as of 76, the page asks for the scenario: lines differ


def test_the_banner_of_a_page_latest_no_longer_has_opens_its_home(page: Page, crowded: str) -> None:
    with page.expect_response(f"{crowded}/latest/sitemap.xml") as sitemap:
        page.goto(f"{crowded}/ur-28/upgrade/9.14/")
    assert sitemap.value.ok
    page.wait_for_load_state("networkidle")
    link = page.locator("[data-md-component=outdated] a")
    assert link.evaluate("a => a.href") == f"{crowded}/latest/"
    page.goto(f"{crowded}/ur-28/upgrade/9.15/")
    expect(link).to_have_attribute("href", f"{crowded}/latest/upgrade/9.15/")


def test_latest_asks_for_no_sitemap(page: Page, server: str) -> None:
    """Only an outdated page looks its twin up: on latest/ the banner's link is never pointed anywhere.

    Material itself fetches the sitemap beside every ``link rel=alternate`` (it reads them as
    language versions; ours announce the feed), so the request alone tells nothing: what tells is
    that the link still opens latest/'s home, as the lookup would have pointed it at the twin.
    """
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server}/latest/upgrade/9.16/", wait_until="networkidle")
    assert page.locator("[data-md-component=outdated]").is_hidden()
    link = page.locator("[data-md-component=outdated] a")
    assert link.evaluate("a => a.href") == f"{server}/latest/"
    assert [url for url in asked if url.endswith("sitemap.xml")] in ([], [f"{server}/latest/sitemap.xml"])


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_the_version_selector_scrolls_through_55_snapshots(
    browser: Browser, crowded: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, has_touch=viewport["width"] < 600)
    page = context.new_page()
    page.goto(f"{crowded}/ur-28/upgrade/9.16/")
    page.locator(".md-version__current").focus()
    items = page.locator(".md-version__item")
    expect(items).to_have_count(55)
    listing = page.locator(".md-version__list")
    expect(listing).to_be_visible()
    box = listing.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert listing.evaluate("list => list.scrollHeight > list.clientHeight"), "the list does not scroll"
    oldest = page.locator(".md-version__link", has_text="Update Rollup 27")
    oldest.scroll_into_view_if_needed()
    expect(oldest).to_be_in_viewport()
    oldest.click()
    page.wait_for_url(f"{crowded}/ur-27/upgrade/9.16/")
    context.close()
