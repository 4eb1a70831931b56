"""Two engines: the site builds on MkDocs 1.x and on ProperDocs, page for page the same.

ProperDocs is installed beside MkDocs here (both are in ``requirements/test.txt``;
they live under different module names). The choice of engine holds for a
whole process (ProperDocs makes every ``import mkdocs`` of the process load
its own modules), so each build runs in a process of its own. A wheel with
MkDocs uninstalled is built in ``tests/test_install.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engine.choice import (
    ENGINE_VARIABLE,
    MKDOCS,
    PROPERDOCS,
    EngineMissing,
    choose_engine,
    installed_engines,
    running_engine,
)
from tests.conftest import ROOT, SHIPPED_CATALOG

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one line that names the engine, and so differs."""

BIN = Path(sys.executable).parent


def build(site: Path, command: list[str], engine: str | None) -> Path:
    """Build the shipped catalog's site with ``command`` in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k != ENGINE_VARIABLE}
    env["SOURCE_DATE_EPOCH"] = "1548979200"  # the sitemap's dates: the same for both builds
    if engine is not None:
        env[ENGINE_VARIABLE] = engine
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return site


def rollups_build(site: Path, engine: str | None) -> Path:
    command = [sys.executable, "-m", "generator", "build", "--catalog", str(SHIPPED_CATALOG), "-d", str(site)]
    return build(site, command, engine)


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, the generator tag cut out; not the marker (only rollups writes it)."""
    return {
        p.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".rollups-site"
    }


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rollups_build(tmp_path_factory.mktemp("mkdocs") / "site", MKDOCS)


def test_both_engines_are_installed_for_the_tests() -> None:
    assert installed_engines() == {MKDOCS, PROPERDOCS}


def test_rollups_build_on_properdocs_gives_the_same_pages(mkdocs_site: Path, tmp_path: Path) -> None:
    properdocs_site = rollups_build(tmp_path / "site", PROPERDOCS)
    tag = GENERATOR_TAG.search((properdocs_site / "index.html").read_bytes())
    assert tag is not None and b"ProperDocs" in tag.group(), "the build did not run on ProperDocs"
    ours, theirs = files(mkdocs_site), files(properdocs_site)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 100
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_the_properdocs_command_runs_the_plugin_too(mkdocs_site: Path, tmp_path: Path) -> None:
    """``properdocs build`` loads the ``rollups`` plugin by its entry point, as ``mkdocs build`` does."""
    site = tmp_path / "site"
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
        .replace("catalog: data/rollups.yaml", f"catalog: {SHIPPED_CATALOG}")
        .replace("  version:\n    provider: mike\n    default: latest\n    alias: true\n", ""),
        encoding="utf-8",
    )
    build(site, [str(BIN / "properdocs"), "build", "--quiet", "-f", str(config), "-d", str(site)], None)
    ours, theirs = files(mkdocs_site), files(site)
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []


# --- The choice ------------------------------------------------------------------------------


def test_the_running_engine_decides() -> None:
    """Loaded as a plugin, the adapter runs on the engine that loaded it, whatever the variable says."""
    properdocs = object()
    assert running_engine({}) is None
    assert running_engine({"mkdocs": object()}) == MKDOCS
    assert running_engine({"mkdocs": properdocs, "properdocs": properdocs}) == PROPERDOCS
    assert choose_engine({ENGINE_VARIABLE: MKDOCS}, {MKDOCS, PROPERDOCS}, PROPERDOCS) == PROPERDOCS


def test_mkdocs_first_properdocs_when_alone_or_asked() -> None:
    both = {MKDOCS, PROPERDOCS}
    assert choose_engine({}, both) == MKDOCS
    assert choose_engine({}, {PROPERDOCS}) == PROPERDOCS
    assert choose_engine({ENGINE_VARIABLE: "ProperDocs"}, both) == PROPERDOCS
    assert choose_engine({ENGINE_VARIABLE: ""}, {MKDOCS}) == MKDOCS


@pytest.mark.parametrize(
    ("environ", "installed", "message"),
    [
        (
            {},
            set(),
            "no engine to build the site with: neither MkDocs 1.x nor ProperDocs; "
            "install one: pip install 'mkdocs>=1.6,<2' (or pip install properdocs)",
        ),
        (
            {ENGINE_VARIABLE: "properdocs"},
            {MKDOCS},
            "ROLLUPS_ENGINE=properdocs asks for properdocs, which is not installed",
        ),
        (
            {ENGINE_VARIABLE: "sphinx"},
            {MKDOCS},
            "ROLLUPS_ENGINE='sphinx' is not an engine: expected one of mkdocs, properdocs",
        ),
    ],
)
def test_no_engine_to_run_on_says_what_to_install(
    environ: dict[str, str], installed: set[str], message: str
) -> None:
    with pytest.raises(EngineMissing) as caught:
        choose_engine(environ, installed)
    assert str(caught.value) == message
    assert isinstance(caught.value, OSError)  # the command line exits 2, as for a missing file


def test_a_missing_engine_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, ENGINE_VARIABLE: "sphinx"}
    command = [sys.executable, "-m", "generator", "build", "--catalog", str(SHIPPED_CATALOG), "-d", "out"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (
        2,
        "error: ROLLUPS_ENGINE='sphinx' is not an engine: expected one of mkdocs, properdocs\n",
    )
    assert list(tmp_path.iterdir()) == []
