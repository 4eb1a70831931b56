"""Shared fixtures: the shipped, synthetic, odd-policy and site-fixture catalogs; golden files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"
SYNTHETIC_CATALOG = ROOT / "tests" / "data" / "synthetic.yaml"
ODD_POLICY_CATALOG = ROOT / "tests" / "data" / "odd-policy.yaml"
SITE_FIXTURE = ROOT / "tests" / "data" / "site-fixture.yaml"
GOLDENS = ROOT / "tests" / "golden"
TEMPLATES_ASSETS = ROOT / "templates" / "assets"

Golden = Callable[[str, str | bytes], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files (expected outputs) under tests/golden/ from the current output",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten on purpose (``pytest --update-goldens``)."""
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def golden(update_goldens: bool) -> Golden:
    """Compare an output with ``tests/golden/<name>`` byte for byte, or rewrite it on purpose."""

    def check(name: str, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        path = GOLDENS / name
        if update_goldens:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens to create it"
        assert data.decode("utf-8") == path.read_bytes().decode("utf-8")

    return check


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture(scope="session")
def synthetic() -> Catalog:
    return load_or_raise(SYNTHETIC_CATALOG)


@pytest.fixture(scope="session")
def odd_policy() -> Catalog:
    """Other policy numbers (an exclusive window of 3, hops of 3, reboots every 2), a major
    change and a gap wider than the hop limit: what the shipped and synthetic catalogs share
    cannot be taken for a rule."""
    return load_or_raise(ODD_POLICY_CATALOG)


@pytest.fixture(scope="session")
def site_fixture() -> Catalog:
    return load_or_raise(SITE_FIXTURE)
