"""``rollups build`` (one snapshot, or the versioned site) and ``rollups export`` (plain Markdown)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..catalog.characters import shown
from ..catalog.diagnostics import InvalidInput, Report
from ..catalog.options import (
    DEFAULT_CONFIG,
    DEFAULT_CONTENT,
    EXIT_OK,
    Commands,
    as_of_option,
    command,
    content_option,
    load_catalog,
    positive,
)
from ..catalog.site_address import checked_site_url
from ..pages.content import prose_files
from ..pages.links import LinkStyle
from ..policy.rules import check_rollup
from ..site.files import site_files
from .prose_folder import configured_docs_dir
from .scale import check_scale
from .site_target import Protected, Surroundings, checked_site
from .snapshots import LATEST
from .staging import staging


def cmd_build(args: argparse.Namespace) -> int:
    prose = _prose_folder(args)
    around = _build_surroundings(args, prose)
    checked_site(args.site_dir, around)  # before anything else: a refused target costs nothing
    check_scale(args.catalog)  # and a catalog too large to build, before it is even validated
    check_prose(prose)  # and a link out of the prose folder, before the engine walks it
    if args.all_versions:
        return _build_all_versions(args, around)
    catalog = load_catalog(args)  # every problem of the catalog, as `rollups validate` prints them
    if args.as_of is not None:
        check_rollup(catalog, args.as_of)  # a usage error, before MkDocs would make it a failed build
    from ..engine.mkdocs_plugin import build_site  # MkDocs is loaded only for a build

    with (
        staging(args.site_dir, around, on_wait=_waiting_for(args.site_dir)) as stage,
        stage.scratch() as scratch,
    ):
        build_site(
            scratch,
            config_file=args.config_file,
            catalog=args.catalog,
            validated=catalog,
            as_of=args.as_of,
            strict=args.strict,
            verbose=args.verbose,
        )
    print(f"built {shown(args.site_dir)}/ from {shown(args.catalog)}")
    return EXIT_OK


def _build_surroundings(args: argparse.Namespace, prose: Path | None) -> Surroundings:
    """What a build's target must not be nor contain: the project's own files (the catalog, the
    configuration, its prose folder: ``docs_dir``, or ``content/`` of the default configuration), besides
    the current, home and root folders; nor, for a build of one snapshot without ``--force``, a versioned
    site."""
    config_file = args.config_file or DEFAULT_CONFIG  # none given: ./mkdocs.yml, or the packaged default
    return Surroundings.of_this_process(
        [
            Protected(args.catalog, "the catalog"),
            Protected(config_file, "the MkDocs configuration"),
            Protected(prose or config_file.parent / DEFAULT_CONTENT, "the prose folder", inside=True),
        ],
        keep_versioned=None if args.all_versions or args.force else KEEP_VERSIONED_BUILD,
    )


def _prose_folder(args: argparse.Namespace) -> Path | None:
    """The build's prose folder: the configuration's ``docs_dir``, or ``content/`` of the default
    configuration (no ``mkdocs.yml``); ``None`` when only the engine can tell (see :mod:`.prose_folder`)."""
    config_file = args.config_file or DEFAULT_CONFIG
    if not config_file.is_file():
        return None if args.config_file else DEFAULT_CONTENT
    return configured_docs_dir(config_file)


def check_prose(prose: Path | None) -> None:
    """Raise :class:`~.diagnostics.InvalidInput` with every entry of the prose folder that must not be
    there (:func:`~.content.prose_files`): a link out of it, a named pipe, a device."""
    report = Report()
    if prose is not None:
        prose_files(prose, report)
    if report.has_errors:
        raise InvalidInput(report)


KEEP_VERSIONED_BUILD = (
    "build every snapshot with --all-versions, build into another folder (-d), "
    "or pass --force to replace it with the site of one snapshot"
)
"""What to do instead of a one-snapshot build into a versioned site."""


def _waiting_for(site_dir: Path) -> Callable[[Path], None]:
    def say(lock: Path) -> None:
        print(
            f"another build of {shown(site_dir)}/ is running (it holds {shown(lock)}); waiting for it",
            file=sys.stderr,
        )

    return say


def _build_all_versions(args: argparse.Namespace, around: Surroundings) -> int:
    from ..engine.mkdocs_plugin import configured_site_url  # MkDocs is loaded only for a build
    from ..engine.versioned import SnapshotEngine
    from .versioned_site import build_versioned_site  # and the worker pool only for every snapshot

    site_url = checked_site_url(args.site_url, "--site-url") if args.site_url else None
    builder = SnapshotEngine(config_file=args.config_file, strict=args.strict, verbose=args.verbose)
    report = build_versioned_site(
        args.catalog,
        args.site_dir,
        builder,
        site_url=site_url or configured_site_url(args.config_file),
        force=args.force,
        jobs=args.jobs,
        today=args.today,
        around=around,
    )
    built = f"built {len(report.built)} ({', '.join(report.built)})" if report.built else "built none"
    print(
        f"{built}, {len(report.reused)} up to date; {LATEST}/ is {report.latest}: "
        f"{shown(args.site_dir)}/ from {shown(args.catalog)}"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    around = Surroundings.of_this_process(
        [Protected(args.catalog, "the catalog"), Protected(args.content, "the prose folder", inside=True)],
        keep_versioned="export into another folder",
    )
    checked_site(args.directory, around)
    # site_files refuses an --as-of rollup the catalog lacks (UnknownRollup, a usage error) before anything
    files = site_files(load_catalog(args), args.as_of, args.content, LinkStyle(args.links))
    with staging(args.directory, around) as stage, stage.scratch() as scratch:
        written = files.export(scratch)
    print(f"wrote {len(written)} files to {shown(args.directory)}/ (as of Update Rollup {files.as_of})")
    return EXIT_OK


def add_build(commands: Commands) -> None:
    build = command(
        commands,
        "build",
        cmd_build,
        "Build the site of the newest rollup with MkDocs, or of every rollup (--all-versions); "
        "the previous output stays until the new one is complete.",
        "rollups build --all-versions -d site",
    )
    build.set_defaults(check=check_build_options)
    build.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        default=Path("site"),
        metavar="SITE_DIR",
        help="where to write the site (default: site)",
    )
    build.add_argument(
        "-f",
        "--config-file",
        type=Path,
        metavar="FILE",
        help=f"the MkDocs configuration (default: {DEFAULT_CONFIG}, else the one rollups new writes)",
    )
    as_of_option(build, "build the site")
    _versioned_options(build)
    build.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="do not stop on MkDocs warnings (broken links, missing anchors)",
    )
    build.add_argument("-v", "--verbose", action="store_true", help="print MkDocs' progress")


def _versioned_options(build: argparse.ArgumentParser) -> None:
    versions = build.add_argument_group(
        "versioned site",
        "SITE_DIR/ur-<number>/ for every rollup, latest/, versions.json and a redirecting index.html",
    )
    versions.add_argument(
        "--all-versions",
        action="store_true",
        help="build a frozen snapshot per rollup; snapshots already in SITE_DIR are reused",
    )
    versions.add_argument(
        "--force",
        action="store_true",
        help="rebuild every snapshot (after a change of templates or theme); without --all-versions, "
        "replace a versioned SITE_DIR (its snapshots) with the site of one snapshot",
    )
    versions.add_argument(
        "-j",
        "--jobs",
        type=positive,
        metavar="N",
        help="build at most N snapshots at once (default and most: one per core this build may run on, "
        "at most 61 on Windows; a larger N is lowered to that)",
    )
    versions.add_argument(
        "--site-url",
        metavar="URL",
        help="where SITE_DIR is served, e.g. https://example.org/updates/ (default: mkdocs.yml's site_url)",
    )


def add_export(commands: Commands) -> None:
    export = command(
        commands,
        "export",
        cmd_export,
        "Write every page as plain Markdown (and the static files) for another engine.",
        "rollups export pages --links directory",
    )
    export.add_argument("directory", type=Path, metavar="DIR", help="the directory to write into")
    content_option(export, "the prose pages")
    export.add_argument(
        "--links",
        choices=[style.value for style in LinkStyle],
        default=LinkStyle.DIRECTORY.value,
        help="how links inside HTML reach the pages: directory URLs (default: what MkDocs serves with "
        "use_directory_urls), .md files (left as they are by engines that rewrite Markdown links only) "
        "or .html files",
    )
    as_of_option(export, "export the site")


def check_build_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The combinations of build options that make no sense, refused as usage errors."""
    if args.all_versions and args.as_of is not None:
        parser.error("--as-of builds one snapshot; --all-versions builds every one: choose one")
    if not args.all_versions:
        for option, value in (("--jobs", args.jobs), ("--site-url", args.site_url)):
            if value:
                parser.error(f"{option} applies to --all-versions only")
        problem = source_date_epoch_problem(os.environ.get(EPOCH_VARIABLE))
        if problem is not None:
            parser.error(problem)


EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
MAX_EPOCH = 2**32 - 1
"""The latest build date the engine can write: it goes into the gzip header of ``sitemap.xml.gz``
(unsigned, 32 bits: early 2106)."""


def source_date_epoch_problem(value: str | None) -> str | None:
    """Why the engine cannot use ``SOURCE_DATE_EPOCH`` = ``value`` as the build date of one snapshot
    (a versioned build sets its own), or ``None`` when it can (or it is unset)."""
    if value is None:
        return None
    try:
        seconds: int | None = int(value)
    except ValueError:
        seconds = None
    if seconds is not None and 0 <= seconds <= MAX_EPOCH:
        return None
    return (
        f"{EPOCH_VARIABLE}={value!r} is not a build date: expected a whole number of seconds since "
        f"1970-01-01 UTC, from 0 to {MAX_EPOCH}, or the variable unset"
    )
