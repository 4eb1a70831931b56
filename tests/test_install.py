"""The package as a user gets it: a wheel, installed in a fresh environment, builds a new project far
from this checkout, on MkDocs and, with MkDocs uninstalled, on ProperDocs.

Slow for a test (a wheel build, a fresh virtual environment and the build's
locked dependencies, then a few builds: well under a minute here, most of it
pip), so marked ``slow``, but part of every run (``make test``, CI): no other
test sees the package without the checkout behind it. The dependencies come
from ``requirements/site.txt`` with their hashes, as ``make site`` installs
them, through pip's usual index and cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.engine.choice import ENGINE_VARIABLE
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "README.md", "generator", "templates", "overrides", "api")
"""What building the wheel reads: copied out of the checkout, so that the build writes nothing here."""
DATA = {
    "templates": "generator/templates",
    "overrides": "generator/overrides",
    "api": "generator/openapi",
    "generator/adoption/new/skeleton": "generator/adoption/new/skeleton",
}
"""Data folders of the checkout, and where the wheel holds them."""
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
TIMEOUT = 300


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``command``; its stdout. A failure shows what it printed."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def scripts(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source], cwd=dist)
    (built,) = dist.glob("rollups_site-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh virtual environment with the build's locked dependencies and the wheel."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--clear", venv], cwd=venv)
    python = scripts(venv) / "python"
    lock = ROOT / "requirements" / "site.txt"
    run([python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock], cwd=venv)
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], cwd=venv)
    return venv


def user_env(venv: Path) -> dict[str, str]:
    """A user's environment with the venv first on PATH, and nothing that points at this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", ENGINE_VARIABLE}}
    env["PATH"] = os.pathsep.join([str(scripts(venv)), env.get("PATH", "")])
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, venv: Path) -> Path:
    """``rollups new x && cd x && rollups build -d out``, in a folder far from the checkout."""
    home = tmp_path_factory.mktemp("user")
    rollups = scripts(venv) / "rollups"
    run([rollups, "new", "x"], cwd=home, env=user_env(venv))
    run([rollups, "build", "-d", "out"], cwd=home / "x", env=user_env(venv))
    return home / "x"


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_wheel_holds_every_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    wanted = {
        f"{inside}/{path.relative_to(ROOT / folder).as_posix()}"
        for folder, inside in DATA.items()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert len(wanted) > 30
    assert sorted(wanted - names) == []


def test_a_new_project_builds_from_the_installed_package(venv: Path, project: Path) -> None:
    site = project / "out"
    assert (site / "index.html").is_file()
    assert (site / ".rollups-site").is_file()
    assert (site / "rollups" / "4" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Northwind Sync service updates</title>" in home
    assert 'type="application/atom+xml"' in home  # the theme overrides, from the package
    where = run(
        [scripts(venv) / "python", "-c", "import generator.pages.templating as t; print(t.TEMPLATES_DIR)"],
        cwd=project,
        env=user_env(venv),
    )
    assert Path(where.strip()).is_relative_to(venv), "the templates came from somewhere else than the wheel"
    version = run([scripts(venv) / "rollups", "--version"], cwd=project, env=user_env(venv))
    assert re.fullmatch(r"rollups \d+\.\d+\.\d+\n", version)


def test_the_installed_package_builds_every_snapshot_without_mkdocs_yml(venv: Path, project: Path) -> None:
    """The default configuration, and the worker pool, from the installed package."""
    bare = project.parent / "bare"
    shutil.copytree(project / "data", bare / "data")
    shutil.copytree(project / "content", bare / "content")
    rollups = scripts(venv) / "rollups"
    out = run([rollups, "build", "--all-versions", "-j", "2", "-d", "site"], cwd=bare, env=user_env(venv))
    assert out.startswith("built 4 (ur-4, ur-3, ur-2, ur-1), 0 up to date; latest/ is ur-4")
    versions = {p.name for p in (bare / "site").iterdir() if p.is_dir() and not p.name.startswith("assets-")}
    assert versions == {"ur-4", "ur-3", "ur-2", "ur-1", "latest"}
    assert len([p for p in (bare / "site").iterdir() if p.name.startswith("assets-")]) == 1  # shared once


def test_with_mkdocs_uninstalled_the_same_site_builds_on_properdocs(venv: Path, project: Path) -> None:
    """The issue's case: ProperDocs installed, MkDocs removed; ``rollups build`` finds ProperDocs alone."""
    python = scripts(venv) / "python"
    pinned = re.search(
        r"^properdocs==.*?(?=^\S)", (ROOT / "requirements" / "test.txt").read_text(), re.M | re.S
    )
    assert pinned is not None, "requirements/test.txt pins no properdocs"
    requirement = project.parent / "properdocs.txt"
    requirement.write_text(pinned.group(), encoding="utf-8")
    run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes", "-r", requirement],
        project,
    )
    run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "mkdocs"], cwd=project)
    run([scripts(venv) / "rollups", "build", "-d", "out-properdocs"], cwd=project, env=user_env(venv))
    tag = GENERATOR_TAG.search((project / "out-properdocs" / "index.html").read_bytes())
    assert tag is not None and b"ProperDocs" in tag.group()
    ours, theirs = site_files(project / "out"), site_files(project / "out-properdocs")
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []
