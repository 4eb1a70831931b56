"""The theme's and our static assets, stored once for a whole versioned site, named by their content.

Every snapshot used to carry its own copy of Material's scripts and
stylesheets and of ours (2.5 MB each, half of the real history's site). A
snapshot built with shared assets writes no ``assets/`` folder: the files
MkDocs would copy under ``assets/`` go, once, into a folder
``assets-<digest>/`` beside the snapshot, named by the digest of those files'
paths and bytes (:func:`store_name`), and every page's references to
``assets/...`` point there instead (``../assets-<digest>/...`` from the
snapshot's root, :func:`rewrite`). Snapshots built with the same theme and
stylesheets share one folder; a new theme version or stylesheet makes
another, so a frozen snapshot's pages keep loading the very files of their
day. The folder stands at the top of the versioned site, at the depth of
``ur-28/`` and ``latest/``, so both reach it with the same relative address,
from any plain static host.

The build of a snapshot returns the folder's name to the versioned build,
which keeps that folder as long as a snapshot uses it. Every reference the
theme and the pages write is a quoted URL that starts with the page's way up
to the snapshot's root: ``"../../assets/`` in ``upgrade/9.16/``,
``"assets/`` at the root, ``"/latest/assets/`` in the "not found" page,
whose URLs are absolute.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

ASSETS = "assets/"
"""Where MkDocs puts the theme's and the site's static assets, inside a snapshot."""
STORE_PREFIX = "assets-"
"""A shared folder of assets is ``assets-<digest>``, beside the snapshots."""
DIGEST_LENGTH = 20
"""Hexadecimal digits of the SHA-256 that name a folder of assets."""


def store_name(files: Mapping[str, bytes]) -> str:
    """``assets-<digest>``: the name of the folder that holds ``files`` (path under ``assets/`` -> bytes)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return f"{STORE_PREFIX}{digest.hexdigest()[:DIGEST_LENGTH]}"


def write_store(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make ``folder`` hold ``files`` (paths relative to it), unless it exists: written aside, then renamed,
    so that a reader (another worker of the build) finds it complete or not at all."""
    if folder.is_dir():
        return
    aside = folder.parent / f".{folder.name}-{secrets.token_hex(8)}"
    try:
        for path, data in files.items():
            target = aside / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            os.rename(aside, folder)
        except OSError:
            if not folder.is_dir():
                raise
            # another worker of the build got there first: its copy (the same bytes) stays
    finally:
        if aside.exists():
            shutil.rmtree(aside)


def rewrite(html: str, root: str, store: str) -> str:
    """``html`` with its references to the snapshot's ``assets/`` pointing to ``store``; ``root`` is the
    way from the page up to the snapshot's root, as the page writes it (``../../``, ``""``, ``/latest/``)."""
    return html.replace(f'"{root}{ASSETS}', f'"{posixpath.normpath(f"{root}../{store}")}/')
