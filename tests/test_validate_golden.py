"""Golden files for ``rollups validate``: each catalog snippet and its exact text output.

``tests/golden/validate/<case>.yaml`` is checked with a fixed "today" and the
output is compared with ``<case>.expected``. ``pytest --update-goldens``
rewrites the expected files on purpose; review the diff before committing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden" / "validate"
TODAY = "2024-06-15"
CASES = sorted(GOLDEN_DIR.glob("*.yaml"))
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$"
)
EMPTY_CASES = {"empty", "comments-only"}


def run_validate(case: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", "--catalog", case.relative_to(ROOT).as_posix(), "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ROLLUPS_TODAY", raising=False)


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_golden(case: Path, capsys: pytest.CaptureFixture[str], update_goldens: bool) -> None:
    code, out, err = run_validate(case, capsys)
    expected_file = case.with_suffix(".expected")
    if update_goldens:
        expected_file.write_text(out, encoding="utf-8")
    elif not expected_file.exists():
        pytest.fail(f"{expected_file.name} is missing; run pytest --update-goldens and review it")
    assert out == expected_file.read_text(encoding="utf-8")
    assert err == ""
    assert code == (1 if re.search(r"^\S+: error: ", out, re.MULTILINE) else 0)


def test_every_expected_file_has_its_case() -> None:
    orphans = {p.stem for p in GOLDEN_DIR.glob("*.expected")} - {p.stem for p in CASES}
    assert not orphans


def _diagnostics(case: Path) -> list[re.Match[str]]:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [m for m in map(DIAGNOSTIC.match, text.splitlines()) if m]


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_golden_points_at_a_node(case: Path) -> None:
    """Every diagnostic names this file and a line and column where YAML text stands."""
    diagnostics = _diagnostics(case)
    assert diagnostics, "a golden case reports at least one problem"
    lines = case.read_text(encoding="utf-8").splitlines()
    for match in diagnostics:
        assert match["path"] == case.relative_to(ROOT).as_posix()
        line, col = int(match["line"]), int(match["col"])
        if case.stem in EMPTY_CASES:
            assert (line, col) == (1, 1)
            continue
        text = lines[line - 1]
        assert col <= len(text), match.group(0)
        assert text[col - 1] == "\t" or not text[col - 1].isspace(), match.group(0)
        assert not text.lstrip().startswith("#"), match.group(0)


def test_golden_cases_cover_the_issue() -> None:
    """The defects issue 2 lists each have a golden case."""
    required = {
        "yaml-syntax",
        "unknown-key",
        "missing-key",
        "wrong-types",
        "version-malformed",
        "dup-number",
        "out-of-order",
        "kb-reused",
        "kb-reused-url-forms",
        "component-version-lower",
        "agent-backwards",
        "dates-out-of-order",
        "date-future",
        "numbering-gap",
        "agent-gap",
        "unsafe-ids",
        "unsafe-markup",
        "alias-bomb",
        "anchors",
        "empty",
        "top-level-list",
        "many-problems",
    }
    assert required <= {case.stem for case in CASES}


def test_golden_cases_cover_issue_12() -> None:
    """Text that is not one line, ids that would name an existing page, numbers beyond their bounds."""
    assert {"text-controls", "reserved-ids", "bounds"} <= {case.stem for case in CASES}


def test_messages_say_what_was_expected_and_received() -> None:
    text = (GOLDEN_DIR / "wrong-types.expected").read_text(encoding="utf-8")
    assert "Expected a whole number for policy.max_upgrade_gap but received the number 4.5." in text
    unknown = (GOLDEN_DIR / "unknown-key.expected").read_text(encoding="utf-8")
    assert "'kbb' is not a valid key of rollup 2. Did you mean 'kb'?" in unknown
    assert "'provder' is not a declared component. Did you mean 'provider'?" in unknown


def test_many_problems_are_reported_in_one_run() -> None:
    diagnostics = _diagnostics(GOLDEN_DIR / "many-problems.yaml")
    assert len({m["line"] for m in diagnostics}) >= 10
    assert sum(m["severity"] == "error" for m in diagnostics) >= 10
