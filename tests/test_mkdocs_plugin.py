"""The MkDocs glue, called directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator.mkdocs_plugin import RollupsPlugin, catalog_path
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
