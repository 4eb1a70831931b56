"""``rollups path`` and release lines: one answer when every scenario agrees, else --scenario."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator import cli

from .conftest import ROOT

LINES_CATALOG = ROOT / "tests" / "data" / "lines.yaml"


def run_path(*argv: str, catalog: Path = LINES_CATALOG) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["path", *argv, "--catalog", str(catalog)])
    return code, out.getvalue(), err.getvalue()


def test_scenarios_that_differ_are_named_and_nothing_is_printed() -> None:
    code, out, err = run_path("9.55")
    assert (code, out) == (2, "")
    assert err == (
        "error: the upgrade path from 9.55 depends on the scenario (as of Update Rollup 8):\n"
        "  classic: 9.55 -> 9.59 -> reboot -> 9.60\n"
        "  modern: 9.55 -> 9.57 -> reboot -> 9.60\n"
        "Pass --scenario with one of: classic, modern.\n"
    )
    assert run_path("9.55", "--json")[:2] == (2, "")


def test_one_answer_for_every_scenario_is_printed_without_a_scenario() -> None:
    code, out, err = run_path("9.57")
    assert (code, err) == (0, "")
    assert out == (
        "Upgrade path from 9.57 to 9.60 (as of Update Rollup 8):\n"
        "  1. Upgrade to 9.60: install Update Rollup 8.\n"
    )
    code, out, _ = run_path("9.57", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["scenario"] is None
    assert payload["hops"] == ["9.60"]


def test_a_scenario_gets_the_path_on_its_own_releases() -> None:
    code, out, err = run_path("9.55", "--scenario", "classic")
    assert (code, err) == (0, "")
    assert out == (
        "Upgrade path from 9.55 to 9.60 for scenario classic (as of Update Rollup 8):\n"
        "  1. Upgrade to 9.59: install Update Rollup 7.\n"
        "  2. Reboot the machine (mandatory before the next upgrade).\n"
        "  3. Upgrade to 9.60: install Update Rollup 8.\n"
    )
    code, out, _ = run_path("9.55", "--scenario", "modern", "--json")
    payload = json.loads(out)
    assert (code, payload["scenario"], payload["hops"], payload["reboots_before"]) == (
        0,
        "modern",
        ["9.57", "9.60"],
        ["9.60"],
    )


def test_the_answer_without_a_scenario_is_as_of_the_rollup_asked() -> None:
    code, out, _ = run_path("9.53", "--as-of", "4", "--json")  # as of 4, every scenario got the same
    assert code == 0
    assert json.loads(out)["scenario"] is None
    assert json.loads(out)["hops"] == ["9.55"]


def test_an_unknown_scenario_is_a_usage_error_with_the_valid_ids() -> None:
    code, out, err = run_path("9.55", "--scenario", "modrn")
    assert (code, out) == (2, "")
    assert err == (
        "error: there is no scenario 'modrn'. Did you mean 'modern'? The tracked component is 'agent'; "
        "scenarios that install it: classic, modern\n"
    )
    code, _, err = run_path("9.55", "--scenario", "hyper-v")
    assert code == 2
    assert err == (
        "error: scenario 'hyper-v' does not install the tracked component 'agent', so it has no upgrade "
        "path; scenarios that install it: classic, modern\n"
    )


def test_a_withdrawn_or_unreceived_target_has_no_path_and_says_why() -> None:
    code, _, err = run_path("9.53", "--to", "9.54", "--scenario", "modern")
    assert code == 1
    assert err == (
        "error: no upgrade path from 9.53 to 9.54 for scenario modern (as of Update Rollup 8): "
        "9.54 was withdrawn with Update Rollup 3 "
        "(released: 9.53, 9.55, 9.56, 9.57, 9.60)\n"
    )
    code, out, err = run_path("9.57", "--to", "9.59")
    assert (code, out) == (2, "")
    assert err.splitlines()[1:3] == [
        "  classic: 9.57 -> 9.59",
        "  modern: no path: 9.59 was not released for modern (released: 9.53, 9.55, 9.56, 9.57, 9.60)",
    ]


def test_from_the_target_itself_there_is_nothing_to_do() -> None:
    """Not "9.60 is already 9.60": the sentence says where the machine is."""
    code, out, err = run_path("9.60")
    assert (code, err) == (0, "")
    assert out == (
        "Upgrade path from 9.60 to 9.60 (as of Update Rollup 8):\n"
        "  Nothing to do: the machine is already on 9.60.\n"
    )


def test_a_rollup_the_catalog_lacks_is_a_usage_error_naming_the_ones_it_has() -> None:
    """As an unknown --scenario is: exit 2, nothing printed, the valid numbers."""
    for argv in (("9.55",), ("9.55", "--scenario", "classic"), ("9.55", "--json")):
        assert run_path(*argv, "--as-of", "9") == (
            2,
            "",
            "error: there is no rollup 9 in the catalog; its rollups are 2 to 8\n",
        )


def test_a_scenario_with_nothing_released_yet_has_no_path_and_says_why(tmp_path: Path) -> None:
    """Rollup 2 released to modern only: as of 2, classic has no N. The reason is the API's, and --json
    prints it as for any other question without a path."""
    text = LINES_CATALOG.read_text(encoding="utf-8")
    first = "  - number: 2\n    released: 2023-08-08\n    versions:\n      agent: 9.53.2.1\n"
    assert first in text
    catalog = tmp_path / "rollups.yaml"
    catalog.write_text(
        text.replace(first, first.replace("agent: 9.53.2.1", "agent:\n        modern: 9.53.2.1")),
        encoding="utf-8",
    )
    argv = ["9.53", "--scenario", "classic", "--as-of", "2"]
    reason = "nothing was released for this scenario as of Update Rollup 2"
    code, out, err = run_path(*argv, catalog=catalog)
    assert (code, out, err) == (1, "", f"error: no upgrade path from 9.53 for scenario classic: {reason}\n")
    code, out, err = run_path(*argv, "--to", "9.55", "--json", catalog=catalog)
    assert code == 1
    printed = {"as_of": 2, "from": "9.53", "to": "9.55", "error": reason, "scenario": "classic"}
    assert json.loads(out) == printed
    assert err == f"error: no upgrade path from 9.53 to 9.55 for scenario classic: {reason}\n"


SEED_CATALOG = ROOT / "tests" / "data" / "seed-2019.yaml"


def test_a_step_names_the_rollup_to_install_and_the_others_that_shipped_it() -> None:
    """As the version's page says it: the newest rollup of that version to install, not a list of three
    that reads as three installs."""
    code, out, err = run_path("9.16", "--to", "9.19", catalog=SEED_CATALOG)
    assert (code, err) == (0, "")
    assert out == (
        "Upgrade path from 9.16 to 9.19 (as of Update Rollup 32):\n"
        "  1. Upgrade to 9.19: install Update Rollup 30"
        " (also shipped by Update Rollup 29, Update Rollup 28).\n"
    )


def test_no_path_says_as_of_which_rollup_it_holds() -> None:
    """9.60 is released, but not as of rollup 7: the error says as of when, as the answer's heading does."""
    code, out, err = run_path("9.55", "--to", "9.60", "--as-of", "7", "--scenario", "classic")
    assert (code, out) == (1, "")
    assert err == (
        "error: no upgrade path from 9.55 to 9.60 for scenario classic (as of Update Rollup 7): "
        "9.60 is not a released version (released: 9.53, 9.55, 9.57, 9.59)\n"
    )
    code, out, err = run_path("9.16", "--to", "9.20", "--as-of", "28", catalog=SEED_CATALOG)
    assert (code, out) == (1, "")
    assert err == (
        "error: no upgrade path from 9.16 to 9.20 (as of Update Rollup 28): "
        "9.20 is not a released version (released: 9.18, 9.19)\n"
    )


def refusal(*argv: str) -> tuple[int, str]:
    """The exit code and last line of an argument argparse refuses (it exits: nothing is returned)."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err), pytest.raises(SystemExit) as exited:
        cli.main(["path", *argv, "--catalog", str(LINES_CATALOG)])
    assert isinstance(exited.value.code, int)
    return exited.value.code, err.getvalue().splitlines()[-1]


def test_a_build_number_is_answered_with_its_agent_version() -> None:
    """A machine reports 9.55.4.1: the refusal (exit 2, as for any unreadable version) names 9.55."""
    for given in ("9.55.4.1", "9.55.4"):
        assert refusal(given) == (
            2,
            f"rollups path: error: argument FROM: '{given}' is a build number; "
            "the agent version is its major.minor, 9.55",
        )
    assert refusal("9.55", "--last-reboot", "9.53.2.1") == (
        2,
        "rollups path: error: argument --last-reboot: '9.53.2.1' is a build number; "
        "the agent version is its major.minor, 9.53",
    )
    # A part longer than a version takes is no build number of a version: the usual refusal.
    assert refusal("9.55.1234567890") == (
        2,
        "rollups path: error: argument FROM: '9.55.1234567890' is not an agent version: "
        "expected major.minor, such as 9.16",
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("ur-7", "'ur-7' is not a rollup number: write its number alone, 7"),
        ("Update Rollup 7", "'Update Rollup 7' is not a rollup number: write its number alone, 7"),
        ("seven", "'seven' is not a rollup number: expected a whole number, such as 32"),
    ],
)
def test_as_of_takes_a_rollups_number_and_says_which_when_given_its_name(given: str, message: str) -> None:
    assert refusal("9.55", "--as-of", given) == (2, f"rollups path: error: argument --as-of: {message}")
