"""Which engine renders the site: MkDocs 1.x or ProperDocs, its maintained continuation.

ProperDocs keeps MkDocs 1.x's API under the module name ``properdocs``, and
its module ``properdocs.replacement`` makes every ``import mkdocs...`` of the
process load the ``properdocs`` module of that name instead (so that themes
and plugins written for MkDocs, Material included, run unchanged). The
adapter is written against ``mkdocs``; to run it on ProperDocs, that
replacement must be in place before the first ``mkdocs`` import, which is
what :func:`use_engine` does (``generator.engine`` calls it before any of its
modules is loaded).

The choice, in order:

1. the engine already running, when MkDocs or ProperDocs loaded the
   ``rollups`` plugin (``mkdocs build``, ``properdocs serve``);
2. ``$ROLLUPS_ENGINE`` (``mkdocs`` or ``properdocs``), when set;
3. MkDocs, when version 1.x is installed (Material depends on it, so it is
   usually there);
4. ProperDocs, when installed.

Neither installed (or MkDocs 2, which runs no plugins, alone) is an
:class:`EngineMissing` error that says what to install.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Mapping

ENGINE_VARIABLE = "ROLLUPS_ENGINE"
"""Environment variable that picks the engine when both are installed."""

MKDOCS, PROPERDOCS = "mkdocs", "properdocs"
ENGINES = (MKDOCS, PROPERDOCS)
INSTALL_HINT = "install one: pip install 'mkdocs>=1.6,<2' (or pip install properdocs)"


class EngineMissing(OSError):
    """No engine the adapter can run on is installed (the command exits 2, as for a missing file)."""


def running_engine(modules: Mapping[str, object] | None = None) -> str | None:
    """The engine this process already imported, if any (ProperDocs' replacement aliases ``mkdocs``)."""
    modules = sys.modules if modules is None else modules
    loaded = modules.get(MKDOCS)
    if loaded is None:
        return None
    return PROPERDOCS if loaded is modules.get(PROPERDOCS) else MKDOCS


def installed_engines() -> set[str]:
    """The engines installed here: MkDocs counts only in version 1.x (2.0 runs no plugins)."""
    found = set()
    if importlib.util.find_spec(PROPERDOCS) is not None:
        found.add(PROPERDOCS)
    try:
        if importlib.metadata.version(MKDOCS).split(".")[0] == "1":
            found.add(MKDOCS)
    except importlib.metadata.PackageNotFoundError:
        pass
    return found


def choose_engine(environ: Mapping[str, str], installed: set[str], running: str | None = None) -> str:
    """The engine to use (see the module's docstring for the order); raise :class:`EngineMissing`."""
    if running is not None:
        return running
    asked = environ.get(ENGINE_VARIABLE, "").strip().lower()
    if asked:
        if asked not in ENGINES:
            raise EngineMissing(
                f"{ENGINE_VARIABLE}={asked!r} is not an engine: expected one of {', '.join(ENGINES)}"
            )
        if asked not in installed:
            raise EngineMissing(f"{ENGINE_VARIABLE}={asked} asks for {asked}, which is not installed")
        return asked
    for engine in ENGINES:
        if engine in installed:
            return engine
    raise EngineMissing(
        f"no engine to build the site with: neither MkDocs 1.x nor ProperDocs; {INSTALL_HINT}"
    )


def use_engine() -> str:
    """Choose the engine and make ``import mkdocs`` load it; return its name."""
    engine = choose_engine(os.environ, installed_engines(), running_engine())
    if engine == PROPERDOCS:
        importlib.import_module("properdocs.replacement")
    return engine
