"""Where an MkDocs configuration keeps the prose (its ``docs_dir``), read before the engine is loaded.

A build refuses a target inside the prose folder before it writes a byte
(:mod:`.site_target`); MkDocs would refuse it too, but only once the build's
lock file was written beside the target, inside that folder. So the folder is
read here from the configuration file itself, as MkDocs resolves it: relative
to the configuration's folder, MkDocs' default ``docs`` when the key is unset,
the key of a parent configuration (``INHERIT``) when the file names one.

The file is read as YAML with every tag it may hold (``!ENV``,
``!!python/name:...``) taken as "unknown": nothing is constructed from it, and
a ``docs_dir`` given by such a tag cannot be told here (the engine judges it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MKDOCS_DOCS_DIR = "docs"
"""MkDocs' ``docs_dir`` when a configuration sets none."""
INHERIT_KEY = "INHERIT"
MAX_CONFIG_BYTES = 1 << 20
"""The most bytes of a configuration file read (a real one is a few kilobytes)."""
MAX_INHERITANCE = 10
"""The longest chain of ``INHERIT`` followed."""


class _Unknown:
    """A value given by a tag: what it stands for is known only to the engine."""


UNKNOWN = _Unknown()


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml's, where PyYAML has it) that takes any tag of its own (``!ENV``,
    ``!!python/...``) as :data:`UNKNOWN`."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Unknown:
    return UNKNOWN


_ConfigLoader.add_multi_constructor("!", _unknown)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def configured_docs_dir(config_file: Path) -> Path | None:
    """The prose folder of the MkDocs configuration ``config_file``, or ``None`` when it cannot be told
    without the engine (the file is missing, unreadable, not a mapping, or sets ``docs_dir`` by a tag)."""
    docs_dir = _docs_dir(config_file, MAX_INHERITANCE)
    if not isinstance(docs_dir, str) or not docs_dir:
        return None
    path = Path(docs_dir)
    return path if path.is_absolute() else config_file.parent / path


def _docs_dir(config_file: Path, inheritance: int) -> object:
    """``docs_dir`` as ``config_file`` (or a configuration it inherits from) sets it, or :data:`UNKNOWN`."""
    config = _read(config_file)
    if config is None:
        return UNKNOWN
    if "docs_dir" in config:
        return config["docs_dir"]
    parent = config.get(INHERIT_KEY)
    if parent is None:
        return MKDOCS_DOCS_DIR
    if not isinstance(parent, str) or inheritance <= 0:
        return UNKNOWN
    return _docs_dir(config_file.parent / parent, inheritance - 1)


def _read(config_file: Path) -> dict[Any, Any] | None:
    """The mapping of the configuration file, or ``None`` when it is not one that can be read here."""
    try:
        if not config_file.is_file():
            return None
        with config_file.open("rb") as stream:
            data = stream.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            return None
        config = yaml.load(data, Loader=_ConfigLoader)  # a SafeLoader: it constructs no tag
    except (OSError, ValueError, RecursionError, yaml.YAMLError):
        return None
    return config if isinstance(config, dict) else None
