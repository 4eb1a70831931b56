"""Build beside the target, swap it in only when complete, and delete only what a build made.

A failed or interrupted build must leave the previous site whole, so every
build writes into a fresh scratch folder beside the target (same file system,
so the swap is two renames) and replaces the target only once everything is
written; the swap itself is not cut in two by Ctrl-C. Builds into one target
take turns: :func:`staging` holds a lock of the operating system on the lock
file ``.SITE.lock`` beside it (:func:`~.site_target.lock_path`), after checking
that the target is the tool's to replace (:mod:`.site_target`). The lock is
``filelock``'s, taken on the build's own descriptor of that file
(:func:`filelock.lock_descriptor`: ``flock`` on Linux and macOS,
``LockFileEx`` on its first byte on Windows), so that the same descriptor
reads and writes the journal below; the system releases it when its holder
exits, however it exits, so a killed build never leaves it stuck.

The lock file is also the *journal* of the build that holds it. Every folder
the build makes beside the target (the scratch folder that becomes the site,
the previous site set aside during the swap, a private workspace) has a name
unique to the build and is recorded there with its device and inode, and
struck out once it is gone. A build killed outright leaves its entries; the
next build, under the same lock, removes (or, for a previous site set aside
when the target is missing, puts back) exactly the folders its journal names
that are still those very folders (same name, device and inode): never a
folder that merely looks like one by its name. A folder that cannot be removed
is reported once, then forgotten.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import lock_descriptor

from .site_target import (
    LOCK_FIRST_LINE,
    Surroundings,
    TargetRefused,
    checked_site,
    lock_path,
    write_marker,
)

__all__ = ["Cleanup", "Staging", "lock_path", "staging"]

SCRATCH, RETIRED, WORKSPACE = "build", "old", "work"
"""The kinds of folder a build makes beside ``SITE``: ``.SITE-build-*``, ``.SITE-old-*``, ``.SITE-work-*``."""

JOURNAL_HEADER = (
    f"{LOCK_FIRST_LINE}\nThe build that holds this lock records below the folders it makes beside the site.\n"
)

LOCK_POLL = 0.1
"""Seconds between two attempts at a lock another build holds."""
OPEN_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
"""The lock file: read and written, never through a symbolic link (where the system can tell), as bytes
(Windows would otherwise translate line ends)."""

Say = Callable[[str], None]


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


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
        try:
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) == (self.device, self.inode)


class Journal:
    """The entries recorded in the lock file; rewritten whole at every change, only while locked."""

    def __init__(self, descriptor: int, site: Path) -> None:
        self.descriptor = descriptor
        kinds = "|".join((SCRATCH, RETIRED, WORKSPACE))
        # A line names a sibling of the site of the kind it says, nothing else: a damaged or
        # edited journal cannot point a build at another folder.
        self._line = re.compile(rf"^({kinds}) (\.{re.escape(site.name)}-\1-[0-9a-f]{{16}}) (\d+) (\d+)$")
        self.entries = self._read()

    def _read(self) -> list[Entry]:
        text = _read_whole(self.descriptor).decode("utf-8", errors="replace")
        matches = (self._line.match(line) for line in text.splitlines())
        return [Entry(m[1], m[2], int(m[3]), int(m[4])) for m in matches if m]

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._save()

    def drop(self, entry: Entry) -> None:
        if entry in self.entries:
            self.entries.remove(entry)
            self._save()

    def _save(self) -> None:
        """Best effort: a journal that cannot be written (a full disk) only means that a build
        killed now leaves folders that the next one does not remove; it never deletes anything."""
        data = (JOURNAL_HEADER + "".join(e.line() for e in self.entries)).encode("utf-8")
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


@dataclass
class Cleanup:
    """What a build found left by an interrupted one, and what it did about it."""

    removed: list[Path] = field(default_factory=list)
    restored: Path | None = None
    """The previous site, put back where it was (a build was killed in the middle of its swap)."""
    failed: list[tuple[Path, str]] = field(default_factory=list)
    """Folders that could not be removed, each with the reason."""


class Staging:
    """Builds into ``site`` while this process holds its lock; every folder they make is recorded."""

    def __init__(self, site: Path, journal: Journal, say: Say) -> None:
        self.site = site
        self.journal = journal
        self.say = say
        self.cleanup = Cleanup()
        """What :meth:`clean_up` found when the lock was taken."""

    def clean_up(self) -> Cleanup:
        """Remove what interrupted builds left beside the site, putting the previous site back if needed."""
        cleanup = Cleanup()
        # A previous site set aside goes back first, before anything else is removed.
        for entry in sorted(self.journal.entries, key=lambda e: e.kind != RETIRED):
            path = self.site.parent / entry.name
            if not entry.is_at(path):
                self.journal.drop(entry)  # gone already, or not the folder the build made
            elif entry.kind == RETIRED and not os.path.lexists(self.site) and cleanup.restored is None:
                path.rename(self.site)
                self.journal.drop(entry)
                cleanup.restored = path
                self.say(f"put back {self.site.name}/, set aside as {path.name} by an interrupted build")
            elif (problem := self._remove(entry, path)) is None:
                cleanup.removed.append(path)
                self.say(f"removed {path.name}, left by an interrupted build")
            else:
                cleanup.failed.append((path, problem))
                self.say(
                    f"could not remove {path}, left by an interrupted build: {problem}; remove it by hand"
                )
        return cleanup

    @contextmanager
    def scratch(self) -> Iterator[Path]:
        """An empty folder to build into; on success it is marked and replaces the site, else removed."""
        entry, path = self._make(SCRATCH, 0o755)  # readable by a web server's user, whatever the umask
        try:
            yield path
            write_marker(path)
            self._swap_in(entry, path)
        except BaseException:
            self._remove_now(entry, path, "this build's scratch folder")
            raise

    @contextmanager
    def workspace(self) -> Iterator[Path]:
        """A private folder beside the site, removed at the end (or by the next build, after a kill)."""
        entry, path = self._make(WORKSPACE, 0o700)
        try:
            yield path
        finally:
            self._remove_now(entry, path, "this build's workspace")

    def _make(self, kind: str, mode: int) -> tuple[Entry, Path]:
        while True:
            path = self.site.parent / f".{self.site.name}-{kind}-{secrets.token_hex(8)}"
            try:
                path.mkdir(mode)
            except FileExistsError:
                continue
            path.chmod(mode)
            info = os.lstat(path)
            entry = Entry(kind, path.name, info.st_dev, info.st_ino)
            self.journal.add(entry)
            return entry, path

    def _swap_in(self, built_entry: Entry, built: Path) -> None:
        """Replace the site (if any) with ``built``, then delete the previous one (even on Ctrl-C)."""
        set_aside: tuple[Entry, Path] | None = None
        try:
            with _interrupts_deferred():
                if os.path.lexists(self.site):
                    set_aside = self._set_aside()
                try:
                    built.rename(self.site)
                except BaseException:
                    if set_aside is not None:
                        with contextlib.suppress(OSError):  # if this fails too, the next build puts it back
                            set_aside[1].rename(self.site)
                            self.journal.drop(set_aside[0])
                        set_aside = None
                    raise
                self.journal.drop(built_entry)
        finally:
            if set_aside is not None:
                self._remove_now(*set_aside, "the previous site")

    def _set_aside(self) -> tuple[Entry, Path]:
        """Rename the site to a recorded name of its own, the first half of a swap."""
        info = os.lstat(self.site)
        retired = self.site.parent / f".{self.site.name}-{RETIRED}-{secrets.token_hex(8)}"
        entry = Entry(RETIRED, retired.name, info.st_dev, info.st_ino)
        self.journal.add(entry)  # first: a build killed between the renames is undone by the next one
        try:
            self.site.rename(retired)
        except BaseException:
            self.journal.drop(entry)
            raise
        return entry, retired

    def _remove_now(self, entry: Entry, path: Path, what: str) -> None:
        """Delete a folder of this build; say so if it cannot be."""
        problem = self._remove(entry, path)
        if problem is not None:
            self.say(f"could not remove {path} ({what}): {problem}; remove it by hand")

    def _remove(self, entry: Entry, path: Path) -> str | None:
        """Delete ``path`` and strike out its entry; return why it could not be (reported once, then
        forgotten: a later build does not try again, nor report it again)."""
        problem = _remove_tree(path) if entry.is_at(path) else None  # gone, or not ours: nothing to do
        self.journal.drop(entry)
        return problem


def _remove_tree(path: Path) -> str | None:
    """Delete the folder ``path``; the first problem met, if any, as "where: why"."""
    problems: list[str] = []

    def record(name: str, error: BaseException) -> None:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        problems.append(f"{name}: {why}")

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=lambda function, name, error: record(name, error))
    else:
        shutil.rmtree(path, onerror=lambda function, name, info: record(name, info[1]))
    return problems[0] if problems else None


@contextmanager
def staging(
    target: Path,
    around: Surroundings | None = None,
    *,
    on_wait: Callable[[Path], None] | None = None,
    say: Say = _to_stderr,
) -> Iterator[Staging]:
    """Check ``target``, take the lock of builds into it and clean up after an interrupted build.

    Raises :class:`~.site_target.TargetRefused` before anything is written
    when the target is not the tool's to replace (``around`` defaults to this
    process's folders). ``on_wait`` is told the lock file's path before
    waiting for another build. The system releases the lock when its holder
    exits, however it exits, so a killed build never leaves it stuck. Worker
    processes forked by a build (on Linux) share it; every worker ends when
    the build's main process is gone (:mod:`.versioned_site`), so a killed
    build's workers never write beside the site of the next one for long.
    ``say`` receives the lines that report what was cleaned up (or could not be).
    """
    around = around or Surroundings.of_this_process()
    site = checked_site(target, around)
    lock = lock_path(site)
    site.parent.mkdir(parents=True, exist_ok=True)
    descriptor = _open_lock(lock, target)
    try:
        if not lock_descriptor(descriptor, blocking=False):
            if on_wait is not None:
                on_wait(lock)
            lock_descriptor(descriptor, poll_interval=LOCK_POLL)
        checked_site(target, around)  # again: the build that held the lock may have changed it
        stage = Staging(site, Journal(descriptor, site), say)
        stage.cleanup = stage.clean_up()
        yield stage
    finally:
        os.close(descriptor)


def _open_lock(lock: Path, target: Path) -> int:
    """Open (or create) the lock file, never through a symbolic link, never anything but a regular file."""
    try:
        descriptor = os.open(lock, OPEN_FLAGS | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # O_NONBLOCK: a named pipe put there opens without waiting, to be refused
        descriptor = os.open(lock, OPEN_FLAGS | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise TargetRefused(f"will not write into {target}: {lock} beside it is not rollups' lock file")
    return descriptor


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C back for the duration: it takes effect (as ``KeyboardInterrupt``) at the end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # ignored, or someone else's handler: leave it alone
        return
    received: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if received:
            raise KeyboardInterrupt
