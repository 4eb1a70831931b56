"""The upgrade planner in headless Chromium: the same answers as the Python policy, for every input.

Real MkDocs builds are served over HTTP from a temporary folder laid out as
snapshots (``ur-32/planner/``, ``ur-28/``, ...), so the relative URLs are
tested as a versioned site uses them. The pure function is also run alone,
from a bare harness page, over every question for several catalogs.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from generator import cli
from generator.catalog.model import AgentVersion, Catalog
from generator.engine.mkdocs_plugin import build_site
from generator.outputs.api import dumps, plan_payload, policy_document
from generator.outputs.commands import SHORT
from generator.policy.rules import Snapshot, plan_upgrade, snapshot

from .browser import needs_chromium, serve
from .conftest import ODD_POLICY_CATALOG, ROOT, SEED_CATALOG, SHIPPED_CATALOG

FIXTURES = ROOT / "tests" / "fixtures"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a local server: built snapshots, and the bare planner script in ``harness/``."""
    root = tmp_path_factory.mktemp("site")
    config = ROOT / "mkdocs.yml"
    build_site(root / "ur-32", config_file=config, catalog=SEED_CATALOG)
    build_site(root / "ur-28", config_file=config, catalog=SEED_CATALOG, as_of=28)
    build_site(root / "odd" / "ur-20", config_file=config, catalog=ODD_POLICY_CATALOG)
    (root / "harness").mkdir()
    (root / "harness" / "index.html").write_bytes((FIXTURES / "planner-harness.html").read_bytes())
    (root / "harness" / "planner.js").write_bytes((ROOT / "templates" / "assets" / "planner.js").read_bytes())
    with serve(root) as url:
        yield url.rstrip("/")


@pytest.fixture
def context(browser: Browser, site: str) -> Iterator[BrowserContext]:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, site: str) -> Iterator[Page]:
    """A page that fails the test on a script error or a request to any other host."""
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(site) else foreign.append(request.url))
    yield page
    assert errors == []
    assert foreign == []


# --- the pure function, over every input -----------------------------------------


def versions_around(snap: Snapshot) -> list[str]:
    """Every minor from well below the oldest release to past N, per major, and one older major."""
    result = []
    majors = sorted({v.major for v in snap.released})
    for major in majors:
        minors = [v.minor for v in snap.released if v.major == major]
        result += [f"{major}.{m}" for m in range(max(0, min(minors) - 8), max(minors) + 3)]
    result.append(f"{majors[0] - 1}.10")
    return result


def cases(snap: Snapshot) -> list[tuple[str, str | None, str | None]]:
    """(from, to, last reboot) for every from, every last reboot (or none) and every target (or none)."""
    versions = versions_around(snap)
    targets = [None, *(str(v) for v in snap.released), str(snap.latest.plus(1)), str(snap.oldest_supported)]
    return [(start, to, reboot) for start in versions for to in targets for reboot in [None, *versions]]


NO_PATH_KINDS = (
    "cannot be on a newer version than the installed one",
    "is not a released version",
    "downgrades are not supported",
    "are of different major versions",
    "without exceeding the upgrade limit",
)


def python_answer(snap: Snapshot, start: str, to: str | None, reboot: str | None) -> dict[str, object]:
    parse = AgentVersion.parse
    result = plan_upgrade(snap, parse(start), parse(to) if to else None, parse(reboot) if reboot else None)
    return plan_payload(snap, result)


@pytest.mark.parametrize(
    ("catalog", "as_of"),
    [
        ("shipped", None),
        ("seed", None),
        ("seed", 28),
        ("synthetic", None),
        ("synthetic", 30),
        ("odd_policy", None),
        ("odd_policy", 15),
    ],
)
def test_javascript_agrees_with_python_on_every_input(
    catalog: str, as_of: int | None, page: Page, site: str, request: pytest.FixtureRequest
) -> None:
    snap = snapshot(request.getfixturevalue(catalog), as_of)
    questions = cases(snap)
    page.goto(f"{site}/harness/")
    # JSON text both ways: Playwright's structured serialisation of 20,000 objects takes seconds.
    answers = json.loads(
        page.evaluate(
            "([policy, questions]) => { const parsed = JSON.parse(policy);"
            " return JSON.stringify(JSON.parse(questions).map(([from, to, reboot]) =>"
            " RollupsPlanner.plan(parsed, from, to, reboot))); }",
            [dumps(policy_document(snap)).decode("utf-8"), json.dumps(questions)],
        )
    )
    expected = [python_answer(snap, *question) for question in questions]
    differ = [(q, a, e) for q, a, e in zip(questions, answers, expected, strict=True) if a != e]
    assert differ[:5] == []
    paths = [e for e in expected if "hops" in e]
    assert len(paths) > 100 and any(e["reboots_before"] for e in paths)
    reasons = " ".join(str(e["error"]) for e in expected if "error" in e)
    for kind in NO_PATH_KINDS:
        assert kind in reasons, f"no question reaches '{kind}'"


def plan_in_page(page: Page, snap: Snapshot, questions: list[tuple[str, str | None, str | None]]) -> object:
    """The harness's answers, computed after the call returns, so that a script that never answers
    fails the test at the timeout instead of holding it forever."""
    page.evaluate(
        "([policy, questions]) => { window.answers = null; setTimeout(() => {"
        " const parsed = JSON.parse(policy);"
        " window.answers = JSON.stringify(JSON.parse(questions).map(([from, to, reboot]) =>"
        " RollupsPlanner.plan(parsed, from, to, reboot))); }, 0); }",
        [dumps(policy_document(snap)).decode("utf-8"), json.dumps(questions)],
    )
    page.wait_for_function("window.answers !== null", timeout=20_000)
    return json.loads(page.evaluate("window.answers"))


def test_a_huge_reboot_gap_is_answered_at_once_and_as_python_does(
    synthetic: Catalog, page: Page, site: str
) -> None:
    """Issue 12: reboot_gap: 1000000000 left the planner page without an answer. The validator now
    refuses it, and the script folds reboot offsets as policy.py does, whatever the gap."""
    forged = replace(synthetic, policy=replace(synthetic.policy, reboot_gap=1_000_000_000))
    snap = snapshot(forged)
    questions = cases(snap)
    page.goto(f"{site}/harness/")
    answers = plan_in_page(page, snap, questions)
    expected = [python_answer(snap, *question) for question in questions]
    assert answers == expected
    assert any("hops" in e and not e["reboots_before"] for e in expected)


def cli_refusal(argument: str) -> str:
    """What ``rollups path ARGUMENT`` says of an argument that is not a version (exit 2)."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err), pytest.raises(SystemExit) as exited:
        cli.main(["path", argument, "--catalog", str(SHIPPED_CATALOG)])
    assert exited.value.code == 2
    return err.getvalue().splitlines()[-1].split("argument FROM: ", 1)[1]


def test_versions_stay_exact_digits_and_too_long_ones_are_refused_as_the_cli_does(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/harness/")
    parsed = page.evaluate(
        "() => ['999999999.999999999', '9.0999999999', '9.99999999999999999999']"
        ".map((text) => RollupsPlanner.parseVersion(text))"
    )
    assert parsed == [[999_999_999, 999_999_999], None, None]
    for argument in ["9.99999999999999999999", "9." + "9" * 5000, "nine"]:
        answer = page.evaluate("(text) => RollupsPlanner.plan({released: []}, text)", argument)
        assert answer == {"invalid": cli_refusal(argument)}
    assert cli_refusal("9.99999999999999999999") == (
        "'9.99999999999999999999' is not an agent version: a part has 20 digits; "
        "expected major.minor with at most 9 digits each, such as 9.16"
    )


def test_the_cases_include_unreleased_starts_and_older_reboots(seed: Catalog) -> None:
    questions = cases(snapshot(seed))
    assert ("9.16", None, "9.14") in questions
    assert ("9.10", None, None) in questions
    assert ("9.16", "9.20", "9.12") in questions


# --- the page ------------------------------------------------------------------------------


def cli_steps(*argv: str) -> list[str]:
    """The numbered steps ``rollups path`` prints, without their numbers."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        assert cli.main(["path", *argv, "--catalog", str(SEED_CATALOG)]) == 0
    lines = out.getvalue().splitlines()[1:]
    return [line.strip().split(". ", 1)[1] for line in lines]


def open_planner(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#rollups-planner[data-ready='true']")


def steps(page: Page) -> list[str]:
    return page.locator("#planner-result ol li").all_inner_texts()


def test_a_permalink_opens_on_its_answer(page: Page, site: str, context: BrowserContext) -> None:
    open_planner(page, f"{site}/ur-32/planner/?from=9.16")
    assert page.locator("#planner-answer").inner_text() == "Upgrade path from 9.16 to 9.21"
    assert steps(page) == [
        "Upgrade to 9.20 (Update Rollup 31).",
        "Reboot the machine (mandatory before the next upgrade).",
        "Upgrade to 9.21 (Update Rollup 32).",
    ]
    assert steps(page) == cli_steps("9.16")
    assert page.locator("#planner-text").inner_text() == "9.16 -> 9.20 -> reboot -> 9.21"
    assert page.locator("#planner-from").input_value() == "9.16"
    assert page.locator("#planner-reboot").input_value() == ""
    assert page.locator("#planner-to").input_value() == "9.21"
    page.get_by_role("button", name="Copy as text").click()
    status = page.locator("#planner-result [role=status]")
    status.filter(has_text="Copied").wait_for()
    assert status.inner_text() == "Copied: 9.16 -> 9.20 -> reboot -> 9.21"
    assert page.evaluate("navigator.clipboard.readText()") == "9.16 -> 9.20 -> reboot -> 9.21"


def test_the_planner_the_version_page_and_the_json_agree(page: Page, site: str) -> None:
    open_planner(page, f"{site}/ur-32/planner/?from=9.16")
    planned = page.locator("#planner-text").inner_text()
    document = page.request.get(f"{site}/ur-32/api/v1/upgrade/9.16.json").json()
    assert document["path"]["text"] == planned
    assert document["path"]["hops"] == ["9.20", "9.21"]
    page.get_by_role("link", name="the page of 9.16").click()
    page.wait_for_url(f"{site}/ur-32/upgrade/9.16/")
    assert page.locator(".rollups-summary code").inner_text() == planned


def test_the_form_writes_the_query_string(page: Page, site: str) -> None:
    open_planner(page, f"{site}/ur-32/planner/")
    assert page.locator("#planner-result").inner_text() == ""
    page.get_by_label("Installed version").fill("9.16")
    page.get_by_label("Version at the last reboot").fill("9.14")
    page.get_by_label("Target version").select_option("9.20")
    page.get_by_role("button", name="Plan the upgrade").click()
    assert page.url == f"{site}/ur-32/planner/?from=9.16&reboot=9.14&to=9.20"
    expected = cli_steps("9.16", "--last-reboot", "9.14", "--to", "9.20")
    assert steps(page) == expected
    assert expected == [
        "Reboot the machine (mandatory before the next upgrade).",
        "Upgrade to 9.20 (Update Rollup 31).",
    ]
    page.reload()
    page.wait_for_selector("#rollups-planner[data-ready='true']")
    assert steps(page) == expected
    assert page.locator("#planner-reboot").input_value() == "9.14"
    page.go_back()
    page.wait_for_url(f"{site}/ur-32/planner/")
    assert page.locator("#planner-result").inner_text() == ""


def test_an_older_snapshot_plans_with_its_own_data(page: Page, site: str) -> None:
    open_planner(page, f"{site}/ur-28/planner/?from=9.16")
    assert page.locator("#planner-text").inner_text() == "9.16 -> 9.19"
    assert page.locator("#planner-to option").all_inner_texts() == ["9.18", "9.19 (latest)"]


def test_no_path_and_bad_input_are_explained(page: Page, site: str, seed: Catalog) -> None:
    open_planner(page, f"{site}/ur-32/planner/?from=9.10")
    reason = python_answer(snapshot(seed), "9.10", None, None)["error"]
    assert page.locator("#planner-answer").inner_text() == "No upgrade path from 9.10 to 9.21"
    assert page.locator("#planner-result p").first.inner_text() == (
        f"No upgrade path from 9.10 to 9.21: {reason}."
    )
    open_planner(page, f"{site}/ur-32/planner/?from=nine")
    assert page.locator("#planner-result").inner_text() == (
        "'nine' is not an agent version: expected major.minor, such as 9.16"
    )
    open_planner(page, f"{site}/ur-32/planner/?from=9.99999999999999999999")
    assert page.locator("#planner-result").inner_text() == cli_refusal("9.99999999999999999999")


def test_the_page_is_accessible(page: Page, site: str) -> None:
    open_planner(page, f"{site}/odd/ur-20/planner/?from=5.10")
    assert page.locator("#planner-text").inner_text() == "5.10 -> 5.12 -> reboot -> 5.14"
    unlabelled = page.evaluate(
        "Array.from(document.querySelectorAll('#rollups-planner input, #rollups-planner select'))"
        ".filter(control => control.labels.length !== 1).map(control => control.id)"
    )
    assert unlabelled == []
    assert page.locator("#planner-result").get_attribute("aria-live") == "polite"
    assert page.locator("#planner-result button").evaluate_all("bs => bs.map(b => b.type)") == ["button"]


def test_without_javascript_the_page_still_answers(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/ur-32/planner/?from=9.16")
        assert page.locator("#rollups-planner").is_hidden()
        # Playwright disables script execution, not the parser's scripting flag, so Chromium
        # keeps <noscript> as unrendered text here; its content is checked, the links are the answer.
        assert "The planner needs JavaScript." in (page.locator("article noscript").text_content() or "")
        page.locator(".rollups-planner__versions").get_by_role("link", name="9.16", exact=True).click()
        page.wait_for_url(f"{site}/ur-32/upgrade/9.16/")
        assert page.locator(".rollups-summary code").inner_text() == "9.16 -> 9.20 -> reboot -> 9.21"
    finally:
        context.close()


HOSTILE_QUERY = {
    "from": "<img src=x onerror=window.__pwned=1>",
    "to": '"><svg onload=window.__pwned=2>',
    "reboot": "<script>window.__pwned=3</script>{: onclick=alert(1) }",
}


@pytest.mark.parametrize("field", ["from", "to", "reboot"])
def test_the_query_string_is_shown_as_text(field: str, page: Page, site: str) -> None:
    """A permalink's values reach the page as text: no element, no handler, no script of theirs."""
    counted = "img, svg, script, iframe, object, embed, [onload], [onerror], [onclick]"
    open_planner(page, f"{site}/ur-32/planner/?from=9.16")
    benign = page.locator(counted).count()
    query = {"from": "9.16", "to": "9.21", field: HOSTILE_QUERY[field]}
    open_planner(page, f"{site}/ur-32/planner/?{urlencode(query)}")
    page.wait_for_timeout(100)  # an injected handler would have run by now
    assert page.evaluate("window.__pwned") is None
    result = page.locator("#planner-result")
    given = HOSTILE_QUERY[field]
    shown = given if len(given) <= SHORT else given[: SHORT - 3] + "..."  # as the CLI shortens it
    assert result.inner_text() == f"'{shown}' is not an agent version: expected major.minor, such as 9.16"
    assert page.locator(counted).count() == benign
    assert page.locator("#planner-result *").evaluate_all("nodes => nodes.map(n => n.tagName)") == ["P"]
    if field == "to":
        assert page.locator("#planner-to option").last.inner_text() == HOSTILE_QUERY["to"]
    else:
        assert page.locator(f"#planner-{field}").input_value() == HOSTILE_QUERY[field]
