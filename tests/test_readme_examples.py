"""The README's ``rollups path`` examples are what the command prints for the shipped catalog.

A reader copies them into a terminal first: an example that drifted from the
command (its wording, its exit, its numbers) is the first thing they find wrong.
"""

from __future__ import annotations

import io
import re
import shlex
from contextlib import redirect_stderr, redirect_stdout

import pytest

from generator import cli

from .conftest import ROOT, SHIPPED_CATALOG

README = ROOT / "README.md"


def path_examples() -> list[tuple[str, str]]:
    """Every ``$ rollups path ...`` line of a console block of the README, with the lines shown after it."""
    text = README.read_text(encoding="utf-8")
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"^```console\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL):
        for command in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            first, _, shown = command.partition("\n")
            if first.startswith("$ rollups path "):
                examples.append((first.removeprefix("$ "), shown))
    return examples


def test_the_readme_shows_path_examples() -> None:
    """The test below would pass on none: the README's examples are found."""
    assert [command for command, _ in path_examples()] == [
        "rollups path 9.16 --as-of 32",
        "rollups path 9.55",
        "rollups path 9.55 --scenario vmware-to-azure",
    ]


@pytest.mark.parametrize(("command", "shown"), path_examples())
def test_a_path_example_is_what_the_command_prints(command: str, shown: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        cli.main([*shlex.split(command)[1:], "--catalog", str(SHIPPED_CATALOG)])
    assert out.getvalue() + err.getvalue() == shown
