"""Build the versioned site: every snapshot of :mod:`.snapshots`, incrementally, in parallel, safely.

:func:`build_versioned_site` is the whole of ``rollups build --all-versions``:

1. check that ``SITE`` is the tool's to replace, take its build lock (a
   second build waits for the first) and clean up after an interrupted
   build (:mod:`.staging`);
2. freeze the catalog (one private copy in a workspace beside ``SITE``, read
   once, so that every snapshot and every digest come from the same bytes
   even if the file is edited meanwhile) and plan the snapshots;
3. keep each snapshot whose digest file matches, reading nothing else of it
   (neither opened, copied nor linked: publishing a rollup costs the same
   with five snapshots or five hundred); build the others in parallel worker
   processes, one engine build each, into a scratch folder beside ``SITE``;
   there too, ``latest/`` as hard links to the newest snapshot (unless
   ``latest/`` is a copy of it already; copied from a kept snapshot, which is
   then walked first, and built again if it holds anything but folders and
   files, such as a symbolic link) and the root files whose bytes change;
4. move those entries into ``SITE`` in place, only once all of them are
   there; whatever they replace, and any entry of ``SITE`` that is no
   snapshot of the plan, is set aside and deleted, and a failed or killed
   update is undone (:meth:`.staging.Staging.update`).

The engine is a parameter (:class:`SnapshotBuilder`): this module never
imports MkDocs.

The worker processes start by ``fork`` on Linux (they begin with the engine
already imported) and by ``spawn`` elsewhere (macOS, where ``fork`` is unsafe
with the system's libraries, and Windows, which has none). Nothing they run
relies on what a forked process inherits: a job carries everything it needs
(the builder, a picklable partial of a module-level function, and plain
values), and a worker sets itself up in :func:`_start_worker`; a test builds
a site with ``spawn`` forced and finds the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..catalog.characters import shown
from ..catalog.diagnostics import RollupsError
from ..catalog.model import Catalog
from ..catalog.validate import load_or_raise
from ..catalog.yamlsource import MAX_BYTES
from ..pages.templating import render_template
from .progress import Progress
from .site_target import Protected, Surroundings, read_regular
from .snapshots import DIGEST_FILE, LATEST, VERSIONS_FILE, SiteAddress, SnapshotSpec, plan, versions_json
from .staging import Update, staging

INTERRUPTED = 130
"""A worker's exit status on Ctrl-C (128 + SIGINT)."""
ORPHANED = 1
"""A worker's exit status when the build's main process is gone."""
ROOT_TEMPLATE = "site-root.html"
NOT_FOUND_PAGE = "404.html"
DIGEST_FILE_LIMIT = 4096
"""The most bytes of a snapshot's digest file read (it holds two short lines)."""
ASSETS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A folder of shared assets, as a digest file may name it: one plain name at the top of the site."""
ROOT_FILE_LIMIT = 1 << 24
"""The most bytes of the newest snapshot's ``404.html`` copied to the site's root (16 MiB)."""


class SnapshotBuilder(Protocol):
    """Builds one snapshot into ``site_dir`` (which it may empty first); raises on failure.

    Must be picklable (a module-level function, or a ``functools.partial`` of
    one): it runs in worker processes. It may put the snapshot's static
    assets in a folder beside ``site_dir`` instead, shared by the snapshots
    built with the same assets, and return that folder's name (a plain name,
    the same for the same assets: the build keeps it while a snapshot uses it).
    """

    def __call__(
        self, site_dir: Path, *, catalog: Path, as_of: int, site_url: str, canonical_base: str | None
    ) -> str | None: ...


@runtime_checkable
class PreparedBuilder(SnapshotBuilder, Protocol):
    """A builder that can pay once per process what each of its builds would pay again.

    ``prepare`` runs in the build's main process before its workers start
    (forked workers inherit what it did) and again in every worker as it
    starts (where it finds that done, or, spawned, does it); ``validated`` is
    the catalog at ``catalog`` as the build validated it, ``None`` in a worker.
    What it raises is ignored: it fails again in a build, which reports it.
    """

    def prepare(self, catalog: Path, validated: Catalog | None = None) -> None: ...


@dataclass(frozen=True)
class BuildJob:
    """One snapshot to build into ``directory`` from the frozen ``catalog``."""

    spec: SnapshotSpec
    directory: Path
    catalog: Path
    address: SiteAddress


@dataclass
class BuildReport:
    """What a versioned build did: the snapshots it built and those it found current."""

    site_dir: Path
    snapshots: list[str]
    """Every snapshot of the site, newest first."""
    built: list[str]
    """The snapshots this build built, newest first."""
    reused: list[str]
    """The snapshots found current (their digest matched), newest first."""
    stale_removed: list[Path] = field(default_factory=list)
    """Folders an interrupted build left beside ``site_dir``, removed first."""

    @property
    def latest(self) -> str:
        return self.snapshots[0]


WINDOWS_MAX_WORKERS = 61
"""The most worker processes a pool may have on Windows (``ProcessPoolExecutor`` refuses more)."""


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def max_workers() -> int:
    """The most worker processes a build starts: one per core it may run on (on Windows, 61 at most).

    More would not build faster, and each one may take up to 3 GB of memory (:mod:`.scale`).
    """
    cores = default_jobs()
    return min(cores, WINDOWS_MAX_WORKERS) if sys.platform == "win32" else cores


def worker_count(requested: int | None, progress: Progress | None = None) -> int:
    """The worker processes of a build asked for ``requested`` (``-j``; ``None``: as many as may run):
    never more than :func:`max_workers`. A larger request is lowered, not refused (the same command runs
    on machines of every size), and ``progress`` is told so."""
    most = max_workers()
    if requested is None:
        return most
    if requested > most and progress is not None:
        progress.say(f"-j {requested} lowered to {most}: one worker per core this build may run on")
    return min(requested, most)


def build_versioned_site(
    catalog_path: Path,
    site_dir: Path,
    builder: SnapshotBuilder,
    *,
    site_url: str | None = None,
    force: bool = False,
    jobs: int | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    around: Surroundings | None = None,
    start_method: str | None = None,
) -> BuildReport:
    """Build every snapshot of the catalog into ``site_dir``, reusing the current ones.

    ``site_url`` is where ``site_dir`` is served (see :mod:`.snapshots`);
    ``force`` rebuilds every snapshot; ``jobs`` caps the worker processes
    (default and most: :func:`max_workers`); ``around`` is what ``site_dir`` must not be nor
    contain (default: this process's folders and the catalog);
    ``start_method`` is how worker processes start (default:
    :func:`default_start_method`). Raises
    :class:`~.site_target.TargetRefused` before writing anything when
    ``site_dir`` is not the tool's to replace, :class:`~.diagnostics.InvalidInput`
    for a bad catalog and :class:`~.diagnostics.RollupsError` for a failed
    build, leaving ``site_dir`` as it was.
    """
    progress = progress or Progress()
    around = around or Surroundings.of_this_process([Protected(catalog_path, "the catalog")])
    waiting = functools.partial(_waiting, progress, site_dir)
    with staging(site_dir, around, on_wait=waiting, say=progress.say) as stage:
        site = stage.site
        with stage.workspace() as workspace:
            frozen = _frozen_copy(catalog_path, workspace)
            catalog = load_or_raise(frozen, display=str(catalog_path), today=today)
            address = SiteAddress.of(site_url)
            specs = plan(catalog, address)
            current = Current(set(), set(), latest=False) if force else _current(site, specs, progress)
            report = BuildReport(
                site_dir,
                snapshots=[s.name for s in specs],
                built=[s.name for s in specs if s.name not in current.names],
                reused=[s.name for s in specs if s.name in current.names],
                stale_removed=stage.cleanup.removed,
            )
            progress.say(
                f"{len(specs)} snapshots: {len(report.reused)} up to date, {len(report.built)} to build"
            )
            with stage.update() as update:
                update.keep.update(report.reused)
                todo = [s for s in specs if s.name in report.built]
                jobs_to_run = [BuildJob(s, update.scratch / s.name, frozen, address) for s in todo]
                workers = Workers(worker_count(jobs, progress), start_method or default_start_method())
                _build_all(jobs_to_run, builder, workers, progress, catalog)
                _keep_assets(update, site, current.assets, report.built)
                _write_latest(update, site, specs[0].name, keep=current.latest)
                _write_root(update, site, catalog, specs)
    return report


def _waiting(progress: Progress, site_dir: Path, lock: Path) -> None:
    progress.say(
        f"another build of {shown(site_dir)}/ is running (it holds {shown(lock)}); waiting for it to finish"
    )


def _frozen_copy(catalog_path: Path, workspace: Path) -> Path:
    """A private copy of the catalog in ``workspace``, read once, for the whole build.

    At most one byte more than the validator takes is copied: the copy of a device or a pipe
    (/dev/zero) ends there, and validating the copy says it is too large.
    """
    frozen = workspace / catalog_path.name
    with catalog_path.open("rb") as stream:
        frozen.write_bytes(stream.read(MAX_BYTES + 1))
    return frozen


@dataclass(frozen=True)
class Recorded:
    """What a snapshot's digest file says: its digest, and the folder of shared assets its pages use."""

    digest: str
    assets: str | None = None

    def text(self) -> str:
        return f"{self.digest}\n" + (f"{self.assets}\n" if self.assets else "")

    @classmethod
    def read(cls, directory: Path) -> Recorded | None:
        """The digest file of the snapshot folder ``directory`` (a real folder), or ``None``; nothing else
        of the snapshot is read, and the file is not read through a link."""
        try:
            if not stat.S_ISDIR(os.lstat(directory).st_mode):
                return None
        except OSError:
            return None
        data = read_regular(directory / DIGEST_FILE, DIGEST_FILE_LIMIT)
        if data is None:
            return None
        lines = data.decode("utf-8", errors="replace").split()
        assets = lines[1] if len(lines) > 1 and ASSETS_NAME.fullmatch(lines[1]) else None
        return cls(lines[0], assets) if lines else None


@dataclass
class Current:
    """The snapshots a site holds already: their names, the shared assets they use, and whether its
    ``latest/`` is a copy of the newest one."""

    names: set[str]
    assets: set[str]
    latest: bool


def _current(site: Path, specs: Sequence[SnapshotSpec], progress: Progress) -> Current:
    """The snapshots of ``specs`` that ``site`` holds already, with the folder of shared assets their
    pages use (one whose folder is gone is built again). Only their digest files are read, but for the
    newest snapshot when ``latest/`` is to be copied from it: one holding anything but folders and files
    is built again.

    Nothing else of a snapshot is read: a frozen snapshot is never opened,
    copied or linked again, so nothing in it can lead a build astray.
    """
    found = {spec.name: Recorded.read(site / spec.name) for spec in specs}
    present = {a: _is_folder(site / a) for a in {r.assets for r in found.values() if r and r.assets}}
    kept = {
        spec.name: recorded
        for spec in specs
        if (recorded := found[spec.name]) is not None
        and recorded.digest == spec.digest
        and (recorded.assets is None or present[recorded.assets])  # its pages' assets are there
    }
    newest = specs[0]
    latest = newest.name in kept and _matches(Recorded.read(site / LATEST), newest)
    if newest.name in kept and not latest and _holds_foreign(site, newest, progress):
        del kept[newest.name]
    assets = {recorded.assets for recorded in kept.values() if recorded.assets}
    return Current(set(kept), assets, latest)


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _matches(recorded: Recorded | None, spec: SnapshotSpec) -> bool:
    return recorded is not None and recorded.digest == spec.digest


def _holds_foreign(site: Path, spec: SnapshotSpec, progress: Progress) -> bool:
    """Whether the snapshot ``spec`` in ``site`` holds anything but folders and regular files (said)."""
    directory = site / spec.name
    try:
        foreign = foreign_entry(directory)
    except OSError:
        return True
    if foreign is not None:
        relative = foreign.relative_to(directory.parent).as_posix()
        progress.say(
            f"{spec.name} holds {shown(relative)}, which no build writes: building {spec.name} again"
        )
    return foreign is not None


class ForeignEntry(RollupsError):
    """A snapshot folder holds something that is neither a folder nor a regular file."""


def foreign_entry(directory: Path) -> Path | None:
    """The first thing under ``directory`` (itself included) that is not a real folder or regular file."""
    if not stat.S_ISDIR(os.lstat(directory).st_mode):
        return directory
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                found = foreign_entry(Path(entry.path))
                if found is not None:
                    return found
            elif not entry.is_file(follow_symlinks=False):
                return Path(entry.path)
    return None


def link_tree(source: Path, target: Path) -> None:
    """Copy the folder ``source`` to ``target`` as hard links (real copies across file systems).

    Safe because no build ever writes into an existing file: a snapshot is
    written once, into a fresh directory. Only folders and regular files are
    copied; a symbolic link (which could point anywhere, or at itself) raises
    :class:`ForeignEntry`: it is never followed.
    """
    if not stat.S_ISDIR(os.lstat(source).st_mode):
        raise ForeignEntry(f"{shown(source)}: expected a folder, but found something else")
    target.mkdir()
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                link_tree(Path(entry.path), target / entry.name)
            elif entry.is_file(follow_symlinks=False):
                _link_or_copy(entry.path, str(target / entry.name))
            else:
                raise ForeignEntry(
                    f"{shown(entry.path)}: expected a folder or a file, but found something else"
                )


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``epoch`` for the duration (the engine reads it for its dates)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_snapshot(builder: SnapshotBuilder, job: BuildJob) -> str:
    """Build one snapshot and write its digest file last (with the folder of shared assets its pages
    use, if any); return its name. Runs in a worker."""
    with _source_date_epoch(job.spec.source_date_epoch):
        assets = builder(
            job.directory,
            catalog=job.catalog,
            as_of=job.spec.as_of,
            site_url=job.address.site_url,
            canonical_base=job.address.canonical_base,
        )
    recorded = Recorded(job.spec.digest, assets)
    (job.directory / DIGEST_FILE).write_text(recorded.text(), encoding="utf-8", newline="\n")
    return job.spec.name


def default_start_method() -> str:
    """``fork`` on Linux, ``spawn`` elsewhere (see the module's docstring)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


@dataclass(frozen=True)
class Workers:
    """How many worker processes at most, and how they start (``fork``, ``spawn``, ``forkserver``)."""

    count: int
    start_method: str


def _build_all(
    jobs: Sequence[BuildJob],
    builder: SnapshotBuilder,
    workers: Workers,
    progress: Progress,
    catalog: Catalog | None = None,
) -> None:
    """Build every job, on up to ``workers.count`` processes, telling ``progress`` as each one finishes;
    ``catalog`` is the jobs' catalog, validated (for :meth:`PreparedBuilder.prepare`)."""
    progress.start(len(jobs))
    if not jobs:
        return
    if isinstance(builder, PreparedBuilder):
        with contextlib.suppress(Exception):  # what fails here fails again in a build, which reports it
            builder.prepare(jobs[0].catalog, catalog)  # before the workers start: forked ones inherit it
    if workers.count <= 1 or len(jobs) <= 1:
        for job in jobs:
            progress.advance(build_snapshot(builder, job))
        return
    # With fork, the workers start with the engine already imported, and share
    # the build lock. What they inherit is frozen first (the gc module's advice
    # for fork): their collections then never write to the inherited objects,
    # which stay shared with this process instead of being copied.
    context = multiprocessing.get_context(workers.start_method)
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=min(workers.count, len(jobs)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(builder, jobs[0].catalog),
    )
    try:
        futures: list[Future[str]] = [pool.submit(build_snapshot, builder, job) for job in jobs]
        for future in as_completed(futures):
            progress.advance(future.result())
    except BaseException as exc:
        pool.shutdown(wait=True, cancel_futures=True)
        if isinstance(exc, BrokenProcessPool):
            raise RollupsError(f"a worker process building the snapshots ended abruptly: {exc}") from None
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=True)


def _start_worker(builder: SnapshotBuilder | None = None, catalog: Path | None = None) -> None:
    """Set up a worker process, however it started, and its builder (:class:`PreparedBuilder`).

    Ctrl-C (which a terminal sends to every process of the build) ends it at
    once and without a word: the main process stops the build and says
    "interrupted", once. And it ends when the main process is gone (killed
    outright): it writes into that build's scratch folder, which the next
    build removes, and it may not hold the build lock (a spawned worker does
    not share it).
    """
    signal.signal(signal.SIGINT, lambda number, frame: os._exit(INTERRUPTED))
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        threading.Thread(
            target=_end_with, args=(parent.sentinel,), name="end-with-parent", daemon=True
        ).start()
    if isinstance(builder, PreparedBuilder) and catalog is not None:
        with contextlib.suppress(Exception):  # what fails here fails again in a build, which reports it
            builder.prepare(catalog)


def _end_with(sentinel: int) -> None:
    """Wait until ``sentinel`` (the main process's) is ready, that is until that process ends; then end."""
    multiprocessing.connection.wait([sentinel])
    os._exit(ORPHANED)


def _keep_assets(update: Update, site: Path, reused: set[str], built: Sequence[str]) -> None:
    """Keep the folders of shared assets that a snapshot uses (the others go); a folder a new snapshot
    made that the site has already stays the site's."""
    used = set(reused)
    for name in built:
        recorded = Recorded.read(update.scratch / name)
        if recorded is not None and recorded.assets:
            used.add(recorded.assets)
    for name in used:
        if _is_folder(site / name):
            update.keep.add(name)
            made = update.scratch / name
            if made.is_dir():
                shutil.rmtree(made)  # the same bytes, by its name: the site's copy stays


def _write_latest(update: Update, site: Path, newest: str, *, keep: bool) -> None:
    """``latest/``: kept when it is a copy of the newest snapshot already, else linked from it anew."""
    if keep:
        update.keep.add(LATEST)
        return
    source = update.scratch / newest if (update.scratch / newest).is_dir() else site / newest
    link_tree(source, update.scratch / LATEST)


def _write_root(update: Update, site: Path, catalog: Catalog, specs: Sequence[SnapshotSpec]) -> None:
    """``versions.json``, ``index.html`` and ``404.html`` (the newest snapshot's), each written only when
    its bytes change (else kept)."""
    newest = specs[0].name
    page = render_template(ROOT_TEMPLATE, product=catalog.product, latest=LATEST, snapshots=specs)
    files = {VERSIONS_FILE: versions_json(specs), "index.html": page.encode("utf-8")}
    source = update.scratch / LATEST if (update.scratch / LATEST).is_dir() else site / newest
    not_found = read_regular(source / NOT_FOUND_PAGE, ROOT_FILE_LIMIT)
    if not_found is not None:
        files[NOT_FOUND_PAGE] = not_found
    for name, data in files.items():
        if read_regular(site / name, len(data) + 1) == data:
            update.keep.add(name)
        else:
            (update.scratch / name).write_bytes(data)
