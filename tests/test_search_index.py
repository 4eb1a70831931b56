"""The search index holds what readers search for: long tables' pages by their headings (engine/search.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.engine import search
from generator.engine.mkdocs_plugin import build_site
from tests.conftest import ROOT, SHIPPED_CATALOG


@dataclass
class Heading:
    id: str
    level: int
    title: str
    children: list[Heading] = field(default_factory=list)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The search index of the shipped catalog's newest snapshot."""
    site = tmp_path_factory.mktemp("search") / "site"
    build_site(site, config_file=ROOT / "mkdocs.yml", catalog=SHIPPED_CATALOG)
    docs: list[dict[str, Any]] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))[
        "docs"
    ]
    return docs


def entries(index: list[dict[str, Any]], page: str) -> list[dict[str, Any]]:
    return [entry for entry in index if entry["location"].split("#")[0] == page]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("upgrade/9.16.md", True),
        ("upgrade/index.md", True),
        ("reboot-matrix.md", True),
        ("rollups/index.md", True),
        ("rollups/101-to-200.md", True),
        ("upgrade/9.100-to-9.199.md", True),
        ("supported-rollups.md", True),
        ("rollups/28.md", False),
        ("scenarios/vmware-to-azure.md", False),
        ("index.md", False),
        ("planner/index.md", False),
    ],
)
def test_which_pages_are_indexed_by_their_headings(source: str, expected: bool) -> None:
    assert search.headings_only(source) is expected


def test_headings_keep_their_level_anchor_and_escaped_title() -> None:
    toc = [Heading("upgrading-from-9-16", 1, "Upgrading from 9.16", [Heading('a"b', 2, "A &amp; B")])]
    assert search.headings_html(toc) == (  # type: ignore[arg-type]
        '<h1 id="upgrading-from-9-16">Upgrading from 9.16</h1>\n<h2 id="a&quot;b">A &amp; B</h2>'
    )


def test_an_upgrade_page_is_found_by_its_version_and_its_sections(index: list[dict[str, Any]]) -> None:
    found = entries(index, "upgrade/9.59/")
    assert found[0] == {"location": "upgrade/9.59/", "title": "Upgrading from 9.59", "text": ""}
    titles = [entry["title"] for entry in found[1:]]  # 9.59's answers differ by scenario
    assert "Azure VM disaster recovery to Azure and Modernized VMware VM disaster recovery to Azure" in titles
    assert "VMware VM/physical server disaster recovery to Azure" in titles
    assert titles.count("Path to 9.63") == 2
    assert all(entry["text"] == "" for entry in found)


@pytest.mark.parametrize("page", ["upgrade/", "reboot-matrix/", "rollups/", "supported-rollups/"])
def test_the_long_tables_are_left_out(index: list[dict[str, Any]], page: str) -> None:
    found = entries(index, page)
    assert found and all(entry["text"] == "" for entry in found)


def test_a_rollup_page_is_indexed_whole(index: list[dict[str, Any]]) -> None:
    found = entries(index, "rollups/28/")
    assert found[0]["title"] == "Update Rollup 28"
    text = " ".join(entry["text"] for entry in found)
    assert "9.19.4973.1" in text and "KB4460079" in text  # its Unified Setup, its article


def test_the_index_stays_small_on_the_real_history(index: list[dict[str, Any]]) -> None:
    """Measured on the real history (pages split by scenario): 162 KB, 14 KB gzipped; the tables the
    long pages hold would add to it with the square of the rollups (bench/run.py measures 1,000)."""
    assert len(json.dumps(index)) < 200_000


def test_without_materials_search_nothing_is_changed() -> None:
    assert search.search_index([object(), SimpleNamespace(search_index=None)]) is None
    disabled = SimpleNamespace(search_index=SimpleNamespace(add_entry_from_context=print))
    disabled.config = SimpleNamespace(enabled=False)  # type: ignore[attr-defined]
    assert search.search_index([disabled]) is None


def test_a_page_is_excluded_from_materials_own_indexing_and_keeps_its_other_settings() -> None:
    meta: dict[str, Any] = {"search": {"boost": 2}, "title": "x"}
    search.exclude_from_search(meta)
    assert meta == {"search": {"boost": 2, "exclude": True}, "title": "x"}
    page = SimpleNamespace(url="upgrade/9.16/", title="Upgrading from 9.16", toc=[], meta=meta)
    stand_in = search.HeadingsOnly.of(page)
    assert stand_in.meta == {"title": "x"} and stand_in.content == ""


def test_materials_search_is_found(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert search.search_index(config.plugins.values()) is not None
