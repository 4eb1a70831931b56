"""Update a site in place: only the entries at its top that change are replaced; a killed update is undone.

A versioned site is dozens of frozen snapshots of which a publication
changes none: replacing the whole folder would copy (or link) and then
delete every one of them. An in-place update instead writes only its new
entries (a new snapshot, ``latest/``, ``versions.json`` ...) into a scratch
folder beside the site, then, in :func:`commit`, moves each one to the top
of the site, the entry it replaces (and every entry neither kept nor
replaced) set aside into an *undo* folder beside the site. The other
entries are never opened.

Each move is a rename within one file system, so no reader ever finds half a
file or half a snapshot; and what the update moved in is recorded in the
build's journal (:mod:`.journal`) *before* the first move, and struck out
only once the last one is done. Until then the update can be undone, by
:func:`roll_back`: the entries it moved in are deleted (only if they are
still those very entries: same device and inode) and the set-aside ones go
back. A failed update is undone at once (:mod:`.staging`); an update killed
outright is undone by the next build, which finds the moves still in the
journal. Either way
the previous site is whole again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from pathlib import Path

from ..catalog.characters import shown
from .journal import Journal, MovedIn, remove_tree


def commit(site: Path, scratch: Path, undo: Path, keep: Collection[str], journal: Journal) -> None:
    """Move every entry of ``scratch`` to the top of ``site``; set aside into ``undo`` what each one
    replaces and every entry of ``site`` that is neither in ``keep`` nor replaced.

    Folders move first (a new snapshot appears before the files that list
    it), then files. On a failure the moves stay recorded in ``journal``:
    the caller undoes them with :func:`roll_back`.
    """
    incoming = sorted(os.listdir(scratch), key=lambda name: (not _is_folder(scratch / name), name))
    journal.record_moves([MovedIn.of(scratch / name) for name in incoming])
    for name in incoming:
        if os.path.lexists(site / name):
            (site / name).rename(undo / name)
        (scratch / name).rename(site / name)
    arrived = set(incoming)
    for name in sorted(os.listdir(site)):
        if name not in keep and name not in arrived:
            (site / name).rename(undo / name)
    journal.forget_moves()


def roll_back(site: Path, undo: Path | None, journal: Journal) -> list[str]:
    """Undo an update recorded in ``journal``: delete what it moved into ``site`` (if still there), put
    back what it set aside in ``undo``. Return the problems met, each as "where: why" (the paths
    :func:`~.characters.shown`, for a message); an entry of ``undo`` that cannot go back stays there."""
    problems: list[str] = []
    for moved in journal.moved_in:
        path = site / moved.name
        if moved.is_at(path) and (problem := remove_tree(path)) is not None:
            problems.append(problem)
    if undo is not None:
        problems.extend(_put_back(site, undo))
    # Only now: a build killed while undoing leaves the moves recorded, and the next one undoes the rest.
    journal.forget_moves()
    return problems


def _put_back(site: Path, undo: Path) -> list[str]:
    """Move every entry of ``undo`` back to the top of ``site``; the problems met."""
    problems = []
    for name in sorted(os.listdir(undo)):
        if os.path.lexists(site / name):
            problems.append(
                f"{shown(site / name)}: in the way of the previous {shown(name)}, kept in {shown(undo)}"
            )
            continue
        try:
            (undo / name).rename(site / name)
        except OSError as exc:
            problems.append(f"{shown(undo / name)}: {exc.strerror or shown(str(exc))}")
    return problems


def _is_folder(path: Path) -> bool:
    return stat.S_ISDIR(os.lstat(path).st_mode)
