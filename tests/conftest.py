"""Shared fixtures: the shipped catalog, the site fixture, and golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"
SITE_FIXTURE = Path(__file__).resolve().parent / "data" / "site-fixture.yaml"
GOLDENS = Path(__file__).resolve().parent / "goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/goldens/ with the current output",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture(scope="session")
def site_fixture() -> Catalog:
    return load_or_raise(SITE_FIXTURE)
