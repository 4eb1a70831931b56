"""The benchmark: every figure of issue 7 as a ratio measured in one run, against its target.

    python bench/run.py                   everything (about 35 minutes on 2 cores)
    python bench/run.py --skip lighthouse --skip versioned

Figures:

* overhead: ``rollups build`` against ``mkdocs build`` of the same pages
  exported as plain Markdown (``rollups export``), both as fresh processes;
* versioned: a full versioned build (``--all-versions --force``) with one
  worker against every core;
* incremental: publishing one new rollup to a site of 60 snapshots (a
  synthetic catalog) against one snapshot's build of the same catalog;
* history (issue 15): the real history's full versioned build on every core,
  the size of the site and of its newest search index;
* large (issue 15): one snapshot of synthetic catalogs of 100, 1,000 and
  2,000 rollups against plain MkDocs over the same pages exported as
  Markdown, and Hugo over them where it is installed (time, peak memory),
  the pages' bytes and the largest page, the search index; and a
  10,000-rollup catalog, refused up front;
* scaling: validation and every path (the path to the latest version from
  every upgrade-page version, and every reboot-matrix cell) on synthetic
  catalogs of 100, 1,000 and 10,000 rollups;
* weight: HTML and total bytes per page type, everything the page loads
  included, as sent by a host that compresses text;
* lighthouse: Lighthouse's mobile performance and accessibility scores per
  page type (lighthouse from npm, Debian's Chromium), each the median of
  ``--lighthouse-runs`` runs (the performance score swings by 0.1 between
  runs of the same page on a shared machine): once with Lighthouse's default
  CPU slowdown (4x, made for a high-end desktop host), once with the slowdown
  Lighthouse's calibration gives this host for a mid-tier phone.

Timings are the best of ``--repeat`` runs (the machine's noise only ever adds
time), in CPU seconds of the process, which other work on a shared machine
disturbs far less than wall-clock time; the parallel build is judged by wall
time, the only clock that shows the cores at work, beside the machine's own
ceiling for the same work (independent builds at once against in turn). The
commands a figure compares run in turns. With valgrind installed, the
overhead, the publication and the validation at scale are also counted in
instructions, which no other load moves. Nothing here is a test: the figures are printed, and
``bench/README.md`` records them with the machine they came from.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import itertools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serve import serve  # noqa: E402
from bench.synthetic import write_catalog  # noqa: E402
from generator.catalog.validate import load_or_raise  # noqa: E402
from generator.policy.rules import matrix_rows, plan_upgrade, reboot_matrix, snapshot  # noqa: E402
from tests import browser  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Request

CATALOG = ROOT / "data" / "rollups.yaml"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VALGRIND = shutil.which("valgrind")
CHROMIUM = str(browser.CHROMIUM)
CHROME_FLAGS = " ".join(["--headless=new", *browser.CHROMIUM_ARGS])
"""The browser tests' Chromium flags, for Lighthouse (which launches Chromium itself)."""
PAGE_TYPES = {**browser.PAGE_TYPES, "planner": "planner/"}
"""The browser tests' page types; the planner as a reader opens it, before any answer."""
PUBLISHED_SNAPSHOTS = 60
"""The size of the site a publication adds one rollup to (issue 15: whatever the number, at most 1.2x)."""
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SECTIONS = ("overhead", "versioned", "incremental", "history", "large", "scaling", "weight", "lighthouse")


# --- Measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """A command's wall-clock seconds and the CPU seconds its process used."""

    wall: float
    cpu: float


def run(args: Sequence[str | Path], env: dict[str, str] | None = None) -> Timing:
    """Time one command, a fresh process started from the repository root."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [str(a) for a in args]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def best_of_each(times: int, *measures: Callable[[], Timing], wall: bool = False) -> list[Timing]:
    """The fastest of ``times`` measurements of each (by CPU time, or ``wall`` time), taken in turns.

    Taking them in turns lets every command see the same share of a shared
    machine's load, so that their ratio holds even when the absolute figures move.
    """
    runs = [[measure() for measure in measures] for _ in range(times)]
    clock: Callable[[Timing], float] = (lambda t: t.wall) if wall else (lambda t: t.cpu)
    return [min((r[i] for r in runs), key=clock) for i in range(len(measures))]


def rollups(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "generator", *args]


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def has_versioned_build() -> bool:
    """Whether ``rollups build`` knows ``--all-versions`` and ``--jobs`` (the versioned site, issue 4)."""
    help_text = subprocess.run(
        rollups("build", "--help"), cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return "--all-versions" in help_text and "--jobs" in help_text


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(encoding="utf-8"), re.M)
        cpu = found.group(1).strip() if found else cpu
    import mkdocs

    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"MkDocs {mkdocs.__version__}, Material {_version('mkdocs-material')}, {platform.system()}"
    )


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


# --- Overhead over plain MkDocs ---------------------------------------------------------


def plain_config(export: Path, work: Path, name: str = "plain-mkdocs.yml") -> Path:
    """``mkdocs.yml`` without the rollups plugin, over the exported Markdown."""
    import yaml

    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(export)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "rollups" in p)]
    config.get("extra", {}).pop("version", None)  # `rollups build` of one snapshot leaves it out too
    path = work / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def overhead(work: Path, repeat: int) -> None:
    section("Overhead: rollups build against mkdocs build of the exported Markdown")
    export = work / "export"
    run(rollups("export", export, "--links", "markdown"))
    config = plain_config(export, work)
    mkdocs: list[str | Path] = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", config]
    # Each command with the environment for one run: a first build gets an empty cache every time.
    commands: dict[str, Callable[[], tuple[list[str | Path], dict[str, str] | None]]] = {
        "ours": lambda: (rollups("build", "-d", work / "ours"), None),
        "first": lambda: (rollups("build", "-d", work / "ours"), _cold_template_cache(work)),
        "plain": lambda: ([*mkdocs, "-d", work / "plain"], None),
    }
    ours, cold, plain = best_of_each(repeat, *(_running(command) for command in commands.values()))
    pages = len(list((work / "ours").rglob("*.html")))
    ratio = ours.cpu / plain.cpu
    print(f"rollups build {ours.cpu:6.2f} s CPU ({ours.wall:.2f} s wall): {pages} pages, validation included")
    print(f"  first build {cold.cpu:6.2f} s CPU ({cold.wall:.2f} s wall): no compiled templates kept yet")
    print(f"mkdocs build  {plain.cpu:6.2f} s CPU ({plain.wall:.2f} s wall): the same pages as plain Markdown")
    print(f"overhead        {ratio - 1:+6.1%}   target <= +10%: {verdict(ratio <= 1.10)}")
    print(f"first build     {cold.cpu / plain.cpu - 1:+6.1%}   (a fresh machine, once)")
    if VALGRIND is None:
        print("(instruction counts skipped: valgrind is not installed)")
        return
    counts = {name: instructions(*command()) for name, command in commands.items()}
    share = counts["ours"] / counts["plain"]
    giga = {name: f"{count / 1e9:.2f} G" for name, count in counts.items()}
    print(
        f"instructions: rollups build {giga['ours']}, first build {giga['first']}, "
        f"mkdocs build {giga['plain']} (valgrind: the same on a busy machine)"
    )
    print(f"overhead        {share - 1:+6.1%}   target <= +10%: {verdict(share <= 1.10)} (instructions)")
    print(f"first build     {counts['first'] / counts['plain'] - 1:+6.1%}   (instructions)")


def instructions(args: Sequence[str | Path], env: dict[str, str] | None = None) -> int:
    """How many instructions a command executes, counted by valgrind (cachegrind, no cache simulation).

    Unlike a time, the count does not move with the machine's other load:
    on a shared machine it is the figure to compare two builds by.
    """
    assert VALGRIND is not None
    with tempfile.TemporaryDirectory() as scratch:
        output = f"--cachegrind-out-file={Path(scratch) / 'cachegrind.out'}"
        command = [VALGRIND, "--tool=cachegrind", "--cache-sim=no", output, *map(str, args)]
        done = subprocess.run(command, cwd=ROOT, env=env or ENV, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def _running(command: Callable[[], tuple[list[str | Path], dict[str, str] | None]]) -> Callable[[], Timing]:
    return lambda: run(*command())


def _cold_template_cache(work: Path) -> dict[str, str]:
    """An environment whose temporary directory, where Jinja keeps compiled templates, is empty."""
    scratch = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
    return {**ENV, "TMPDIR": str(scratch)}


# --- The versioned build ----------------------------------------------------------------


def versioned(work: Path, repeat: int) -> None:
    section("Versioned build: one worker against every core")
    cores = os.cpu_count() or 1
    site = work / "versioned"
    base = rollups("build", "--all-versions", "--force", "-d", site)
    singles = [rollups("build", "-d", work / f"single-{n}") for n in range(cores)]
    one, every, in_turn, at_once = best_of_each(
        repeat,
        lambda: run([*base, "--jobs", "1"]),
        lambda: run([*base, "--jobs", str(cores)]),
        lambda: run_in_turn(singles),
        lambda: run_at_once(singles),
        wall=True,
    )
    snapshots = len([p for p in site.iterdir() if p.name.startswith("ur-")])
    speedup = one.wall / every.wall
    print(f"{snapshots} snapshots, --jobs 1   {one.wall:6.2f} s wall ({one.cpu:.2f} s CPU)")
    print(f"{snapshots} snapshots, --jobs {cores}   {every.wall:6.2f} s wall ({every.cpu:.2f} s CPU)")
    print(f"speed-up        {speedup:6.2f}x  target >= 1.7x with 2 cores: {verdict(speedup >= 1.7)}")
    ceiling = in_turn.wall / at_once.wall
    print(
        f"this machine: {cores} one-snapshot builds one after another {in_turn.wall:.2f} s, "
        f"all at once {at_once.wall:.2f} s: {ceiling:.2f}x, the most {cores} cores give this work here"
    )


def run_in_turn(commands: Sequence[Sequence[str | Path]]) -> Timing:
    """Time the commands run one after another."""
    timings = [run(command) for command in commands]
    return Timing(sum(t.wall for t in timings), sum(t.cpu for t in timings))


def run_at_once(commands: Sequence[Sequence[str | Path]]) -> Timing:
    """Time the commands started together (a process each), until the last one ends."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with ThreadPoolExecutor(len(commands)) as pool:
        start = time.perf_counter()
        list(pool.map(run, commands))  # each run's own CPU figure counts the others' too: not used
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def incremental(work: Path, repeat: int, snapshots: int = PUBLISHED_SNAPSHOTS) -> None:
    section(f"Publishing one new rollup to a {snapshots}-snapshot site against one snapshot's build")
    before = write_catalog(snapshots, work / f"synthetic-{snapshots}.yaml")
    after = write_catalog(snapshots + 1, work / f"synthetic-{snapshots + 1}.yaml")
    site = work / "incremental"
    publish_command = rollups("build", "--all-versions", "--catalog", after, "-d", site)
    one_command = rollups("build", "--catalog", after, "-d", work / "one")
    unpublish = rollups("build", "--all-versions", "--catalog", before, "-d", site)

    def publish() -> Timing:
        run(unpublish)  # the site as it stood before the new rollup (only latest/ and the root change)
        return run(publish_command)

    full = run(rollups("build", "--all-versions", "--force", "--catalog", before, "-d", site))
    new, one = best_of_each(repeat, publish, lambda: run(one_command), wall=True)
    ratio = new.wall / one.wall
    print(f"full versioned build ({snapshots})   {full.wall:6.2f} s wall ({full.cpu:.2f} s CPU)")
    print(f"publish rollup {snapshots + 1}            {new.wall:6.2f} s wall ({new.cpu:.2f} s CPU)")
    print(f"one snapshot (rollups build)  {one.wall:6.2f} s wall ({one.cpu:.2f} s CPU)")
    print(
        f"publish / one snapshot        {ratio:6.2f}x wall, {new.cpu / one.cpu:.2f}x CPU  target <= 1.2x: "
        f"{verdict(ratio <= 1.2)}"
    )
    if VALGRIND is None:
        return
    run(unpublish)
    published, single = instructions(publish_command), instructions(one_command)
    share = published / single
    print(f"instructions: publish {published / 1e9:.2f} G, one snapshot {single / 1e9:.2f} G")
    ok = verdict(share <= 1.2)
    print(f"publish / one snapshot        {share:6.2f}x  target <= 1.2x: {ok} (instructions)")


# --- Validation and paths at scale ------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    rollups: int
    validate: float
    paths: float
    count: int

    @property
    def total(self) -> float:
        return self.validate + self.paths


def history(work: Path, repeat: int) -> None:
    section("The real history's versioned site (issue 15): full build, size, search index")
    site = work / "history"
    command = rollups("build", "--all-versions", "-d", site)

    def from_scratch() -> Timing:
        shutil.rmtree(site, ignore_errors=True)  # untimed: a first build, into an absent folder
        return run(command)

    [full] = best_of_each(repeat, from_scratch, wall=True)
    cores = os.cpu_count() or 1
    snapshots = len([p for p in site.iterdir() if p.name.startswith("ur-")])
    ok = verdict(full.wall <= 15)
    print(
        f"full --all-versions build, {snapshots} snapshots, {cores} cores: {full.wall:.1f} s wall "
        f"({full.cpu:.1f} s CPU), target <= 15 s wall on 2 cores: {ok}"
    )
    apparent, disk = tree_size(site)
    small = verdict(apparent <= 120e6)
    print(
        f"size of the site: {apparent / 1e6:.0f} MB of files, target <= 120 MB: {small}; "
        f"{disk / 1e6:.0f} MB on disk in blocks of {os.statvfs(site).f_bsize} bytes (hard links once)"
    )
    index = (site / "latest" / "search" / "search_index.json").read_bytes()
    packed = len(gzip.compress(index))
    print(f"search index of latest/: {len(index) / 1e3:.0f} KB, {packed / 1e3:.0f} KB gzipped")


def tree_size(folder: Path) -> tuple[int, int]:
    """The bytes of every file under ``folder``, and the bytes its blocks take on disk, each file once."""
    apparent = disk = 0
    seen: set[tuple[int, int]] = set()
    for path in folder.rglob("*"):
        info = path.lstat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        apparent += info.st_size if path.is_file() else 0
        disk += info.st_blocks * 512
    return apparent, disk


PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)
"""Runs the command given as arguments and prints the peak memory (KB) of its largest process."""


def run_peak(args: Sequence[str | Path]) -> tuple[Timing, int]:
    """Time one command and measure the peak memory of its largest process, in KB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *map(str, args)], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = int(done.stdout.split()[-1]) if done.stdout.split() else 0
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stderr}")
    return Timing(wall, cpu), peak


LARGE_SIZES = (100, 1_000, 2_000)
"""The synthetic catalogs built as one snapshot (10,000 rollups: refused, measured apart)."""
HUGO = shutil.which("hugo")
HUGO_CONFIG = """\
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
"""Hugo over the exported pages: their HTML kept, no feed, sitemap or taxonomy of its own."""
HUGO_LAYOUT = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
    "<body><main>{{ .Content }}</main></body></html>\n"
)
"""The smallest page layout Hugo needs: no theme (a baseline for the engine, not for the theme)."""


@dataclass(frozen=True)
class PageBytes:
    """The HTML pages of a built site: how many, their bytes, the largest."""

    count: int
    total: int
    largest: int
    largest_path: str


def html_pages(site: Path) -> PageBytes:
    sizes = {path: path.stat().st_size for path in site.rglob("*.html")}
    largest = max(sizes, key=lambda path: sizes[path])
    return PageBytes(len(sizes), sum(sizes.values()), sizes[largest], str(largest.relative_to(site)))


def hugo_project(export: Path, project: Path) -> Path:
    """A Hugo project whose content is the exported Markdown (``index.md`` as Hugo's ``_index.md``)."""
    shutil.rmtree(project, ignore_errors=True)
    for source in export.rglob("*.md"):
        relative = source.relative_to(export)
        name = "_index.md" if relative.name == "index.md" else relative.name
        target = project / "content" / relative.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for layout in ("_default/single.html", "_default/list.html", "index.html"):
        path = project / "layouts" / layout
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HUGO_LAYOUT, encoding="utf-8")
    return project


def large_commands(work: Path, size: int) -> dict[str, list[str | Path]]:
    """Our build of a synthetic catalog of ``size`` rollups, and the engines over its exported pages."""
    catalog = write_catalog(size, work / f"synthetic-{size}.yaml")
    site, export, plain = (work / f"{name}-{size}" for name in ("large", "export", "plain"))
    for folder in (site, export, plain):
        shutil.rmtree(folder, ignore_errors=True)
    run(rollups("export", "--catalog", catalog, "--links", "markdown", export))
    config = plain_config(export, work, f"plain-{size}.yml")
    commands: dict[str, list[str | Path]] = {
        "ours": rollups("build", "--catalog", catalog, "-d", site),
        "mkdocs": [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", plain],
    }
    if HUGO is not None:
        project = hugo_project(export, work / f"hugo-{size}")
        commands["hugo"] = [HUGO, "--quiet", "-s", project, "-d", work / f"hugo-out-{size}"]
    return commands


def large(work: Path, repeat: int, sizes: Sequence[int] = LARGE_SIZES) -> None:
    section("Large catalogs (issue 15): one snapshot against plain MkDocs (and Hugo), pages, memory, search")
    print("ours: rollups build; mkdocs: mkdocs build of the same pages exported as Markdown (rollups export,")
    print("Material, search, no rollups plugin); hugo: the same Markdown, no theme, where hugo is installed.")
    print("CPU seconds, the best of each, taken in turns; peak: the largest process's resident memory.")
    growth: list[tuple[int, PageBytes]] = []
    for size in sizes:
        commands = large_commands(work, size)
        runs = [{name: run_peak(command) for name, command in commands.items()} for _ in range(repeat)]
        best = {name: min((r[name] for r in runs), key=lambda m: m[0].cpu) for name in commands}
        pages = html_pages(work / f"large-{size}")
        growth.append((size, pages))
        print(f"\n{size:,} rollups: {pages.count:,} pages")
        for name, (timing, peak) in best.items():
            print(f"  {name:<7} {timing.cpu:7.1f} s CPU ({timing.wall:.1f} s wall), peak {peak / 1e6:.2f} GB")
        ratio = best["ours"][0].cpu / best["mkdocs"][0].cpu
        print(f"  ours / mkdocs {ratio:.2f}x, target <= 1.0x: {verdict(ratio <= 1.0)}")
        largest = f"{pages.largest / 1e3:.1f} KB ({pages.largest_path})"
        print(
            f"  HTML pages {pages.total / 1e6:.1f} MB, {pages.total / size / 1e3:.1f} KB a rollup; "
            f"largest {largest}, target <= 60 KB: {verdict(pages.largest <= 60e3)}"
        )
        index = (work / f"large-{size}" / "search" / "search_index.json").read_bytes()
        packed = len(gzip.compress(index))
        print(
            f"  search index {len(index) / 1e6:.2f} MB, {packed / 1e3:.0f} KB gzipped, "
            f"target <= 1 MB gzipped: {verdict(packed <= 1e6)}"
        )
    for (smaller, before), (larger, after) in itertools.pairwise(growth):
        factor = (after.total / larger) / (before.total / smaller)
        print(f"HTML bytes a rollup, {smaller:,} -> {larger:,} rollups: x{factor:.2f} (1.00: linear)")
    refused_up_front(work)


def refused_up_front(work: Path) -> None:
    catalog = write_catalog(10_000, work / "synthetic-10000.yaml")
    timing, _ = run_peak(rollups("build", "--catalog", catalog, "-d", work / "large-10000"))
    refused = not (work / "large-10000").exists()
    print(
        f"10,000 rollups: {'refused' if refused else 'BUILT'} in {timing.wall:.2f} s wall "
        f"({timing.cpu:.2f} s CPU), target: refused in under 2 s naming the bound: "
        f"{verdict(refused and timing.wall < 2)}"
    )


def every_path(path: Path) -> tuple[float, float, int]:
    """Seconds to validate the catalog, seconds for every path, and how many paths."""
    start = time.process_time()
    catalog = load_or_raise(path)
    validated = time.process_time()
    snap = snapshot(catalog)
    rows = matrix_rows(snap)
    plans = [plan_upgrade(snap, version) for version in rows]
    matrix = reboot_matrix(snap)
    done = time.process_time()
    return validated - start, done - validated, len(plans) + len(matrix.cells)


def scaling(work: Path, repeat: int, sizes: Sequence[int] = (100, 1_000, 10_000)) -> None:
    section("Validation and every path on synthetic catalogs")
    results: list[Scale] = []
    for size in sizes:
        path = write_catalog(size, work / f"synthetic-{size}.yaml")
        runs = [every_path(path) for _ in range(repeat)]
        fastest = min(runs, key=lambda r: r[0] + r[1])
        results.append(Scale(size, fastest[0], fastest[1], fastest[2]))
    print(f"{'rollups':>8} {'validate':>10} {'paths':>9} {'total':>9} {'per rollup':>11} {'growth':>8}")
    for previous, scale in zip([None, *results], results, strict=False):
        growth = ""
        if previous is not None:
            growth = f"{(scale.total / previous.total) / (scale.rollups / previous.rollups):.2f}"
        print(
            f"{scale.rollups:>8,} {scale.validate:>9.3f}s {scale.paths:>8.4f}s {scale.total:>8.3f}s "
            f"{scale.total / scale.rollups * 1e6:>9.0f}µs {growth:>8}"
        )
    largest = results[-1]
    print(f"({largest.count} paths and matrix cells per catalog; growth 1.00: linear in the rollups)")
    print(f"{largest.rollups:,} rollups: {largest.total:.2f} s, target < 2 s: {verdict(largest.total < 2)}")
    if VALGRIND is not None:
        scaling_instructions(work, sizes)


EVERY_PATH = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
    "from bench.run import every_path; len(sys.argv) > 2 and every_path(Path(sys.argv[2]))"
)
"""Validation and every path of the catalog named by its second argument; with none, the imports only."""


def scaling_instructions(work: Path, sizes: Sequence[int]) -> None:
    """The same work counted in instructions, less the imports: a growth figure the machine does not move."""
    command = [sys.executable, "-c", EVERY_PATH, str(ROOT)]
    imports = instructions(command)
    counts = [instructions([*command, str(work / f"synthetic-{size}.yaml")]) - imports for size in sizes]
    print(f"{'rollups':>8} {'instructions':>13} {'per rollup':>11} {'growth':>8}  (valgrind)")
    for index, (size, count) in enumerate(zip(sizes, counts, strict=True)):
        growth = ""
        if index:
            growth = f"{(count / counts[index - 1]) / (size / sizes[index - 1]):.2f}"
        print(f"{size:>8,} {count / 1e6:>11.0f} M {count / size / 1e3:>9.0f} k {growth:>8}")


# --- Page weight and Lighthouse ---------------------------------------------------------


def page_weight(site: Path) -> None:
    section("Page weight (bytes a browser receives, everything the page loads)")
    from playwright.sync_api import sync_playwright

    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    size = largest.stat().st_size
    ok = verdict(size <= 60 * 1024)
    print(f"largest HTML page: {largest.relative_to(site)} {size / 1024:.1f} KB, target <= 60 KB: {ok}")
    columns = ("HTML", "HTML gz", "CSS+JS", "total", "total gz", "requests")
    print(f"{'page type':<18}" + "".join(f"{c:>10}" for c in columns))
    with serve(site) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=browser.CHROMIUM_ARGS)
        for kind, url in PAGE_TYPES.items():
            if not (site / url / "index.html").is_file():
                continue
            page = chromium.new_page()
            bodies: dict[str, bytes] = {}

            def finished(request: Request, bodies: dict[str, bytes] = bodies) -> None:
                bodies.setdefault(request.url, _body(request))

            page.on("requestfinished", finished)
            page.goto(base + url, wait_until="networkidle")
            page.close()
            html = (site / url / "index.html").read_bytes()
            assets = sum(len(b) for u, b in bodies.items() if u.split("?")[0].endswith((".css", ".js")))
            total = sum(len(b) for b in bodies.values())
            packed = sum(len(gzip.compress(b)) for b in bodies.values())
            sizes = [len(html), len(gzip.compress(html)), assets, total, packed]
            print(f"{kind:<18}" + "".join(f"{n / 1024:>8.1f}KB" for n in sizes) + f"{len(bodies):>10}")
        chromium.close()


def _body(request: Request) -> bytes:
    response = request.response()
    try:
        return bytes(response.body()) if response is not None else b""
    except Exception:  # a redirect has no body
        return b""


@dataclass(frozen=True)
class LighthouseRun:
    """One Lighthouse run of one page: the two category scores, the metrics of :data:`METRICS`
    and the host's ``benchmarkIndex`` as Lighthouse measured it in this run."""

    perf: float
    a11y: float
    metric: dict[str, float]
    benchmark_index: float


def lighthouse_once(base: str, url: str, report: Path, slowdown: float | None) -> LighthouseRun:
    """Run Lighthouse (mobile) once over ``base + url``, with Lighthouse's CPU slowdown (4x) or
    ``slowdown``; the JSON report is written to ``report``."""
    command: list[str | Path] = [LIGHTHOUSE, base + url, "--quiet", "--output=json"]
    command += [f"--output-path={report}", "--only-categories=performance,accessibility"]
    command.append(f"--chrome-flags={CHROME_FLAGS}")
    if slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return LighthouseRun(
        data["categories"]["performance"]["score"],
        data["categories"]["accessibility"]["score"],
        {a: audits[a]["numericValue"] for a in METRICS},
        data["environment"]["benchmarkIndex"],
    )


def mid_tier_phone_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that makes a host of ``benchmark_index`` a mid-tier phone.

    Lighthouse's mobile default, 4x, takes a high-end desktop (an index of about 1,533) to a
    mid-tier phone; its docs/throttling.md ("Calibrating the CPU slowdown") asks a host in
    another bracket to calibrate with the calculator it links, whose curve this is: 3x at
    1,300 plus one per 233, 2x at 800 plus one per 500, 1x at 150 plus one per 650.
    """
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return 1 + max(0.0, benchmark_index - 150) / 650


@dataclass(frozen=True)
class LighthouseTable:
    """Every page type's runs at one CPU slowdown: the lowest median performance, its median
    over the page types, the lowest accessibility of any run, every run's benchmarkIndex."""

    lowest_perf: float
    median_perf: float
    lowest_a11y: float
    benchmark_indexes: list[float]


def lighthouse_table(
    site: Path, base: str, runs: int, scratch: Path, slowdown: float | None
) -> LighthouseTable:
    """Run Lighthouse ``runs`` times on every page type and print a row of medians per type."""
    header = f"{'page type':<18} {'perf':>5} {'a11y':>5} {'FCP':>6} {'LCP':>6} {'TBT':>7} {'CLS':>5}"
    print(header + ("  perf range" if runs > 1 else ""))
    perfs: list[float] = []
    a11ys: list[float] = []
    indexes: list[float] = []
    for kind, url in PAGE_TYPES.items():
        if not (site / url / "index.html").is_file():
            continue
        results = [lighthouse_once(base, url, scratch / f"{kind}-{n}.json", slowdown) for n in range(runs)]
        perf = statistics.median(r.perf for r in results)
        metric = {a: statistics.median(r.metric[a] for r in results) for a in METRICS}
        perfs.append(perf)
        a11ys += [r.a11y for r in results]
        indexes += [r.benchmark_index for r in results]
        lowest, highest = min(r.perf for r in results), max(r.perf for r in results)
        spread = f"  {lowest:.2f}-{highest:.2f}" if runs > 1 else ""
        print(
            f"{kind:<18} {perf:>5.2f} {statistics.median(r.a11y for r in results):>5.2f} "
            f"{metric['first-contentful-paint'] / 1000:>5.1f}s "
            f"{metric['largest-contentful-paint'] / 1000:>5.1f}s {metric['total-blocking-time']:>5.0f}ms "
            f"{metric['cumulative-layout-shift']:>5.2f}{spread}",
            flush=True,
        )
    return LighthouseTable(min(perfs), statistics.median(perfs), min(a11ys), indexes)


def lighthouse(site: Path, runs: int) -> None:
    section("Lighthouse (mobile: emulated phone, slow 4G, CPU slowdown), served compressed")
    if not LIGHTHOUSE.exists():
        print("skipped: node_modules/.bin/lighthouse is missing (scripts/install-browser installs it)")
        return
    print(f"each page {runs} times: every figure is the median of {runs} runs; perf range: lowest-highest")
    with serve(site) as base, tempfile.TemporaryDirectory() as scratch:
        print("\nLighthouse's default CPU slowdown, 4x (made for a high-end desktop host):")
        default = lighthouse_table(site, base, runs, Path(scratch), None)
        index = statistics.median(default.benchmark_indexes)
        slowdown = mid_tier_phone_slowdown(index)
        print(
            f"\nthis host's benchmarkIndex: {index:.0f} (median of {len(default.benchmark_indexes)} runs); "
            f"Lighthouse's calculator makes it a mid-tier phone at {slowdown:.2f}x:"
        )
        calibrated = lighthouse_table(site, base, runs, Path(scratch), slowdown)
    for name, table in (("at 4x", default), (f"at {slowdown:.2f}x", calibrated)):
        ok = verdict(table.lowest_perf >= 0.95)
        print(
            f"lowest performance {name}: {table.lowest_perf:.2f} (median {table.median_perf:.2f}), "
            f"target >= 0.95: {ok}"
        )
    lowest_a11y = min(default.lowest_a11y, calibrated.lowest_a11y)
    print(f"lowest accessibility (any run): {lowest_a11y:.2f}, target 1.0: {verdict(lowest_a11y >= 1.0)}")


# --- Main --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, the best counts (default: 3)")
    parser.add_argument("--skip", action="append", choices=SECTIONS, default=[], help="leave a section out")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=5,
        help="Lighthouse runs per page type, the median counts (default: 5, Lighthouse's own advice)",
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    # pip byte-compiles an installed package (MkDocs, Material); an editable install is not,
    # and under PYTHONDONTWRITEBYTECODE=1 every run would compile ours again: compile it once.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    work = args.keep or Path(tempfile.mkdtemp(prefix="rollups-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    versioned_build = has_versioned_build()
    try:
        if "overhead" not in args.skip:
            overhead(work, args.repeat)
        if versioned_build:
            if "versioned" not in args.skip:
                versioned(work, args.repeat)
            if "incremental" not in args.skip:
                incremental(work, args.repeat)
            if "history" not in args.skip:
                history(work, args.repeat)
        else:
            section("Versioned and incremental builds")
            print("skipped: rollups build has no --all-versions/--jobs yet (the versioned site, issue 4)")
        if "large" not in args.skip:
            large(work, args.repeat)
        if "scaling" not in args.skip:
            scaling(work, args.repeat)
        if "weight" not in args.skip or "lighthouse" not in args.skip:
            site = _site_to_weigh(work, versioned_build)
            if "weight" not in args.skip:
                page_weight(site)
            if "lighthouse" not in args.skip:
                lighthouse(site, args.lighthouse_runs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _site_to_weigh(work: Path, versioned_build: bool) -> Path:
    """The newest snapshot as readers get it: ``latest/`` of a versioned build, else ``rollups build``."""
    if versioned_build:
        site = work / "weigh"
        run(rollups("build", "--all-versions", "-d", site))
        return site / "latest"
    site = work / "ours"
    if not site.is_dir():
        run(rollups("build", "-d", site))
    return site


if __name__ == "__main__":
    sys.exit(main())
