"""An input that never ends (a device such as ``/dev/zero``, a pipe) is read up to the bound of what it
may be, then refused at its line like any oversized file: never read whole into memory.

Each command runs in a process whose address space is capped, so that a regression ends in that
process's ``MemoryError`` (exit 70, a failed test) instead of filling the machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ENDLESS = Path("/dev/zero")
MEMORY_CAP = 1536 * 1024 * 1024
"""Far more than any of these commands needs, far less than reading an endless input would take."""

pytestmark = pytest.mark.skipif(not ENDLESS.exists(), reason="no /dev/zero on this system")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


WITHOUT_SCALE_CHECK = (
    "import sys; import generator.publish.commands as c; c.check_scale = lambda *a, **k: None; "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
)
"""``rollups`` without its first read of the catalog, the count of its rollups: the build's own copy
of the catalog is bounded too."""


def run(args: list[str], cwd: Path, program: str | None = None) -> subprocess.CompletedProcess[str]:
    """``rollups ARGS`` (or the Python ``program`` given ARGS) in ``cwd``, its memory capped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *(["-c", program] if program else ["-m", "generator"]), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_capped,
        check=False,
    )


CATALOG_TOO_LARGE = (
    f"{ENDLESS}:1:1: error: the file is larger than 5,242,880 bytes; a catalog of 10,000 rollups is about "
    "3 MB, so this is not a catalog (or it should be split)\n1 error, 0 warnings\n"
)


@pytest.mark.parametrize("versioned", [False, True])
def test_a_build_of_an_endless_catalog_is_refused(tmp_path: Path, versioned: bool) -> None:
    args = ["build", "-f", str(ROOT / "mkdocs.yml"), "--catalog", str(ENDLESS), "-d", str(tmp_path / "site")]
    done = run([*args, "--all-versions"] if versioned else args, tmp_path)
    assert (done.returncode, done.stderr) == (1, CATALOG_TOO_LARGE)
    assert not (tmp_path / "site").exists()


def test_the_versioned_build_copies_no_more_of_the_catalog_than_the_validator_reads(tmp_path: Path) -> None:
    args = ["build", "--all-versions", "-f", str(ROOT / "mkdocs.yml"), "--catalog", str(ENDLESS)]
    done = run([*args, "-d", str(tmp_path / "site")], tmp_path, WITHOUT_SCALE_CHECK)
    assert (done.returncode, done.stderr) == (1, CATALOG_TOO_LARGE)
    assert not (tmp_path / "site").exists()


def test_validating_an_endless_catalog_is_refused(tmp_path: Path) -> None:
    done = run(["validate", "--catalog", str(ENDLESS)], tmp_path)
    assert (done.returncode, done.stdout + done.stderr) == (1, CATALOG_TOO_LARGE)


def test_importing_an_endless_page_is_refused(tmp_path: Path) -> None:
    done = run(["import", str(ENDLESS), "-o", str(tmp_path / "rollups.yaml")], tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        f"{ENDLESS}:1:1: error: the page is more than 2,097,152 bytes; expected at most 2,097,152 bytes\n"
        "1 error, 0 warnings\n",
    )
    assert os.listdir(tmp_path) == []


def test_a_page_larger_than_the_bound_is_refused_with_its_size(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"a" * 3_000_000)
    done = run(["import", str(page)], tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        f"{page}:1:1: error: the page is 3,000,000 bytes; expected at most 2,097,152 bytes\n"
        "1 error, 0 warnings\n",
    )
