"""``rollups new DIR``: write a minimal site project that the installed package builds, no checkout needed.

The project is the three files of :data:`SKELETON`: ``mkdocs.yml``, a
commented example ``data/rollups.yaml`` (a fictional product, valid, every key
explained) and ``content/index.md``, with a ``.gitignore`` for what a build
writes beside them. The theme overrides and the templates stay in the
package: the ``rollups`` plugin brings them.

``DIR`` must be absent or an empty folder: anything else is refused before a
byte is written (:class:`ProjectRefused`), and no file is ever overwritten.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

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
        raise ProjectRefused(f"will not create a project in {directory}: {reason}")
    written = []
    for name, source in [*((name, name) for name in FILES), GITIGNORE]:
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:  # exclusive: a file that appeared meanwhile is never overwritten
            out.write((SKELETON / source).read_bytes())
        written.append(target)
    return written
