"""Static assets stored once for a whole versioned site, named by their content (engine/shared_assets.py)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.engine import shared_assets
from generator.engine.versioned import SnapshotEngine
from generator.publish.progress import Progress
from generator.publish.snapshots import DIGEST_FILE
from generator.publish.versioned_site import BuildReport, build_versioned_site
from tests.conftest import ROOT, VERSIONS_FIXTURE

CONFIG = ROOT / "mkdocs.yml"
NEW_ROLLUP = """\
  - number: 5
    released: 2023-12-05
    versions:
      console: 1.5.0.0
      agent: 3.5.50.0
"""


def test_a_folder_is_named_by_the_paths_and_bytes_it_holds() -> None:
    files = {"stylesheets/a.css": b"a{}", "javascripts/b.js": b"b()"}
    name = shared_assets.store_name(files)
    assert re.fullmatch(r"assets-[0-9a-f]{20}", name)
    assert shared_assets.store_name(dict(reversed(files.items()))) == name
    assert shared_assets.store_name({**files, "stylesheets/a.css": b"a{ }"}) != name
    assert shared_assets.store_name({"stylesheets/b.css": b"a{}", "javascripts/b.js": b"b()"}) != name


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("", '<link href="../assets-x/a.css"><script src="../assets-x/b.js">'),
        ("../../", '<link href="../../../assets-x/a.css"><script src="../../../assets-x/b.js">'),
        ("/latest/", '<link href="/assets-x/a.css"><script src="/assets-x/b.js">'),
        ("/", '<link href="/assets-x/a.css"><script src="/assets-x/b.js">'),
    ],
)
def test_references_to_the_assets_point_to_the_shared_folder(root: str, expected: str) -> None:
    html = f'<link href="{root}assets/a.css"><script src="{root}assets/b.js">'
    assert shared_assets.rewrite(html, root, "assets-x") == expected
    text = f"<p>the assets/ folder, {root}assets/a.css in words</p>"
    assert shared_assets.rewrite(text, root, "assets-x") == text  # only quoted addresses


def test_a_folder_is_written_once_and_whole(tmp_path: Path) -> None:
    folder = tmp_path / "assets-x"
    shared_assets.write_store(folder, {"a/b.css": b"b", "c.js": b"c"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "a/b.css",
        "c.js",
    ]
    shared_assets.write_store(folder, {"other.js": b"x"})  # there already: left as it is
    assert not (folder / "other.js").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assets-x"]  # nothing left aside


def _config(tmp_path: Path, stylesheet: str | None) -> Path:
    """mkdocs.yml, with one more stylesheet of the project's own when ``stylesheet`` is given."""
    if stylesheet is None:
        return CONFIG
    content = tmp_path / "content"
    (content / "assets" / "stylesheets").mkdir(parents=True)
    (content / "index.md").write_bytes((ROOT / "content" / "index.md").read_bytes())
    (content / "assets" / "stylesheets" / "extra.css").write_text(stylesheet, encoding="utf-8")
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    config["extra_css"] = [*config["extra_css"], "assets/stylesheets/extra.css"]
    config["plugins"][1]["rollups"]["catalog"] = str(VERSIONS_FIXTURE)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _build(catalog: Path, site: Path, config: Path, *, force: bool = False) -> BuildReport:
    progress = Progress(io.StringIO())
    return build_versioned_site(catalog, site, SnapshotEngine(config), force=force, jobs=1, progress=progress)


def _assets_of(site: Path, snapshot: str) -> str:
    return (site / snapshot / DIGEST_FILE).read_text(encoding="utf-8").split()[1]


def _stores(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("assets-"))


def test_a_frozen_snapshot_keeps_the_assets_of_its_day(tmp_path: Path) -> None:
    """A new stylesheet: the new snapshot gets a new folder, the frozen ones keep theirs; once no snapshot
    uses a folder (every one built again), it goes."""
    site = tmp_path / "site"
    _build(VERSIONS_FIXTURE, site, CONFIG)
    [old] = _stores(site)
    page = (site / "ur-2" / "upgrade" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{old}/stylesheets/rollups.css"' in page  # from ur-2/upgrade/
    assert '"../assets/' not in page
    catalog = tmp_path / "appended.yaml"
    text = VERSIONS_FIXTURE.read_text(encoding="utf-8")
    catalog.write_text(text.replace("rollups:\n", "rollups:\n" + NEW_ROLLUP, 1), encoding="utf-8")
    config = _config(tmp_path / "project", "body { margin: 0 }\n")

    report = _build(catalog, site, config)
    assert report.built == ["ur-5"]
    [new] = [name for name in _stores(site) if name != old]
    assert _stores(site) == sorted([old, new])
    assert {name: _assets_of(site, name) for name in ("ur-5", "ur-4", "latest")} == {
        "ur-5": new,
        "ur-4": old,
        "latest": new,
    }
    assert (site / new / "stylesheets" / "extra.css").is_file()
    assert f'"../{new}/stylesheets/extra.css"' in (site / "latest" / "index.html").read_text(encoding="utf-8")

    _build(catalog, site, config, force=True)
    assert _stores(site) == [new]


def test_a_digest_file_naming_anything_else_keeps_nothing(tmp_path: Path) -> None:
    """The second line of a digest file names a folder at the top of the site, or is ignored."""
    site = tmp_path / "site"
    _build(VERSIONS_FIXTURE, site, CONFIG)
    [store] = _stores(site)
    digest = site / "ur-1" / DIGEST_FILE
    (site / "keep-me").mkdir()
    digest.write_text(digest.read_text(encoding="utf-8").replace(store, "../keep-me"), encoding="utf-8")
    _build(VERSIONS_FIXTURE, site, CONFIG)
    assert not (site / "keep-me").exists()  # not a plain name: not a folder any snapshot uses
    assert _stores(site) == [store]  # still used by ur-2 and ur-4


def test_a_snapshot_whose_assets_are_gone_is_built_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(VERSIONS_FIXTURE, site, CONFIG)
    [store] = _stores(site)
    shutil.rmtree(site / store)
    report = _build(VERSIONS_FIXTURE, site, CONFIG)
    assert report.built == ["ur-4", "ur-2", "ur-1"]
    assert _stores(site) == [store]
