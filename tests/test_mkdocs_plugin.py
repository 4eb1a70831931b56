"""The MkDocs glue, called directly."""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator.catalog.validate import load_or_raise
from generator.engine.mkdocs_plugin import (
    OVERRIDES_DIR,
    ConfigFile,
    RollupsPlugin,
    build_site,
    catalog_path,
    find_config,
)
from tests.conftest import ROOT, SHIPPED_CATALOG, SITE_FIXTURE


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: Any = None, *, recursive: bool = True) -> None:
        self.watched.append(path)


def test_serve_watches_the_catalog_the_templates_and_the_overrides() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["rollups"]
    assert isinstance(plugin, RollupsPlugin)
    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    watched = [Path(p).resolve() for p in server.watched]
    assert watched == [SHIPPED_CATALOG, ROOT / "templates", ROOT / "overrides"]


def test_catalog_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert catalog_path(config, "data/rollups.yaml").resolve() == SHIPPED_CATALOG
    assert catalog_path(config, str(tmp_path / "x.yaml")) == tmp_path / "x.yaml"


def test_generated_pages_are_virtual_files() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    generated = files.get_file_from_path("upgrade/9.16.md")
    assert generated is not None and generated.generated_by == "rollups"
    assert generated.abs_src_path is None
    assert files.get_file_from_path("assets/stylesheets/rollups.css") is not None
    assert not (ROOT / "content" / "upgrade").exists()


def test_a_second_build_compiles_none_of_the_theme_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # a cold cache of compiled templates
    build_site(tmp_path / "first", config_file=ROOT / "mkdocs.yml")
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def compile(env: jinja2.Environment, source: str, name: str | None = None, *args: Any) -> Any:
        compiled.append(name)
        return original(env, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    build_site(tmp_path / "second", config_file=ROOT / "mkdocs.yml")
    # Material's search plugin reads its language partials through an environment of its own, which
    # no plugin event hands out: those two compiled in every build until build_site kept the theme's
    # environments of the process (engine/session.py), which the search plugin asks for too.
    assert compiled == []
    first, second = tmp_path / "first", tmp_path / "second"
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    assert all((first / p).read_bytes() == (second / p).read_bytes() for p in pages)


# --- The theme overrides come from the package -------------------------------------------


def theme_dirs(tmp_path: Path, theme: dict[str, Any]) -> list[Path]:
    """The theme's folders, after the plugin's ``on_config``, of a copy of mkdocs.yml with ``theme``."""
    config_data = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config_data.update(theme=theme, docs_dir=str(ROOT / "content"))
    config_data["plugins"][1]["rollups"]["catalog"] = str(SHIPPED_CATALOG)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config_data), encoding="utf-8")
    config = load_config(str(path))
    config = config.plugins.on_config(config)
    return [Path(d) for d in config.theme.dirs]


def test_material_gets_the_packaged_overrides_first(tmp_path: Path) -> None:
    dirs = theme_dirs(tmp_path, {"name": "material"})
    assert dirs[0] == OVERRIDES_DIR == ROOT / "overrides"
    assert dirs[1].name == "templates" and dirs[1].parent.name == "material"


def test_a_projects_custom_dir_comes_before_the_packaged_overrides(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    dirs = theme_dirs(tmp_path, {"name": "material", "custom_dir": str(own)})
    assert dirs[:2] == [own, OVERRIDES_DIR]


def test_the_overrides_are_not_added_twice(tmp_path: Path) -> None:
    dirs = theme_dirs(tmp_path, {"name": "material", "custom_dir": str(ROOT / "overrides")})
    assert dirs.count(OVERRIDES_DIR) == 1


def test_another_theme_gets_no_material_overrides(tmp_path: Path) -> None:
    assert OVERRIDES_DIR not in theme_dirs(tmp_path, {"name": "mkdocs"})


# --- Without mkdocs.yml: the default configuration ------------------------------------------


def test_without_mkdocs_yml_the_default_configuration_stands_in(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert find_config(None, tmp_path) == ConfigFile(tmp_path / "mkdocs.yml", default=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert find_config(None, tmp_path) == ConfigFile(tmp_path / "mkdocs.yml")


def test_without_mkdocs_yml_nor_content_it_says_what_a_project_holds(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        find_config(None, tmp_path)
    assert str(caught.value) == (
        f"no mkdocs.yml and no content/ folder in {tmp_path}: a site project holds mkdocs.yml, "
        "data/rollups.yaml and content/index.md (rollups new DIR writes one); "
        "or name the configuration with -f FILE"
    )
    with pytest.raises(FileNotFoundError, match=r"^nowhere\.yml: no such MkDocs configuration file$"):
        find_config(Path("nowhere.yml"), tmp_path)


def test_the_default_configuration_builds_a_project_named_after_its_product(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(SITE_FIXTURE, tmp_path / "data" / "rollups.yaml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    build_site(tmp_path / "out")
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    product = html.escape(load_or_raise(SITE_FIXTURE).product.name)  # "Example Backup &amp; Restore"
    assert f"<title>{product} service updates</title>" in home
    assert 'type="application/atom+xml"' in home  # overrides/main.html, from the package
