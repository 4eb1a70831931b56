"""Where a site may be written: only into a folder that is the tool's own.

A build (and an export) replaces its target folder whole, so the target must
be something it may replace: absent, an empty folder, or a folder this tool
wrote, which says so with the marker file :data:`MARKER` at its top. Anything
else (a file, a symbolic link, a device, a folder of other files, the root,
the home or the current folder, a mount point, a folder inside a site the tool wrote, a folder holding
the project's own files) is
refused before anything is written: :func:`refusal` says why, in words. A versioned site (its frozen
snapshots, :func:`versioned_site`) is refused too where the build would replace it with something else
(a one-snapshot build without ``--force``, an export): its history would be lost.

The lock file ``.SITE.lock`` beside the target (:func:`lock_path`) is the
tool's too: an existing file of that name that is not a lock the tool wrote
refuses the target as well, so that a build never writes into it.

What counts as "home", "current" and "the project's own files" is given as a
:class:`Surroundings` value: tests pass throwaway folders, never the real ones.
This module only reads the file system.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.diagnostics import RollupsError
from .snapshots import DIGEST_FILE, SNAPSHOT_PREFIX, VERSIONS_FILE

MARKER = ".rollups-site"
"""The file at the top of every folder the tool writes (a site or an export)."""

MARKER_FIRST_LINE = "rollups site"
MARKER_TEXT = (
    f"{MARKER_FIRST_LINE}\n"
    "This folder was written by rollups (rollups build or rollups export). The next build into it\n"
    "replaces the whole folder: keep nothing else here.\n"
)
"""The marker's bytes: the same in every build (no date, no version), so builds stay reproducible."""

LOCK_FIRST_LINE = "rollups build lock"
"""The first line of a lock file the tool wrote (an empty file is one too: older versions left those)."""

READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)
"""A file read to recognise it: never through a symbolic link, never waiting on a named pipe (where the
system has these flags), as bytes."""
ERROR_LOCK_VIOLATION = 33
"""Windows' answer to a read of a file region that another descriptor locked (a running build's lock)."""

OWNED_HINT = f"a site goes into an absent folder, an empty one, or one rollups wrote (it holds {MARKER})"

_KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFREG: "a file",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


class TargetRefused(RollupsError):
    """The target folder of a build is not the tool's to replace (exit status 2)."""


@dataclass(frozen=True)
class Protected:
    """A path a target must not contain (and, with ``inside``, must not be inside either)."""

    path: Path
    what: str
    """How a message names it: "the catalog", "the prose folder"."""
    inside: bool = False


@dataclass(frozen=True)
class Surroundings:
    """The folders a target is judged against: the process's, or stand-ins in tests."""

    cwd: Path
    home: Path | None
    root: Path = Path("/")
    protected: Sequence[Protected] = field(default_factory=tuple)
    keep_versioned: str | None = None
    """Refuse a versioned site as the target, ending the message with this advice (what to do instead):
    the build would replace its frozen snapshots with something else. ``None``: a versioned site may be
    replaced (an ``--all-versions`` build updates it in place)."""

    @classmethod
    def of_this_process(
        cls, protected: Sequence[Protected] = (), *, keep_versioned: str | None = None
    ) -> Surroundings:
        """The current folder, the user's home (when it is known) and the file system's root."""
        try:
            home: Path | None = Path.home()
        except (KeyError, RuntimeError):  # no HOME and no password entry
            home = None
        return cls(Path.cwd(), home, Path(os.sep), tuple(protected), keep_versioned)


def lock_path(site: Path) -> Path:
    """The lock file of builds into ``site``: ``.SITE.lock`` beside it."""
    return site.parent / f".{site.name}.lock"


def location(target: Path) -> Path:
    """The absolute, real path a build of ``target`` works on (symbolic links and ``..`` resolved)."""
    return Path(os.path.realpath(target))


def refusal(target: Path, around: Surroundings) -> str | None:
    """Why a site must not be written into ``target``, or ``None`` when it may.

    The reason is a clause that follows "will not write into TARGET: ".
    """
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):  # absent (an ancestor may be a file: see below)
        mode = None
    except OSError as exc:
        return f"it cannot be examined ({exc.strerror})"
    if mode is not None and not stat.S_ISDIR(mode):
        return f"it is {_KINDS.get(stat.S_IFMT(mode), 'not a folder')}; {OWNED_HINT}"
    site = location(target)
    reason = _where_refusal(site, around)
    if reason is None:
        reason = _enclosing_site_refusal(site)
    if reason is None and mode is not None and os.path.ismount(site):
        reason = (
            "it is a mount point, which a build cannot replace (it swaps the whole folder by renaming it); "
            f"build into a folder inside it, such as {Path(target, 'site')}"
        )
    if reason is None:
        reason = _parent_refusal(site) if mode is None else _contents_refusal(site)
    if reason is None and mode is not None and around.keep_versioned is not None:
        reason = _versioned_refusal(site, around.keep_versioned)
    return reason if reason is not None else _lock_refusal(lock_path(site))


def checked_site(target: Path, around: Surroundings) -> Path:
    """The real location of ``target`` if a site may be written there; else raise :class:`TargetRefused`."""
    reason = refusal(target, around)
    if reason is not None:
        raise TargetRefused(f"will not write into {target}: {reason}")
    return location(target)


def write_marker(directory: Path) -> None:
    """Mark ``directory`` as written by the tool (the same bytes on every system: ``\n`` line ends)."""
    (directory / MARKER).write_text(MARKER_TEXT, encoding="utf-8", newline="\n")


def is_marked(directory: Path) -> bool:
    """Whether ``directory`` holds the tool's marker (a regular file, not a link to one)."""
    return _first_line(directory / MARKER) == MARKER_FIRST_LINE


def _first_line(path: Path) -> str | None:
    """The first line of the regular file ``path``, or ``None`` if it is not one or cannot be read."""
    head = read_regular(path, 256)
    return None if head is None else head.decode("utf-8", errors="replace").split("\n", 1)[0]


def read_regular(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of the regular file ``path``, or ``None`` if it is not one (a link is
    not followed: where the system can tell, a link is never read through) or cannot be read."""
    try:
        descriptor = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        chunks: list[bytes] = []
        while limit > 0 and (chunk := os.read(descriptor, min(limit, 1 << 20))):
            chunks.append(chunk)
            limit -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _where_refusal(site: Path, around: Surroundings) -> str | None:
    """Refuse the root, the home and current folders, and folders that hold the project's files."""
    if site == location(around.root):
        return "it is the root folder"
    named = [(around.cwd, "the current folder")]
    if around.home is not None:
        named.insert(0, (around.home, "your home folder"))
    for path, what in named:
        real = location(path)
        if site == real:
            return f"it is {what}"
        if real.is_relative_to(site):
            return f"it contains {what} ({path})"
    for kept in around.protected:
        real = location(kept.path)
        if site == real:
            return f"it is {kept.what}"
        if real.is_relative_to(site):
            return f"it contains {kept.what} ({kept.path})"
        if kept.inside and site.is_relative_to(real):
            return f"it is inside {kept.what} ({kept.path})"
    return None


def _enclosing_site_refusal(site: Path) -> str | None:
    """Refuse a folder inside a site the tool wrote: that site's next build replaces what it holds, and a
    versioned site's frozen snapshots must never change (a reused snapshot is not even read)."""
    for ancestor in site.parents:
        if is_marked(ancestor):
            return (
                f"it is inside {ancestor}, a site rollups wrote (its next build replaces what it holds, "
                "and a snapshot of a versioned site never changes); build beside it instead"
            )
    return None


def _parent_refusal(site: Path) -> str | None:
    """An absent target: its nearest existing ancestor must be a folder (the rest is created)."""
    for ancestor in site.parents:
        if os.path.lexists(ancestor):
            return None if ancestor.is_dir() else f"it cannot be created: {ancestor} is not a folder"
    return None


def _contents_refusal(site: Path) -> str | None:
    """An existing folder: empty, or marked as the tool's."""
    try:
        with os.scandir(site) as entries:
            empty = next(entries, None) is None
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if empty or is_marked(site):
        return None
    return f"it is a folder of other files (no {MARKER} in it: rollups did not write it); {OWNED_HINT}"


def versioned_site(site: Path) -> list[str] | None:
    """The snapshot folders (``ur-<number>``, oldest first) of ``site`` if it is a versioned site, else
    ``None``. A versioned site is a folder the tool wrote that holds ``versions.json`` or a snapshot folder
    with its digest file; links are not followed and nothing is read but the folder's listing."""
    if not is_marked(site):
        return None
    snapshots: list[tuple[int, str]] = []
    listed = False
    try:
        with os.scandir(site) as entries:
            for entry in entries:
                number = entry.name.removeprefix(SNAPSHOT_PREFIX)
                if entry.name == VERSIONS_FILE and entry.is_file(follow_symlinks=False):
                    listed = True
                elif (
                    entry.name.startswith(SNAPSHOT_PREFIX)
                    and number.isascii()
                    and number.isdigit()
                    and entry.is_dir(follow_symlinks=False)
                    and os.path.lexists(os.path.join(entry.path, DIGEST_FILE))
                ):
                    snapshots.append((int(number), entry.name))
    except OSError:
        return None
    return [name for _, name in sorted(snapshots)] if listed or snapshots else None


def _versioned_refusal(site: Path, advice: str) -> str | None:
    """Refuse a versioned site that the build would replace whole, its frozen snapshots with it."""
    snapshots = versioned_site(site)
    if snapshots is None:
        return None
    if not snapshots:
        held = f"its {VERSIONS_FILE}"
    elif len(snapshots) == 1:
        held = f"1 snapshot, {snapshots[0]}"
    else:
        held = f"{len(snapshots)} snapshots, {snapshots[0]} to {snapshots[-1]}"
    lost = "that would be replaced whole, its frozen snapshots lost"
    return f"it is a versioned site ({held}) {lost}; {advice}"


def _lock_refusal(lock: Path) -> str | None:
    try:
        mode = os.lstat(lock).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"its lock file {lock} cannot be examined ({exc.strerror})"
    if not stat.S_ISREG(mode):
        return f"{lock} beside it is {_KINDS.get(stat.S_IFMT(mode), 'a folder')}, not rollups' lock file"
    first = _first_line(lock)
    if first in ("", LOCK_FIRST_LINE) or (first is None and held_by_a_build(lock)):
        return None
    return f"{lock} beside it is not rollups' lock file"


def held_by_a_build(lock: Path) -> bool:
    """Whether ``lock`` cannot be read because a build holds it: on Windows a lock keeps every other
    descriptor (the holder's own second one too) from reading the locked byte. Elsewhere locks are
    advisory, and this is never so."""
    try:
        descriptor = os.open(lock, READ_FLAGS)
    except OSError:
        return False
    try:
        os.read(descriptor, 1)
    except OSError as exc:
        return getattr(exc, "winerror", None) == ERROR_LOCK_VIOLATION
    finally:
        os.close(descriptor)
    return False
