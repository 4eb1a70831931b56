"""The MkDocs glue, called directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator.engine.mkdocs_plugin import RollupsPlugin, build_site, catalog_path
from tests.conftest import ROOT, SHIPPED_CATALOG


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: Any = None, *, recursive: bool = True) -> None:
        self.watched.append(path)


def test_serve_watches_the_catalog_and_the_templates() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["rollups"]
    assert isinstance(plugin, RollupsPlugin)
    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert [Path(p).resolve() for p in server.watched] == [SHIPPED_CATALOG, ROOT / "templates"]


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
    # Material's search plugin reads its language partials through an environment of its own,
    # which no plugin event hands out: those two compile in every build.
    assert set(compiled) == {"partials/language.html", "partials/languages/en.html"}
    first, second = tmp_path / "first", tmp_path / "second"
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    assert all((first / p).read_bytes() == (second / p).read_bytes() for p in pages)
