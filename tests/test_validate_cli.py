"""``rollups validate``: output formats, exit codes and bad input that must never become a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog.yamlsource import MAX_BYTES
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = "tests/golden/validate"
TODAY = "2024-06-15"


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ROLLUPS_TODAY", raising=False)


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- formats -------------------------------------------------------------------


def test_text_on_the_shipped_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, "--today", "2025-01-01")  # after its newest rollup (October 2024)
    assert code == 0
    assert out == (
        "data/rollups.yaml:746:13: warning: no rollup 24 between rollups 25 and 23; if it exists, add it "
        "(even with no versions) so the numbering has no gap\n"
        "0 errors, 1 warning\n"
    )
    assert err == ""


def test_text_on_a_clean_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--catalog", "tests/data/synthetic.yaml", "--today", TODAY)
    assert (code, out) == (0, "tests/data/synthetic.yaml: ok\n")


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, "--catalog", f"{GOLDEN}/kb-reused.yaml", "--format", "github")
    assert code == 1
    assert out == (
        f"::error file={GOLDEN}/kb-reused.yaml,line=12,col=9::rollup 3 links to KB 4000002, which the "
        "older rollup 2 already links to (line 17); each rollup has its own KB article\n"
    )
    assert err == f"{GOLDEN}/kb-reused.yaml: 1 error, 0 warnings\n"


def test_github_escapes_new_lines_and_warnings_stay_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = validate(capsys, "--catalog", f"{GOLDEN}/missing-key.yaml", "--format", "github")
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[2].startswith(
        f"::error file={GOLDEN}/missing-key.yaml,line=10,col=5::the rollup at line 10 is missing"
    )
    assert "For example:%0A  - number: 32%0A" in lines[2]
    code, out, _ = validate(capsys, "--catalog", f"{GOLDEN}/numbering-gap.yaml", "--format", "github")
    assert code == 0
    assert out.startswith(f"::warning file={GOLDEN}/numbering-gap.yaml,line=20,col=13::no rollups 3 to 5 ")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(
        capsys, "--catalog", f"{GOLDEN}/date-future.yaml", "--format", "json", "--today", TODAY
    )
    assert code == 1
    assert err == ""
    payload = json.loads(out)
    assert payload["errors"] == 2
    assert payload["warnings"] == 0
    assert payload["diagnostics"][0] == {
        "path": f"{GOLDEN}/date-future.yaml",
        "line": 11,
        "col": 15,
        "severity": "error",
        "message": "rollup 3 is released on 2024-07, which is in the future (today is 2024-06-15)",
    }


def test_json_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--catalog", "tests/data/synthetic.yaml", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"errors": 0, "warnings": 0, "diagnostics": []}


# --- today -----------------------------------------------------------------------


def test_today_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLUPS_TODAY", "2030-01-01")
    code, out, _ = validate(capsys, "--catalog", f"{GOLDEN}/date-future.yaml")
    assert (code, out) == (0, f"{GOLDEN}/date-future.yaml: ok\n")
    code, _, _ = validate(capsys, "--catalog", f"{GOLDEN}/date-future.yaml", "--today", TODAY)
    assert code == 1, "--today wins over the environment"


def test_bad_today_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--today", "2024-13-01"])
    assert exit_info.value.code == 2
    assert "'2024-13-01' is not a date: expected YYYY-MM-DD" in capsys.readouterr().err
    monkeypatch.setenv("ROLLUPS_TODAY", "yesterday")
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "ROLLUPS_TODAY: 'yesterday' is not a date" in capsys.readouterr().err


def test_a_command_without_a_catalog_does_not_read_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLUPS_TODAY", "yesterday")
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title><p>x</p>\n", encoding="utf-8")
    assert main(["check-links", str(tmp_path)]) == 0
    assert "ROLLUPS_TODAY" not in capsys.readouterr().err


# --- exit code 2 -----------------------------------------------------------------


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, "--catalog", "no/such/catalog.yaml")
    assert (code, out) == (2, "")
    assert err == "error: cannot read no/such/catalog.yaml: No such file or directory\n"


def test_directory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, "--catalog", "tests")
    assert (code, out) == (2, "")
    assert err == "error: cannot read tests: Is a directory\n"


@pytest.mark.parametrize("args", [["--format", "xml"], ["--no-such-option"], ["extra"]])
def test_bad_usage(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("usage: rollups")


# --- content that is not a catalog -----------------------------------------------------


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10")
    code, out, _ = validate(capsys, "--catalog", str(image))
    assert code == 1
    assert out == f"{image}:1:1: error: the file is binary, not a YAML text file\n1 error, 0 warnings\n"


def test_invalid_utf8_points_at_the_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "latin1.yaml"
    catalog.write_bytes("product:\n  name: Caf\u00e9\n".encode("latin-1"))
    code, out, _ = validate(capsys, "--catalog", str(catalog))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{catalog}:2:12: error: the file is not valid UTF-8: byte 0xe9 at offset 20 "
        "(invalid continuation byte); save the file as UTF-8"
    )


def test_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "utf16.yaml"
    catalog.write_bytes("product: {}\n".encode("utf-16"))
    code, out, _ = validate(capsys, "--catalog", str(catalog))
    assert code == 1
    assert out.splitlines()[0] == f"{catalog}:1:1: error: the file is encoded as UTF-16; save it as UTF-8"


def test_control_character(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "nul.yaml"
    catalog.write_bytes(b"product:\n  name: a\x01b\n")
    code, out, _ = validate(capsys, "--catalog", str(catalog))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{catalog}:2:10: error: the file contains the control character U+0001, which YAML does not "
        "allow; remove it (is this a binary file?)"
    )


def test_file_larger_than_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    catalog.write_bytes(line * (MAX_BYTES // len(line) + 1))
    assert catalog.stat().st_size > MAX_BYTES
    code, out, _ = validate(capsys, "--catalog", str(catalog))
    assert code == 1
    assert out == (
        f"{catalog}:1:1: error: the file is larger than 5,242,880 bytes; a catalog of 10,000 rollups is "
        "about 3 MB, so this is not a catalog (or it should be split)\n1 error, 0 warnings\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--catalog", "/dev/zero")
    assert code == 1
    assert "the file is larger than 5,242,880 bytes" in out


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(bytes(range(256)))
    for catalog, expected_code in [("tests", 2), (str(binary), 1), (f"{GOLDEN}/alias-bomb.yaml", 1)]:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--catalog", catalog],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == expected_code, result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_the_command_exits_with_mains_status_and_leaves_its_objects_to_the_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc
    import signal

    from generator import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    assert gc.get_freeze_count() == 0
    try:
        with pytest.raises(SystemExit) as exited:
            cli.run()
        assert exited.value.code == 3
        assert gc.get_freeze_count() > 0  # shutdown's collections will skip them
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # the command is ending: no traceback
    finally:
        gc.unfreeze()  # the Ctrl-C handler is restored by conftest's _sigint_handler_restored


def test_python_dash_m_is_the_rollups_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--catalog", "data/rollups.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr, done.stdout.splitlines()[-1]) == (0, "", "0 errors, 1 warning")


@pytest.mark.parametrize("command", [["validate"], ["path", "9.16"], ["lint"], ["export", "out"]])
def test_the_default_catalog_missing_says_what_a_project_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A new user who runs rollups outside a site project learns where to run it, or what to pass."""
    monkeypatch.chdir(tmp_path)
    assert main(command) == 2
    assert capsys.readouterr().err == (
        "error: cannot read data/rollups.yaml: No such file or directory; run rollups in the folder of "
        "a site project (rollups new DIR creates one), or pass --catalog PATH\n"
    )
    assert list(tmp_path.iterdir()) == []
