"""Build into a scratch directory and swap it in only when complete.

A failed or interrupted build must leave the previous output whole, so
every build writes into a fresh directory beside the target (same file
system, so the swap is two renames) and replaces the target only once
everything is written.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty scratch directory; on success it replaces ``target``, on error it is removed."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    scratch.chmod(0o755)  # mkdtemp's 0700 would hide the site from a web server's user
    try:
        yield scratch
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    swap_in(scratch, target)


def swap_in(built: Path, target: Path) -> None:
    """Replace ``target`` (if any) with the directory ``built``, then delete the old one."""
    if not target.exists():
        built.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        built.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
