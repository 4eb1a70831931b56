"""What the prose folder may hold: no link out of it, to nothing or round in a circle, no pipe or device.

MkDocs walks ``docs_dir`` following links and publishes what it finds: ``x.md -> /etc/passwd`` was
published, ``x.md -> /dev/zero`` ran until memory ran out. Every such entry is refused, all in one run,
before anything in the folder is read. Every case is built in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from generator.catalog.diagnostics import InvalidInput, Report, format_text
from generator.cli import main
from generator.pages.content import prose_files, read_content
from tests.conftest import ROOT, SITE_FIXTURE

NOT_A_FILE = "{kind}, not a file: it would be read for ever; expected a page or a file, remove it"
LOOP = "which leads back to a folder it is in: the folder would be walked round and round; remove the link"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "sub" / "page.md").write_text("# Page\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
    return folder


def _problems(folder: Path) -> tuple[list[str], list[str]]:
    report = Report()
    files = prose_files(folder, report)
    return files, [str(d) for d in report.diagnostics]


def test_links_inside_the_folder_stay(content: Path) -> None:
    (content / "alias.md").symlink_to("index.md")
    (content / "shared").symlink_to(content / "sub")
    assert _problems(content) == (["alias.md", "index.md", "shared/page.md", "sub/page.md"], [])


def test_every_entry_that_must_not_be_there_is_reported_at_once(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    (content / "x.md").symlink_to(secret)
    (content / "zero.md").symlink_to("/dev/zero")
    (content / "outside").symlink_to(tmp_path)
    (content / "gone.md").symlink_to("missing.md")
    (content / "sub" / "loop").symlink_to("..")
    os.mkfifo(content / "pipe.md")
    (content / ".hidden").symlink_to(tmp_path)  # MkDocs walks hidden folders too
    os.mkfifo(content / ".editor-pipe")  # hidden files are neither read nor published: left alone
    (content / ".#index.md").symlink_to("user@host.123:456")  # an editor's lock, pointing nowhere
    files, problems = _problems(content)
    assert files == ["index.md", "sub/page.md"]
    outside = (
        "outside the prose folder: it would be published; copy what it should show into the folder, "
        "or remove the link"
    )
    assert problems == [
        f"{content}/.hidden:1:1: error: a symbolic link to {tmp_path}, {outside}",
        f"{content}/gone.md:1:1: error: a symbolic link to {content}/missing.md, which does not exist; "
        "remove the link",
        f"{content}/outside:1:1: error: a symbolic link to {tmp_path}, {outside}",
        f"{content}/pipe.md:1:1: error: {NOT_A_FILE.format(kind='a named pipe')}",
        f"{content}/sub/loop:1:1: error: a symbolic link to {content}, {LOOP}",
        f"{content}/x.md:1:1: error: a symbolic link to {secret}, {outside}",
        f"{content}/zero.md:1:1: error: a symbolic link to /dev/zero, {outside}",
    ]


def test_a_circle_of_two_links_is_found(content: Path) -> None:
    (content / "a").mkdir()
    (content / "a" / "to-sub").symlink_to(content / "sub")
    (content / "sub" / "to-a").symlink_to(content / "a")
    assert _problems(content)[1] == [  # each at its own place, not at a path through the other link
        f"{content}/sub/to-a:1:1: error: a symbolic link to {content}/a, {LOOP}",
        f"{content}/a/to-sub:1:1: error: a symbolic link to {content}/sub, {LOOP}",
    ]


def test_a_socket_is_refused(content: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(content / "s.md"))
        assert _problems(content)[1] == [f"{content}/s.md:1:1: error: {NOT_A_FILE.format(kind='a socket')}"]


def test_read_content_reads_nothing_of_a_refused_folder(content: Path, tmp_path: Path) -> None:
    (content / "x.md").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(InvalidInput) as caught:
        read_content(content)
    assert "x.md:1:1: error: a symbolic link to" in format_text(caught.value.report)


def test_a_missing_folder_has_no_prose(tmp_path: Path) -> None:
    assert _problems(tmp_path / "absent") == ([], [])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    shutil.copy(SITE_FIXTURE, folder / "data" / "rollups.yaml")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    monkeypatch.chdir(folder)
    (folder / "content" / "passwd.md").symlink_to(tmp_path / "secret.txt")
    os.mkfifo(folder / "content" / "pipe.md")
    (tmp_path / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
    return folder


EXPECTED = [
    "content/passwd.md:1:1: error: a symbolic link to {secret}, outside the prose folder: it would be "
    "published; copy what it should show into the folder, or remove the link",
    "content/pipe.md:1:1: error: a named pipe, not a file: it would be read for ever; expected a page or a "
    "file, remove it",
]


@pytest.mark.parametrize(
    "args", [["build", "-d", "out"], ["build", "--all-versions", "-d", "out"], ["export", "out"]]
)
def test_build_and_export_refuse_before_writing_anything(
    project: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(os.listdir(project))
    assert main(args) == 1
    err = capsys.readouterr().err
    secret = project.parent / "secret.txt"
    for line in EXPECTED:
        assert line.format(secret=secret) in err
    assert sorted(os.listdir(project)) == before  # no lock file, no site


def test_lint_reports_them_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 1
    err = capsys.readouterr()
    assert all(line.format(secret=project.parent / "secret.txt") in err.out + err.err for line in EXPECTED)
