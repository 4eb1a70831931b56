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
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from generator import cli
from generator.catalog.model import AgentVersion, Catalog
from generator.catalog.validate import load_or_raise
from generator.engine.mkdocs_plugin import build_site
from generator.outputs.api import dumps, paths_by_scenario, plan_payload, policy_document
from generator.outputs.commands import SHORT
from generator.policy.rules import Snapshot, agent_scenarios, plan_upgrade, snapshot

from .browser import needs_chromium, serve
from .conftest import ODD_POLICY_CATALOG, ROOT, SEED_CATALOG, SHIPPED_CATALOG

FIXTURES = ROOT / "tests" / "fixtures"
LINES_CATALOG = ROOT / "tests" / "data" / "lines.yaml"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a local server: built snapshots, and the bare planner script in ``harness/``."""
    root = tmp_path_factory.mktemp("site")
    config = ROOT / "mkdocs.yml"
    build_site(root / "ur-32", config_file=config, catalog=SEED_CATALOG)
    build_site(root / "ur-28", config_file=config, catalog=SEED_CATALOG, as_of=28)
    build_site(root / "odd" / "ur-20", config_file=config, catalog=ODD_POLICY_CATALOG)
    build_site(root / "lines" / "ur-7", config_file=config, catalog=LINES_CATALOG, as_of=7)
    build_site(root / "lines" / "ur-8", config_file=config, catalog=LINES_CATALOG)
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
        # The shipped history up to rollup 61, where every scenario still has one line (its lines
        # differ from rollup 62 on: test_javascript_agrees_with_python_on_every_scenario_line).
        ("shipped", 61),
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
    for argument in ["9.99999999999999999999", "9." + "9" * 5000, "nine", "9.16.5001.1", "9.16.5001"]:
        answer = page.evaluate("(text) => RollupsPlanner.plan({released: []}, text)", argument)
        assert answer == {"invalid": cli_refusal(argument)}
    assert cli_refusal("9.99999999999999999999") == (
        "'9.99999999999999999999' is not an agent version: a part has 20 digits; "
        "expected major.minor with at most 9 digits each, such as 9.16"
    )
    assert (
        cli_refusal("9.16.5001.1")
        == "'9.16.5001.1' is a build number; the agent version is its major.minor, 9.16"
    )


def test_the_cases_include_unreleased_starts_and_older_reboots(seed: Catalog) -> None:
    questions = cases(snapshot(seed))
    assert ("9.16", None, "9.14") in questions
    assert ("9.10", None, None) in questions
    assert ("9.16", "9.20", "9.12") in questions


# --- every scenario's line -----------------------------------------------------------------


@pytest.fixture(scope="module")
def lines_catalog() -> Catalog:
    """Releases for one scenario only (rollups 5 and 7) and a withdrawn rollup (3, 9.54)."""
    return load_or_raise(LINES_CATALOG)


def line_cases(union: Snapshot, line: Snapshot, span: int) -> list[tuple[str, str | None, str | None]]:
    """(from, to, last reboot) around the newest ``span`` versions of a line, with every target a reader
    can name: the line's releases, the other scenarios' releases, the withdrawn versions, none."""
    low = max(0, line.latest.minor - span)
    versions = [str(line.latest.plus(m - line.latest.minor)) for m in range(low, line.latest.minor + 3)]
    withdrawn = {line.agent_versions[n] for n in line.line.withdrawn}
    named = sorted({*line.released, *union.released, *withdrawn, line.latest.plus(1), line.oldest_supported})
    targets = [None, *(str(v) for v in named if v.minor >= low - 2 or v in withdrawn)]
    return [(start, to, reboot) for start in versions for to in targets for reboot in [None, *versions]]


def answers_in_page(page: Page, policy: str, questions: list[list[str | None]], call: str) -> list[Any]:
    """``call`` (JavaScript, of ``policy`` and one question ``q``) for every question, in the harness."""
    page.evaluate(
        "([policy, questions, call]) => { window.answers = null; setTimeout(() => {"
        " const parsed = JSON.parse(policy); const ask = new Function('policy', 'q', 'return ' + call);"
        " window.answers = JSON.stringify(JSON.parse(questions).map((q) => ask(parsed, q))); }, 0); }",
        [policy, json.dumps(questions), call],
    )
    page.wait_for_function("window.answers !== null", timeout=60_000)
    return list(json.loads(page.evaluate("window.answers")))


@pytest.mark.parametrize(
    ("catalog", "as_of", "span"),
    [
        ("lines_catalog", 3, 12),  # the withdrawn 9.54 is the newest rollup
        ("lines_catalog", 5, 12),  # 9.56 for modern only
        ("lines_catalog", 7, 12),  # 9.59 for classic only
        ("lines_catalog", 8, 12),  # both lines at 9.60 again
        ("shipped", 62, 8),  # 9.49 not for modernized VMware
        ("shipped", 69, 8),  # 9.56 not for classic VMware
        ("shipped", 71, 8),  # 9.59 for classic VMware only
        ("shipped", 76, 8),
    ],
)
def test_javascript_agrees_with_python_on_every_scenario_line(
    catalog: str, as_of: int, span: int, page: Page, site: str, request: pytest.FixtureRequest
) -> None:
    """On each scenario's own line, the planner's answer is ``rollups path --scenario``'s; without a
    scenario, its answers are grouped as ``rollups path`` groups them."""
    chosen: Catalog = request.getfixturevalue(catalog)
    union = snapshot(chosen, as_of)
    policy = dumps(policy_document(union)).decode("utf-8")
    page.goto(f"{site}/harness/")
    expected: list[object] = []
    questions: list[list[str | None]] = []
    for scenario in agent_scenarios(chosen):
        line = snapshot(chosen, as_of, scenario)
        for question in line_cases(union, line, span):
            questions.append([*question, scenario])
            expected.append(python_answer(line, *question))
    call = "RollupsPlanner.plan(policy, q[0], q[1], q[2], q[3])"
    answers = answers_in_page(page, policy, questions, call)
    differ = [(q, a, e) for q, a, e in zip(questions, answers, expected, strict=True) if a != e]
    assert differ[:5] == []
    reasons = " ".join(str(e["error"]) for e in expected if isinstance(e, dict) and "error" in e)
    assert "cannot be on a newer version than the installed one" in reasons
    if catalog == "lines_catalog" or as_of >= 60:
        assert "was withdrawn with Update Rollup" in reasons
    if as_of != 3:
        assert "was not released for" in reasons
    # Without a scenario: every line's answer, grouped.
    unchosen = [q[:3] for q in questions[: len(questions) // len(agent_scenarios(chosen))]]
    grouped = answers_in_page(page, policy, unchosen, "RollupsPlanner.answers(policy, q[0], q[1], q[2])")
    parse = AgentVersion.parse
    python_grouped = [
        [
            {"scenarios": scenarios, "answer": answer}
            for scenarios, answer in paths_by_scenario(
                union, parse(str(f)), parse(t) if t else None, parse(r) if r else None
            )
        ]
        for f, t, r in unchosen
    ]
    differ = [(q, a, e) for q, a, e in zip(unchosen, grouped, python_grouped, strict=True) if a != e]
    assert differ[:5] == []
    if as_of not in (3, 8):
        assert any(len(g) > 1 for g in python_grouped) and any(len(g) == 1 for g in python_grouped)


def test_an_unknown_scenario_is_named_with_the_valid_ones(
    lines_catalog: Catalog, page: Page, site: str
) -> None:
    page.goto(f"{site}/harness/")
    policy = json.loads(dumps(policy_document(snapshot(lines_catalog, 7))))
    answer = page.evaluate(
        "([policy]) => RollupsPlanner.plan(policy, '9.55', null, null, 'hyper-v')", [policy]
    )
    assert answer == {
        "invalid": "'hyper-v' is not a scenario that installs the Contoso agent; "
        "choose one of: Classic (classic); Modern (modern)."
    }
    # An unreadable version is said first, as the command line checks its arguments first.
    answer = page.evaluate("([policy]) => RollupsPlanner.plan(policy, 'nine', null, null, 'nope')", [policy])
    assert answer == {"invalid": "'nine' is not an agent version: expected major.minor, such as 9.16"}
    assert page.evaluate("([policy]) => RollupsPlanner.plan(policy, '9.55')", [policy]) == {"choose": True}


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
        "Upgrade to 9.20: install Update Rollup 31.",
        "Reboot the machine (mandatory before the next upgrade).",
        "Upgrade to 9.21: install Update Rollup 32.",
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


def test_a_step_names_the_rollup_to_install_as_the_command_line_does(page: Page, site: str) -> None:
    """9.19 was shipped by three rollups: install the newest, the others named as having shipped it too."""
    open_planner(page, f"{site}/ur-32/planner/?from=9.16&to=9.19")
    assert steps(page) == cli_steps("9.16", "--to", "9.19")
    assert steps(page) == [
        "Upgrade to 9.19: install Update Rollup 30 (also shipped by Update Rollup 29, Update Rollup 28)."
    ]


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
        "Upgrade to 9.20: install Update Rollup 31.",
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


# --- the scenario, in the page and its permalink ---------------------------------------------


def lines_cli(*argv: str) -> tuple[int, list[str]]:
    """What ``rollups path`` says of tests/data/lines.yaml: the steps without their numbers, or the
    lines of its refusal."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["path", *argv, "--catalog", str(LINES_CATALOG)])
    if code != 0:
        return code, err.getvalue().splitlines()
    return code, [line.strip().split(". ", 1)[1] for line in out.getvalue().splitlines()[1:]]


def options(page: Page) -> list[str]:
    return page.locator("#planner-to option").all_inner_texts()


def test_a_scenario_permalink_answers_on_that_scenarios_line(page: Page, site: str) -> None:
    """As of rollup 7, 9.59 reached classic only and 9.56 modern only."""
    open_planner(page, f"{site}/lines/ur-7/planner/?scenario=classic&from=9.55")
    assert page.locator("#planner-answer").inner_text() == "Upgrade path from 9.55 to 9.59"
    assert (0, steps(page)) == lines_cli("9.55", "--scenario", "classic", "--as-of", "7")
    assert steps(page) == ["Upgrade to 9.59: install Update Rollup 7."]
    assert page.locator("#planner-scenario").input_value() == "classic"
    assert options(page) == ["9.53", "9.55", "9.57", "9.59 (latest)"]
    assert page.locator("#planner-to").input_value() == "9.59"
    context = page.locator("#planner-result p").first.inner_text()
    assert context == "Installed: 9.55. Last reboot: 9.55. Scenario: Classic. As of Update Rollup 7."
    open_planner(page, f"{site}/lines/ur-7/planner/?scenario=modern&from=9.55")
    assert page.locator("#planner-text").inner_text() == "9.55 -> 9.57"
    assert (0, steps(page)) == lines_cli("9.55", "--scenario", "modern", "--as-of", "7")
    assert options(page) == ["9.53", "9.55", "9.56", "9.57 (latest)"]
    # A target the scenario never got is said so, as the command line says it.
    open_planner(page, f"{site}/lines/ur-7/planner/?scenario=modern&from=9.55&to=9.59")
    assert page.locator("#planner-answer").inner_text() == "No upgrade path from 9.55 to 9.59"
    reason = "9.59 was not released for modern (released: 9.53, 9.55, 9.56, 9.57)"
    assert (
        page.locator("#planner-result p").first.inner_text()
        == f"No upgrade path from 9.55 to 9.59: {reason}."
    )
    assert lines_cli("9.55", "--to", "9.59", "--scenario", "modern", "--as-of", "7")[0] == 1


def test_the_form_carries_the_scenario_into_the_permalink(page: Page, site: str) -> None:
    open_planner(page, f"{site}/lines/ur-7/planner/")
    assert page.locator("#planner-scenario").input_value() == ""
    assert options(page)[0] == "The latest for the scenario"
    page.get_by_label("Scenario").select_option("modern")
    assert options(page) == ["9.53", "9.55", "9.56", "9.57 (latest)"]
    assert page.locator("#planner-to").input_value() == "9.57"
    page.get_by_label("Installed version").fill("9.53")
    page.get_by_role("button", name="Plan the upgrade").click()
    assert page.url == f"{site}/lines/ur-7/planner/?scenario=modern&from=9.53&to=9.57"
    expected = lines_cli("9.53", "--scenario", "modern", "--as-of", "7")[1]
    assert steps(page) == expected == ["Upgrade to 9.57: install Update Rollup 6."]
    # Another scenario keeps a target it also got.
    page.get_by_label("Scenario").select_option("classic")
    assert page.locator("#planner-to").input_value() == "9.57"
    page.get_by_role("button", name="Plan the upgrade").click()
    assert page.url == f"{site}/lines/ur-7/planner/?scenario=classic&from=9.53&to=9.57"
    page.reload()
    page.wait_for_selector("#rollups-planner[data-ready='true']")
    assert page.locator("#planner-scenario").input_value() == "classic"
    assert page.locator("#planner-text").inner_text() == "9.53 -> 9.57"
    page.go_back()
    page.wait_for_url(f"{site}/lines/ur-7/planner/?scenario=modern&from=9.53&to=9.57")
    assert page.locator("#planner-scenario").input_value() == "modern"


def test_without_a_scenario_the_page_asks_for_one_where_answers_differ(page: Page, site: str) -> None:
    open_planner(page, f"{site}/lines/ur-7/planner/?from=9.55")
    assert (
        page.locator("#planner-answer").inner_text() == "The upgrade path from 9.55 depends on the scenario"
    )
    groups = page.locator("#planner-result ul li").all_inner_texts()
    assert groups == ["Classic: 9.55 -> 9.59", "Modern: 9.55 -> 9.57"]
    code, refusal = lines_cli("9.55", "--as-of", "7")
    assert (code, refusal[1:3]) == (2, ["  classic: 9.55 -> 9.59", "  modern: 9.55 -> 9.57"])
    assert page.locator("#planner-text").count() == 0  # no path is given as everyone's
    page.get_by_role("link", name="Modern", exact=True).click()
    page.wait_for_url(f"{site}/lines/ur-7/planner/?scenario=modern&from=9.55")
    page.wait_for_selector("#rollups-planner[data-ready='true']")
    assert page.locator("#planner-text").inner_text() == "9.55 -> 9.57"
    assert page.locator("#planner-scenario").input_value() == "modern"


def test_without_a_scenario_one_answer_is_given_where_every_scenario_agrees(page: Page, site: str) -> None:
    """As of rollup 8 both lines end at 9.60, though their releases still differ."""
    open_planner(page, f"{site}/lines/ur-8/planner/?from=9.57")
    assert page.locator("#planner-scenario").count() == 1  # the lines differ: the choice is offered
    assert page.locator("#planner-text").inner_text() == "9.57 -> 9.60"
    assert page.get_by_text("The same path for every scenario.").count() == 1
    assert (0, steps(page)) == lines_cli("9.57")


def test_an_unknown_scenario_in_a_permalink_is_named_as_text(page: Page, site: str) -> None:
    hostile = "<img src=x onerror=window.__pwned=1>"
    open_planner(page, f"{site}/lines/ur-7/planner/?{urlencode({'scenario': hostile, 'from': '9.55'})}")
    page.wait_for_timeout(100)  # an injected handler would have run by now
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#planner-result").inner_text() == (
        f"'{hostile}' is not a scenario that installs the Contoso agent; "
        "choose one of: Classic (classic); Modern (modern)."
    )
    assert page.locator("#planner-result *").evaluate_all("nodes => nodes.map(n => n.tagName)") == ["P"]
    assert page.locator("#planner-scenario").input_value() == ""
    assert page.locator("article img").count() == 0
    # Where one line holds for all, no choice is offered, but a wrong id is said wrong all the same.
    open_planner(page, f"{site}/ur-32/planner/?scenario=hyper-v-to-azure&from=9.16")
    assert page.locator("#planner-scenario").count() == 0
    assert page.locator("#planner-result").inner_text() == (
        "'hyper-v-to-azure' is not a scenario that installs the Mobility agent; choose one of: "
        "Azure VM disaster recovery to Azure (azure-to-azure); "
        "Between an on-premises VMware or physical site and Azure (vmware-to-azure)."
    )
    long = "x" * 100
    open_planner(page, f"{site}/ur-32/planner/?scenario={long}&from=9.16")
    assert (
        page.locator("#planner-result").inner_text().startswith(f"'{long[: SHORT - 3]}...' is not a scenario")
    )


def test_a_scenario_where_one_line_holds_for_all_gives_the_one_answer(page: Page, site: str) -> None:
    open_planner(page, f"{site}/ur-32/planner/?scenario=vmware-to-azure&from=9.16")
    assert page.locator("#planner-text").inner_text() == "9.16 -> 9.20 -> reboot -> 9.21"
    assert page.locator("#planner-result p").first.inner_text() == (
        "Installed: 9.16. Last reboot: 9.16. As of Update Rollup 32."
    )
