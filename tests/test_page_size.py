"""No page grows with the catalog (issue 15, "Output grows linearly").

Every page stays under 60 KB of HTML at any catalog size, and the bytes of
the pages grow linearly with the rollups: an upgrade page shows a long path
in part (``tests/test_long_paths.py``), and the long lists (rollups, versions)
show their newest rows and leave the rest to pages of fixed ranges
(:mod:`generator.pages.lists`).

The 60 KB are checked on a real build of 130 rollups (long enough for the
pages of ranges and the continuations of long paths, whose every link is
checked there), where every page of ours is also checked to gain at most
:data:`CHROME` bytes from the engine and the theme (header, navigation,
table of contents, footer). What they add does not grow with the catalog:
the navigation lists the index pages only (``mkdocs.yml``), and a page's
table of contents follows its headings, whose number is bounded by the
scenarios, not by the rollups. So at 1,000 and 2,000 rollups, built without
the engine (a build of 2,000 rollups takes over a minute), each page's own
Markdown is held to 60 KB less :data:`CHROME`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bench.synthetic import write_catalog
from generator.catalog.validate import load_or_raise
from generator.checks.linkcheck import check_links
from generator.cli import main
from generator.outputs.files import feeds_page
from generator.outputs.planner import planner_page
from generator.pages.layout import site_model
from generator.pages.links import LinkStyle
from generator.pages.render import Renderer
from generator.policy.rules import snapshot
from generator.site.path_claims import page_output
from tests.conftest import ROOT

LIMIT = 60 * 1024
"""The most HTML one page may weigh (issue 15; ``bench/run.py`` measures it in the same unit)."""
CHROME = 22 * 1024
"""The most the engine and the theme add to one of our pages (measured: 16 to 19 KB)."""


@functools.cache
def generated_pages(size: int, folder: Path) -> dict[str, str]:
    """The Markdown of every page generated from a synthetic catalog of ``size`` rollups (not the prose of
    ``content/``, nor the JSON, feeds and badges beside the pages)."""
    catalog = load_or_raise(write_catalog(size, folder / f"synthetic-{size}.yaml"))
    snap = snapshot(catalog)
    model = site_model(snap)
    model = model.with_pages(planner_page(snap, model.versions), feeds_page(snap, model.versions))
    renderer = Renderer(model, LinkStyle.DIRECTORY)
    return {page.path: renderer.page(page) for page in model.pages}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("catalogs")


def test_a_built_site_has_no_page_over_60_kb_and_every_link_resolves(folder: Path, tmp_path: Path) -> None:
    catalog = write_catalog(130, tmp_path / "rollups.yaml")
    site = tmp_path / "site"
    assert main(["build", "-f", str(ROOT / "mkdocs.yml"), "--catalog", str(catalog), "-d", str(site)]) == 0
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    assert {"rollups/1-to-100/index.html", "upgrade/9.0-to-9.99/index.html"} <= set(sizes)
    heaviest = max(sizes, key=sizes.__getitem__)
    assert sizes[heaviest] <= LIMIT, heaviest
    added = {
        path: sizes[page_output(path, LinkStyle.DIRECTORY)] - len(markdown.encode())
        for path, markdown in generated_pages(130, folder).items()
    }
    most = max(added, key=added.__getitem__)
    assert 0 < added[most] <= CHROME, most
    report = check_links(site)
    assert report.broken == [], "\n".join(map(str, report.broken))


@pytest.mark.parametrize("size", [130, 1_000, 2_000])
def test_no_page_of_a_large_catalog_outgrows_its_budget(folder: Path, size: int) -> None:
    pages = generated_pages(size, folder)
    sizes = {path: len(markdown.encode()) for path, markdown in pages.items()}
    heaviest = max(sizes, key=sizes.__getitem__)
    assert sizes[heaviest] <= LIMIT - CHROME, f"{heaviest}: {sizes[heaviest]:,} bytes"
    assert {"rollups/index.md", "upgrade/index.md", "supported-rollups.md", "planner/index.md"} <= set(pages)


def test_pages_and_bytes_grow_linearly_with_the_rollups(folder: Path) -> None:
    """From 500 to 2,000 rollups (four times as many), four times the pages and the bytes, give or take
    a tenth: every page's size is bounded, and the pages per rollup are constant."""
    small, large = generated_pages(500, folder), generated_pages(2_000, folder)
    pages = len(large) / len(small)
    weight = sum(len(m.encode()) for m in large.values()) / sum(len(m.encode()) for m in small.values())
    assert 4 / 1.1 <= pages <= 4 * 1.1, pages
    assert 4 / 1.1 <= weight <= 4 * 1.1, weight
