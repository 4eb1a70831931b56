"""``rollups export`` gives pages whose links work in another engine: plain MkDocs with Material, without
the ``rollups`` plugin, builds the export with every internal link and anchor resolving.

Links written in Markdown syntax name ``.md`` files, which every engine
rewrites; links inside HTML (tables, captions, the planner's form) are
written for the engine's URLs, since no engine rewrites those: with the
default ``--links directory``, MkDocs' ``use_directory_urls``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.checks.linkcheck import check_links
from generator.cli import main
from tests.conftest import ROOT, SHIPPED_CATALOG


def plain_mkdocs_site(export: Path, work: Path) -> Path:
    """The export built by MkDocs and Material alone: this repository's configuration, no plugin."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(export)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")  # the plugin brings them otherwise
    config["plugins"] = ["search"]
    config["extra"].pop("version")
    path = work / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    site = work / "plain-site"
    build(load_config(str(path), site_dir=str(site)))
    return site


def export(work: Path, *options: str) -> Path:
    target = work / "export"
    args = ["export", str(target), "--catalog", str(SHIPPED_CATALOG), "--content", str(ROOT / "content")]
    assert main([*args, *options]) == 0
    return target


def test_the_default_export_builds_with_plain_mkdocs_and_no_broken_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = plain_mkdocs_site(export(tmp_path), tmp_path)
    report = check_links(site)
    assert report.pages > 30
    assert report.broken == []


def test_markdown_links_inside_html_break_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Why the default is not ``markdown`` (the one before): MkDocs leaves a ``.md`` link inside HTML as it
    is, and a link to a static file relative to ``feeds.md`` misses from ``feeds/index.html``."""
    site = plain_mkdocs_site(export(tmp_path, "--links", "markdown"), tmp_path)
    broken = check_links(site).broken
    assert len([b for b in broken if b.href.split("#")[0].endswith(".md")]) > 100
