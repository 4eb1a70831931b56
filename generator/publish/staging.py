"""Build into a scratch directory and swap it in only when complete.

A failed or interrupted build must leave the previous output whole, so
every build writes into a fresh directory beside the target (same file
system, so the swap is two renames) and replaces the target only once
everything is written. Builds into one target take turns (:func:`build_lock`),
and a build cleans up what an interrupted one left (:func:`remove_stale`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty scratch directory; on success it replaces ``target``, on error it is removed."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=_scratch_prefixes(target)[0], dir=target.parent))
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
    retired = Path(tempfile.mkdtemp(prefix=_scratch_prefixes(target)[1], dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        built.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _scratch_prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}-build-", f".{target.name}-old-"


def remove_stale(target: Path) -> list[Path]:
    """Delete scratch directories that an interrupted build left beside ``target``; return them.

    A build killed between the two renames of :func:`swap_in` leaves no
    ``target`` but the previous one retired: that one is put back first.
    Call this only while holding :func:`build_lock`, so that no other build
    is writing into them.
    """
    target = target.absolute()
    if not target.parent.is_dir():
        return []
    building, retired = _scratch_prefixes(target)
    stale = [p for p in target.parent.iterdir() if p.is_dir() and p.name.startswith((building, retired))]
    previous = sorted((p for p in stale if p.name.startswith(retired)), key=lambda p: p.stat().st_mtime)
    if not target.exists() and previous:
        previous[-1].rename(target)
        stale.remove(previous[-1])
    for path in sorted(stale):
        shutil.rmtree(path, ignore_errors=True)
    return stale


def lock_path(target: Path) -> Path:
    """The lock file of builds into ``target``: ``.SITE.lock`` beside it."""
    target = target.absolute()
    return target.parent / f".{target.name}.lock"


@contextmanager
def build_lock(target: Path, on_wait: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock of builds into ``target``; wait for it if another build holds it.

    ``on_wait`` is told the lock file's path before waiting. The lock is an
    ``flock`` on :func:`lock_path`: the kernel releases it when its holder
    exits, however it exits, so a killed build never leaves it stuck. Worker
    processes forked by a build share it, so a build whose main process was
    killed keeps it until its last worker is gone.
    """
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(path)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
