"""Whatever the input, the validator reports problems; it never raises.

Hypothesis feeds it arbitrary text and broken copies of the synthetic catalog
(lines deleted, duplicated or garbled) and checks the report's invariants.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog.validate import Located, read_catalog
from generator.catalog.yamlsource import Source

SYNTHETIC_TEXT = (Path(__file__).resolve().parent / "data" / "synthetic.yaml").read_text(encoding="utf-8")
LINES = SYNTHETIC_TEXT.splitlines(keepends=True)
YAML_SIGNIFICANT = [*":-[]{}&*!|>'\"#%@`,?\t\n ", "0", "9.", "x", "null", "~", "<b>", "\u202e"]
YAML_SIGNIFICANT += ["9" * 5000, '"\\ud800"', '"a\\rb\\x07"', "index"]
"""Issue 12's crash cases too: a 5,000-digit number, a lone surrogate, control characters."""

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(text: str) -> Located:
    located = read_catalog(Source("catalog.yaml", text))
    line_count = text.count("\n") + 1
    for diagnostic in located.report:
        assert diagnostic.position.path == "catalog.yaml"
        assert 1 <= diagnostic.position.line <= line_count
        assert diagnostic.position.col >= 1
        assert diagnostic.message.strip()
    assert (located.catalog is None) == located.report.has_errors
    return located


@PROFILE
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    check_invariants(text)


@PROFILE
@given(st.data())
def test_broken_copies_of_a_valid_catalog(data: st.DataObject) -> None:
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            line = lines[index]
            column = data.draw(st.integers(0, max(0, len(line) - 1)))
            lines[index] = line[:column] + data.draw(st.sampled_from(YAML_SIGNIFICANT)) + line[column + 1 :]
    check_invariants("".join(lines))


def test_the_unbroken_catalog_passes() -> None:
    located = check_invariants(SYNTHETIC_TEXT)
    assert located.catalog is not None
