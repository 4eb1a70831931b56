"""Shared fixtures: the shipped, synthetic and site-fixture catalogs, the versioned site of the
shipped catalog; the ``--update-goldens`` option."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.cli import main
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"
SYNTHETIC_CATALOG = ROOT / "tests" / "data" / "synthetic.yaml"
SITE_FIXTURE = ROOT / "tests" / "data" / "site-fixture.yaml"
VERSIONS_FIXTURE = ROOT / "tests" / "data" / "versions-fixture.yaml"
GOLDENS = ROOT / "tests" / "golden"

Golden = Callable[[Path, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files (expected outputs) from the current output",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten on purpose (``pytest --update-goldens``)."""
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def golden(update_goldens: bool) -> Golden:
    """Compare ``actual`` with the golden file at ``path``, or rewrite it with ``--update-goldens``."""

    def check(path: Path, actual: str) -> None:
        if update_goldens:
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing; run pytest with --update-goldens to create it"
        assert actual == path.read_text(encoding="utf-8"), f"{path} differs; see the diff above"

    return check


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture(scope="session")
def synthetic() -> Catalog:
    return load_or_raise(SYNTHETIC_CATALOG)


@pytest.fixture(scope="session")
def site_fixture() -> Catalog:
    return load_or_raise(SITE_FIXTURE)


@pytest.fixture(scope="session")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The versioned site of the shipped catalog (``rollups build --all-versions``), built once.

    Read it, never write into it: other tests share it.
    """
    site = tmp_path_factory.mktemp("versioned") / "site"
    args = ["-f", str(ROOT / "mkdocs.yml"), "--catalog", str(SHIPPED_CATALOG), "-d", str(site)]
    assert main(["build", "--all-versions", *args]) == 0
    return site
