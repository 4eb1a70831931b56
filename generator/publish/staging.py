"""Build beside the target, swap it in only when complete, and delete only what a build made.

A failed or interrupted build must leave the previous site whole, so every
build writes into a fresh scratch folder beside the target (same file system,
so the swap is two renames) and replaces the target only once everything is
written; the swap itself is not cut in two by Ctrl-C. A build that changes
only some entries at the top of a site (the versioned site: one new snapshot,
``latest/`` and the root files) updates it in place instead
(:meth:`Staging.update`, :mod:`.in_place`): only the new entries are written
into the scratch folder, and each replaces its namesake once all are
written, the replaced ones set aside until the update is complete, so that a
failed or killed update is undone; the entries it keeps are never opened. Builds into one target
take turns: :func:`staging` holds a lock of the operating system on the lock
file ``.SITE.lock`` beside it (:func:`~.site_target.lock_path`), after checking
that the target is the tool's to replace (:mod:`.site_target`). The lock is
``filelock``'s, taken on the build's own descriptor of that file
(:func:`filelock.lock_descriptor`: ``flock`` on Linux and macOS,
``LockFileEx`` on its first byte on Windows), so that the same descriptor
reads and writes the journal below; the system releases it when its holder
exits, however it exits, so a killed build never leaves it stuck.

The lock file is also the *journal* of the build that holds it
(:mod:`.journal`). Every folder the build makes beside the target (the
scratch folder that becomes the site, the previous site set aside during the
swap, what an in-place update replaced, a private workspace) has a name
unique to the build and is recorded there with its device and inode, and
struck out once it is gone; so is every entry an in-place update moves into
the site, until the update is complete. A build killed outright leaves its
entries; the next build, under the same lock, removes (or, for a previous
site set aside when the target is missing, or an in-place update left half
done, puts back) exactly the folders its journal names that are still those
very folders (same name, device and inode): never a folder that merely looks
like one by its name. A folder that cannot be removed is reported once, then
forgotten.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import lock_descriptor

from ..catalog.characters import shown
from . import in_place
from .journal import JOURNAL_HEADER, RETIRED, SCRATCH, UNDO, WORKSPACE, Entry, Journal, remove_tree
from .site_target import MARKER, Surroundings, TargetRefused, checked_site, is_marked, lock_path, write_marker

__all__ = ["JOURNAL_HEADER", "Cleanup", "Staging", "Update", "lock_path", "staging"]

LOCK_POLL = 0.1
"""Seconds between two attempts at a lock another build holds."""
OPEN_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
"""The lock file: read and written, never through a symbolic link (where the system can tell), as bytes
(Windows would otherwise translate line ends)."""

Say = Callable[[str], None]


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass
class Cleanup:
    """What a build found left by an interrupted one, and what it did about it."""

    removed: list[Path] = field(default_factory=list)
    restored: Path | None = None
    """The previous site, put back where it was (a build was killed in the middle of its swap)."""
    undone: Path | None = None
    """The folder of what an in-place update replaced, put back (a build was killed in the middle of it)."""
    failed: list[tuple[Path, str]] = field(default_factory=list)
    """Folders that could not be removed, each with the reason."""


@dataclass
class Update:
    """An in-place update of a site (:meth:`Staging.update`): its new entries and the entries it keeps."""

    scratch: Path
    """The new entries of the site's top, written here."""
    keep: set[str] = field(default_factory=set)
    """The names of the site's entries to leave as they are (the marker is always kept)."""


class Staging:
    """Builds into ``site`` while this process holds its lock; every folder they make is recorded."""

    def __init__(self, site: Path, journal: Journal, say: Say) -> None:
        self.site = site
        self.journal = journal
        self.say = say
        self.cleanup = Cleanup()
        """What :meth:`clean_up` found when the lock was taken."""

    def clean_up(self) -> Cleanup:
        """Remove what interrupted builds left beside the site, putting the previous site back if needed
        (the whole site set aside by a swap, or what an in-place update replaced)."""
        cleanup = Cleanup()
        # What a killed build set aside goes back first, before anything else is removed.
        for entry in sorted(self.journal.entries, key=lambda e: (e.kind != RETIRED, e.kind != UNDO)):
            path = self.site.parent / entry.name
            if not entry.is_at(path):
                self.journal.drop(entry)  # gone already, or not the folder the build made
            elif entry.kind == RETIRED and not os.path.lexists(self.site) and cleanup.restored is None:
                path.rename(self.site)
                self.journal.drop(entry)
                cleanup.restored = path
                self.say(
                    f"put back {shown(self.site.name)}/, set aside as {shown(path.name)} "
                    "by an interrupted build"
                )
            elif entry.kind == UNDO and self.journal.moved_in and not self._undo(entry, path, cleanup):
                continue  # what could not go back stays in that folder, for the user
            elif (problem := self._remove(entry, path)) is None:
                cleanup.removed.append(path)
                self.say(f"removed {shown(path.name)}, left by an interrupted build")
            else:
                cleanup.failed.append((path, problem))
                self.say(
                    f"could not remove {shown(path)}, left by an interrupted build: {problem}; "
                    "remove it by hand"
                )
        # Moves without their undo folder (removed by hand): the entries moved in stay.
        self.journal.forget_moves()
        return cleanup

    def _undo(self, entry: Entry, undo: Path, cleanup: Cleanup) -> bool:
        """Undo the in-place update a killed build left half done; whether all of it went back."""
        problems = in_place.roll_back(self.site, undo, self.journal)
        cleanup.undone = undo
        self.say(f"undid the update of {shown(self.site.name)}/ that an interrupted build left half done")
        if not problems:
            return True
        self.journal.drop(entry)
        cleanup.failed.append((undo, problems[0]))
        for problem in problems:
            self.say(
                f"could not put back {problem}; {shown(undo)} keeps it: put it back or remove it by hand"
            )
        return False

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
    def update(self) -> Iterator[Update]:
        """New entries for the top of the site, moved in one by one once all are written.

        The caller writes the entries that change into ``update.scratch`` and
        names in ``update.keep`` the site's entries to leave as they are; at the
        end of the block each new entry replaces the site's entry of that name,
        and the site's entries neither kept nor replaced go (see
        :mod:`.in_place`). The site is marked as the tool's. With no site yet,
        the scratch folder becomes the site. On failure the site is left as it
        was, and the scratch folder removed.
        """
        entry, path = self._make(SCRATCH, 0o755)  # readable by a web server's user, whatever the umask
        update = Update(path)
        try:
            yield update
            if not os.path.lexists(self.site):
                write_marker(path)
                self._swap_in(entry, path)
                return
            self._commit(update)
        except BaseException:
            self._remove_now(entry, path, "this build's scratch folder")
            raise
        self._remove_now(entry, path, "this build's scratch folder")

    def _commit(self, update: Update) -> None:
        """Move the update's entries into the site, undoing every move if one fails (even on Ctrl-C)."""
        keep = set(update.keep)
        if is_marked(self.site):
            keep.add(MARKER)
        else:
            write_marker(update.scratch)
        undo_entry, undo = self._make(UNDO, 0o700)
        keep_undo = False
        try:
            with _interrupts_deferred():
                try:
                    in_place.commit(self.site, update.scratch, undo, keep, self.journal)
                except BaseException:
                    problems = in_place.roll_back(self.site, undo, self.journal)
                    for problem in problems:
                        self.say(f"could not put back {problem}; {shown(undo)} keeps it: put it back by hand")
                    keep_undo = bool(problems)
                    raise
        finally:
            if keep_undo:
                self.journal.drop(undo_entry)
            else:
                self._remove_now(undo_entry, undo, "what this build replaced")

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
            self.say(f"could not remove {shown(path)} ({what}): {problem}; remove it by hand")

    def _remove(self, entry: Entry, path: Path) -> str | None:
        """Delete ``path`` and strike out its entry; return why it could not be (reported once, then
        forgotten: a later build does not try again, nor report it again)."""
        problem = remove_tree(path) if entry.is_at(path) else None  # gone, or not ours: nothing to do
        self.journal.drop(entry)
        return problem


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
    ``say`` receives the lines that report what was cleaned up (or could not be), one line each, the
    paths in them :func:`~.characters.shown`.
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
