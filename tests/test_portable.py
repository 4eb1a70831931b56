"""What keeps the build working on Windows and macOS, checked here on Linux.

CI runs validate, path and builds on Windows and macOS runners
(``.github/workflows/test.yml``, job ``portable``); these tests pin down the
pieces that differ from one system to another.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from filelock import lock_descriptor, unlock_descriptor

from generator.publish import site_target, staging
from generator.publish.site_target import (
    ERROR_LOCK_VIOLATION,
    LOCK_FIRST_LINE,
    MARKER_TEXT,
    Surroundings,
    lock_path,
    refusal,
    write_marker,
)


def surroundings(tmp_path: Path) -> Surroundings:
    (tmp_path / "work").mkdir()
    return Surroundings(cwd=tmp_path / "work", home=None, root=tmp_path / "root")


def windows_read(winerror: int) -> object:
    """``os.read`` as Windows answers it on a file whose first byte another descriptor locked."""

    def read(descriptor: int, size: int) -> bytes:
        error = PermissionError(13, "Permission denied")
        error.winerror = winerror  # type: ignore[attr-defined]  # set by Windows only
        raise error

    return read


def test_a_running_builds_lock_on_windows_is_rollups_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows keeps every other descriptor from reading a locked byte, the holder's second one too: a
    lock file that cannot be read for that reason is a build's, and the second build waits for it."""
    site = tmp_path / "site"
    lock_path(site).write_text(f"{LOCK_FIRST_LINE}\n", encoding="utf-8")
    around = surroundings(tmp_path)
    monkeypatch.setattr(site_target.os, "read", windows_read(ERROR_LOCK_VIOLATION))
    assert refusal(site, around) is None
    monkeypatch.setattr(site_target.os, "read", windows_read(5))  # ERROR_ACCESS_DENIED: not a lock
    assert refusal(site, around) == f"{lock_path(site)} beside it is not rollups' lock file"


def test_the_marker_has_the_same_bytes_everywhere(tmp_path: Path) -> None:
    write_marker(tmp_path)
    assert (tmp_path / ".rollups-site").read_bytes() == MARKER_TEXT.encode("utf-8")
    assert b"\r" not in MARKER_TEXT.encode("utf-8")


def test_the_lock_files_are_opened_as_bytes_and_never_through_a_link() -> None:
    for flags in (staging.OPEN_FLAGS, site_target.READ_FLAGS):
        assert flags & getattr(os, "O_BINARY", 0) == getattr(os, "O_BINARY", 0)
        assert flags & getattr(os, "O_NOFOLLOW", 0) == getattr(os, "O_NOFOLLOW", 0)


def test_a_second_build_waits_for_the_lock_then_reads_the_journal(tmp_path: Path) -> None:
    """The lock is filelock's, on the build's own descriptor, which then reads and writes the journal."""
    site = tmp_path / "site"
    lock = lock_path(site)
    lock.write_text(f"{LOCK_FIRST_LINE}\n", encoding="utf-8")
    held = os.open(lock, os.O_RDWR)
    assert lock_descriptor(held, blocking=False)
    waited = threading.Event()
    entered: list[Path] = []

    def second_build() -> None:
        with staging.staging(site, surroundings(tmp_path), on_wait=lambda path: waited.set()) as stage:
            with stage.scratch() as scratch:
                (scratch / "index.html").write_text("built\n", encoding="utf-8")
            entered.append(stage.site)

    thread = threading.Thread(target=second_build)
    thread.start()
    assert waited.wait(10)
    assert entered == [] and not site.exists()
    unlock_descriptor(held)
    os.close(held)
    thread.join(10)
    assert entered == [site]
    assert (site / "index.html").read_text(encoding="utf-8") == "built\n"
    assert lock.read_text(encoding="utf-8") == staging.JOURNAL_HEADER
