"""The versioned site: frozen snapshots, incremental and reproducible builds, safe against kills and races.

Real builds use the shipped catalog once (the ``versioned_site`` fixture) and
a three-snapshot fixture catalog (``tests/data/versions-fixture.yaml``) for
everything that builds again.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import functools
import gc
import gzip
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import lock_descriptor

from generator.catalog.consistency import kb_key
from generator.catalog.model import Catalog, ReleaseDate
from generator.catalog.validate import load_or_raise
from generator.cli import main
from generator.engine.mkdocs_plugin import build_site, configured_site_url
from generator.engine.versioned import SnapshotEngine
from generator.policy.rules import snapshot, snapshots
from generator.publish import versioned_site
from generator.publish.progress import Progress
from generator.publish.site_target import MARKER
from generator.publish.snapshots import (
    DIGEST_FILE,
    PREVIEW_SITE_URL,
    SiteAddress,
    plan,
    source_date_epoch,
    versions_document,
)
from generator.publish.staging import lock_path
from generator.publish.versioned_site import BuildJob, BuildReport, build_snapshot, build_versioned_site
from tests.conftest import ROOT, VERSIONS_FIXTURE
from tests.htmldoc import Node, parse

CONFIG = ROOT / "mkdocs.yml"
NEW_ROLLUP = """\
  - number: 5
    released: 2023-12-05
    kb: https://support.example.org/help/7000005/update-rollup-5
    versions:
      console: 1.5.0.0
      agent: 3.5.50.0
"""


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative POSIX path -> bytes)."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in files}


def entries(directory: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every entry under ``directory``, links not followed: inode, link count, modification time and the
    target of a link. Equal: nothing was written, replaced, linked or moved."""
    found = {}
    for path in [directory, *directory.rglob("*")]:
        info = os.lstat(path)
        target = os.readlink(path) if path.is_symlink() else ""
        found[path.relative_to(directory).as_posix()] = (info.st_ino, info.st_nlink, info.st_mtime_ns, target)
    return found


def tree_digest(directory: Path) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in tree(directory).items()}


def snapshot_dirs(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("ur-"))


def build(
    catalog: Path, site: Path, *, force: bool = False, jobs: int | None = None, config: Path = CONFIG
) -> tuple[BuildReport, str]:
    """A versioned build in this process; returns its report and its progress lines."""
    out = io.StringIO()
    builder = SnapshotEngine(config)  # as `rollups build --all-versions` builds
    report = build_versioned_site(
        catalog, site, builder, force=force, jobs=jobs, progress=Progress(out, tty=False)
    )
    return report, out.getvalue()


def appended_catalog(directory: Path) -> Path:
    """The fixture catalog with a rollup 5 added at the top, as a docs engineer would add it."""
    text = VERSIONS_FIXTURE.read_text(encoding="utf-8")
    assert text.count("rollups:\n") == 1
    path = directory / "appended.yaml"
    path.write_text(text.replace("rollups:\n", "rollups:\n" + NEW_ROLLUP), encoding="utf-8")
    return path


def rollups_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--all-versions", "-f", str(CONFIG), *args]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The versioned site of the fixture catalog, built once (in parallel). Copy it before changing it."""
    site = tmp_path_factory.mktemp("fixture") / "site"
    report, _ = build(VERSIONS_FIXTURE, site)
    assert report.built == ["ur-4", "ur-2", "ur-1"]
    return site


def copy_site(site: Path, directory: Path) -> Path:
    target = directory / "site"
    shutil.copytree(site, target)
    return target


def html_page(site: Path, path: str) -> Node:
    return parse((site / path).read_text(encoding="utf-8"))


# --- The shape of the versioned site --------------------------------------------------------


def test_one_snapshot_per_rollup_shipping_the_agent(versioned_site: Path, shipped: Catalog) -> None:
    expected = [f"ur-{s.as_of.number}" for s in snapshots(shipped)]
    # Rollup 44 shipped no agent (every component null), rollups 19 to 26 record none; rollup 60, withdrawn,
    # keeps its snapshot.
    assert expected == [f"ur-{n}" for n in range(76, 26, -1) if n != 44]
    # One folder of shared assets: every snapshot was built with the same theme and stylesheets.
    [assets] = [p.name for p in versioned_site.iterdir() if p.name.startswith("assets-")]
    assert sorted(p.name for p in versioned_site.iterdir()) == sorted(
        [*expected, "latest", "versions.json", "index.html", "404.html", MARKER, assets]
    )
    for name in expected:
        assert (versioned_site / name / DIGEST_FILE).read_text(encoding="utf-8").split()[1] == assets
        assert not (versioned_site / name / "assets").exists()
        as_of = html_page(versioned_site, f"{name}/index.html").by_class("rollups-as-of")[0].text()
        assert as_of.startswith(f"Data as of Update Rollup {name.removeprefix('ur-')}."), name


def test_every_page_of_every_snapshot_stays_under_60_kb(versioned_site: Path) -> None:
    """Where the scenarios' release lines differ, a page holds an answer per group of them (rollups 62
    to 76): the upgrade index and the upgrade pages of old versions are the largest."""
    pages = list(versioned_site.glob("ur-*/**/index.html"))
    assert len(pages) > 49 * 50
    sizes = {str(p.relative_to(versioned_site)): p.stat().st_size for p in pages}
    assert {path: size for path, size in sizes.items() if size >= 60 * 1024} == {}


def test_versions_json_is_mikes_format_newest_first(versioned_site: Path) -> None:
    versions = json.loads((versioned_site / "versions.json").read_text(encoding="utf-8"))
    assert len(versions) == 49
    assert versions[:2] == [
        {"version": "ur-76", "title": "Update Rollup 76 (9.63)", "aliases": ["latest"]},
        {"version": "ur-75", "title": "Update Rollup 75 (9.62)", "aliases": []},
    ]
    by_name = {v["version"]: v for v in versions}
    assert by_name["ur-71"] == {"version": "ur-71", "title": "Update Rollup 71 (9.59)", "aliases": []}
    assert by_name["ur-60"] == {"version": "ur-60", "title": "Update Rollup 60 (9.47)", "aliases": []}
    assert versions[-3:] == [
        {"version": "ur-29", "title": "Update Rollup 29 (9.19)", "aliases": []},
        {"version": "ur-28", "title": "Update Rollup 28 (9.19)", "aliases": []},
        {"version": "ur-27", "title": "Update Rollup 27 (9.18)", "aliases": []},
    ]
    numbers = [int(v["version"].removeprefix("ur-")) for v in versions]
    assert numbers == sorted(numbers, reverse=True)


def test_latest_is_a_real_copy_of_the_newest_snapshot(versioned_site: Path) -> None:
    latest = versioned_site / "latest"
    assert latest.is_dir() and not latest.is_symlink()
    assert tree(latest) == tree(versioned_site / "ur-76")
    assert (versioned_site / "404.html").read_bytes() == (latest / "404.html").read_bytes()


def test_root_redirects_to_latest_without_javascript(versioned_site: Path) -> None:
    doc = html_page(versioned_site, "index.html")
    refresh = [m.attrs["content"] for m in doc.iter("meta") if m.attrs.get("http-equiv") == "refresh"]
    assert refresh == ["0; url=latest/"]
    links = {a.attrs["href"]: a.text() for a in doc.iter("a")}
    assert links["latest/"] == "Read the latest guidance."
    assert links["ur-28/"] == "Update Rollup 28 (9.19)"
    assert not list(doc.iter("script"))


def _pages(snapshot_dir: Path) -> list[Path]:
    return sorted(p for p in snapshot_dir.rglob("index.html"))


def _page_dir(site: Path, page: Path) -> str:
    return page.parent.relative_to(site).as_posix()


def test_every_page_is_canonically_its_latest_twin(versioned_site: Path) -> None:
    for folder in ("ur-28", "latest"):
        pages = _pages(versioned_site / folder)
        assert len(pages) > 20
        for page in pages:
            doc = parse(page.read_text(encoding="utf-8"))
            [href] = [link.attrs["href"] for link in doc.iter("link") if link.attrs.get("rel") == "canonical"]
            target = posixpath.normpath(posixpath.join(_page_dir(versioned_site, page), href))
            twin = posixpath.normpath("latest/" + _page_dir(versioned_site / folder, page))
            assert target == twin, page


def test_sitemaps_list_every_page_for_the_version_selector(versioned_site: Path, shipped: Catalog) -> None:
    """Material's selector finds a page's twin by path in the target's sitemap: absolute, same layout."""
    for folder in ("ur-28", "ur-76"):
        xml = (versioned_site / folder / "sitemap.xml").read_bytes()
        root = ET.fromstring(xml)
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locs = [loc.text or "" for loc in root.iterfind("s:url/s:loc", namespace)]
        base = PREVIEW_SITE_URL + "latest/"
        assert all(loc.startswith(base) for loc in locs)
        pages = {_page_dir(versioned_site / folder, p) for p in _pages(versioned_site / folder)}
        assert {posixpath.normpath(loc.removeprefix(base) or ".") for loc in locs} == pages
        # The snapshot's release month (its first day), never the day of the build.
        epoch = source_date_epoch(snapshot(shipped, int(folder.removeprefix("ur-"))).rollups)
        day = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
        assert {node.text for node in root.iterfind("s:url/s:lastmod", namespace)} == {day}
        packed = (versioned_site / folder / "sitemap.xml.gz").read_bytes()
        assert gzip.decompress(packed) == xml
        assert packed[4:8] == epoch.to_bytes(4, "little")  # gzip mtime: SOURCE_DATE_EPOCH, not the clock


def test_old_snapshots_carry_a_hidden_banner_that_material_reveals(versioned_site: Path) -> None:
    doc = html_page(versioned_site, "ur-28/supported-rollups/index.html")
    [banner] = [n for n in doc.iter() if n.attrs.get("data-md-component") == "outdated"]
    assert "hidden" in banner.attrs
    assert banner.text().startswith("You are reading the guidance as it stood at an older update rollup.")
    assert [a.attrs["href"] for a in banner.iter("a")] == ["../../latest/"]
    config = json.loads(doc.by_id("__config").text())
    assert config["version"] == {"provider": "mike", "default": "latest", "alias": True}


def _later_mentions(catalog: Catalog, as_of: int) -> re.Pattern[str]:
    """What only a rollup newer than ``as_of`` could put on a page: titles, KB numbers, versions."""
    snap = snapshot(catalog, as_of)
    known = {str(v) for r in snap.rollups for s in r.versions.values() for v in s.versions()}
    words: set[str] = set()
    for rollup in catalog.rollups:
        if rollup.number <= as_of:
            continue
        words.add(rollup.title)
        if rollup.kb:
            words.add(kb_key(rollup.kb))
        words.update(str(v) for s in rollup.versions.values() for v in s.versions() if str(v) not in known)
    newer = {str(v) for v in snapshot(catalog).released if v > snap.latest}
    assert {"Update Rollup 29", "Update Rollup 32", "4485985", "9.21.5091.1"} <= words
    assert newer == {
        f"9.{m}" for m in range(20, 64) if m not in (47, 58)
    }  # 9.47 withdrawn, 9.58 never shipped
    alternatives = "|".join(re.escape(word) for word in sorted(words | newer, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\d)")


SVG_PATH_DATA = re.compile(r'\sd="[^"]*"')
"""The ``d`` attribute of an SVG path (the theme's inline icons): coordinates, not text."""


def test_a_snapshot_never_mentions_a_later_rollup(versioned_site: Path, shipped: Catalog) -> None:
    """Every file that depends on the snapshot is scanned; files with the same bytes in the oldest and
    the newest snapshot (the theme, the OpenAPI description, the planner script) carry no data of
    any snapshot, only hand-written examples, and are left out."""
    pattern = _later_mentions(shipped, 28)
    folder = versioned_site / "ur-28"
    oldest, newest = tree(versioned_site / "ur-27"), tree(versioned_site / "ur-76")
    found = []
    scanned = 0
    for path, data in tree(folder).items():
        if oldest.get(path) == newest.get(path) == data:
            continue
        scanned += 1
        text = (gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8", errors="replace")
        text = SVG_PATH_DATA.sub("", text)  # an icon's coordinates ("9.35 6.5") are no version
        found += [f"{path}: {m.group()}" for m in pattern.finditer(text)]
    assert found == []
    assert scanned > 40  # every page, the search index, the sitemaps, the API documents, the feed
    assert pattern.search("KB4485985 ships 9.21.5091.1 in Update Rollup 32.")
    assert not pattern.search("Update Rollup 28 ships 9.19 and 19.21")
    assert sorted(p.name for p in (folder / "rollups").iterdir() if p.is_dir())[-1] == "28"
    assert "Update Rollup 28" in (folder / "search" / "search_index.json").read_text(encoding="utf-8")


# --- Identity of a snapshot: digests and dates -------------------------------------------------


def test_digest_covers_the_data_as_of_its_rollup_only(tmp_path: Path) -> None:
    base = load_or_raise(VERSIONS_FIXTURE)
    address = SiteAddress.of(None)
    digests = {s.name: s.digest for s in plan(base, address)}
    grown = {s.name: s.digest for s in plan(load_or_raise(appended_catalog(tmp_path)), address)}
    assert {k: grown[k] for k in digests} == digests  # a new rollup changes no earlier snapshot
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        VERSIONS_FIXTURE.read_text(encoding="utf-8").replace("console: 1.2.0.0", "console: 1.2.0.1"),
        encoding="utf-8",
    )
    changed = {s.name: s.digest for s in plan(load_or_raise(edited), address)}
    assert [name for name in digests if changed[name] != digests[name]] == ["ur-4", "ur-2"]
    elsewhere = {s.name: s.digest for s in plan(base, SiteAddress.of("https://example.org/updates"))}
    assert all(elsewhere[name] != digests[name] for name in digests)


def test_a_catalog_without_snapshots_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "none.yaml"
    catalog.write_text(
        re.sub(r"agent: 3\.\d+\.\d+\.0", "agent: null", VERSIONS_FIXTURE.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    args = ["-f", str(CONFIG), "--catalog", str(catalog), "-d", str(site)]
    assert main(["build", "--all-versions", *args]) == 1
    assert capsys.readouterr().err.endswith(
        "error: no rollup ships the tracked component 'agent': there is no snapshot to build\n"
    )
    assert not site.exists()


def test_site_address() -> None:
    preview = SiteAddress.of(None)
    assert (preview.site_url, preview.canonical_base) == ("http://localhost:8000/latest/", "../latest/")
    served = SiteAddress.of("https://example.org/updates")
    assert (served.site_url, served.canonical_base) == ("https://example.org/updates/latest/", None)


def test_source_date_epoch_is_the_newest_known_release(tmp_path: Path) -> None:
    catalog = load_or_raise(VERSIONS_FIXTURE)
    epochs = {s.name: s.source_date_epoch for s in plan(catalog, SiteAddress.of(None))}
    assert epochs == {"ur-4": 1694476800, "ur-2": 1678752000, "ur-1": 0}  # 2023-09-12, 2023-03-14, unknown
    month_only = [r for r in catalog.rollups if r.number <= 3]
    assert source_date_epoch(month_only) == 1685577600  # 2023-06: the first of the month
    long_ago = dataclasses.replace(catalog.rollups[0], released=ReleaseDate(1969, 7, 20))
    assert source_date_epoch([long_ago]) == 0  # never negative: the engine writes it into a gzip header


def test_versions_document_has_one_latest() -> None:
    specs = plan(load_or_raise(VERSIONS_FIXTURE), SiteAddress.of(None))
    assert versions_document(specs) == [
        {"version": "ur-4", "title": "Update Rollup 4 (3.4)", "aliases": ["latest"]},
        {"version": "ur-2", "title": "Update Rollup 2 (3.2)", "aliases": []},
        {"version": "ur-1", "title": "Update Rollup 1 (3.1)", "aliases": []},
    ]


def test_snapshot_dates_reach_the_sitemap(fixture_site: Path) -> None:
    sitemap = (fixture_site / "ur-2" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {"2023-03-14"}
    packed = (fixture_site / "ur-2" / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == 1678752000


def test_a_configured_site_address_gives_absolute_canonical_links(tmp_path: Path) -> None:
    address = SiteAddress.of("https://example.org/updates")
    spec = plan(load_or_raise(VERSIONS_FIXTURE), address)[-1]
    directory = tmp_path / spec.name
    builder = functools.partial(build_site, config_file=CONFIG, versioned=True)
    assert build_snapshot(builder, BuildJob(spec, directory, VERSIONS_FIXTURE, address)) == "ur-1"
    assert (directory / DIGEST_FILE).read_text(encoding="utf-8") == f"{spec.digest}\n"
    doc = html_page(directory, "upgrade/index.html")
    canonical = [link.attrs["href"] for link in doc.iter("link") if link.attrs.get("rel") == "canonical"]
    assert canonical == ["https://example.org/updates/latest/upgrade/"]
    sitemap = (directory / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/updates/latest/upgrade/</loc>" in sitemap
    assert "<lastmod>" not in sitemap  # rollup 1 has no release date
    not_found = html_page(directory, "404.html")
    assert {a.attrs["href"] for a in not_found.iter("a") if "md-nav__link" in a.attrs.get("class", "")} >= {
        "/updates/latest/upgrade/"
    }


def test_site_url_is_read_from_the_mkdocs_configuration(tmp_path: Path) -> None:
    assert configured_site_url(CONFIG) is None
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config.update(site_url="https://example.org/updates/", docs_dir=str(ROOT / "content"))
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    assert configured_site_url(path) == "https://example.org/updates/"


# --- Incremental, reproducible -------------------------------------------------------------------


def test_appending_a_rollup_builds_one_snapshot_and_changes_no_other(
    fixture_site: Path, tmp_path: Path
) -> None:
    site = copy_site(fixture_site, tmp_path)
    before = {name: tree_digest(site / name) for name in snapshot_dirs(site)}
    untouched = {name: entries(site / name) for name in before}
    report, progress = build(appended_catalog(tmp_path), site)
    assert (report.built, report.reused) == (["ur-5"], ["ur-4", "ur-2", "ur-1"])
    assert progress.splitlines() == ["4 snapshots: 3 up to date, 1 to build", "built ur-5 (1/1)"]
    assert {name: tree_digest(site / name) for name in before} == before
    # Not copied, not linked (the link counts are those of a copy), not moved: the very same entries.
    assert {name: entries(site / name) for name in before} == untouched
    assert snapshot_dirs(site) == ["ur-1", "ur-2", "ur-4", "ur-5"]
    assert tree(site / "latest") == tree(site / "ur-5")
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [
        ("ur-5", ["latest"]),
        ("ur-4", []),
        ("ur-2", []),
        ("ur-1", []),
    ]
    published = entries(site)
    again, progress = build(appended_catalog(tmp_path), site)
    assert (again.built, again.reused) == ([], ["ur-5", "ur-4", "ur-2", "ur-1"])
    assert progress.splitlines() == ["4 snapshots: 4 up to date, 0 to build"]
    assert entries(site) == published  # nothing to do: nothing written


def test_publishing_reads_nothing_of_a_frozen_snapshot_but_its_digest(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every way of opening or listing a path, watched during a publication: in the frozen snapshots,
    only the digest files are read."""
    site = copy_site(fixture_site, tmp_path)
    frozen = [site / name for name in snapshot_dirs(site)]
    touched: list[str] = []

    def watch(function: Any) -> Any:
        def watched(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | os.PathLike) and any(Path(path).is_relative_to(f) for f in frozen):
                touched.append(Path(path).relative_to(site).as_posix())
            return function(path, *args, **kwargs)

        return watched

    for module, name in [(os, "open"), (os, "scandir"), (os, "listdir"), (os, "link"), (builtins, "open")]:
        monkeypatch.setattr(module, name, watch(getattr(module, name)))
    report, _ = build(appended_catalog(tmp_path), site)
    assert report.built == ["ur-5"]
    assert sorted(touched) == [f"{name}/{DIGEST_FILE}" for name in snapshot_dirs(site) if name != "ur-5"]


def test_two_full_builds_are_identical_byte_for_byte(fixture_site: Path, tmp_path: Path) -> None:
    """Another directory, another catalog path, one worker instead of several: the same bytes."""
    catalog = tmp_path / "elsewhere" / "rollups.yaml"
    catalog.parent.mkdir()
    shutil.copy(VERSIONS_FIXTURE, catalog)
    site = tmp_path / "other" / "output"
    report, _ = build(catalog, site, jobs=1)
    assert report.built == ["ur-4", "ur-2", "ur-1"]
    assert tree(site) == tree(fixture_site)
    today = dt.datetime.now(dt.UTC).date().isoformat()  # MkDocs dates a build by the day
    for path, data in tree(site).items():
        for leak in (str(tmp_path), str(ROOT), str(fixture_site.parent), today):
            assert leak.encode() not in data, path


def test_a_parallel_build_leaves_no_object_frozen_in_its_caller(tmp_path: Path) -> None:
    """Objects are frozen for the workers to inherit, and thawed again (a library call, not an exit)."""
    report, _ = build(VERSIONS_FIXTURE, tmp_path / "site", jobs=2)
    assert len(report.built) > 1
    assert gc.get_freeze_count() == 0


# --- Safety: failures, kills, concurrent builds --------------------------------------------------


def _scratch_left(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


def test_a_killed_build_leaves_the_previous_site_whole(fixture_site: Path, tmp_path: Path) -> None:
    site = copy_site(fixture_site, tmp_path)
    before = tree(site)
    catalog = appended_catalog(tmp_path)
    process = subprocess.Popen(
        rollups_command("--catalog", str(catalog), "-d", str(site), "--force", "-j", "1"),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:  # kill it once the first of four snapshots is built
        lines.append(line)
        if line.startswith("built ur-"):
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert lines[-1] == "built ur-5 (1/4)\n", lines
    assert tree(site) == before
    left = _scratch_left(site)  # the scratch folder, and the workspace of the frozen catalog
    assert [name.rsplit("-", 1)[0] for name in left] == [".site-build", ".site-work"], left
    report, progress = build(catalog, site)
    assert sorted(p.name for p in report.stale_removed) == left
    removed = [f"removed {name}, left by an interrupted build" for name in left]
    assert sorted(progress.splitlines()[:2]) == removed
    assert report.built == ["ur-5"]
    assert _scratch_left(site) == []
    assert snapshot_dirs(site) == ["ur-1", "ur-2", "ur-4", "ur-5"]


def test_a_link_in_a_frozen_snapshot_is_never_followed(fixture_site: Path, tmp_path: Path) -> None:
    """A loop, a link out of the site: a build never reads a frozen snapshot beyond its digest file, so it
    follows neither, copies neither and changes nothing."""
    site = copy_site(fixture_site, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n", encoding="utf-8")
    (site / "ur-2" / "loop").symlink_to("loop")
    (site / "ur-2" / "api" / "secret.txt").symlink_to(secret)
    before = entries(site)
    report, progress = build(VERSIONS_FIXTURE, site)
    assert (report.built, report.reused) == ([], ["ur-4", "ur-2", "ur-1"])
    assert progress.splitlines() == ["3 snapshots: 3 up to date, 0 to build"]
    assert entries(site) == before


def test_latest_is_never_copied_from_a_snapshot_holding_a_link(fixture_site: Path, tmp_path: Path) -> None:
    """``latest/`` is copied from the newest snapshot when it is not a copy of it already: one holding
    anything but folders and files is built again instead, and no link is followed."""
    site = copy_site(fixture_site, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n", encoding="utf-8")
    (site / "ur-4" / "loop").symlink_to("loop")
    (site / "ur-4" / "api" / "secret.txt").symlink_to(secret)
    shutil.rmtree(site / "latest")
    report, progress = build(VERSIONS_FIXTURE, site)
    assert (report.built, report.reused) == (["ur-4"], ["ur-2", "ur-1"])
    said = "ur-4 holds ur-4/api/secret.txt, which no build writes: building ur-4 again"
    assert progress.splitlines()[0] == said
    assert tree(site) == tree(fixture_site)
    assert not any(p.is_symlink() for p in site.rglob("*"))


def _content_config(tmp_path: Path, index: str) -> Path:
    """A copy of mkdocs.yml whose prose is one page with the given text."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text(index, encoding="utf-8")
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_a_failed_build_leaves_the_previous_site_whole(
    fixture_site: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The engine's messages come from the worker processes, hence ``capfd``."""
    site = copy_site(fixture_site, tmp_path)
    before = tree(site)
    config = _content_config(tmp_path, "# Home\n\nN is {{ site.lastest }}.\n")
    args = ["build", "--all-versions", "--force", "-f", str(config), "--catalog", str(VERSIONS_FIXTURE)]
    assert main([*args, "-d", str(site)]) == 1
    err = capfd.readouterr().err
    assert f"{tmp_path / 'content' / 'index.md'}:3:1: error: template error:" in err
    assert "error: the site build failed: Aborted with a BuildError!" in err
    assert "Traceback" not in err
    assert tree(site) == before
    assert _scratch_left(site) == []


def test_concurrent_builds_take_turns(fixture_site: Path, tmp_path: Path) -> None:
    """Two builds started at once: one waits for the other, then finds every snapshot current."""
    site = tmp_path / "site"
    lock = lock_path(site)
    with lock.open("w") as held:  # hold the lock so that both builds are surely running at once
        assert lock_descriptor(held.fileno(), blocking=False)
        command = rollups_command("--catalog", str(VERSIONS_FIXTURE), "-d", str(site))
        processes = [
            subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        for process in processes:
            assert process.stderr is not None
            assert process.stderr.readline() == (
                f"another build of {site}/ is running (it holds {lock}); waiting for it to finish\n"
            )
    outputs = [process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    summaries = sorted(out.split(";")[0] for out, _ in outputs)
    assert summaries == ["built 3 (ur-4, ur-2, ur-1), 0 up to date", "built none, 3 up to date"]
    assert tree(site) == tree(fixture_site)


# --- Worker processes: spawn-safe, and never outliving the build ----------------------------------

INHERITED: list[str] = []
"""Filled in this process before a build: a forked worker inherits it, a spawned one starts without."""


@dataclasses.dataclass(frozen=True)
class RecordingEngine(SnapshotEngine):
    """The versioned build's builder, which also notes its process and what it inherited."""

    record: Path = Path()

    def __call__(self, site_dir: Path, **options: Any) -> str | None:
        assets = super().__call__(site_dir, **options)
        (self.record / f"{os.getpid()}-{site_dir.name}").write_text("inherited" if INHERITED else "fresh")
        return assets


def test_workers_started_by_spawn_build_the_same_bytes(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``spawn`` (macOS, Windows) gives what ``fork`` (Linux) gives: no worker relies on inheriting."""
    monkeypatch.setattr(sys.modules[__name__], "INHERITED", ["set in the main process"])
    record = tmp_path / "workers"
    record.mkdir()
    builder = RecordingEngine(CONFIG, record=record)
    site = tmp_path / "site"
    report = build_versioned_site(
        VERSIONS_FIXTURE, site, builder, jobs=2, start_method="spawn", progress=Progress(io.StringIO())
    )
    assert report.built == ["ur-4", "ur-2", "ur-1"]
    notes = {p.name.split("-", 1)[1]: (int(p.name.split("-")[0]), p.read_text()) for p in record.iterdir()}
    assert sorted(notes) == ["ur-1", "ur-2", "ur-4"]
    assert all(pid != os.getpid() and how == "fresh" for pid, how in notes.values())
    assert tree(site) == tree(fixture_site)


ORPHAN = """\
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor

from generator.publish.versioned_site import _start_worker


def job(note):
    with open(note, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)


if __name__ == "__main__":
    context = multiprocessing.get_context(sys.argv[1])
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker)
    pool.submit(job, sys.argv[2])
    while not (os.path.exists(sys.argv[2]) and open(sys.argv[2]).read()):
        time.sleep(0.05)
    os._exit(9)  # the build's main process, killed outright: nothing shuts the pool down
"""


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")
@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_ends_when_the_build_is_killed(tmp_path: Path, start_method: str) -> None:
    """Or it would go on writing into the scratch folder that the next build removes (a spawned
    worker does not even hold the build lock)."""
    script, note = tmp_path / "orphan.py", tmp_path / "worker.pid"
    script.write_text(ORPHAN, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), start_method, str(note)], cwd=tmp_path, timeout=60)
    assert done.returncode == 9
    worker = int(note.read_text())
    deadline = time.monotonic() + 10
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    outlived = running(worker)
    if outlived:
        os.kill(worker, signal.SIGKILL)  # not left behind by a failing test
    assert not outlived, f"the {start_method} worker outlived the build's main process"


# --- How many workers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "cores", "requested", "expected"),
    [
        ("linux", 8, None, 8),
        ("linux", 8, 3, 3),
        ("linux", 8, 600, 8),  # 600 processes of up to 3 GB each: lowered to the cores
        ("linux", 128, 600, 128),
        ("win32", 128, None, 61),  # ProcessPoolExecutor refuses more than 61 workers on Windows
        ("win32", 128, 100, 61),
        ("win32", 4, 100, 4),
    ],
)
def test_workers_never_outnumber_the_cores(
    monkeypatch: pytest.MonkeyPatch, platform: str, cores: int, requested: int | None, expected: int
) -> None:
    monkeypatch.setattr(versioned_site, "default_jobs", lambda: cores)
    monkeypatch.setattr(versioned_site.sys, "platform", platform)
    said = io.StringIO()
    assert versioned_site.worker_count(requested, Progress(said, tty=False)) == expected
    lowered = requested is not None and requested > expected
    assert said.getvalue() == (
        f"-j {requested} lowered to {expected}: one worker per core this build may run on\n"
        if lowered
        else ""
    )


def test_a_build_asked_for_600_workers_starts_as_many_as_cores(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The pool is given the lowered count (the build itself runs in this process: no worker started)."""
    monkeypatch.setattr(versioned_site, "default_jobs", lambda: 2)
    counts: list[int] = []
    build_all = versioned_site._build_all

    def recorded(jobs: Any, builder: Any, workers: versioned_site.Workers, *rest: Any) -> None:
        counts.append(workers.count)
        build_all(jobs, builder, dataclasses.replace(workers, count=1), *rest)

    monkeypatch.setattr(versioned_site, "_build_all", recorded)
    out = io.StringIO()
    build_versioned_site(
        VERSIONS_FIXTURE, tmp_path / "site", _one_page, jobs=600, progress=Progress(out, tty=False)
    )
    assert counts == [2]
    assert "-j 600 lowered to 2: one worker per core this build may run on\n" in out.getvalue()


def _one_page(
    site_dir: Path, *, catalog: Path, as_of: int, site_url: str, canonical_base: str | None
) -> None:
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "index.html").write_text(f"Update Rollup {as_of}\n", encoding="utf-8")


# --- Command line, progress, workflow ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "2"], "--jobs applies to --all-versions only"),
        (["--all-versions", "--as-of", "28"], "--as-of builds one snapshot; --all-versions builds every one"),
        (["--all-versions", "--jobs", "0"], "argument -j/--jobs: '0' is not a positive whole number"),
    ],
)
def test_build_options_that_do_not_go_together(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", *args])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_progress_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(out, tty=False)
    progress.say("3 snapshots: 1 up to date, 2 to build")
    progress.start(2)
    progress.advance("ur-30")
    progress.advance("ur-29")
    assert out.getvalue() == ("3 snapshots: 1 up to date, 2 to build\nbuilt ur-30 (1/2)\nbuilt ur-29 (2/2)\n")


def test_progress_bar_on_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(out, tty=True)
    progress.start(2)
    progress.advance("ur-30")
    progress.advance("ur-29")
    frames = out.getvalue().split("\r\033[K")
    assert frames[1:] == [
        f"[{'-' * 30}] 0/2 snapshots",
        f"[{'#' * 15}{'-' * 15}] 1/2 snapshots built ur-30",
        f"[{'#' * 30}] 2/2 snapshots built ur-29\n",
    ]
