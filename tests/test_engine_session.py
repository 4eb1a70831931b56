"""Paid once per process: the theme's templates and file list, the catalog's validation (engine/session.py,
engine/versioned.py)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config

from generator.catalog.validate import load_or_raise
from generator.engine import mkdocs_plugin, session
from generator.engine.versioned import SnapshotEngine
from generator.publish.progress import Progress
from generator.publish.versioned_site import PreparedBuilder, build_versioned_site
from tests.conftest import ROOT, VERSIONS_FIXTURE

CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture
def fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as a new worker finds it: nothing kept yet."""
    monkeypatch.setattr(session, "_ENVIRONMENTS", {})
    monkeypatch.setattr(session, "_CATALOGS", {})


def test_the_theme_is_listed_as_mkdocs_keeps_it_without_its_hidden_folders() -> None:
    """Every name MkDocs could copy is listed, and no name under a hidden folder (Material's icons)."""
    config = load_config(str(CONFIG))
    for folder in config.theme.dirs:
        everything = jinja2.FileSystemLoader(folder).list_templates()
        visible = [name for name in everything if not any(part.startswith(".") for part in name.split("/"))]
        assert sorted(session.visible_files(folder)) == visible, folder
    material = next(folder for folder in config.theme.dirs if folder.endswith("material/templates"))
    assert len(jinja2.FileSystemLoader(material).list_templates()) > 10 * len(session.visible_files(material))


def test_a_hidden_template_still_loads(tmp_path: Path) -> None:
    (tmp_path / ".icons").mkdir()
    (tmp_path / ".icons" / "x.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "main.html").write_text("{% include '.icons/x.svg' %}", encoding="utf-8")
    loader = session.ThemeLoader([str(tmp_path)])
    assert loader.list_templates() == ["main.html"]
    assert jinja2.Environment(loader=loader).get_template("main.html").render() == "<svg/>"


def test_the_theme_environment_is_made_once_per_folders_and_language(fresh_session: None) -> None:
    made: list[jinja2.Environment] = []

    def make() -> jinja2.Environment:
        made.append(jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / "overrides")])))
        return made[-1]

    first = session.theme_environment(("a", "en"), make)
    assert session.theme_environment(("a", "en"), make) is first
    assert session.theme_environment(("a", "fr"), make) is not first
    assert len(made) == 2
    assert isinstance(first.loader, session.ThemeLoader)
    assert first.bytecode_cache is not None


def test_a_catalog_file_is_validated_once_until_it_changes(fresh_session: None, tmp_path: Path) -> None:
    catalog = tmp_path / "rollups.yaml"
    shutil.copy(VERSIONS_FIXTURE, catalog)
    loads: list[Path] = []

    def load(path: Path) -> object:
        loads.append(path)
        return load_or_raise(path)

    first = session.validated_catalog(catalog, load)  # type: ignore[arg-type]
    assert session.validated_catalog(catalog, load) is first  # type: ignore[arg-type]
    catalog.write_text(catalog.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert session.validated_catalog(catalog, load) is not first  # type: ignore[arg-type]
    assert loads == [catalog, catalog]


def _build(site: Path, builder: SnapshotEngine, jobs: int = 1) -> list[str]:
    report = build_versioned_site(
        VERSIONS_FIXTURE, site, builder, jobs=jobs, progress=Progress(io.StringIO())
    )
    return report.built


def test_a_process_that_builds_every_snapshot_lists_the_theme_and_validates_the_catalog_once(
    fresh_session: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[str] = []
    validated: list[Path] = []
    visible_files, load_catalog = session.visible_files, mkdocs_plugin.load_catalog

    def listing(folder: str, followlinks: bool = False) -> list[str]:
        listed.append(folder)
        return visible_files(folder, followlinks)

    def validating(path: Path) -> object:
        validated.append(path)
        return load_catalog(path)

    monkeypatch.setattr(session, "visible_files", listing)
    monkeypatch.setattr(mkdocs_plugin, "load_catalog", validating)
    builder = SnapshotEngine(CONFIG)
    assert isinstance(builder, PreparedBuilder)
    assert _build(tmp_path / "site", builder) == ["ur-4", "ur-2", "ur-1"]
    # The build validated the catalog itself and handed it over; the theme's folders, each listed once
    # (the one environment of the theme's folders with the overrides, which every page build uses).
    assert validated == []
    assert len(listed) == len(set(listed)) > 0


def test_prepare_validates_the_catalog_when_none_is_handed_over(
    fresh_session: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a spawned worker prepares: the catalog validated once, then every build finds it."""
    validated: list[Path] = []
    load_catalog = mkdocs_plugin.load_catalog

    def validating(path: Path) -> object:
        validated.append(path)
        return load_catalog(path)

    monkeypatch.setattr(mkdocs_plugin, "load_catalog", validating)
    catalog = tmp_path / "rollups.yaml"
    shutil.copy(VERSIONS_FIXTURE, catalog)
    builder = SnapshotEngine(CONFIG)
    builder.prepare(catalog)
    for number in (1, 2):
        builder(
            tmp_path / f"ur-{number}",
            catalog=catalog,
            as_of=number,
            site_url="http://x/",
            canonical_base=None,
        )
    assert validated == [catalog.resolve()]
    assert (tmp_path / "ur-2" / "index.html").is_file()
