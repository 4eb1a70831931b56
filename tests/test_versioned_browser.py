"""The versioned site in a real browser: the outdated banner and the version selector are Material's
JavaScript reading ``versions.json`` and the sitemaps, so only a browser shows that they work.

Debian's chromium, driven by Playwright; the site is served over HTTP from a
local thread, as any static host would serve it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import needs_chromium, serve

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(versioned_site: Path) -> Iterator[str]:
    """The versioned site served on 127.0.0.1; yields its base URL (without a trailing ``/``)."""
    with serve(versioned_site) as url:
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
    link = banner.locator("a")
    assert link.evaluate("a => a.href") == f"{server}/latest/"
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
