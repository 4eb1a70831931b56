"""What the package ships: every package folder is listed in ``pyproject.toml``, and the data it needs
(templates, theme overrides, the OpenAPI description) is found through the package, not the checkout.

The wheel itself is built, installed and run in ``tests/test_install.py``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from pathlib import Path

from generator.outputs.api import OPENAPI_SOURCE
from generator.pages.templating import TEMPLATES_DIR
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def folders(top: Path) -> list[Path]:
    """``top`` and every folder under it, caches left out."""
    found = [top, *(p for p in top.rglob("*") if p.is_dir())]
    return [p for p in found if "__pycache__" not in p.parts]


def package_folders() -> dict[str, Path]:
    """Every folder of ``generator/`` and of the folders mapped into it, by dotted package name."""
    roots = {"generator": ROOT / "generator"}
    roots.update({name: ROOT / folder for name, folder in SETUPTOOLS["package-dir"].items()})
    return {
        ".".join([name, *folder.relative_to(top).parts]): folder
        for name, top in roots.items()
        for folder in folders(top)
    }


def test_every_package_folder_is_listed() -> None:
    """A folder missing from ``packages`` would be missing from the wheel (and only from the wheel)."""
    assert sorted(SETUPTOOLS["packages"]) == sorted(package_folders())


def data_packages() -> set[str]:
    """The folders of data: those mapped into ``generator`` (templates, overrides, the API description)
    and every folder without Python code (the new project's files)."""
    mapped = SETUPTOOLS["package-dir"]
    return {
        name
        for name, folder in package_folders().items()
        if any(name == m or name.startswith(f"{m}.") for m in mapped) or not (folder / "__init__.py").exists()
    }


def test_every_data_folder_ships_every_file() -> None:
    """``*`` matches every file of the folder (and no folder, so no ``__pycache__``)."""
    data = SETUPTOOLS["package-data"]
    assert {p: data.get(p) for p in data_packages()} == {p: ["*"] for p in data_packages()}


def test_the_data_is_found_through_the_package() -> None:
    """Resolved by importlib.resources: the checkout's folders here (editable), the wheel's when installed."""
    assert TEMPLATES_DIR == ROOT / "templates"
    assert OPENAPI_SOURCE == ROOT / "api" / "openapi.yaml"
    assert Path(str(importlib.resources.files("generator.overrides"))) == ROOT / "overrides"
    assert (TEMPLATES_DIR / "assets" / "rollups.css").is_file()
