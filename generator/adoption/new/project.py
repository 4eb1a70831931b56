"""``rollups new DIR``: write a minimal site project that the installed package builds, no checkout needed.

The project is the three files of :data:`SKELETON`: ``mkdocs.yml``, a
commented example ``data/rollups.yaml`` (a fictional product, valid, every key
explained) and ``content/index.md``, with a ``.gitignore`` for what a build
writes beside them. The theme overrides and the templates stay in the
package: the ``rollups`` plugin brings them.

``DIR`` must be absent or an empty folder, and not a symbolic link (which
would write the project wherever it leads): anything else is refused before a
byte is written (:class:`ProjectRefused`), and no file is ever overwritten.
The project is written into a folder of its own beside ``DIR`` first, then
renamed into place (an absent ``DIR``), or its three entries moved into the
empty ``DIR`` (which keeps its owner and mode, and may be the current folder):
a full disk or an error half way leaves no partial project behind.
"""

from __future__ import annotations

import importlib.resources
import os
import secrets
import shutil
from pathlib import Path

from ...catalog.characters import shown

SKELETON = Path(str(importlib.resources.files("generator.adoption.new"))) / "skeleton"
"""The files of a new project, shipped in the package."""

FILES = ("mkdocs.yml", "data/rollups.yaml", "content/index.md")
"""What a site project holds, relative to its folder; :func:`create_project` writes them."""

GITIGNORE = (".gitignore", "gitignore")
"""The project's ``.gitignore`` (the site, the build's lock file and work folders), and its name in
:data:`SKELETON`: without the dot, which the package's data files leave out."""

DEFAULT_CONFIG = SKELETON / "mkdocs.yml"
"""A project's ``mkdocs.yml``: the configuration ``rollups build`` falls back on where there is none."""


class ProjectRefused(OSError):
    """The folder of a new project is not absent nor empty (the command exits 2, as for an I/O problem)."""


def refusal(directory: Path) -> str | None:
    """Why a new project must not be written into ``directory``, or ``None`` when it may."""
    if not os.path.lexists(directory):
        return None
    if os.path.islink(directory):
        return (
            f"it is a symbolic link (to {shown(os.readlink(directory))}); name the folder itself, "
            "or an absent one"
        )
    if not directory.is_dir():
        return "it exists and is not a folder"
    try:
        with os.scandir(directory) as entries:
            first = next(entries, None)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if first is not None:
        return f"it is not empty (it holds {first.name}); a new project goes into an absent or empty folder"
    return None


def create_project(directory: Path) -> list[Path]:
    """Write the files of a new site project into ``directory``; return their paths, in order.

    Raises :class:`ProjectRefused` when ``directory`` is neither absent nor an
    empty folder; an :class:`OSError` of the file system otherwise.
    """
    reason = refusal(directory)
    if reason is not None:
        raise ProjectRefused(f"will not create a project in {shown(directory)}: {reason}")
    target = Path(os.path.abspath(directory))  # "." has a parent to write beside, too
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = _staged_project(target)
    try:
        _move_into_place(staged, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # renamed into place already, unless something failed
    return [directory / name for name in (*FILES, GITIGNORE[0])]


def _staged_project(target: Path) -> Path:
    """A new folder beside ``target`` holding the project's files (removed if one cannot be written)."""
    while True:
        staged = target.parent / f".{target.name}-new-{secrets.token_hex(8)}"
        try:
            staged.mkdir()
            break
        except FileExistsError:
            continue
    try:
        for name, source in [*((name, name) for name in FILES), GITIGNORE]:
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as out:
                out.write((SKELETON / source).read_bytes())
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _move_into_place(staged: Path, target: Path) -> None:
    """The staged project renamed to ``target`` (absent), or its entries moved into ``target`` (an empty
    folder); on failure, what was moved goes back, and ``target`` is left as it was."""
    if not os.path.lexists(target):
        staged.rename(target)  # fails if a folder of that name appeared meanwhile: nothing is overwritten
        return
    moved: list[str] = []
    try:
        for name in sorted(os.listdir(staged)):
            if os.path.lexists(target / name):  # appeared meanwhile: never overwritten
                raise ProjectRefused(f"will not create a project in {shown(target)}: {name} appeared in it")
            (staged / name).rename(target / name)
            moved.append(name)
    except BaseException:
        for name in moved:
            (target / name).rename(staged / name)
        raise
