"""Shared fixtures: the shipped catalog, and golden files that ``--update-goldens`` rewrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"

Golden = Callable[[Path, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files with the current output instead of comparing with them",
    )


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare ``actual`` with the golden file at ``path``, or rewrite it with ``--update-goldens``."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(path: Path, actual: str) -> None:
        if update:
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing; run pytest with --update-goldens to create it"
        assert actual == path.read_text(encoding="utf-8"), f"{path} differs; see the diff above"

    return check
