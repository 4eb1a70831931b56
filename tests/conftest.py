"""Shared fixtures: the shipped catalog, the synthetic one, and golden files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"
SYNTHETIC_CATALOG = ROOT / "tests" / "fixtures" / "synthetic-rollups.yaml"
GOLDENS = ROOT / "tests" / "goldens"
TEMPLATES_ASSETS = ROOT / "templates" / "assets"

Golden = Callable[[str, str | bytes], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/goldens/ from the current output",
    )


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture(scope="session")
def synthetic() -> Catalog:
    """A catalog built to differ from the shipped one wherever code could lean on a coincidence."""
    return load_or_raise(SYNTHETIC_CATALOG)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare an output with ``tests/goldens/<name>``, or rewrite it with ``--update-goldens``."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        path = GOLDENS / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens to create it"
        assert data.decode("utf-8") == path.read_bytes().decode("utf-8")

    return check
