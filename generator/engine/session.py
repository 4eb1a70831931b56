"""What one process keeps between the snapshots it builds: the theme's templates and files, the catalog.

A worker of a versioned build builds dozens of snapshots with one
configuration and one frozen catalog. Each build starts the engine afresh
(configuration, plugins, pages), but what does not depend on the snapshot
is made once per process here and found again by every later build:

* the theme's Jinja environment (:func:`theme_environment`), one per set of
  theme folders and language: its templates are read and compiled once (and
  kept compiled on disk, :mod:`~.pages.template_cache`), and its files listed
  once, without the hidden folders MkDocs never copies (:class:`ThemeLoader`:
  Material keeps 14,348 icons under ``.icons/``, listed and filtered in
  every build otherwise);
* the validated catalog (:func:`validated_catalog`), by the identity of its
  file (path, size, modification time, inode): a versioned build reads a
  frozen copy that no one changes.

Nothing here is kept for ``mkdocs serve``, whose rebuilds must see edited
templates: only :func:`~.mkdocs_plugin.build_site` uses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path

import jinja2

from ..catalog.model import Catalog
from ..pages.template_cache import use_bytecode_cache

_ENVIRONMENTS: dict[Hashable, jinja2.Environment] = {}
_CATALOGS: dict[tuple[str, int, int, int], Catalog] = {}


class ThemeLoader(jinja2.FileSystemLoader):
    """A theme's folders, listed once and without hidden folders or files.

    MkDocs lists every file of the theme to copy its static files, then
    leaves out every name with a part that starts with a dot; those are never
    listed here. Loading a template (an icon under ``.icons/`` too) is
    :class:`~jinja2.FileSystemLoader`'s.
    """

    def __init__(self, searchpath: list[str], encoding: str = "utf-8", followlinks: bool = False) -> None:
        super().__init__(searchpath, encoding, followlinks)
        self._listed: list[str] | None = None

    def list_templates(self) -> list[str]:
        if self._listed is None:
            found: set[str] = set()
            for folder in self.searchpath:
                found.update(visible_files(folder, self.followlinks))
            self._listed = sorted(found)
        return list(self._listed)


def visible_files(folder: str, followlinks: bool = False) -> list[str]:
    """The files under ``folder`` as ``/``-separated relative names, hidden folders and files left out."""
    names: list[str] = []
    for path, folders, files in os.walk(folder, followlinks=followlinks):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(path, folder).replace(os.path.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        names.extend(f"{prefix}{name}" for name in files if not name.startswith("."))
    return names


def theme_environment(key: Hashable, make: Callable[[], jinja2.Environment]) -> jinja2.Environment:
    """The theme's environment of this process for ``key`` (its folders and language), made by ``make``
    the first time: its loader becomes a :class:`ThemeLoader`, its compiled templates are kept."""
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = make()
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader) and not isinstance(loader, ThemeLoader):
            env.loader = ThemeLoader(list(loader.searchpath), loader.encoding, loader.followlinks)
        _ENVIRONMENTS[key] = use_bytecode_cache(env)
    return env


def validated_catalog(path: Path, load: Callable[[Path], Catalog]) -> Catalog:
    """The catalog at ``path``, validated by ``load`` the first time this process asks for that file."""
    key = _identity(path)
    catalog = _CATALOGS.get(key)
    if catalog is None:
        catalog = _CATALOGS[key] = load(path)
    return catalog


def remember_catalog(path: Path, catalog: Catalog) -> None:
    """``catalog`` is the file at ``path``, validated already (by the process that starts the workers)."""
    _CATALOGS[_identity(path)] = catalog


def _identity(path: Path) -> tuple[str, int, int, int]:
    info = os.stat(path)
    return os.path.realpath(path), info.st_size, info.st_mtime_ns, info.st_ino
