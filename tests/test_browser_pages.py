"""The built site in headless Chromium: clean page loads, search, the matrix on a phone, dark mode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import PAGE_TYPES, Watch, needs_chromium, screenshot

pytestmark = needs_chromium


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def watched(context: BrowserContext, site_url: str) -> Iterator[tuple[Page, Watch]]:
    """A page that records console errors, script errors and every request it makes."""
    watch = Watch(site_url.rstrip("/"))
    page = watch.attach(context.new_page())
    yield page, watch
    page.close()


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_loads_cleanly(watched: tuple[Page, Watch], latest_url: str, kind: str) -> None:
    page, watch = watched
    page.goto(latest_url + PAGE_TYPES[kind], wait_until="networkidle")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".rollups-as-of")).to_contain_text("Data as of Update Rollup 76.")
    print(f"screenshot: {screenshot(page, kind)}")
    assert watch.problems == []
    assert len(watch.requests) >= 4  # the page, its stylesheets and its script at least
    assert all(url.startswith("http://127.0.0.1:") for url in watch.requests)


def test_an_old_snapshot_loads_cleanly(watched: tuple[Page, Watch], site_url: str) -> None:
    page, watch = watched
    page.goto(site_url + "ur-28/upgrade/9.16/", wait_until="networkidle")
    expect(page.locator(".rollups-as-of")).to_contain_text("Data as of Update Rollup 28.")
    expect(page.locator(".md-banner--warning")).to_contain_text("Read the latest guidance.")
    print(f"screenshot: {screenshot(page, 'old-snapshot')}")
    assert watch.problems == []


def _search(page: Page, query: str, best: str) -> None:
    """Type ``query`` into Material's search box and wait until its best match is the page ``best``.

    Material's search worker answers each prefix typed ("U", "Up", ... "Update Rollup 2"), and
    with the larger index of pages split by scenario the answer for the whole query may come a
    moment after the first results show: wait for it (and fail if it never comes), instead of
    reading the first results that show.
    """
    search = page.get_by_role("textbox", name="Search")
    search.click()
    search.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item > a")
    expect(results.first).to_be_visible()
    expect(results.first).to_have_attribute("href", re.compile(re.escape(best) + r"(\?[^#]*)?$"))


@pytest.mark.parametrize("query", ["28", "Update Rollup 28"])
def test_search_finds_a_rollup_by_number(watched: tuple[Page, Watch], latest_url: str, query: str) -> None:
    page, watch = watched
    page.goto(latest_url, wait_until="networkidle")
    _search(page, query, urlsplit(latest_url).path + "rollups/28/")
    assert watch.problems == []


@pytest.mark.parametrize("version", ["9.59", "9.16"])
def test_search_finds_an_upgrade_page_by_its_version(
    watched: tuple[Page, Watch], latest_url: str, version: str
) -> None:
    """Upgrade pages are indexed by their headings only (engine/search.py): the title still leads there."""
    page, watch = watched
    page.goto(latest_url, wait_until="networkidle")
    _search(page, version, urlsplit(latest_url).path + f"upgrade/{version}/")
    assert watch.problems == []


def test_search_result_opens_the_rollup(watched: tuple[Page, Watch], latest_url: str) -> None:
    page, _ = watched
    page.goto(latest_url, wait_until="networkidle")
    _search(page, "Update Rollup 28", urlsplit(latest_url).path + "rollups/28/")
    page.locator(".md-search-result__item > a").first.click()
    expect(page.locator("article h1#update-rollup-28")).to_be_visible()
    assert urlsplit(page.url).path == urlsplit(latest_url).path + "rollups/28/"


def test_reboot_matrix_at_360_px(browser: Browser, latest_url: str) -> None:
    """The newest matrix of classic VMware in the published history: rows 9.55 to 9.63, targets 9.59 to
    9.63 (the page has a second matrix, of the scenarios that never got 9.59)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(latest_url + "reboot-matrix/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".rollups-matrix table")).to_have_count(2)
    header = page.locator("#vmware-to-azure-from-9-55 th[scope=row]")
    header.scroll_into_view_if_needed()
    expect(header).to_be_in_viewport()
    # The table scrolls inside its own box; scrolled to its far right, it keeps its first column in view.
    scroller = page.locator(".rollups-matrix .md-typeset__scrollwrap").filter(has=header)
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")
    scroller.evaluate("box => { box.scrollLeft = box.scrollWidth }")
    last_cell = page.locator("#vmware-to-azure-from-9-55-to-9-63")
    last_cell.scroll_into_view_if_needed()
    expect(last_cell).to_be_in_viewport()
    box = header.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    topmost = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert topmost == "9.55"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "reboot-matrix-360px")
    context.close()


SPLIT_PAGES = {
    "supported-rollups/": (".rollups-only a", ".rollups-only-legend li:target"),
    "upgrade/": (".rollups-only a", ".rollups-only-legend li:target"),
    "upgrade/9.55/": (".rollups-by-scenario a", "h2:target"),
    "reboot-matrix/": (".rollups-by-scenario a", "h2:target"),
    "rollups/69/": ("", ""),
}
"""A page of rollup 71's snapshot -> a link it has to a part of itself, and what that link shows."""


@pytest.mark.parametrize("url", list(SPLIT_PAGES))
def test_pages_split_by_scenario_fit_a_phone(browser: Browser, site_url: str, url: str) -> None:
    """Rollup 71's snapshot, where the lines differ most: long scenario titles in headings wrap,
    the letters and their hidden words stay inside the tables' own scrolling boxes, and the
    letters and the scenarios' lists lead to what they name."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "ur-71/" + url, wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    link, target = SPLIT_PAGES[url]
    if link:
        first = page.locator(link).first
        first.scroll_into_view_if_needed()
        first.click()
        expect(page.locator(target)).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "ur-71-" + url.strip("/").replace("/", "-") + "-360px")
    context.close()


HEADER_CONTROLS = {
    "menu": "label.md-header__button[for=__drawer]",
    "version label": ".md-version__current",
    "palette toggle": ".md-header__option label.md-header__button:not([hidden])",
    "search": "label.md-header__button[for=__search]",
}
"""What the header shows on a phone, left to right; each must stay clear of the others."""


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """The area two boxes share, in square pixels."""
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, width) * max(0.0, height)


@pytest.mark.parametrize("width", [360, 390])
def test_the_header_controls_do_not_overlap_on_a_phone(browser: Browser, latest_url: str, width: int) -> None:
    """The version selector's label ("Update Rollup 32 (9.21) latest") once ran under the palette toggle."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(latest_url + "supported-rollups/", wait_until="networkidle")
    expect(page.locator(".md-version__current")).to_be_visible()
    boxes: dict[str, dict[str, float]] = {}
    for name, selector in HEADER_CONTROLS.items():
        box = page.locator(selector).bounding_box()
        assert box is not None and box["width"] > 0, f"{name} is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name} leaves the screen: {box}"
        boxes[name] = box
    # What is drawn, not the boxes: the label's text may not run past its own box either.
    label = page.locator(".md-version__current")
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the version label's text overflows"
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            shared = _overlap(boxes[first], boxes[second])
            assert shared < 1, f"{first} {boxes[first]} overlaps {second} {boxes[second]} at {width} px"
    screenshot(page, f"header-{width}px")
    context.close()


def test_dark_mode_toggle(watched: tuple[Page, Watch], latest_url: str) -> None:
    page, watch = watched
    page.goto(latest_url + "reboot-matrix/", wait_until="networkidle")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.get_by_title("Switch to dark mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light
    screenshot(page, "reboot-matrix-dark")
    # The choice is remembered on the next page.
    page.goto(latest_url + "upgrade/9.16/", wait_until="networkidle")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert watch.problems == []


def _without_material_bundle(page: Page) -> None:
    """Serve Material's bundle empty: what the palette does then is ours alone (and what the
    first paint shows, before the bundle has run)."""
    empty = {"body": "", "content_type": "text/javascript"}
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.fulfill(**empty))


def _palette(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => ({
            scheme: document.body.dataset.mdColorScheme,
            toggle: [...document.querySelectorAll(".md-header__option label:not([hidden])")]
                .map(label => label.title).join(),
            themeColor: document.querySelector("meta[name=theme-color]").content,
            colorScheme: document.querySelector("meta[name=color-scheme]").content,
            header: getComputedStyle(document.querySelector(".md-header")).backgroundColor,
        })"""
    )


def test_a_dark_system_gets_the_dark_palette_before_any_bundle(browser: Browser, latest_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    _without_material_bundle(page)
    page.goto(latest_url + "upgrade/9.16/")
    palette = _palette(page)
    assert palette["scheme"] == "slate"
    assert palette["toggle"] == "Switch to light mode"  # one toggle shown, the one that leads away
    assert palette["colorScheme"] == "dark"
    red, green, blue = (int(palette["themeColor"][i : i + 2], 16) for i in (1, 3, 5))
    assert palette["header"] == f"rgb({red}, {green}, {blue})"
    # The toggle works without the bundle, and the pick holds on the next page.
    page.get_by_title("Switch to light mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.goto(latest_url + "reboot-matrix/")
    assert _palette(page)["scheme"] == "default"
    context.close()


def test_the_palette_follows_the_system_until_the_reader_picks(
    watched: tuple[Page, Watch], latest_url: str
) -> None:
    page, watch = watched
    page.emulate_media(color_scheme="light")
    page.goto(latest_url + "rollups/32/", wait_until="networkidle")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.emulate_media(color_scheme="dark")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert _palette(page)["colorScheme"] == "dark"
    page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    # The reader's pick now outranks the system. A media query list of the test's own, made
    # after the page's, hears of each change after them (oldest first): once it has, the
    # page's have been told too.
    page.evaluate("""() => { window.changes = 0
        matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => changes++) }""")
    page.emulate_media(color_scheme="light")
    page.wait_for_function("changes === 1")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("changes === 2")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert page.evaluate("document.querySelectorAll('meta[name=theme-color]').length") == 1
    assert watch.problems == []


def test_the_planner_answers_from_its_permalink(watched: tuple[Page, Watch], site_url: str) -> None:
    """The snapshot of rollup 32, where the published history gives the seed page's answers."""
    page, watch = watched
    page.goto(site_url + "ur-32/planner/?from=9.16&reboot=9.13", wait_until="networkidle")
    expect(page.locator("#planner-text")).to_have_text("9.16 -> reboot -> 9.20 -> reboot -> 9.21")
    page.get_by_label("Version at the last reboot").fill("")
    page.get_by_role("button", name="Plan the upgrade").click()
    expect(page.locator("#planner-text")).to_have_text("9.16 -> 9.20 -> reboot -> 9.21")
    assert "from=9.16" in urlsplit(page.url).query
    assert watch.problems == []


def test_no_javascript_still_answers(browser: Browser, site_url: str) -> None:
    """The snapshot of rollup 32, where the published history gives the seed page's answers."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "ur-32/upgrade/9.16/")
    expect(page.locator("#step-1")).to_have_text("Upgrade to 9.20: install Update Rollup 31.")
    page.goto(site_url + "ur-32/reboot-matrix/")
    expect(page.locator("#from-9-16-to-9-21")).to_contain_text("first upgrade to 9.20")
    context.close()


PATH_LINES = """() => {
    // Each element that shows an upgrade path ("9.16 -> 9.20 -> reboot -> 9.21"), as the lines the
    // browser laid it out on: its visible characters grouped by their rendered line.
    const holders = new Set();
    const texts = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        if (/-\\u2060?>/.test(node.data)) {
            holders.add(node.parentElement.closest("code, li, p, td, [role=status]"));
        }
    }
    return [...holders].map(holder => {
        const lines = [];
        let top = null;
        const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.data.length; i++) {
                if (/\\s|\\u2060/.test(node.data[i])) {
                    if (lines.length) lines[lines.length - 1] += " ";
                    continue;
                }
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const box = range.getClientRects()[0];
                if (!box) continue;
                if (top === null || box.top > top + box.height / 2) lines.push("");
                lines[lines.length - 1] += node.data[i];
                top = box.top;
            }
        }
        return lines.map(line => line.trim());
    });
}"""
"""The rendered lines of every element of the page's article that shows an arrow of a path."""

PHONE_PATHS = [
    "",
    "upgrade/",
    "upgrade/9.16/",
    "upgrade/9.30/",
    "planner/?from=9.16",
    "planner/?from=9.16&scenario=vmware-to-azure",
]
"""Pages with long paths: the overview's example, the index, two upgrade pages (whole paths and paths
shown in part), the planner's answer per group of scenarios and its answer for one scenario."""


@pytest.mark.parametrize("url", PHONE_PATHS)
def test_a_path_wraps_between_its_steps_on_a_phone(browser: Browser, latest_url: str, url: str) -> None:
    """At 360 px a long path takes several lines, and a line never ends inside an arrow ("9.16 -" then
    "> 9.20"): it breaks at the spaces around an arrow only."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(latest_url + url, wait_until="networkidle")
    if url.startswith("planner/"):
        expect(page.locator("#planner-answer")).to_be_visible()
    if "scenario=" in url:
        page.get_by_role("button", name="Copy as text").click()
        expect(page.locator(".planner-copied")).to_contain_text("Copied: 9.16 -> 9.20")
    paths: list[list[str]] = page.evaluate(PATH_LINES)
    assert any(len(lines) > 1 for lines in paths), f"no path wraps at 360 px on {url!r}: {paths}"
    broken = [lines for lines in paths if any(line.endswith("-") or line.startswith(">") for line in lines)]
    assert broken == [], f"an arrow breaks across lines on {url!r}"
    context.close()
