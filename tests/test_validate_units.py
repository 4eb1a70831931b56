"""The validator's small parts: KB keys, unsafe text, YAML syntax messages, positions of kept entries."""

from __future__ import annotations

import pytest

from generator.catalog.consistency import kb_key
from generator.catalog.diagnostics import Position, Report
from generator.catalog.model import Version
from generator.catalog.validate import read_catalog
from generator.catalog.values import reindex, unsafe_text
from generator.catalog.yamlsource import Source, compose

KB = "4485985"


@pytest.mark.parametrize(
    "url",
    [
        f"https://support.microsoft.com/help/{KB}",
        f"https://support.microsoft.com/help/{KB}/update-rollup-32-for-azure-site-recovery",
        f"https://support.microsoft.com/en-us/help/{KB}/update-rollup-32-for-azure-site-recovery",
        f"https://support.microsoft.com/kb/{KB}",
        f"https://support.microsoft.com/en-us/kb/{KB}/",
        f"https://support.microsoft.com/?kbid={KB}",
        f"https://support.microsoft.com/en-us/topic/update-rollup-32-for-azure-site-recovery-kb{KB}-b19c8190",
        f"https://support.microsoft.com/{KB}",
    ],
)
def test_every_url_form_of_a_kb_has_one_key(url: str) -> None:
    assert kb_key(url) == KB


def test_a_url_without_a_kb_number_is_its_own_key() -> None:
    assert kb_key("https://example.com/Notes/") == "https://example.com/notes"
    assert kb_key("https://support.microsoft.com/help/123") != kb_key(
        "https://support.microsoft.com/help/124"
    )


@pytest.mark.parametrize(
    "text", ["\u0669.\u0662\u0661", "\uff19.21", "9.21 ", "9", "9.21.5091.1.0", "9.21.5091.1\n"]
)
def test_versions_are_ascii_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        Version.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Upgrade from versions <9.16 first.",
        "Use **bold**, `code` and [links](https://example.com).",
        "a -> b, x < y",
        "See the data: it shows 9.16.",
    ],
)
def test_safe_text(text: str) -> None:
    assert unsafe_text(text) == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>bold</b>", "raw HTML ('<b>')"),
        ("<!-- hidden -->", "raw HTML ('<!-- hidden -->')"),
        ("[x](javascript:alert(1))", "a script link ('javascript:')"),
        ("[x]( data:text/html,hi)", "a script link (']( data:')"),
        ("[x]: data:text/html,hi", "a script link (']: data:')"),
        ("abc\u200bdef", "the invisible character U+200B (ZERO WIDTH SPACE)"),
        ("a\x07b", "the invisible character U+0007 (a control character)"),
    ],
)
def test_unsafe_text(text: str, problem: str) -> None:
    assert unsafe_text(text).startswith(problem)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: b: c\n",
            "x:1:5: error: YAML syntax error: unexpected ':' here; put a value that contains ': ' "
            "in quotes, or check the indentation of this line",
        ),
        (
            "a: [1, 2\n",
            "x:2:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence that starts at line 1, column 4)",
        ),
        (
            "- a\nb: 1\n",
            "x:2:1: error: YAML syntax error: this line is not aligned with the list that starts "
            "at line 1, column 1; check its indentation",
        ),
        (
            "a: @x\n",
            "x:1:4: error: YAML syntax error: a plain value cannot start with '@'; put the value in quotes",
        ),
        (
            "a: !!binary aGk=\n",
            "x:1:4: error: the tag '!!binary' is not allowed in the catalog; remove it "
            "(put the value in quotes if it must stay text)",
        ),
        ("a: !!str 9.20\n", None),
    ],
)
def test_yaml_syntax_messages(text: str, expected: str | None) -> None:
    report = Report()
    compose(Source("x", text), report)
    assert [str(d) for d in report] == ([expected] if expected else [])


def test_positions_follow_the_model_when_entries_are_dropped() -> None:
    positions = {
        ("rollups", 0, "number"): Position("x", 1),
        ("rollups", 1, "number"): Position("x", 2),
        ("rollups", 2, "number"): Position("x", 3),
        ("rollups", 2, "versions", "a"): Position("x", 4),
        ("policy",): Position("x", 5),
    }
    assert reindex(positions, {("rollups",): [1, 2]}) == {
        ("rollups", 0, "number"): Position("x", 2),
        ("rollups", 1, "number"): Position("x", 3),
        ("rollups", 1, "versions", "a"): Position("x", 4),
        ("policy",): Position("x", 5),
    }


def test_located_positions_are_keyed_by_model_index() -> None:
    text = (
        "product: {name: P, agent_name: A}\npolicy: {track: a}\ncomponents: [{id: a, name: A}]\n"
        "rollups:\n  - number: x\n  - number: 2\n    kb: https://example.com/help/1000002\n"
        "scenarios: [{id: s, title: S, steps: [Do it.]}]\n"
    )
    located = read_catalog(Source("x", text))
    assert located.positions[("rollups", 0, "kb")] == Position("x", 7, 9)


TRAILING_NEWLINE_BASE = (
    "product: {name: P, agent_name: A}\npolicy: {track: a}\ncomponents: [{id: a, name: A}]\n"
    "scenarios: [{id: s, title: S, steps: [Do it.]}]\n"
    "rollups:\n  - number: 1\n    released: 2019-01-08\n    kb: https://example.com/help/1000001\n"
    "    versions: {a: 9.1.1.1}\n"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{id: a, name: A}",
            '{id: "a\\n", name: A}',
            "x:3:19: error: 'a\\n' is not a valid component id for components[0].id",
        ),
        ("{id: s,", '{id: "s\\n",', "x:4:18: error: 's\\n' is not a valid scenario id for scenarios[0].id"),
        (
            "kb: https://example.com/help/1000001",
            'kb: "https://example.com/help/1000001\\n"',
            "x:8:9: error: 'https://example.com/help/1000001\\n' is not a valid link for rollup 1's kb: "
            "it contains the character U+000A",
        ),
        (
            "released: 2019-01-08",
            'released: "2019-01-08\\n"',
            "x:7:15: error: '2019-01-08\\n' is not a valid date for rollup 1's released",
        ),
        (
            "{a: 9.1.1.1}",
            '{a: "9.1.1.1\\n"}',
            "x:9:19: error: malformed version '9.1.1.1\\n' for rollup 1's versions.a",
        ),
    ],
)
def test_a_trailing_newline_is_not_part_of_a_valid_value(old: str, new: str, expected: str) -> None:
    """``$`` matches before a final newline: an id, link, date or version must match as a whole,
    as the JSON schema's patterns (the same text) do."""
    assert old in TRAILING_NEWLINE_BASE
    assert read_catalog(Source("x", TRAILING_NEWLINE_BASE)).catalog is not None
    located = read_catalog(Source("x", TRAILING_NEWLINE_BASE.replace(old, new)))
    assert located.catalog is None
    assert any(str(d).startswith(expected) for d in located.report), [str(d) for d in located.report]


def test_a_policy_naming_ids_of_an_empty_section_says_none_are_declared() -> None:
    text = (
        "product: {name: P, agent_name: A}\npolicy: {track: a, track_scenario: s}\ncomponents: []\n"
        "scenarios: []\nrollups:\n  - number: 1\n"
    )
    located = read_catalog(Source("x", text))
    assert [str(d) for d in located.report] == [
        "x:2:17: error: policy.track names 'a', which is not a declared component. "
        "Declared components: none.",
        "x:2:36: error: policy.track_scenario names 's', which is not a declared scenario. "
        "Declared scenarios: none.",
    ]


WITHDRAWN_CATALOG = """\
product: {name: P, agent_name: A}
policy: {track: agent}
components: [{id: agent, name: Agent}]
rollups:
  - number: 2
    versions: {agent: 9.11.2.1}
  - number: 1
    versions: {agent: 9.10.1.1}
    withdrawn: "Downloads were taken down for **data corruption**."
scenarios: [{id: s, title: S, components: [agent], steps: [Update.]}]
"""


def test_withdrawn_is_read_as_markdown_text() -> None:
    located = read_catalog(Source("x", WITHDRAWN_CATALOG))
    assert located.report.diagnostics == []
    assert located.catalog is not None
    newer, older = located.catalog.rollups
    assert newer.withdrawn is None
    assert older.withdrawn == "Downloads were taken down for **data corruption**."


def test_a_tracked_version_for_a_scenario_that_does_not_install_it_names_the_rollup() -> None:
    text = WITHDRAWN_CATALOG.replace("{agent: 9.11.2.1}", "{agent: {s: 9.11.2.1, t: 9.11.2.1}}").replace(
        "scenarios: [", "scenarios: [{id: t, title: T, components: [], steps: [Update.]}, "
    )
    located = read_catalog(Source("x", text))
    assert [str(d) for d in located.report.diagnostics] == [
        "x:6:40: error: rollup 2: scenario 't' does not install the tracked component 'agent' "
        "(its components: none), so no release of it can reach that scenario; the scenarios that do: s. "
        "Remove 't' here, or add 'agent' to that scenario's components"
    ]
