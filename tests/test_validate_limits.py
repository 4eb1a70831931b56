"""What issue 12 asks of the validator: text fields hold text, ids name no page the site already has,
numbers are bounded; every such problem is one located message, never a traceback.

The crash cases of the issue (a 5,000-digit rollup or policy number, a 300-digit rollup number, a
lone surrogate, a reboot gap of a billion) each give ``rollups validate`` exit 1 and stop
``rollups build`` with the same message before anything is built.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog.characters import control_problem, escaped, surrogate_problem
from generator.catalog.diagnostics import Position, Report, format_github, format_text
from generator.catalog.model import MAX_POLICY_NUMBER, MAX_ROLLUP_NUMBER, VERSION_PART_DIGITS
from generator.catalog.validate import read_catalog
from generator.catalog.yamlsource import Source
from generator.cli import main

from .conftest import ROOT

BASE = (
    "product: {name: P, agent_name: A}\n"
    "policy: {track: a, reboot_gap: 4}\n"
    "components: [{id: a, name: A}]\n"
    "scenarios: [{id: s, title: S, steps: [Do it.]}]\n"
    "rollups:\n"
    "  - number: 1\n"
    "    versions: {a: 9.1.1.1}\n"
)


def errors(old: str, new: str) -> list[str]:
    """The errors of ``BASE`` with ``old`` replaced by ``new`` (``BASE`` itself has none)."""
    assert old in BASE
    located = read_catalog(Source("x", BASE.replace(old, new, 1)))
    assert (located.catalog is None) == located.report.has_errors
    return [str(d) for d in located.report.errors]


def test_the_base_catalog_is_valid() -> None:
    assert errors("title: S", "title: S") == []


# --- control characters and lone surrogates -------------------------------------------------------

ONE_LINE = "expected one line of plain text."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: S",
            'title: "S\\nT"',
            "x:4:28: error: scenarios[0].title contains a line feed (U+000A) at character 2 "
            f"(remove the line break); {ONE_LINE}",
        ),
        (
            "agent_name: A",
            'agent_name: "A\\rEND:VEVENT\\r"',
            "x:1:32: error: product.agent_name contains a carriage return (U+000D) at character 2 "
            f"(remove the line break); {ONE_LINE}",
        ),
        (
            "name: P",
            'name: "P\\tQ"',
            "x:1:17: error: product.name contains a tab (U+0009) at character 2 (write a space instead); "
            f"{ONE_LINE}",
        ),
        (
            "{id: a, name: A}",
            '{id: a, name: "A\\x07"}',
            "x:3:28: error: components[0].name contains the control character U+0007 at character 2 "
            f"(remove it); {ONE_LINE}",
        ),
        (
            "title: S",
            'title: "S\\x7f"',
            f"x:4:28: error: scenarios[0].title contains the control character U+007F at character 2 "
            f"(remove it); {ONE_LINE}",
        ),
        (
            "title: S",
            'title: "S\\x9b"',
            f"x:4:28: error: scenarios[0].title contains the control character U+009B at character 2 "
            f"(remove it); {ONE_LINE}",
        ),
        (
            "title: S",
            'title: "S\\NT"',
            "x:4:28: error: scenarios[0].title contains a next-line character (U+0085) at character 2 "
            f"(remove the line break); {ONE_LINE}",
        ),
        (
            "title: S",
            'title: "S\\LT"',
            "x:4:28: error: scenarios[0].title contains a line separator (U+2028) at character 2 "
            f"(remove the line break); {ONE_LINE}",
        ),
        (
            "title: S",
            'title: "S\\n"',
            "x:4:28: error: scenarios[0].title contains a line feed (U+000A) at character 2 (a '|' or '>' "
            "block keeps its last line break: use '|-' or '>-', or write it on the key's line); "
            f"{ONE_LINE}",
        ),
        (
            "steps: [Do it.]",
            'steps: ["Do it.\\r\\nThen this."]',
            "x:4:39: error: scenarios[0].steps[0] contains a carriage return (U+000D) at character 7 "
            "(end lines with a line feed, \\n, only); expected Markdown.",
        ),
        (
            "steps: [Do it.]",
            'steps: ["Do it.\\nThen \\x1b[31mthis."]',
            "x:4:39: error: scenarios[0].steps[0] contains the control character U+001B at character 6 "
            "of its line 2 (remove it); expected Markdown.",
        ),
    ],
)
def test_control_characters_are_refused_where_they_stand(old: str, new: str, expected: str) -> None:
    assert errors(old, new) == [expected]


@pytest.mark.parametrize(
    "step",
    ['"Do it.\\nThen this."', '"Do it:\\n\\n\\tcode\\n"', "'Do it.\tThen this.'"],
)
def test_markdown_may_break_lines_and_indent_with_tabs(step: str) -> None:
    assert errors("steps: [Do it.]", f"steps: [{step}]") == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: S",
            'title: "S \\ud800 T"',
            "x:4:28: error: scenarios[0].title contains a lone surrogate (U+D800) at character 3, which is "
            "half of a UTF-16 pair and not a character; remove it.",
        ),
        (
            "title: S",
            'title: "Smile \\ud83d\\ude00"',
            "x:4:28: error: scenarios[0].title contains a lone surrogate (U+D83D) at character 7, which is "
            'half of a UTF-16 pair and not a character (YAML does not join "\\u" pairs: write the '
            'character itself, or "\\U0001F600"); remove it.',
        ),
        (
            "steps: [Do it.]",
            'steps: ["Do it.\\n\\udc00"]',
            "x:4:39: error: scenarios[0].steps[0] contains a lone surrogate (U+DC00) at character 1 of its "
            "line 2, which is half of a UTF-16 pair and not a character; remove it.",
        ),
        (
            "{id: a,",
            '{id: "a\\ud800",',
            "x:3:19: error: components[0].id contains a lone surrogate (U+D800) at character 2, which is "
            "half of a UTF-16 pair and not a character; remove it.",
        ),
        (
            "number: 1\n",
            'number: 1\n    kb: "https://example.com/\\ud800"\n',
            "x:7:9: error: rollup 1's kb contains a lone surrogate (U+D800) at character 21, which is half "
            "of a UTF-16 pair and not a character; remove it.",
        ),
        (
            "number: 1\n",
            'number: 1\n    "k\\ud800b": x\n',
            "x:7:5: error: 'k\\ud800b' is not a valid key of rollup 1. Did you mean 'kb'? "
            "Valid keys: number, released, kb, versions, notes, withdrawn.",
        ),
        (
            "versions: {a: 9.1.1.1}",
            'versions: {a: 9.1.1.1, "b\\ud800": 1.0}',
            "x:7:28: error: 'b\\ud800' is not a declared component. Declared components: a; "
            "add it under components first if it is new.",
        ),
    ],
)
def test_lone_surrogates_are_refused_in_every_value_and_shown_escaped(
    old: str, new: str, expected: str
) -> None:
    assert errors(old, new)[0] == expected


def test_an_emoji_written_as_itself_or_as_one_escape_is_text() -> None:
    assert errors("title: S", 'title: "Smile \\U0001F600 \U0001f600"') == []


def test_messages_show_hidden_characters_as_escapes() -> None:
    assert escaped("a\u200bb\x07\ud800\n\t\r\x85\u2028") == "a\\u200bb\\x07\\ud800\\n\\t\\r\\x85\\u2028"
    assert escaped("caf\u00e9 \U0001f600") == "caf\u00e9 \U0001f600"
    assert control_problem("caf\u00e9", one_line=True) == ""
    assert surrogate_problem("\U0001f600") == ""


def test_a_message_holding_a_lone_surrogate_still_prints() -> None:
    """The formatters' own guarantee, whatever a message quotes."""
    report = Report()
    report.error(Position("x"), "a\ud800b")
    assert format_text(report) == "x:1:1: error: a\\ud800b\n1 error, 0 warnings"
    assert format_github(report) == "::error file=x,line=1,col=1::a\\ud800b"
    format_text(report).encode("utf-8")


def test_utf8_encoded_surrogates_are_invalid_utf8_at_their_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "cesu.yaml"
    catalog.write_bytes(b"product:\n  name: a\xed\xa0\x80b\n")
    assert main(["validate", "--catalog", str(catalog)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{catalog}:2:10: error: the file is not valid UTF-8: byte 0xed at offset 18 "
        "(invalid continuation byte); save the file as UTF-8"
    )


# --- ids that would name a page the site already has ------------------------------------------------


@pytest.mark.parametrize(
    ("sid", "reason"),
    [
        (
            "index",
            "scenarios/index.md is the list of every scenario, and a scenario with this id would take its "
            "place",
        ),
        (
            "con",
            "it is a device name on Windows, where no file or folder can have that name "
            "(the page would be scenarios/con.md)",
        ),
        (
            "lpt1",
            "it is a device name on Windows, where no file or folder can have that name "
            "(the page would be scenarios/lpt1.md)",
        ),
    ],
)
def test_reserved_scenario_ids_are_refused_at_their_line(sid: str, reason: str) -> None:
    assert errors("{id: s,", f"{{id: {sid},") == [
        f"x:4:18: error: '{sid}' is a reserved scenario id for scenarios[0].id: {reason}; "
        "choose another id, such as 'vmware-to-azure'"
    ]


@pytest.mark.parametrize("sid", ["indexes", "index-2", "console", "com10", "nul_"])
def test_ids_near_a_reserved_one_are_fine(sid: str) -> None:
    assert errors("{id: s,", f"{{id: {sid},") == []


def test_a_component_may_be_called_index() -> None:
    """Component ids name no page, so no page name is reserved for them."""
    text = BASE.replace("{id: a,", "{id: index,").replace("track: a", "track: index")
    text = text.replace("{a: 9.1.1.1}", "{index: 9.1.1.1}")
    assert read_catalog(Source("x", text)).report.errors == []


# --- bounded numbers ----------------------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "number: 1",
            "number: 0",
            "x:6:13: error: Expected a whole number from 1 to 99999 for the number of the rollup at line 6 "
            "but received 0.",
        ),
        (
            "number: 1",
            "number: 100000",
            "x:6:13: error: Expected a whole number from 1 to 99999 for "
            "the number of the rollup at line 6 but received 100000.",
        ),
        (
            "number: 1",
            "number: " + "9" * 300,
            "x:6:13: error: Expected a whole number from 1 to 99999 for "
            "the number of the rollup at line 6 but received a number of 300 digits.",
        ),
        (
            "number: 1",
            f"number: {HUGE}",
            "x:6:13: error: Expected a whole number from 1 to 99999 for "
            "the number of the rollup at line 6 but received a number of 5,000 digits.",
        ),
        (
            "reboot_gap: 4",
            "reboot_gap: 1000000000",
            "x:2:32: error: Expected a whole number from 1 to 50 "
            "for policy.reboot_gap but received 1000000000.",
        ),
        (
            "reboot_gap: 4",
            f"reboot_gap: {HUGE}",
            "x:2:32: error: Expected a whole number from 1 to 50 for "
            "policy.reboot_gap but received a number of 5,000 digits.",
        ),
        (
            "reboot_gap: 4",
            "support_window: 51",
            "x:2:36: error: Expected a whole number from 1 to 50 for policy.support_window but received 51.",
        ),
        (
            "reboot_gap: 4",
            "max_upgrade_gap: 0051",
            "x:2:37: error: Expected a whole number from 1 to 50 for policy.max_upgrade_gap but received 51.",
        ),
        (
            "{a: 9.1.1.1}",
            "{a: 9.1.1.1234567890}",
            "x:7:19: error: malformed version '9.1.1.1234567890' for "
            "rollup 1's versions.a (a part has 10 digits): expected two to four numbers of at most 9 digits "
            "separated by dots, such as 9.21.5091.1",
        ),
        (
            "{a: 9.1.1.1}",
            f'{{a: "9.{HUGE}"}}',
            "x:7:19: error: malformed version '9.99999999999999999999999999999999999...' "
            "for rollup 1's versions.a (a part has 5,000 digits): expected two to four numbers of at most 9 "
            "digits separated by dots, such as 9.21.5091.1",
        ),
    ],
)
def test_numbers_out_of_bounds_are_refused_with_the_bounds(old: str, new: str, expected: str) -> None:
    assert errors(old, new) == [expected]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("number: 1", "number: 99999"),
        ("reboot_gap: 4", "reboot_gap: 50"),
        ("reboot_gap: 4", "support_window: 50, max_upgrade_gap: 50, reboot_gap: 50"),
        ("{a: 9.1.1.1}", "{a: 999999999.999999999.999999999.999999999}"),
    ],
)
def test_numbers_at_their_bounds_are_fine(old: str, new: str) -> None:
    assert errors(old, new) == []


# --- the crash cases, through the command ---------------------------------------------------------------

CRASH_CASES = {
    "5000-digit rollup number": (
        "number: 1",
        f"number: {HUGE}",
        "x.yaml:6:13: error: Expected a whole number from 1 to 99999 for the number of the rollup at line 6 "
        "but received a "
        "number of 5,000 digits.",
    ),
    "5000-digit policy number": (
        "reboot_gap: 4",
        f"reboot_gap: {HUGE}",
        "x.yaml:2:32: error: Expected a whole number from 1 to 50 for policy.reboot_gap but received a "
        "number of 5,000 digits.",
    ),
    "300-digit rollup number": (
        "number: 1",
        "number: " + "9" * 300,
        "x.yaml:6:13: error: Expected a whole number from 1 to 99999 for the number of the rollup at line 6 "
        "but received a "
        "number of 300 digits.",
    ),
    "lone surrogate": (
        "title: S",
        'title: "\\ud800"',
        "x.yaml:4:28: error: scenarios[0].title contains a lone surrogate (U+D800) at character 1, which "
        "is half of a UTF-16 pair and not a character; remove it.",
    ),
    "reboot gap of a billion": (
        "reboot_gap: 4",
        "reboot_gap: 1000000000",
        "x.yaml:2:32: error: Expected a whole number from 1 to 50 for policy.reboot_gap but received "
        "1000000000.",
    ),
    "scenario id index": (
        "{id: s,",
        "{id: index,",
        "x.yaml:4:18: error: 'index' is a reserved scenario id for scenarios[0].id: scenarios/index.md is "
        "the list of every scenario, and a scenario with this id would take its place; choose another "
        "id, such as 'vmware-to-azure'",
    ),
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a throwaway folder, where a build would write ``site/``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ROLLUPS_TODAY", raising=False)
    return tmp_path


@pytest.mark.parametrize("case", CRASH_CASES, ids=str)
def test_validate_and_build_refuse_with_one_located_message(
    case: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, expected = CRASH_CASES[case]
    assert old in BASE
    (in_tmp / "x.yaml").write_text(BASE.replace(old, new, 1), encoding="utf-8")
    assert main(["validate", "--catalog", "x.yaml"]) == 1
    assert capsys.readouterr().out == f"{expected}\n1 error, 0 warnings\n"
    assert main(["build", "--catalog", "x.yaml", "-d", "site"]) == 1
    assert capsys.readouterr() == ("", f"{expected}\n1 error, 0 warnings\n")
    assert not (in_tmp / "site").exists()


def test_the_real_command_prints_no_traceback(tmp_path: Path) -> None:
    catalog = tmp_path / "x.yaml"
    text = BASE.replace("number: 1", f"number: {HUGE}").replace("title: S", 'title: "\\ud800"')
    catalog.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--catalog", str(catalog)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.endswith("2 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "9.99999999999999999999",
            "'9.99999999999999999999' is not an agent version: a part has 20 digits; expected major.minor "
            "with at most 9 digits each, such as 9.16",
        ),
        (
            f"9.{HUGE}",
            "'9.99999999999999999999999999999999999...' is not an agent version: a part has 5000 digits; "
            "expected major.minor with at most 9 digits each, such as 9.16",
        ),
    ],
)
def test_path_refuses_versions_beyond_the_bound_in_one_line(
    argument: str, message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exited:
        main(["path", argument])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"rollups path: error: argument FROM: {message}"


def test_path_keeps_the_largest_version_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "x.yaml"
    catalog.write_text(BASE.replace("{a: 9.1.1.1}", "{a: 9.999999999.1.1}"), encoding="utf-8")
    assert main(["path", "9.999999995", "--catalog", str(catalog), "--json"]) == 0
    assert '"hops": [\n    "9.999999999"\n  ]' in capsys.readouterr().out


def test_the_readme_states_the_bounds_the_validator_applies() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"a rollup number is from 1 to {MAX_ROLLUP_NUMBER};" in readme
    assert f"`reboot_gap` are from 1 to {MAX_POLICY_NUMBER};" in readme
    assert f"numbers of at most {VERSION_PART_DIGITS} digits each" in readme


def test_a_megabyte_name_is_refused_at_its_place() -> None:
    """A 1 MB product name validated, then was repeated on every page of every snapshot."""
    assert errors("name: P,", f"name: {'P' * (1 << 20)},") == [
        "x:1:17: error: product.name is too long: expected at most 200 characters but found 1,048,576."
    ]
    assert errors("steps: [Do it.]", f"steps: [{'D' * 10_001}]") == [
        "x:4:39: error: scenarios[0].steps[0] is too long: expected at most 10,000 characters "
        "but found 10,001."
    ]
