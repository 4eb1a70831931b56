"""Validation names a rollup by its number ("rollup 28"), never by its place in the list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog.diagnostics import format_text
from generator.catalog.validate import read_catalog
from generator.catalog.values import Named, name
from generator.catalog.yamlsource import Source

ROOT = Path(__file__).resolve().parent.parent
HEAD = """\
product: {name: Contoso, agent_name: Agent}
policy: {track: agent}
components: [{id: agent, name: Agent}]
scenarios: [{id: all, title: All, steps: [Update.]}]
rollups:
"""


def messages(rollups: str) -> list[str]:
    return format_text(read_catalog(Source("c.yaml", HEAD + rollups)).report).splitlines()[:-1]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (("rollups", Named(54, "rollup 28", numbered=True)), "rollup 28"),
        (
            ("rollups", Named(54, "rollup 28", numbered=True), "versions", "agent"),
            "rollup 28's versions.agent",
        ),
        (
            ("rollups", Named(0, "the rollup at line 9", numbered=False), "number"),
            "the number of the rollup at line 9",
        ),
        (("components", 3, "name"), "components[3].name"),
        ((), "the catalog"),
    ],
)
def test_names(where: tuple[str | int, ...], expected: str) -> None:
    assert name(where) == expected


def test_a_named_index_is_the_plain_index_for_positions() -> None:
    index = Named(3, "rollup 28", numbered=True)
    assert index == 3 and hash(index) == hash(3)
    assert {("rollups", 3, "kb"): "found"}[("rollups", index, "kb")] == "found"


def test_a_rollup_is_named_by_its_number_wherever_it_stands() -> None:
    lines = messages(
        "  - number: 29\n    versions: {agent: 9.19.1.1}\n"
        "  - number: 28\n    kb: not a link\n    versions: {agent: 9.18.1.1}\n"
    )
    assert lines == [
        "c.yaml:9:9: error: 'not a link' is not a valid link for rollup 28's kb: expected an http(s) URL, "
        "such as https://support.microsoft.com/help/4485985"
    ]


@pytest.mark.parametrize("number", ["five", "0", "9.5", "1234567890123"])
def test_a_rollup_without_a_readable_number_is_named_by_its_line(number: str) -> None:
    lines = messages(f"  - number: 2\n    versions: {{agent: 9.2.1.1}}\n  - number: {number}\n    kbb: x\n")
    assert (
        "c.yaml:9:5: error: 'kbb' is not a valid key of the rollup at line 8. Did you mean 'kb'? Valid keys: "
        "number, released, kb, versions, notes, withdrawn."
    ) in lines


def test_no_golden_validation_message_names_a_rollup_by_its_place() -> None:
    expected = sorted((ROOT / "tests" / "golden" / "validate").glob("*.expected"))
    assert expected
    for path in expected:
        assert not re.search(r"rollups\[\d", path.read_text(encoding="utf-8")), path.name
