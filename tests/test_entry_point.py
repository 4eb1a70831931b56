"""The ``rollups`` entry point: ``--version``, and an unexpected error (a bug) told apart from bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import generator
import generator.__main__ as entry
from generator import cli


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"rollups {generator.__version__}\n"


def explode(argv: object = None) -> int:
    raise ValueError("a list index\nthat ran over")


def test_a_bug_exits_70_with_one_line_that_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "main", explode)
    monkeypatch.delenv(entry.DEBUG_VARIABLE, raising=False)
    with pytest.raises(SystemExit) as exit_:
        entry.run()
    assert exit_.value.code == entry.EXIT_BUG == 70
    assert capsys.readouterr().err == (
        f"error: unexpected ValueError (a list index that ran over). This is a bug of rollups "
        f"{generator.__version__}: please report it with the command you ran; run it again with "
        "ROLLUPS_DEBUG=1 to see the traceback\n"
    )


def test_with_rollups_debug_a_bug_shows_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "main", explode)
    monkeypatch.setenv(entry.DEBUG_VARIABLE, "1")
    with pytest.raises(SystemExit) as exit_:
        entry.run()
    assert exit_.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'raise ValueError("a list index\\nthat ran over")' in err
    assert err.endswith(
        f"bug of rollups {generator.__version__}: please report it with the command you ran\n"
    )


@pytest.mark.parametrize(("value", "debugging"), [("", False), ("0", False), ("1", True), ("yes", True)])
def test_what_rollups_debug_accepts(value: str, debugging: bool) -> None:
    assert entry.debugging({entry.DEBUG_VARIABLE: value}) is debugging


def test_bad_input_and_io_problems_are_not_bugs() -> None:
    """The same entry point, for real: a missing catalog is an I/O problem (2), not a bug (70)."""
    missing = subprocess.run(
        [sys.executable, "-m", "generator", "path", "9.16", "--catalog", "nowhere.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (missing.returncode, missing.stderr) == (
        2,
        "error: cannot read nowhere.yaml: No such file or directory\n",
    )


def test_a_console_that_cannot_show_a_character_gets_it_escaped(tmp_path: Path) -> None:
    """A Windows console's code page lacks most of Unicode: the command goes on, the character escaped."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "new", "café"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="ascii",
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(
        "created mkdocs.yml, data/rollups.yaml, content/index.md, .gitignore in caf\\xe9/\n"
    )
