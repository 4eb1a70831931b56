"""Shared fixtures: the shipped, seed-era, synthetic, odd-policy and site-fixture catalogs; the
versioned site of the shipped catalog; golden files."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"
"""The product's published history: what the site is built from."""
SEED_CATALOG = ROOT / "tests" / "data" / "seed-2019.yaml"
"""The catalog of the seed's era (rollups 19 to 32, as the January 2019 page gave them), which
``data/rollups.yaml`` was until it became the real history: the tests of seed-era facts read it."""
SYNTHETIC_CATALOG = ROOT / "tests" / "data" / "synthetic.yaml"
ODD_POLICY_CATALOG = ROOT / "tests" / "data" / "odd-policy.yaml"
SITE_FIXTURE = ROOT / "tests" / "data" / "site-fixture.yaml"
VERSIONS_FIXTURE = ROOT / "tests" / "data" / "versions-fixture.yaml"
GOLDENS = ROOT / "tests" / "golden"
TEMPLATES_ASSETS = ROOT / "templates" / "assets"

Golden = Callable[[Path | str, str | bytes], None]


@pytest.fixture(autouse=True)
def _sigint_handler_restored() -> Iterator[None]:
    """Every test ends with the test process's Ctrl-C handler as it found it: a command run in-process
    (``cli.run``) ignores Ctrl-C while it ends, which would leave later tests' interrupts ignored."""
    handler = signal.getsignal(signal.SIGINT)
    yield
    if signal.getsignal(signal.SIGINT) is not handler and handler is not None:
        signal.signal(signal.SIGINT, handler)


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
    """Compare ``actual`` with a golden file, byte for byte, or rewrite it with ``--update-goldens``.

    The file is ``path``, or ``tests/golden/<name>`` for a relative name.
    """

    def check(where: Path | str, actual: str | bytes) -> None:
        path = GOLDENS / where if isinstance(where, str) else where
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if update_goldens:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"{path} is missing; run pytest with --update-goldens to create it"
        expected = path.read_bytes().decode("utf-8")
        assert data.decode("utf-8") == expected, f"{path} differs; see the diff above"

    return check


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)


@pytest.fixture(scope="session")
def seed() -> Catalog:
    return load_or_raise(SEED_CATALOG)


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


@pytest.fixture(scope="session")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The versioned site of the shipped catalog (``rollups build --all-versions``), built once.

    Read it, never write into it: other tests share it.
    """
    site = tmp_path_factory.mktemp("versioned") / "site"
    args = ["-f", str(ROOT / "mkdocs.yml"), "--catalog", str(SHIPPED_CATALOG), "-d", str(site)]
    assert main(["build", "--all-versions", *args]) == 0
    return site


# --- The built site, shared by the browser, accessibility, HTML and link checks --------------


@dataclass(frozen=True)
class BuiltSite:
    """The shipped catalog's site, built once per test session.

    ``root`` is the folder a host serves; ``snapshot`` is where the newest
    snapshot's pages are under it (``""`` for a single-snapshot build).
    """

    root: Path
    snapshot: str

    @property
    def latest(self) -> Path:
        return self.root / self.snapshot if self.snapshot else self.root


@pytest.fixture(scope="session")
def built_site(versioned_site: Path) -> BuiltSite:
    """The full versioned build, served from its root; the page-type checks read ``latest/``."""
    return BuiltSite(versioned_site, "latest/")


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The base URL (ending in ``/``) of a local server of the built site."""
    from tests.browser import serve

    with serve(built_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def latest_url(built_site: BuiltSite, site_url: str) -> str:
    """The URL of the newest snapshot's home page."""
    return site_url + built_site.snapshot


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    from tests.browser import clear_screenshots

    clear_screenshots()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.browser import SCREENSHOTS

    shots = sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"screenshots: {len(shots)} pages in {SCREENSHOTS}")
