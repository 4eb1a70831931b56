"""Whatever the input, the validator reports problems; it never raises.

Hypothesis feeds it arbitrary text and broken copies of the synthetic catalog
(lines deleted, duplicated or garbled) and checks the report's invariants.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog.diagnostics import Report
from generator.catalog.validate import Located, read_catalog
from generator.catalog.yamlsource import LINE_END, Source, read_source

SYNTHETIC_TEXT = (Path(__file__).resolve().parent / "data" / "synthetic.yaml").read_text(encoding="utf-8")
LINES = SYNTHETIC_TEXT.splitlines(keepends=True)
YAML_SIGNIFICANT = [*":-[]{}&*!|>'\"#%@`,?\t\n ", "0", "9.", "x", "null", "~", "<b>", "\u202e"]
YAML_SIGNIFICANT += ["9" * 5000, '"\\ud800"', '"a\\rb\\x07"', "index"]
"""Issue 12's crash cases too: a 5,000-digit number, a lone surrogate, control characters."""

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(text: str) -> Located:
    located = read_catalog(Source("catalog.yaml", text))
    line_count = len(LINE_END.findall(text)) + 1  # a lone \r ends a line too
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


def test_every_kind_of_line_end_gives_the_same_positions() -> None:
    """A file with old Mac line ends (a lone \\r) was reported as one long line: ``1:3845``."""
    broken = SYNTHETIC_TEXT.replace("unified_setup: 9.29.5300.1", "unified_setup: 9.29.x.1")
    unclosed = SYNTHETIC_TEXT.replace("unified_setup: 9.29.5300.1", "unified_setup: [9.29")
    found: dict[str, list[str]] = {}
    for end in ("\n", "\r\n", "\r"):
        found[end] = [
            str(d.position) for text in (broken, unclosed) for d in _report(text.replace("\n", end))
        ]
    assert found["\n"] == ["catalog.yaml:80:22", "catalog.yaml:81:15"]
    assert found["\r"] == found["\r\n"] == found["\n"]


def _report(text: str) -> Report:
    return read_catalog(Source("catalog.yaml", text)).report


def test_a_byte_that_is_not_utf8_is_placed_on_its_line_whatever_the_line_ends(tmp_path: Path) -> None:
    for end in (b"\n", b"\r\n", b"\r"):
        path = tmp_path / "catalog.yaml"
        path.write_bytes(end.join([b"product:", b"  name: caf\xe9", b""]))
        report = Report()
        assert read_source(path, "catalog.yaml", report) is None
        assert [str(d.position) for d in report] == ["catalog.yaml:2:12"]
