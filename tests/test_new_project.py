"""``rollups new DIR``: a site project for another product that builds as it is, and the command's refusals.

Built here in this process; ``tests/test_install.py`` builds one from an
installed wheel, outside the checkout.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.adoption.lint.lint import lint_content
from generator.adoption.new.project import FILES, SKELETON, ProjectRefused, create_project
from generator.catalog.validate import load
from generator.cli import main
from generator.publish.journal import KINDS
from generator.publish.site_target import MARKER, lock_path
from tests.conftest import ROOT
from tests.test_schema import SCHEMA_FILE, load_yaml, schema_errors

CATALOG = SKELETON / "data" / "rollups.yaml"


def test_new_writes_the_three_files_of_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "a project"
    assert main(["new", str(project)]) == 0
    written = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert written == sorted([*FILES, ".gitignore"])
    for name in FILES:
        assert (project / name).read_bytes() == (SKELETON / name).read_bytes()
    assert (project / ".gitignore").read_bytes() == (SKELETON / "gitignore").read_bytes()
    out = capsys.readouterr().out
    assert out == (
        f"created mkdocs.yml, data/rollups.yaml, content/index.md, .gitignore in {project}/\n"
        f"next: cd '{project}' && rollups validate && rollups build -d site\n"
    )


def test_new_builds_a_site_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strict, as ``rollups build`` is by default: no warning of MkDocs, the lint or the catalog."""
    create_project(tmp_path / "x")
    monkeypatch.chdir(tmp_path / "x")
    assert main(["build", "-d", "out"]) == 0
    site = tmp_path / "x" / "out"
    assert (site / MARKER).is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Northwind Sync service updates</title>" in home
    assert 'type="application/atom+xml"' in home  # the packaged overrides
    for page in ("rollups/4", "upgrade/2.1", "scenarios/on-premises-to-cloud", "reboot-matrix", "planner"):
        assert (site / page / "index.html").is_file(), page


def test_the_example_catalog_is_clean_and_its_prose_lints_clean() -> None:
    located = load(CATALOG)
    assert located.catalog is not None
    assert [str(d) for d in located.report.diagnostics] == []
    assert [str(d) for d in lint_content(SKELETON / "content", located.catalog).diagnostics] == []
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema_errors(jsonschema.Draft202012Validator(schema), load_yaml(CATALOG)) == []


def key_lines(node: yaml.Node, path: str = "") -> list[tuple[str, int]]:
    """Every key of a catalog with its line (0-based), as a path such as ``rollups[].number``.

    The keys of ``versions`` are component and scenario ids, data rather than
    keys of the format: they are left out.
    """
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = f"{path}.{key.value}" if path else key.value
            found.append((where, key.start_mark.line))
            if key.value != "versions":
                found += key_lines(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += key_lines(item, f"{path}[]")
    return found


def test_the_example_catalog_explains_every_key() -> None:
    """The first time each key appears, a comment stands right above it (or beside it)."""
    text = CATALOG.read_text(encoding="utf-8")
    lines = text.splitlines()
    first: dict[str, int] = {}
    for where, line in key_lines(yaml.compose(text)):
        first.setdefault(where, line)
    unexplained = [
        where
        for where, line in first.items()
        if "#" not in lines[line] and not lines[line - 1].strip().startswith("#")
    ]
    assert unexplained == []
    for optional in ("site_url", "track_scenario", "withdrawn"):  # left out of the example, shown commented
        assert any(line.lstrip().startswith(f"# {optional}: ") for line in lines), optional


def test_the_new_projects_configuration_is_this_repositorys_but_for_its_name() -> None:
    """One configuration for both: a change of one (a Markdown extension the templates need) reaches both."""
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    new = yaml.safe_load((SKELETON / "mkdocs.yml").read_text(encoding="utf-8"))
    for config in (ours, new):
        del config["site_name"], config["site_description"]
    assert new == ours


@pytest.mark.parametrize("occupant", ["file inside", "a file"])
def test_new_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, occupant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x"
    if occupant == "a file":
        target.write_text("keep\n", encoding="utf-8")
        reason = "it exists and is not a folder"
    else:
        target.mkdir()
        (target / "notes.txt").write_text("keep\n", encoding="utf-8")
        reason = "it is not empty (it holds notes.txt); a new project goes into an absent or empty folder"
    before = sorted(tmp_path.rglob("*"))
    assert main(["new", str(target)]) == 2
    assert capsys.readouterr().err == f"error: will not create a project in {target}: {reason}\n"
    assert sorted(tmp_path.rglob("*")) == before


def test_new_fills_an_empty_folder(tmp_path: Path) -> None:
    assert [p.relative_to(tmp_path).as_posix() for p in create_project(tmp_path)] == [*FILES, ".gitignore"]
    with pytest.raises(ProjectRefused):
        create_project(tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_ignores_what_a_build_writes_beside_a_new_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``rollups build`` (default folder ``site``), git sees the project's sources only."""
    project = tmp_path / "p"
    create_project(project)
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    assert (project / "site" / MARKER).is_file() and lock_path(Path("site")).is_file()
    # What a killed build leaves beside the site: its folders, named as staging names them.
    left = [f".site-{kind}-0123456789abcdef" for kind in KINDS]
    for name in left:
        (project / name).mkdir()
        (project / name / "index.html").write_text("", encoding="utf-8")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    assert sorted(git("status", "--porcelain", "--untracked-files=all").splitlines()) == sorted(
        f"?? {name}" for name in [*FILES, ".gitignore"]
    )
    ignored = {line for line in git("status", "--porcelain", "--ignored").splitlines() if line[:2] == "!!"}
    assert ignored == {f"!! {name}/" for name in ["site", *left]} | {"!! .site.lock"}


@pytest.mark.parametrize("leads_to", ["an empty folder", "nothing"])
def test_new_refuses_a_symbolic_link(
    tmp_path: Path, leads_to: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The project was written wherever the link led."""
    elsewhere = tmp_path / "elsewhere"
    if leads_to == "an empty folder":
        elsewhere.mkdir()
    (tmp_path / "x").symlink_to(elsewhere)
    before = sorted(tmp_path.rglob("*"))
    assert main(["new", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err == (
        f"error: will not create a project in {tmp_path / 'x'}: it is a symbolic link (to {elsewhere}); "
        "name the folder itself, or an absent one\n"
    )
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("exists", [False, True])
def test_a_full_disk_leaves_no_partial_project(
    tmp_path: Path, exists: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x"
    if exists:
        target.mkdir()
    opened = Path.open

    def fills_the_disk(path: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "xb" and path.name == "index.md":  # the last of the three files
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return opened(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", fills_the_disk)
    assert main(["new", str(target)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert os.listdir(tmp_path) == (["x"] if exists else [])  # no staged folder left beside it either
    assert not exists or os.listdir(target) == []


def test_new_fills_the_current_folder_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty current folder keeps its identity: the shell that is in it sees the project."""
    before = os.stat(tmp_path).st_ino
    monkeypatch.chdir(tmp_path)
    assert main(["new", "."]) == 0
    assert os.stat(tmp_path).st_ino == before
    assert sorted(os.listdir(tmp_path)) == [".gitignore", "content", "data", "mkdocs.yml"]
