"""``rollups import`` on the command line: output file, stdout, exit codes."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.adoption import commands
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = "tests/data/legacy/service-updates-2019.md"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_writes_the_catalog_and_reports_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "rollups.yaml"
    assert main(["import", SEED, "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-2:] == [
        "5 errors, 12 warnings",
        f"imported 13 rollups, 4 components and 5 scenarios from {SEED} into {output}: it validates",
    ]
    assert f"{SEED}:103:2: error: this table will not render" in captured.err
    expected = (ROOT / "tests/data/legacy/service-updates-2019.expected.yaml").read_text()
    assert output.read_text() == expected
    assert main(["validate", "--catalog", str(output)]) == 0


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "rollups.yaml"
    output.write_text("keep me\n")
    assert main(["import", SEED, "-o", str(output)]) == 2
    assert capsys.readouterr().err == f"error: {output} exists; pass --force to overwrite it\n"
    assert output.read_text() == "keep me\n"
    assert main(["import", SEED, "-o", str(output), "--force"]) == 0
    assert output.read_text().startswith("# Imported by `rollups import`")


def test_stdout_and_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", SEED, "--format", "github"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (ROOT / "tests/data/legacy/service-updates-2019.expected.yaml").read_text()
    assert f"::error file={SEED},line=116,col=2::the link text 'Update Rollup 32'" in captured.err


def test_a_page_without_rollups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Release notes\n\nNothing to see.\n")
    assert main(["import", str(page)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{page}:1:1: error: found no rollups in the page")


def test_an_unreadable_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "missing.md")]) == 2
    assert "missing.md" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ("N-4", "N-" + "4" * 5000),
        ("9.20", "9." + "2" * 5000),
        ("N-4", "N+" + "1" * 300),
    ],
)
def test_numbers_too_long_to_be_figures_are_read_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], find: str, replace: str
) -> None:
    """Issue 12's 5,000-digit numbers in a hand-written page: no figure of the policy is read from them
    (Python refuses to convert such a string to a number), and the import ends with its report."""
    page = tmp_path / "page.md"
    page.write_text((ROOT / SEED).read_text(encoding="utf-8").replace(find, replace), encoding="utf-8")
    status = main(["import", str(page), "-o", str(tmp_path / "rollups.yaml")])
    captured = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in captured.err
    assert captured.err.splitlines()[-1].startswith(
        f"imported 13 rollups, 4 components and 5 scenarios from {page}"
    )


def test_a_dangling_link_is_not_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link where the output goes (planted in a shared folder, say) is an existing file: refused,
    and nothing is created where it points."""
    output, elsewhere = tmp_path / "rollups.yaml", tmp_path / "elsewhere.txt"
    output.symlink_to(elsewhere)
    assert main(["import", SEED, "-o", str(output)]) == 2
    assert capsys.readouterr().err == f"error: {output} exists; pass --force to overwrite it\n"
    assert not elsewhere.exists()


def test_force_replaces_the_file_a_link_names_keeping_its_permissions(tmp_path: Path) -> None:
    output, catalog = tmp_path / "rollups.yaml", tmp_path / "catalog.yaml"
    catalog.write_text("old\n")
    catalog.chmod(0o600)
    output.symlink_to(catalog.name)
    assert main(["import", SEED, "-o", str(output), "--force"]) == 0
    assert output.is_symlink()
    assert catalog.read_text() == (ROOT / "tests/data/legacy/service-updates-2019.expected.yaml").read_text()
    assert catalog.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.yaml", "rollups.yaml"]


def test_a_failed_overwrite_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "rollups.yaml"
    output.write_text("keep me\n")

    def full_disk(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(commands.os, "replace", full_disk)
    assert main(["import", SEED, "-o", str(output), "--force"]) == 2
    assert capsys.readouterr().err.endswith("error: No space left on device\n")
    assert output.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rollups.yaml"]  # no temporary file left
