"""A build owns only what it made: refused targets, recorded leftovers, faults and interrupts.

Every destructive case runs in pytest's throwaway folders. "The home folder"
is a folder of ``tmp_path`` (``HOME`` points there), "the current folder" is
another one (the test changes into it), and "the root" is given to
:func:`~generator.publish.site_target.refusal` as a parameter: no test points at a
real system path or at the checkout. Builds that must succeed use ``rollups
export`` (no engine) or a stand-in for MkDocs' build, to stay fast; the real
builds are in ``test_site_build.py`` and ``test_versioned_site.py``.
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import io
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig

import generator.__main__ as entry
from generator.catalog.diagnostics import RollupsError
from generator.cli import main
from generator.engine import mkdocs_plugin
from generator.publish import staging
from generator.publish.commands import KEEP_VERSIONED_BUILD, source_date_epoch_problem
from generator.publish.progress import Progress
from generator.publish.site_target import (
    MARKER,
    MARKER_TEXT,
    OWNED_HINT,
    Surroundings,
    TargetRefused,
    refusal,
    versioned_site,
    write_marker,
)
from generator.publish.snapshots import DIGEST_FILE
from generator.publish.staging import JOURNAL_HEADER, lock_path
from generator.publish.versioned_site import build_versioned_site
from tests.conftest import ROOT, SHIPPED_CATALOG, SITE_FIXTURE, VERSIONS_FIXTURE

CONTENT = ROOT / "content"
CONFIG = ROOT / "mkdocs.yml"


# --- What the file system holds, exactly --------------------------------------------------------


def state(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` (itself included), links not followed: kind, mode, modification time,
    and the bytes of a file or the target of a link. Equal states: nothing was written, moved or touched."""
    found: dict[str, tuple[object, ...]] = {}

    def visit(path: Path, relative: str) -> None:
        info = os.lstat(path)
        if stat.S_ISDIR(info.st_mode):
            found[relative] = ("folder", info.st_mode, info.st_mtime_ns)
            for name in sorted(os.listdir(path)):
                visit(path / name, f"{relative}/{name}")
        elif stat.S_ISREG(info.st_mode):
            found[relative] = ("file", info.st_mode, info.st_mtime_ns, path.read_bytes())
        elif stat.S_ISLNK(info.st_mode):
            found[relative] = ("link", info.st_mode, os.readlink(path))
        else:
            found[relative] = ("other", info.st_mode, info.st_mtime_ns, info.st_rdev)

    visit(root, ".")
    return found


def siblings(path: Path) -> list[str]:
    return sorted(os.listdir(path.parent))


# --- A project in a throwaway folder ----------------------------------------------------------


@dataclass
class Project:
    """A site project in ``tmp_path``, run from ``work`` with ``home`` as the home folder."""

    top: Path
    folder: Path
    catalog: Path
    config: Path
    content: Path
    work: Path
    home: Path

    @property
    def site(self) -> Path:
        """The site of the tests that build: alone in its folder, beside its lock and leftovers."""
        return self.top / "out" / "site"

    def build(self, target: str | Path, *more: str) -> list[str]:
        return ["build", "-f", str(self.config), "--catalog", str(self.catalog), "-d", str(target), *more]

    def export(self, target: str | Path) -> list[str]:
        return ["export", str(target), "--catalog", str(self.catalog), "--content", str(self.content)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    catalog = folder / "data" / "rollups.yaml"
    shutil.copy(SITE_FIXTURE, catalog)
    shutil.copytree(CONTENT, folder / "content")
    config = folder / "mkdocs.yml"
    shutil.copy(CONFIG, config)  # the theme overrides come from the package: no path to adjust
    work = tmp_path / "elsewhere" / "work"
    home = tmp_path / "home"
    work.mkdir(parents=True)
    home.mkdir()
    (tmp_path / "out").mkdir()
    (home / "notes.txt").write_text("keep\n", encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    return Project(tmp_path, folder, catalog, config, folder / "content", work, home)


def refused(
    args: list[str], capsys: pytest.CaptureFixture[str], top: Path, target: str | Path, reason: str
) -> None:
    """``args`` exits 2 with one line naming ``target`` and ``reason``, and ``top`` is left as it was."""
    before = state(top)
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: will not write into {target}: {reason}\n")
    assert state(top) == before


# --- Refused targets: one test per case -----------------------------------------------------------

Setup = Callable[[Project], tuple[str | Path, str]]


def _a_file(p: Project) -> tuple[str | Path, str]:
    (p.top / "README.md").write_text("# mine\n", encoding="utf-8")
    return p.top / "README.md", f"it is a file; {OWNED_HINT}"


def _a_symlink_to_a_site(p: Project) -> tuple[str | Path, str]:
    real = p.top / "real-site"
    real.mkdir()
    write_marker(real)
    (p.top / "site").symlink_to(real)
    return p.top / "site", f"it is a symbolic link; {OWNED_HINT}"


def _a_dangling_symlink(p: Project) -> tuple[str | Path, str]:
    (p.top / "site").symlink_to(p.top / "nowhere")
    return p.top / "site", f"it is a symbolic link; {OWNED_HINT}"


def _a_named_pipe(p: Project) -> tuple[str | Path, str]:
    os.mkfifo(p.top / "null")
    return p.top / "null", f"it is a named pipe; {OWNED_HINT}"


def _a_socket(p: Project) -> tuple[str | Path, str]:
    path = p.top / "sock"
    if len(os.fsencode(path)) >= 100:
        pytest.skip("the throwaway folder's path is too long for a socket")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path, f"it is a socket; {OWNED_HINT}"


def _a_device(p: Project) -> tuple[str | Path, str]:
    path = p.top / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # the numbers of /dev/null
    except PermissionError:
        pytest.skip("making a device node needs a privilege this test run lacks")
    return path, f"it is a device; {OWNED_HINT}"


def _a_folder_of_other_files(p: Project) -> tuple[str | Path, str]:
    (p.top / "x" / "notes").mkdir(parents=True)
    (p.top / "x" / "notes" / "a.txt").write_text("keep\n", encoding="utf-8")
    reason = f"it is a folder of other files (no {MARKER} in it: rollups did not write it); {OWNED_HINT}"
    return p.top / "x", reason


def _a_marker_of_someone_else(p: Project) -> tuple[str | Path, str]:
    site, reason = _a_folder_of_other_files(p)
    (Path(site) / MARKER).write_text("not rollups\n", encoding="utf-8")
    return site, reason


def _a_marker_that_is_a_link(p: Project) -> tuple[str | Path, str]:
    site, reason = _a_folder_of_other_files(p)
    real = p.top / "real-site"
    real.mkdir()
    write_marker(real)
    (Path(site) / MARKER).symlink_to(real / MARKER)
    return site, reason


def _the_home_folder(p: Project) -> tuple[str | Path, str]:
    return p.home, "it is your home folder"


def _a_folder_holding_home(p: Project) -> tuple[str | Path, str]:
    return p.top, f"it contains your home folder ({p.home})"


def _the_current_folder(p: Project) -> tuple[str | Path, str]:
    return ".", "it is the current folder"


def _a_folder_holding_the_current_one(p: Project) -> tuple[str | Path, str]:
    return "..", f"it contains the current folder ({p.work})"


def _the_project_folder_even_marked(p: Project) -> tuple[str | Path, str]:
    write_marker(p.folder)  # the marker does not make the project's own files the build's
    return p.folder, f"it contains the catalog ({p.catalog})"


def _the_data_folder(p: Project) -> tuple[str | Path, str]:
    return p.catalog.parent, f"it contains the catalog ({p.catalog})"


def _the_folder_of_mkdocs_yml(p: Project) -> tuple[str | Path, str]:
    moved = p.top / "catalog.yaml"
    p.catalog.rename(moved)
    p.catalog = moved
    write_marker(p.folder)
    return p.folder, f"it contains the MkDocs configuration ({p.config})"


def _the_content_folder(p: Project) -> tuple[str | Path, str]:
    return p.content, "it is the prose folder"


def _inside_the_content_folder(p: Project) -> tuple[str | Path, str]:
    return p.content / "site", f"it is inside the prose folder ({p.folder / 'content'})"


def _prose_in(p: Project, name: str, config: str) -> Path:
    """The project's prose moved to the folder ``name``, and ``config`` as the line that says where."""
    moved = p.folder / name
    p.content.rename(moved)
    p.content = moved
    text = p.config.read_text(encoding="utf-8").replace("docs_dir: content\n", config)
    p.config.write_text(text, encoding="utf-8")
    return moved


def _inside_a_custom_docs_dir(p: Project) -> tuple[str | Path, str]:
    docs = _prose_in(p, "pages", "docs_dir: pages\n")
    return docs / "site", f"it is inside the prose folder ({docs})"


def _inside_mkdocs_default_docs_dir(p: Project) -> tuple[str | Path, str]:
    docs = _prose_in(p, "docs", "")
    return docs, "it is the prose folder"


def _inside_an_inherited_docs_dir(p: Project) -> tuple[str | Path, str]:
    docs = _prose_in(p, "prose", "INHERIT: base/parent.yml\n")
    (p.folder / "base").mkdir()
    (p.folder / "base" / "parent.yml").write_text("docs_dir: prose\n", encoding="utf-8")
    return docs / "deeper" / "site", f"it is inside the prose folder ({docs})"


def _under_a_file(p: Project) -> tuple[str | Path, str]:
    (p.top / "README.md").write_text("# mine\n", encoding="utf-8")
    return p.top / "README.md" / "site", f"it cannot be created: {p.top / 'README.md'} is not a folder"


def _inside_a_site(p: Project) -> tuple[str | Path, str]:
    """A folder in a frozen snapshot of a versioned site: built there, it was published with the snapshot,
    which the next versioned build reuses without reading it."""
    site = p.top / "public"
    (site / "ur-30").mkdir(parents=True)
    write_marker(site)
    reason = (
        f"it is inside {site}, a site rollups wrote (its next build replaces what it holds, "
        "and a snapshot of a versioned site never changes); build beside it instead"
    )
    return site / "ur-30" / "extra", reason


def _beside_a_lock_of_someone_else(p: Project) -> tuple[str | Path, str]:
    (p.top / ".site.lock").write_text("my notes\n", encoding="utf-8")
    return p.top / "site", f"{p.top / '.site.lock'} beside it is not rollups' lock file"


def _beside_a_lock_that_is_a_link(p: Project) -> tuple[str | Path, str]:
    (p.top / "notes.txt").write_text("keep\n", encoding="utf-8")
    (p.top / ".site.lock").symlink_to(p.top / "notes.txt")
    return p.top / "site", f"{p.top / '.site.lock'} beside it is a symbolic link, not rollups' lock file"


def _beside_a_lock_that_is_a_folder(p: Project) -> tuple[str | Path, str]:
    (p.top / ".site.lock").mkdir()
    return p.top / "site", f"{p.top / '.site.lock'} beside it is a folder, not rollups' lock file"


REFUSED: list[Setup] = [
    _a_file,
    _a_symlink_to_a_site,
    _a_dangling_symlink,
    _a_named_pipe,
    _a_socket,
    _a_device,
    _a_folder_of_other_files,
    _a_marker_of_someone_else,
    _a_marker_that_is_a_link,
    _the_home_folder,
    _a_folder_holding_home,
    _the_current_folder,
    _a_folder_holding_the_current_one,
    _the_project_folder_even_marked,
    _the_data_folder,
    _the_folder_of_mkdocs_yml,
    _the_content_folder,
    _inside_the_content_folder,
    _inside_a_custom_docs_dir,
    _inside_mkdocs_default_docs_dir,
    _inside_an_inherited_docs_dir,
    _under_a_file,
    _inside_a_site,
    _beside_a_lock_of_someone_else,
    _beside_a_lock_that_is_a_link,
    _beside_a_lock_that_is_a_folder,
]


@pytest.mark.parametrize("setup", REFUSED, ids=lambda setup: setup.__name__.strip("_"))
def test_rollups_build_refuses(setup: Setup, project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    target, reason = setup(project)
    refused(project.build(target), capsys, project.top, target, reason)


@pytest.mark.parametrize(
    "setup",
    [_a_file, _a_named_pipe, _a_folder_of_other_files, _the_current_folder, _the_data_folder, _inside_a_site],
    ids=lambda setup: setup.__name__.strip("_"),
)
def test_every_versioned_build_and_export_refuses_alike(
    setup: Setup, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    target, reason = setup(project)
    refused(project.build(target, "--all-versions"), capsys, project.top, target, reason)
    refused(project.export(target), capsys, project.top, target, reason)


@pytest.mark.parametrize("marked", [False, True])
def test_a_mount_point_is_refused(
    marked: bool, project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mount point cannot be renamed: a build into one (empty, or a site) failed at its very end with
    "Device or resource busy". It is refused up front, with the way out. The mount is a stand-in."""
    target = project.top / "out" / "volume"
    target.mkdir()
    if marked:
        write_marker(target)
    mounted = os.path.realpath(target)
    real_ismount = os.path.ismount
    monkeypatch.setattr(
        os.path, "ismount", lambda path: os.path.realpath(path) == mounted or real_ismount(path)
    )
    reason = (
        "it is a mount point, which a build cannot replace (it swaps the whole folder by renaming it); "
        f"build into a folder inside it, such as {target / 'site'}"
    )
    refused(project.build(target), capsys, project.top, target, reason)
    refused(project.build(target, "--all-versions"), capsys, project.top, target, reason)
    refused(project.export(target), capsys, project.top, target, reason)


@pytest.mark.parametrize("value", ["garbage", "", "-5", "1.5", "99999999999999"])
def test_a_build_date_the_engine_cannot_use_is_a_usage_error(
    value: str, project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs reads ``SOURCE_DATE_EPOCH`` for the build date of one snapshot: a value it cannot use ended
    the build in "unexpected ValueError" (exit 70). A versioned build sets its own, per snapshot."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = state(project.top)
    with pytest.raises(SystemExit) as stopped:
        main(project.build(project.site))
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        f"error: SOURCE_DATE_EPOCH={value!r} is not a build date: expected a whole number of seconds since "
        "1970-01-01 UTC, from 0 to 4294967295, or the variable unset\n"
    )
    assert state(project.top) == before


@pytest.mark.parametrize("value", [None, "0", " 12 ", "1700000000", "4294967295"])
def test_a_build_date_the_engine_can_use_passes(value: str | None) -> None:
    assert source_date_epoch_problem(value) is None


def test_the_root_folder_is_refused(tmp_path: Path) -> None:
    """The root is a parameter: a stand-in in ``tmp_path`` shows the rule without touching ``/``."""
    root = tmp_path / "root"
    root.mkdir()
    around = Surroundings(cwd=tmp_path / "work", home=None, root=root)
    before = state(tmp_path)
    assert refusal(root, around) == "it is the root folder"
    assert refusal(root / "site", around) is None
    assert state(tmp_path) == before


def test_the_library_refuses_before_writing_anything(project: Project) -> None:
    target, _ = _a_folder_of_other_files(project)
    before = state(project.top)
    with pytest.raises(TargetRefused, match="rollups did not write it"):
        build_versioned_site(VERSIONS_FIXTURE, Path(target), _fake_snapshot, jobs=1)
    assert state(project.top) == before


# --- What a build may write into, and the marker it leaves ---------------------------------------


def export(project: Project, target: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """``rollups export`` into ``target``, which must succeed; its output and error output."""
    assert main(project.export(target)) == 0
    out, err = capsys.readouterr()
    return out, err


@pytest.mark.parametrize("prepare", ["absent", "absent, parents too", "empty", "written by rollups"])
def test_a_site_goes_into_an_absent_an_empty_or_its_own_folder(
    prepare: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.top / "out" / ("new/deeper/site" if "parents" in prepare else "site")
    if prepare == "empty":
        target.mkdir()
    if prepare == "written by rollups":
        export(project, target, capsys)
        (target / "stale.md").write_text("from an older build\n", encoding="utf-8")
    assert export(project, target, capsys)[0].startswith("wrote ")
    assert (target / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert not (target / "stale.md").exists()  # the folder is replaced whole
    assert siblings(target) == sorted(["site", ".site.lock"])


def test_every_build_writes_the_same_marker(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert MARKER_TEXT.startswith("rollups site\n")
    sites = project.top / "sites"
    assert main(project.build(sites / "one")) == 0
    report = build_versioned_site(
        VERSIONS_FIXTURE, sites / "versioned", _fake_snapshot, jobs=1, progress=_quiet()
    )
    assert report.built == ["ur-4", "ur-2", "ur-1"]
    export(project, sites / "export", capsys)
    for name in ("one", "versioned", "export"):
        assert (sites / name / MARKER).read_bytes() == MARKER_TEXT.encode("utf-8"), name
    assert not (sites / "versioned" / "ur-4" / MARKER).exists()  # a snapshot is not a site of its own


# --- Messages stay one line; a current folder that is gone is named ------------------------------


def test_a_target_whose_name_breaks_lines_is_shown_on_one_line(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.top / "out" / "two\nlines"
    target.write_text("mine\n", encoding="utf-8")
    assert main(project.build(target)) == 2
    shown = str(target).replace("\n", "\\n")
    assert capsys.readouterr().err == f"error: will not write into {shown}: it is a file; {OWNED_HINT}\n"
    target.unlink()
    assert main(project.export(target)) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote ") and f" files to {shown}/ (as of " in out and out.count("\n") == 1


@pytest.mark.parametrize("args", [["build"], ["new", "x"], ["validate"]])
def test_a_current_folder_that_is_gone_is_named(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(args) == 2
    assert capsys.readouterr().err == (
        "error: the current folder no longer exists (it was removed or moved away since the shell entered "
        "it): cd into a folder that exists and run the command again\n"
    )


# --- A versioned site is not replaced by one snapshot by mistake --------------------------------


def test_a_one_snapshot_build_or_an_export_refuses_a_versioned_site(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project.site
    _versioned(site)
    reason = (
        "it is a versioned site (3 snapshots, ur-1 to ur-4) that would be replaced whole, its frozen "
        "snapshots lost; "
    )
    refused(project.build(site), capsys, project.top, site, reason + KEEP_VERSIONED_BUILD)
    refused(project.export(site), capsys, project.top, site, reason + "export into another folder")
    (site / "ur-1" / DIGEST_FILE).unlink()
    (site / "ur-2" / DIGEST_FILE).unlink()
    one = reason.replace("3 snapshots, ur-1 to ur-4", "1 snapshot, ur-4")
    refused(project.build(site), capsys, project.top, site, one + KEEP_VERSIONED_BUILD)


def test_versions_json_alone_is_a_versioned_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    write_marker(site)
    (site / "ur-3").mkdir()  # no digest file: a folder of that name, not a snapshot
    assert versioned_site(site) is None
    (site / "versions.json").write_text("[]\n", encoding="utf-8")
    assert versioned_site(site) == []
    around = Surroundings(tmp_path / "work", None, tmp_path / "root", keep_versioned="do this instead")
    assert refusal(site, around) == (
        "it is a versioned site (its versions.json) that would be replaced whole, its frozen snapshots lost; "
        "do this instead"
    )
    assert refusal(site, dataclasses.replace(around, keep_versioned=None)) is None


def test_a_versioned_site_is_replaced_by_one_snapshot_only_with_force(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project.site
    _versioned(site)
    assert main(project.build(site, "--force")) == 0
    assert capsys.readouterr().out == f"built {site}/ from {project.catalog}\n"
    assert versioned_site(site) is None
    assert (site / "index.html").is_file() and not (site / "ur-4").exists()


def test_a_versioned_build_into_a_one_snapshot_site_replaces_it(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other way round nothing is lost: a one-snapshot site is the newest snapshot, which the versioned
    site holds as ``latest/``; its entries at the top go, as any entry that is not in the plan."""
    site = project.site
    export(project, site, capsys)
    _versioned(site)
    assert sorted(os.listdir(site)) == sorted(
        [MARKER, "index.html", "latest", "ur-1", "ur-2", "ur-4", "versions.json"]
    )


# --- Leftovers: a build removes what it made, and only that --------------------------------------


def _fake_snapshot(
    site_dir: Path, *, catalog: Path, as_of: int, site_url: str, canonical_base: str | None
) -> None:
    """A stand-in for the engine: one page per snapshot."""
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "index.html").write_text(f"Update Rollup {as_of}\n", encoding="utf-8")


def _quiet() -> Progress:
    return Progress(open(os.devnull, "w"), tty=False)  # closed with the process


def test_folders_that_only_look_like_leftovers_are_never_touched(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project.site
    for name in (".site-old-photos", ".site-build-mine", ".site-work-0123456789abcdef", ".site-old-keep"):
        (site.parent / name).mkdir()
        (site.parent / name / "a.txt").write_text("keep\n", encoding="utf-8")
    mine = {name: state(site.parent / name) for name in os.listdir(site.parent) if name.startswith(".site-")}
    said = io.StringIO()
    assert export(project, site, capsys)[1] == ""
    assert export(project, site, capsys)[1] == ""
    build_versioned_site(VERSIONS_FIXTURE, site, _fake_snapshot, jobs=1, progress=Progress(said, tty=False))
    assert {name: state(site.parent / name) for name in mine} == mine
    assert said.getvalue() == "3 snapshots: 0 up to date, 3 to build\n" + "".join(
        f"built {name} ({n}/3)\n" for n, name in enumerate(["ur-4", "ur-2", "ur-1"], start=1)
    )


def _journal(site: Path) -> str:
    return lock_path(site).read_text(encoding="utf-8")


def test_a_journal_entry_removes_only_the_very_folder_it_recorded(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same name, other folder (another inode): kept. A line naming anything but a sibling: ignored."""
    site = project.site
    export(project, site, capsys)
    lookalike = site.parent / ".site-old-0123456789abcdef"
    lookalike.mkdir()
    (lookalike / "a.txt").write_text("keep\n", encoding="utf-8")
    outside = site.parent / "outside"
    outside.mkdir()
    info = os.lstat(outside)
    lines = [
        f"old {lookalike.name} {os.lstat(lookalike).st_dev} {os.lstat(lookalike).st_ino + 1}",
        f"old ../outside {info.st_dev} {info.st_ino}",
        f"build .site-old-0123456789abcdef {info.st_dev} {info.st_ino}",
    ]
    lock_path(site).write_text(JOURNAL_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    kept = state(site.parent / "outside"), state(lookalike)
    export(project, site, capsys)
    assert (state(site.parent / "outside"), state(lookalike)) == kept
    assert _journal(site) == JOURNAL_HEADER


def _killed_child(body: Callable[[], None]) -> None:
    """Run ``body`` in a forked child that ends abruptly (``os._exit``), as a killed build does."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        try:
            body()
        finally:
            os._exit(9)
    os.waitpid(pid, 0)


def test_a_killed_build_leaves_folders_the_next_build_removes(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project.site
    export(project, site, capsys)
    before = state(site)
    (site.parent / ".site-build-mine").mkdir()

    def build_then_die() -> None:
        with staging.staging(site, say=print) as stage, stage.workspace(), stage.scratch() as scratch:
            (scratch / "index.md").write_text("half\n", encoding="utf-8")
            os._exit(9)

    _killed_child(build_then_die)
    left = sorted(name for name in siblings(site) if name.startswith(".site-") and name != ".site-build-mine")
    assert [name.rsplit("-", 1)[0] for name in left] == [".site-build", ".site-work"]
    assert state(site) == before
    _, err = export(project, site, capsys)
    assert sorted(err.splitlines()) == [f"removed {name}, left by an interrupted build" for name in left]
    assert siblings(site) == [".site-build-mine", ".site.lock", "site"]


def test_a_build_killed_in_the_middle_of_its_swap_is_undone_by_the_next(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = project.site
    export(project, site, capsys)
    before = state(site)
    rename = Path.rename

    def die_after_setting_the_site_aside(self: Path, target: Path) -> Path:
        if Path(target) == site:  # the second rename: the scratch folder would become the site
            os._exit(9)
        return rename(self, target)

    def swap_then_die() -> None:
        monkeypatch.setattr(Path, "rename", die_after_setting_the_site_aside)
        with staging.staging(site, say=print) as stage, stage.scratch() as scratch:
            (scratch / "index.md").write_text("new\n", encoding="utf-8")

    _killed_child(swap_then_die)
    assert not site.exists()
    [retired] = [name for name in siblings(site) if name.startswith(".site-old-")]
    with staging.staging(site, say=print) as stage:
        assert stage.cleanup.restored == site.parent / retired
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"put back site/, set aside as {retired} by an interrupted build"
    assert state(site) == before
    assert siblings(site) == [".site.lock", "site"]


def _versioned(site: Path, *, force: bool = False) -> None:
    """A versioned build of the fixture catalog into ``site``, with the stand-in for the engine."""
    build_versioned_site(VERSIONS_FIXTURE, site, _fake_snapshot, force=force, jobs=1, progress=_quiet())


def _inside(site: Path) -> dict[str, tuple[object, ...]]:
    """:func:`state` of what ``site`` holds (its own modification time changes with every entry moved)."""
    return {path: found for path, found in state(site).items() if path != "."}


def _moves_then_dies(site: Path, moves: int) -> Callable[[Path, Path], Path]:
    """``Path.rename`` that ends the process before the ``moves + 1``-th move into ``site``."""
    rename = Path.rename
    done = [0]

    def rename_then_die(self: Path, target: Path) -> Path:
        if Path(target).parent == site:
            if done[0] == moves:
                os._exit(9)
            done[0] += 1
        return rename(self, target)

    return rename_then_die


@pytest.mark.parametrize("moves", [0, 1, 3])
def test_a_build_killed_in_the_middle_of_its_update_in_place_is_undone_by_the_next(
    moves: int, project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Killed before the first entry moves in, after the first (``latest/``), before the last (of four
    folders): the next build puts back every entry the update set aside and removes every entry it
    moved in."""
    site = project.site
    _versioned(site)
    before = _inside(site)

    def update_then_die() -> None:
        monkeypatch.setattr(Path, "rename", _moves_then_dies(site, moves))
        _versioned(site, force=True)

    _killed_child(update_then_die)
    left = [name for name in siblings(site) if name.startswith(".site-")]
    assert sorted(name.rsplit("-", 1)[0] for name in left) == [".site-build", ".site-undo", ".site-work"]
    if moves:
        assert _inside(site) != before
    with staging.staging(site, say=print) as stage:
        assert stage.cleanup.undone is not None and stage.cleanup.undone.name in left
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "undid the update of site/ that an interrupted build left half done"
    assert sorted(said[1:]) == sorted(f"removed {name}, left by an interrupted build" for name in left)
    assert _inside(site) == before
    assert siblings(site) == [".site.lock", "site"]
    assert _journal(site) == JOURNAL_HEADER


def test_a_build_killed_while_undoing_an_update_leaves_the_rest_to_the_next(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moves stay recorded until every set-aside entry is back: a second kill loses nothing."""
    site = project.site
    _versioned(site)
    before = _inside(site)

    def update_then_die() -> None:
        monkeypatch.setattr(Path, "rename", _moves_then_dies(site, 3))
        _versioned(site, force=True)

    def undo_then_die() -> None:  # the first entry put back, then killed
        monkeypatch.setattr(Path, "rename", _moves_then_dies(site, 1))
        with staging.staging(site, say=lambda message: None):
            pass

    _killed_child(update_then_die)
    _killed_child(undo_then_die)
    assert _inside(site) != before
    with staging.staging(site, say=lambda message: None) as stage:
        assert stage.cleanup.undone is not None
    assert _inside(site) == before
    assert siblings(site) == [".site.lock", "site"]
    assert _journal(site) == JOURNAL_HEADER


def test_a_failed_update_in_place_is_undone_at_once(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A move that fails half way (an immutable ``latest/``): every entry goes back before the error."""
    site = project.site
    _versioned(site)
    before = _inside(site)
    rename = Path.rename

    def immutable_latest(self: Path, target: Path) -> Path:
        if self == site / "latest":
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(self), None, str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", immutable_latest)
    assert main(project.build(site, "--all-versions", "--force", "-j", "1")) == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith(f"error: {site / 'latest'} -> {site.parent}/.site-undo-")
    assert err.endswith(": Operation not permitted")
    assert _inside(site) == before
    assert siblings(site) == [".site.lock", "site"]
    assert _journal(site) == JOURNAL_HEADER


def test_an_update_in_place_removes_what_is_no_longer_planned(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over an export (or a site of fewer rollups), whatever is not part of the versioned site goes, and
    nothing of what is kept is written."""
    site = project.site
    export(project, site, capsys)
    _versioned(site)
    (site / "ur-3").mkdir()  # a rollup the catalog no longer has, or a folder added by hand
    (site / "notes.txt").write_text("added by hand\n", encoding="utf-8")
    kept = {path: found for path, found in _inside(site).items() if path.startswith("./ur-2")}
    _versioned(site)
    expected = [MARKER, "index.html", "latest", "ur-1", "ur-2", "ur-4", "versions.json"]
    assert sorted(os.listdir(site)) == expected  # the stand-in for the engine writes no 404.html
    assert {path: found for path, found in _inside(site).items() if path.startswith("./ur-2")} == kept
    assert siblings(site) == [".site.lock", "site"]


def test_journal_lines_of_moves_name_only_entries_at_the_top_of_the_site(project: Project) -> None:
    """A damaged journal cannot make a build delete outside the site: a move names one plain entry."""
    site = project.site
    _versioned(site)
    outside = site.parent / "outside"
    outside.mkdir()
    info = os.lstat(outside)
    undo = site.parent / ".site-undo-0123456789abcdef"
    undo.mkdir()
    undo_info = os.lstat(undo)
    lines = [
        f"undo {undo.name} {undo_info.st_dev} {undo_info.st_ino}",
        f"in ../outside {info.st_dev} {info.st_ino}",
        f"in ur-1/../../outside {info.st_dev} {info.st_ino}",
        f"in .. {info.st_dev} {info.st_ino}",
    ]
    lock_path(site).write_text(JOURNAL_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    before = _inside(site), state(outside)
    with staging.staging(site, say=lambda message: None):
        pass
    assert (_inside(site), state(outside)) == before
    assert not undo.exists()
    assert _journal(site) == JOURNAL_HEADER


def test_a_leftover_that_cannot_be_removed_is_reported_once(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = project.site
    export(project, site, capsys)

    def build_then_die() -> None:
        with staging.staging(site, say=print) as stage, stage.scratch():
            os._exit(9)

    _killed_child(build_then_die)
    [left] = [name for name in siblings(site) if name.startswith(".site-build-")]
    monkeypatch.setattr(shutil, "rmtree", _undeletable)
    assert export(project, site, capsys)[1] == (
        f"could not remove {site.parent / left}, left by an interrupted build: "
        f"{site.parent / left / 'index.md'}: Operation not permitted; remove it by hand\n"
    )
    assert export(project, site, capsys)[1] == ""  # not again, and not "removed" either
    assert (site.parent / left).is_dir()


def test_the_clean_up_lines_show_the_names_they_repeat_escaped(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site named with escape sequences, whose leftovers hold a file named with a line feed: the lines
    that say what the next build removed, or could not remove, show both escaped, one line each."""
    site = project.top / "out" / "s\x1b[31mite\x1b[0m"
    shown = f"{site.parent}/.s\\x1b[31mite\\x1b[0m-build-"
    export(project, site, capsys)

    def build_then_die() -> None:
        with staging.staging(site, say=print) as stage, stage.scratch() as scratch:
            (scratch / "two\nlines").write_text("half\n", encoding="utf-8")
            os._exit(9)

    def undeletable(path: str | Path, onerror: Any = None, onexc: Any = None, **_: Any) -> None:
        if "-build-" not in Path(path).name:
            _rmtree(path)
            return
        error = PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(Path(path) / "two\nlines"))
        if onexc is not None:
            onexc(os.unlink, error.filename, error)
        else:
            onerror(os.unlink, error.filename, (PermissionError, error, None))

    _killed_child(build_then_die)
    [left] = [name for name in siblings(site) if "-build-" in name]
    assert left.startswith(".s\x1b[31mite\x1b[0m-build-")
    where = shown + left.rsplit("-", 1)[1]
    with monkeypatch.context() as patch:
        patch.setattr(shutil, "rmtree", undeletable)
        _, err = export(project, site, capsys)
    assert err == (
        f"could not remove {where}, left by an interrupted build: {where}/two\\nlines: Operation not "
        "permitted; remove it by hand\n"
    )
    shutil.rmtree(site.parent / left)
    _killed_child(build_then_die)
    [left] = [name for name in siblings(site) if "-build-" in name]
    _, err = export(project, site, capsys)
    assert err == f"removed {shown.rsplit('/', 1)[1]}{left.rsplit('-', 1)[1]}, left by an interrupted build\n"


_rmtree = shutil.rmtree


def _undeletable(path: str | Path, onerror: Any = None, onexc: Any = None, **_: Any) -> None:
    """``shutil.rmtree``, where a scratch folder holds an immutable file."""
    if not Path(path).name.startswith(".site-build-"):
        _rmtree(path)
        return
    error = PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(Path(path) / "index.md"))
    if onexc is not None:
        onexc(os.unlink, error.filename, error)
    else:
        onerror(os.unlink, error.filename, (PermissionError, error, None))


def test_the_frozen_catalog_stays_beside_the_site_not_in_the_temporary_folder(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = project.top / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    site = project.site
    seen: list[str] = []

    def snapshot(site_dir: Path, *, catalog: Path, **options: Any) -> None:
        seen.append(str(catalog.parent.relative_to(site.parent)))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_versioned_site(VERSIONS_FIXTURE, site, snapshot, jobs=1, progress=_quiet())
    [workspace] = seen
    assert workspace.startswith(".site-work-")
    assert os.listdir(temporary) == []
    assert siblings(site) == [".site.lock"]  # no site, no scratch folder, no workspace


# --- Faults: one line, exit status 2 (130 for Ctrl-C), the previous site whole -------------------


@pytest.fixture
def previous_site(project: Project, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    """A site built before (exported: a marked folder), whose state each fault test compares."""
    site = project.site
    export(project, site, capsys)
    before, around = state(site), siblings(site)
    yield site
    assert state(site) == before
    assert siblings(site) == around  # no scratch folder, no workspace, no set-aside site left


def engine_that(fails: Callable[[Path], None]) -> Callable[[MkDocsConfig], None]:
    """A stand-in for MkDocs' build: writes a page into the site folder, then ``fails``."""

    def build(config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)  # as MkDocs does
        (site_dir / "index.html").write_text("half a site", encoding="utf-8")
        fails(site_dir)

    return build


def _full_disk(site_dir: Path) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(site_dir / "sitemap.xml"))


def test_a_full_disk(
    project: Project, previous_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mkdocs_plugin, "build", engine_that(_full_disk))
    assert main(project.build(previous_site)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {previous_site.parent}/.site-build-")
    assert err.endswith("/sitemap.xml: No space left on device\n")
    assert err.count("\n") == 1


def test_a_full_disk_in_the_workers_of_a_parallel_build(
    project: Project, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error travels from a worker process to the command's one line (hence ``capfd``)."""
    site = project.site
    export(project, site, capfd)
    before, around = state(site), siblings(site)
    monkeypatch.setattr(mkdocs_plugin, "build", engine_that(_full_disk))
    assert main(project.build(site, "--all-versions", "-j", "2")) == 2
    err = capfd.readouterr().err
    assert "Traceback" not in err
    *progress, last = err.splitlines()
    assert progress[-1].endswith(" to build")
    assert last.startswith(f"error: {site.parent}/.site-build-")
    assert last.endswith("/sitemap.xml: No space left on device")
    assert (state(site), siblings(site)) == (before, around)


def test_a_read_only_file_system(
    project: Project, previous_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = lock_path(previous_site)

    def read_only(path: Path, target: Path) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(staging, "_open_lock", read_only)
    assert main(project.build(previous_site)) == 2
    assert capsys.readouterr().err == f"error: {lock}: Read-only file system\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_folder_without_write_permission(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    locked = project.top / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(project.export(locked / "site")) == 2
    finally:
        locked.chmod(0o755)
    assert capsys.readouterr().err == f"error: {locked / '.site.lock'}: Permission denied\n"
    assert os.listdir(locked) == []


def test_a_site_that_cannot_be_moved(
    project: Project, previous_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An immutable site (``chattr +i``): the rename that would set it aside fails."""
    rename = Path.rename

    def immutable(self: Path, target: Path) -> Path:
        if self == previous_site:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(self), None, str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", immutable)
    assert main(project.export(previous_site)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {previous_site} -> {previous_site.parent}/.site-old-")
    assert err.endswith(": Operation not permitted\n")
    assert err.count("\n") == 1
    assert _journal(previous_site) == JOURNAL_HEADER


def _interrupt(site_dir: Path) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_during_the_build(
    project: Project, previous_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mkdocs_plugin, "build", engine_that(_interrupt))
    assert main(project.build(previous_site)) == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert _journal(previous_site) == JOURNAL_HEADER


def test_ctrl_c_during_the_swap_waits_for_its_end(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the two renames the site is absent: Ctrl-C there takes effect once the new one is in."""
    site = project.site
    export(project, site, capsys)
    rename = Path.rename

    def interrupted_rename(self: Path, target: Path) -> Path:
        if self == site:
            os.kill(os.getpid(), signal.SIGINT)
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", interrupted_rename)
    (project.content / "index.md").write_text("# Home\n\nA new home page.\n", encoding="utf-8")
    assert main(project.export(site)) == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert "A new home page." in (site / "index.md").read_text(encoding="utf-8")
    assert siblings(site) == [".site.lock", "site"]


def test_a_symlink_loop_in_a_site_is_a_message_for_check_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text('<a href="loop.html">x</a>', encoding="utf-8")
    (tmp_path / "loop.html").symlink_to("loop.html")
    assert main(["check-links", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'loop.html'}: Too many levels of symbolic links\n"


def test_the_error_of_the_engine_stays_an_error(
    project: Project, previous_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(site_dir: Path) -> None:
        raise RollupsError("the site build failed: Aborted with a BuildError!")

    monkeypatch.setattr(mkdocs_plugin, "build", engine_that(fails))
    assert main(project.build(previous_site)) == 1
    assert capsys.readouterr().err == "error: the site build failed: Aborted with a BuildError!\n"


# --- The command as a process: Ctrl-C while it loads, a reader that goes away -------------------


def test_ctrl_c_while_the_modules_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def interrupted_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave this process's Ctrl-C alone
    with pytest.raises(SystemExit) as exit_:
        entry.run()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a terminal's foreground job has it


EXTENSIONS_LOADED_BY_THE_CLI = ("/_datetime.", "/_json.", "/_pickle.", "/_speedups.", "/_yaml.")


def test_ctrl_c_in_the_first_moments_of_a_real_command() -> None:
    """SIGINT once the process is loading the command's modules (an extension module appears in its
    memory map): "interrupted", exit status 130, never a traceback."""
    command = [sys.executable, "-m", "generator", "path", "9.16", "--catalog", str(SHIPPED_CATALOG)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_sigint
    )
    maps = Path(f"/proc/{process.pid}/maps")
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        try:
            loaded = maps.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(name in loaded for name in EXTENSIONS_LOADED_BY_THE_CLI):
            process.send_signal(signal.SIGINT)
            break
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("no extension module of the command was seen loading (a static Python build?)")
    assert (process.returncode, err.decode()) == (130, "interrupted\n")


@pytest.mark.parametrize("json", [False, True])
def test_a_reader_that_goes_away_ends_the_command_quietly(json: bool) -> None:
    """``rollups path 9.16 | head -1``: the reader closes the pipe before the answer is written."""
    command = [sys.executable, "-m", "generator", "path", "9.16", "--scenario", "vmware-to-azure"]
    command += ["--catalog", str(SHIPPED_CATALOG)]
    process = subprocess.Popen(
        [*command, *(["--json"] if json else [])], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (141, "")


CTRL_C_AMONG_WORKERS = """
import os, signal, sys, time
from pathlib import Path
from generator.publish.progress import Progress
from generator.publish.versioned_site import build_versioned_site

def builder(site_dir, *, catalog, as_of, site_url, canonical_base):
    site_dir.mkdir(parents=True)
    (site_dir / "index.html").write_text(str(as_of))
    if as_of == 4:  # the other workers are idle by now, waiting for work
        time.sleep(1)
        os.killpg(0, signal.SIGINT)  # what a terminal does on Ctrl-C: every process of the group
        time.sleep(30)

try:
    build_versioned_site(Path(sys.argv[1]), Path(sys.argv[2]), builder, jobs=3, progress=Progress(tty=False))
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
"""


def test_ctrl_c_during_a_parallel_build_is_one_line(project: Project) -> None:
    """Every worker gets the terminal's SIGINT too, busy or idle: none prints a traceback."""
    site = project.site
    command = [sys.executable, "-c", CTRL_C_AMONG_WORKERS, str(VERSIONS_FIXTURE), str(site)]
    process = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    assert (process.returncode, process.stderr.splitlines()[-1]) == (130, "interrupted")
    assert "Traceback" not in process.stderr
    assert siblings(site) == [".site.lock"]


@pytest.mark.parametrize("name", ["s\nite", "s\u2028ite", "s\x85ite", "s\rite", "s\x0cite"])
def test_leftovers_of_a_site_named_with_a_line_separator_are_removed(
    project: Project, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """The journal matches the site's name whole: a site whose name holds a line feed, or another
    character that Python counts as a line end (U+2028, NEL, CR, FF), still gets its leftovers removed."""
    site = project.top / "out" / name
    export(project, site, capsys)

    def build_then_die() -> None:
        with staging.staging(site, say=print) as stage, stage.scratch():
            os._exit(9)

    _killed_child(build_then_die)
    [left] = [entry for entry in siblings(site) if "-build-" in entry]
    _, err = export(project, site, capsys)
    assert err.startswith("removed ") and err.endswith(", left by an interrupted build\n")
    assert not (site.parent / left).exists()
