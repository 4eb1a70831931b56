"""The journal of a build: what it made beside the site and what it moved into it, in its lock file.

Every folder a build makes beside ``SITE`` has a name unique to the build
(``.SITE-<kind>-<16 hex digits>``) and is recorded with its device and inode
as an :class:`Entry`; an in-place update (:mod:`.in_place`) also records each
entry it is about to move into the site as a :class:`MovedIn`, until the
update is complete. The journal is rewritten whole at every change, only by
the build that holds the lock (:mod:`.staging`), and a line that does not
name what its kind says (a sibling of the site of that kind, a plain name at
the top of the site) is ignored: a damaged or edited journal cannot point a
build at another folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ..catalog.characters import shown
from .site_target import LOCK_FIRST_LINE

SCRATCH, RETIRED, WORKSPACE, UNDO = "build", "old", "work", "undo"
"""The kinds of folder a build makes beside ``SITE``: ``.SITE-build-*`` (the new site, or the new entries
of an in-place update), ``.SITE-old-*`` (the previous site, set aside during a swap), ``.SITE-work-*`` (a
private workspace), ``.SITE-undo-*`` (what an in-place update replaced, until it is complete)."""
KINDS = (SCRATCH, RETIRED, WORKSPACE, UNDO)
MOVED_IN = "in"
"""The kind of a journal line naming an entry an in-place update moves into the site."""

JOURNAL_HEADER = (
    f"{LOCK_FIRST_LINE}\nThe build that holds this lock records below the folders it makes beside the site.\n"
)

TOP_NAME = r"[A-Za-z0-9._-]+"
"""A name a build writes at the top of a site (``ur-28``, ``versions.json``, ``.rollups-site``): one plain
path component (``.`` and ``..`` are refused apart)."""


@dataclass(frozen=True)
class Entry:
    """A folder a build made beside the site: its kind, name, device and inode."""

    kind: str
    name: str
    device: int
    inode: int

    def line(self) -> str:
        return f"{self.kind} {self.name} {self.device} {self.inode}\n"

    def is_at(self, path: Path) -> bool:
        """Whether ``path`` is still this very folder (not a link, not another folder of that name)."""
        return _is(path, self.device, self.inode, folders_only=True)


@dataclass(frozen=True)
class MovedIn:
    """An entry (a folder or a file) that an in-place update moves to ``SITE/<name>``."""

    name: str
    device: int
    inode: int

    def line(self) -> str:
        return f"{MOVED_IN} {self.name} {self.device} {self.inode}\n"

    def is_at(self, path: Path) -> bool:
        """Whether ``path`` is this very folder or file (not a link, not another entry of that name)."""
        return _is(path, self.device, self.inode, folders_only=False)

    @classmethod
    def of(cls, path: Path) -> MovedIn:
        """The entry at ``path`` (never followed if it is a link), under its name."""
        info = os.lstat(path)
        return cls(path.name, info.st_dev, info.st_ino)


def _is(path: Path, device: int, inode: int, *, folders_only: bool) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) or (not folders_only and stat.S_ISREG(info.st_mode))
    return kind_ok and (info.st_dev, info.st_ino) == (device, inode)


class Journal:
    """The entries recorded in the lock file; rewritten whole at every change, only while locked."""

    def __init__(self, descriptor: int, site: Path) -> None:
        self.descriptor = descriptor
        kinds = "|".join(KINDS)
        # An entry is a line, but the site's name is matched whole: it may hold a line feed (or U+2028,
        # "\r" ..., which Python's splitlines would also take for line ends).
        line = re.compile(
            rf"^({kinds}) (\.{re.escape(site.name)}-\1-[0-9a-f]{{16}}) (\d+) (\d+)$", re.MULTILINE
        )
        moved_line = re.compile(rf"^{MOVED_IN} ({TOP_NAME}) (\d+) (\d+)$", re.MULTILINE)
        text = _read_whole(self.descriptor).decode("utf-8", errors="replace")
        self.entries: list[Entry] = [Entry(m[1], m[2], int(m[3]), int(m[4])) for m in line.finditer(text)]
        self.moved_in: list[MovedIn] = [
            MovedIn(m[1], int(m[2]), int(m[3])) for m in moved_line.finditer(text) if m[1] not in (".", "..")
        ]

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._save()

    def drop(self, entry: Entry) -> None:
        if entry in self.entries:
            self.entries.remove(entry)
            self._save()

    def record_moves(self, moves: list[MovedIn]) -> None:
        """Record the entries an in-place update is about to move into the site, all at once."""
        self.moved_in.extend(moves)
        self._save()

    def forget_moves(self) -> None:
        """The in-place update is complete (or undone): its moves are no longer to be undone."""
        if self.moved_in:
            self.moved_in.clear()
            self._save()

    def _save(self) -> None:
        """Best effort: a journal that cannot be written (a full disk) only means that a build
        killed now leaves folders that the next one does not remove; it never deletes anything."""
        lines = [e.line() for e in self.entries] + [m.line() for m in self.moved_in]
        data = (JOURNAL_HEADER + "".join(lines)).encode("utf-8")
        with contextlib.suppress(OSError):
            os.ftruncate(self.descriptor, 0)
            _write_whole(self.descriptor, data)


def _read_whole(descriptor: int) -> bytes:
    """The whole file open at ``descriptor``, from its start (``os.pread`` is not on Windows)."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(descriptor, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_whole(descriptor: int, data: bytes) -> None:
    """Write ``data`` at the start of the file open at ``descriptor`` (``os.pwrite`` is not on Windows)."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def remove_tree(path: Path) -> str | None:
    """Delete the folder (or file) ``path``; the first problem met, if any, as "where: why" (the path
    :func:`~.characters.shown`, for a message)."""
    problems: list[str] = []

    def record(name: str, error: BaseException) -> None:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        problems.append(f"{shown(name)}: {why}")

    try:
        folder = stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None
    if not folder:
        try:
            path.unlink()
        except OSError as error:
            record(str(path), error)
    elif sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=lambda function, name, error: record(name, error))
    else:
        shutil.rmtree(path, onerror=lambda function, name, info: record(name, info[1]))
    return problems[0] if problems else None
