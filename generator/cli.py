"""The ``rollups`` command line: validate, path, build and friends.

Exit codes: 0 success (warnings allowed), 1 a problem with the input or no
upgrade path, 2 a usage or I/O problem (a refused target folder, a read-only
or full disk, a missing file), 130 interrupted (Ctrl-C), 70 a bug (an
unexpected error: see :mod:`generator.__main__`). No traceback: every
problem ends in one line on stderr. A reader that closes the output early
(``rollups path 9.16 | head -1``) ends the command quietly, as it does any
Unix filter.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import os
import re
import shlex
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TypeAlias

from . import __version__
from .catalog.diagnostics import FORMATTERS, InvalidInput, RollupsError, summary
from .catalog.model import VERSION_PART_DIGITS, AgentVersion, Catalog
from .catalog.validate import load, load_or_raise
from .outputs.api import dumps, plan_payload
from .pages.links import LinkStyle
from .policy.rules import Hop, NoPath, Snapshot, plan_upgrade, snapshot
from .publish.site_target import Protected, Surroundings, TargetRefused, checked_site
from .publish.snapshots import LATEST
from .publish.staging import staging
from .site.files import site_files

DEFAULT_CATALOG = Path("data/rollups.yaml")
DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_CONTENT = Path("content")

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command that Ctrl-C stopped."""
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as a shell reports a filter whose reader went away."""
SHORT = 40
"""The longest argument an error message repeats whole."""
KB_DELAY, KB_TIMEOUT = 1.0, 15.0
"""``rollups check-kb-links``: seconds between requests, seconds one request may take."""

Handler = Callable[[argparse.Namespace], int]


TODAY_VARIABLE = "ROLLUPS_TODAY"
"""Environment variable that fixes "today" (YYYY-MM-DD) for reproducible runs; ``--today`` wins."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: expected YYYY-MM-DD, such as 2019-01-08"
        ) from None


def _today(parser: argparse.ArgumentParser, given: dt.date | None) -> dt.date:
    """``--today``, else ``$ROLLUPS_TODAY``, else the system's date: the only clock the tool reads."""
    if given is not None:
        return given
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return dt.date.today()
    try:
        return _date(text)
    except argparse.ArgumentTypeError as exc:
        parser.error(f"{TODAY_VARIABLE}: {exc}")


def cmd_validate(args: argparse.Namespace) -> int:
    located = load(args.catalog, today=args.today)
    output = FORMATTERS[args.format](located.report)
    if output:
        print(output)
    if args.format == "text":
        if not located.report.diagnostics:
            print(f"{args.catalog}: ok")
    elif args.format == "github" and located.report.diagnostics:
        print(f"{args.catalog}: {summary(located.report)}", file=sys.stderr)
    return EXIT_INPUT if located.report.has_errors else EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return value


def _agent_version(text: str) -> AgentVersion:
    try:
        return AgentVersion.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_not_an_agent_version(text)) from None


def _not_an_agent_version(text: str) -> str:
    """Why ``text`` is not an agent version; ``templates/assets/planner.js`` words it the same."""
    shown = text if len(text) <= SHORT else text[: SHORT - 3] + "..."
    digits = re.fullmatch(r"([0-9]+)\.([0-9]+)", text.strip())
    if digits:
        longest = max(len(digits.group(1)), len(digits.group(2)))
        return (
            f"'{shown}' is not an agent version: a part has {longest} digits; "
            f"expected major.minor with at most {VERSION_PART_DIGITS} digits each, such as 9.16"
        )
    return f"'{shown}' is not an agent version: expected major.minor, such as 9.16"


def _catalog(args: argparse.Namespace) -> Catalog:
    return load_or_raise(args.catalog, today=args.today)


def cmd_path(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    snap = snapshot(catalog, args.as_of)
    result = plan_upgrade(snap, args.start, args.to, args.last_reboot)
    if args.json:
        sys.stdout.write(dumps(plan_payload(snap, result)).decode("utf-8"))
    if isinstance(result, NoPath):
        print(
            f"error: no upgrade path from {result.start} to {result.target}: {result.reason}", file=sys.stderr
        )
        return EXIT_INPUT
    if args.json:
        return EXIT_OK
    print(f"Upgrade path from {result.start} to {result.target} (as of {snap.as_of.title}):")
    if not result.hops:
        print(f"  Nothing to do: {result.start} is already {result.target}.")
    for number, step in enumerate(_plain_steps(result.hops, snap), start=1):
        print(f"  {number}. {step}")
    return EXIT_OK


def _plain_steps(hops: Sequence[Hop], snap: Snapshot) -> list[str]:
    steps: list[str] = []
    for hop in hops:
        if hop.reboot_before:
            steps.append("Reboot the machine (mandatory before the next upgrade).")
        rollups = ", ".join(r.title for r in snap.shipped_by[hop.target])
        steps.append(f"Upgrade to {hop.target} ({rollups}).")
    return steps


def cmd_build(args: argparse.Namespace) -> int:
    around = _build_surroundings(args)
    checked_site(args.site_dir, around)  # before anything else: a refused target costs nothing
    if args.all_versions:
        return _build_all_versions(args, around)
    catalog = _catalog(args)  # every problem of the catalog, as `rollups validate` prints them
    from .engine.mkdocs_plugin import build_site  # MkDocs is loaded only for a build

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
    print(f"built {args.site_dir}/ from {args.catalog}")
    return EXIT_OK


def _build_surroundings(args: argparse.Namespace) -> Surroundings:
    """What a build's target must not be nor contain: the project's own files, besides the current,
    home and root folders."""
    config_file = args.config_file or DEFAULT_CONFIG  # none given: ./mkdocs.yml, or the packaged default
    project = config_file.parent
    return Surroundings.of_this_process(
        [
            Protected(args.catalog, "the catalog"),
            Protected(config_file, "the MkDocs configuration"),
            Protected(project / DEFAULT_CONTENT, "the prose folder", inside=True),
        ]
    )


def _waiting_for(site_dir: Path) -> Callable[[Path], None]:
    def say(lock: Path) -> None:
        print(f"another build of {site_dir}/ is running (it holds {lock}); waiting for it", file=sys.stderr)

    return say


def _build_all_versions(args: argparse.Namespace, around: Surroundings) -> int:
    from .engine.mkdocs_plugin import build_site, configured_site_url  # MkDocs is loaded only for a build
    from .publish.versioned_site import build_versioned_site  # and the worker pool only for every snapshot

    builder = functools.partial(
        build_site, config_file=args.config_file, versioned=True, strict=args.strict, verbose=args.verbose
    )
    report = build_versioned_site(
        args.catalog,
        args.site_dir,
        builder,
        site_url=args.site_url or configured_site_url(args.config_file),
        force=args.force,
        jobs=args.jobs,
        today=args.today,
        around=around,
    )
    built = f"built {len(report.built)} ({', '.join(report.built)})" if report.built else "built none"
    print(
        f"{built}, {len(report.reused)} up to date; {LATEST}/ is {report.latest}: "
        f"{args.site_dir}/ from {args.catalog}"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    around = Surroundings.of_this_process(
        [Protected(args.catalog, "the catalog"), Protected(args.content, "the prose folder", inside=True)]
    )
    checked_site(args.directory, around)
    files = site_files(_catalog(args), args.as_of, args.content, LinkStyle(args.links))
    with staging(args.directory, around) as stage, stage.scratch() as scratch:
        written = files.export(scratch)
    print(f"wrote {len(written)} files to {args.directory}/ (as of Update Rollup {files.as_of})")
    return EXIT_OK


def cmd_check_links(args: argparse.Namespace) -> int:
    from .checks.linkcheck import check_links, format_broken

    if not args.site_dir.is_dir():
        raise FileNotFoundError(f"{args.site_dir}: no such folder (build the site first)")
    report = check_links(args.site_dir)
    for line in format_broken(report):
        print(line)
    return EXIT_OK if report.ok else EXIT_INPUT


def cmd_check_kb_links(args: argparse.Namespace) -> int:
    from .checks.kb_check import Politeness, broken_report, check_kb_links, kb_links  # the network, only here

    located = load(args.catalog, today=args.today)
    if located.catalog is None:
        raise InvalidInput(located.report)
    links = kb_links(located.catalog, located.positions, str(args.catalog))
    politeness = Politeness(delay=args.delay, timeout=args.timeout)
    statuses = []
    for status in check_kb_links(links, politeness):
        statuses.append(status)
        if args.format == "text":
            verdict = "ok" if status.ok else "BROKEN"
            link = status.link
            print(f"{verdict:6} rollup {link.rollup}: {link.url}: {status.describe()}", flush=True)
    report = broken_report(statuses)
    output = FORMATTERS[args.format](report)
    if output:
        print(output)
    if args.format != "json":
        print(f"{len(statuses)} KB links checked, {len(report.errors)} broken", file=sys.stderr)
    return EXIT_INPUT if report.has_errors else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    output: Path | None = args.output
    if output is not None and output.exists() and not args.force:
        print(f"error: {output} exists; pass --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    from .adoption.importing.importer import import_page  # the importer's parsers load only for an import

    result = import_page(args.page, catalog_name=str(output) if output else "<stdout>")
    diagnostics = FORMATTERS[args.format](result.report)
    if diagnostics:
        print(diagnostics, file=sys.stderr)
    if result.text is None:
        return EXIT_INPUT
    if output is None:
        sys.stdout.write(result.text)
    else:
        output.write_text(result.text, encoding="utf-8")
    verdict = "it validates" if result.catalog_errors == 0 else f"{result.catalog_errors} validation errors"
    print(
        f"imported {result.rollups} rollups, {result.components} components and {result.scenarios} "
        f"scenarios from {args.page}{f' into {output}' if output else ''}: {verdict}",
        file=sys.stderr,
    )
    return EXIT_OK if result.catalog_errors == 0 else EXIT_INPUT


def cmd_lint(args: argparse.Namespace) -> int:
    from .adoption.lint.lint import lint_content

    report = lint_content(args.content, _catalog(args))
    output = FORMATTERS[args.format](report)
    if output:
        print(output)
    elif args.format == "text":
        print(f"{args.content}: ok")
    if report.has_errors or (args.strict and report.diagnostics):
        return EXIT_INPUT
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .adoption.new.project import create_project

    written = [p.relative_to(args.directory).as_posix() for p in create_project(args.directory)]
    print(f"created {', '.join(written)} in {args.directory}/")
    print(f"next: cd {shlex.quote(str(args.directory))} && rollups validate && rollups build -d site")
    return EXIT_OK


EPILOG = """\
examples:
  rollups new my-product                a new site project for another product
  rollups validate                      check data/rollups.yaml
  rollups path 9.16                     upgrade path from 9.16 to the latest version
  rollups path 9.16 --last-reboot 9.14 --to 9.20 --json
  rollups build -d site                 build the site of the newest rollup
  rollups build --all-versions -d site  build a snapshot per rollup (only the new ones)
  rollups export pages                  write the pages as plain Markdown
  rollups check-links site              every internal link and anchor of a built site
  rollups check-kb-links                ask the vendor's site about every KB link (slow, polite)
  rollups import old-page.md -o data/rollups.yaml
  rollups lint                          check the prose in content/ against the catalog
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rollups",
        description="Publish a product's service updates and support policy from one catalog.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_validate,
        _add_path,
        _add_build,
        _add_export,
        _add_check_links,
        _add_check_kb_links,
        _add_import,
        _add_lint,
        _add_new,
    ):
        add(commands)
    return parser


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``add_subparsers`` returns: where each ``_add_<command>`` adds its subcommand."""


def _command(
    commands: Commands, name: str, handler: Handler, help_text: str, example: str, *, catalog: bool = True
) -> argparse.ArgumentParser:
    """A subcommand with its help and example; with ``catalog``, the options of a command that reads it."""
    sub = commands.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.set_defaults(handler=handler)
    if not catalog:
        sub.set_defaults(today=None)
        return sub
    sub.add_argument(
        "--catalog",
        type=Path,
        default=DEFAULT_CATALOG,
        metavar="PATH",
        help=f"the catalog file (default: {DEFAULT_CATALOG})",
    )
    sub.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help=f"a release after this date is an error (default: ${TODAY_VARIABLE}, else the system date)",
    )
    return sub


def _format_option(sub: argparse.ArgumentParser, help_text: str = "output format (default: text)") -> None:
    sub.add_argument("--format", choices=sorted(FORMATTERS), default="text", help=help_text)


def _as_of_option(sub: argparse.ArgumentParser, what: str) -> None:
    """``--as-of NUMBER``: ``what`` (answer, build the site, ...) as of that rollup."""
    sub.add_argument(
        "--as-of", type=int, metavar="NUMBER", help=f"{what} as of this rollup (default: the newest)"
    )


def _content_option(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help=f"{what} (default: {DEFAULT_CONTENT})",
    )


def _add_validate(commands: Commands) -> None:
    validate = _command(
        commands,
        "validate",
        cmd_validate,
        "Check the catalog and report every problem.",
        "rollups validate --format github",
    )
    _format_option(validate)


def _add_path(commands: Commands) -> None:
    path = _command(
        commands,
        "path",
        cmd_path,
        "Print the upgrade path from an installed agent version.",
        "rollups path 9.16 --last-reboot 9.14 --json",
    )
    path.add_argument(
        "start", type=_agent_version, metavar="FROM", help="the installed agent version, e.g. 9.16"
    )
    path.add_argument(
        "--to", type=_agent_version, metavar="T", help="the target version (default: the latest)"
    )
    path.add_argument(
        "--last-reboot",
        type=_agent_version,
        metavar="R",
        help="the agent version at the last reboot (default: FROM)",
    )
    _as_of_option(path, "answer")
    path.add_argument("--json", action="store_true", help="print JSON instead of a numbered plan")


def _add_build(commands: Commands) -> None:
    build = _command(
        commands,
        "build",
        cmd_build,
        "Build the site of the newest rollup with MkDocs, or of every rollup (--all-versions); "
        "the previous output stays until the new one is complete.",
        "rollups build --all-versions -d site",
    )
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
    _as_of_option(build, "build the site")
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
        "--force", action="store_true", help="rebuild every snapshot (after a change of templates or theme)"
    )
    versions.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="build at most N snapshots at once (default: every core)",
    )
    versions.add_argument(
        "--site-url",
        metavar="URL",
        help="where SITE_DIR is served, e.g. https://example.org/updates/ (default: mkdocs.yml's site_url)",
    )


def _add_export(commands: Commands) -> None:
    export = _command(
        commands,
        "export",
        cmd_export,
        "Write every page as plain Markdown (and the static files) for another engine.",
        "rollups export pages --links directory",
    )
    export.add_argument("directory", type=Path, metavar="DIR", help="the directory to write into")
    _content_option(export, "the prose pages")
    export.add_argument(
        "--links",
        choices=[style.value for style in LinkStyle],
        default=LinkStyle.DIRECTORY.value,
        help="how links inside HTML reach the pages: directory URLs (default: what MkDocs serves with "
        "use_directory_urls), .md files (left as they are by engines that rewrite Markdown links only) "
        "or .html files",
    )
    _as_of_option(export, "export the site")


def _add_check_links(commands: Commands) -> None:
    links = _command(
        commands,
        "check-links",
        cmd_check_links,
        "Check every internal link and anchor of a built site; exit 1 if one is broken.",
        "rollups check-links site",
        catalog=False,
    )
    links.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site (any folder of pages)")


def _add_check_kb_links(commands: Commands) -> None:
    kb = _command(
        commands,
        "check-kb-links",
        cmd_check_kb_links,
        "Ask the network whether every KB link of the catalog still answers; exit 1 if one is broken. "
        "Slow on purpose (one request at a time): not for every build.",
        "rollups check-kb-links --delay 2 --format github",
    )
    kb.add_argument(
        "--delay",
        type=float,
        default=KB_DELAY,
        metavar="SECONDS",
        help=f"pause between requests (default: {KB_DELAY:g})",
    )
    kb.add_argument(
        "--timeout",
        type=float,
        default=KB_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit of one request (default: {KB_TIMEOUT:g})",
    )
    _format_option(
        kb, "text: a line per link, then the broken ones; github: annotations; json (default: text)"
    )


def _add_import(commands: Commands) -> None:
    imports = _command(
        commands,
        "import",
        cmd_import,
        "Read a hand-written service-updates page, write the catalog it implies and report every "
        "defect of the page with its line. Exit status: 0 when the catalog validates (the page's "
        "defects are reported, not fatal), 1 when it does not or nothing could be imported.",
        "rollups import service-updates.md -o data/rollups.yaml",
        catalog=False,
    )
    imports.add_argument("page", type=Path, metavar="PAGE.md", help="the hand-written Markdown page")
    imports.add_argument(
        "-o", "--output", type=Path, metavar="CATALOG.yaml", help="write the catalog here (default: stdout)"
    )
    imports.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    _format_option(imports, "diagnostics format (default: text)")


def _add_lint(commands: Commands) -> None:
    lint = _command(
        commands,
        "lint",
        cmd_lint,
        "Check the prose in content/ against the catalog: typed numbers that disagree with it, tables "
        "and callouts that will not render, dead internal links and anchors.",
        "rollups lint --content content --strict",
    )
    _content_option(lint, "the folder of Markdown pages")
    _format_option(lint)
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def _add_new(commands: Commands) -> None:
    new = _command(
        commands,
        "new",
        cmd_new,
        "Write a new site project for another product: mkdocs.yml, a commented example "
        "data/rollups.yaml and content/index.md. DIR must be absent or empty.",
        "rollups new my-product",
        catalog=False,
    )
    new.add_argument("directory", type=Path, metavar="DIR", help="the project folder to create")


def _check_build_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.command != "build":
        return
    if args.all_versions and args.as_of is not None:
        parser.error("--as-of builds one snapshot; --all-versions builds every one: choose one")
    if not args.all_versions:
        for option, value in (("--force", args.force), ("--jobs", args.jobs), ("--site-url", args.site_url)):
            if value:
                parser.error(f"{option} applies to --all-versions only")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "catalog"):  # only a command that reads the catalog has a today
        args.today = _today(parser, args.today)
    _check_build_options(parser, args)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidInput as exc:
        print(FORMATTERS["text"](exc.report), file=sys.stderr)
        return EXIT_INPUT
    except TargetRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RollupsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        raise  # the reader of our output went away: not an error to report (see run)
    except OSError as exc:
        print(f"error: {os_error_text(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def os_error_text(exc: OSError) -> str:
    """An operating system error in one line: "PATH: reason" (both paths for a rename or a link)."""
    if exc.strerror is None:  # raised with a message of its own
        return str(exc.args[0]) if len(exc.args) == 1 else str(exc)
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    return f"{' -> '.join(paths)}: {exc.strerror}" if paths else exc.strerror


def _ignore_interrupts() -> None:
    """From here on Ctrl-C is ignored: the command is ending, and its end must not become a traceback."""
    with contextlib.suppress(ValueError):  # not the main thread: the signals are not ours
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _quiet_broken_pipe() -> int:
    """The reader of stdout went away: point stdout at /dev/null so that the exit's flush is quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


def run() -> NoReturn:
    """The ``rollups`` command: :func:`main`, then the exit, without interpreter shutdown's collections.

    Ctrl-C anywhere ends in "interrupted" and exit status 130; a reader that
    closes stdout early ends the command quietly with 141, as SIGPIPE ends a
    Unix filter; never a traceback.

    The process ends here. Shutdown would run the cyclic garbage collector,
    several times, over every object the command left behind (after a build:
    MkDocs' structures, the pages, the theme's template listing), which costs
    a small build about a tenth of its time for nothing: the memory goes back
    to the system with the process. Frozen objects are still released by
    reference counting, and everything the command opened is already closed.
    """
    try:
        status = main()
        _ignore_interrupts()
        sys.stdout.flush()
    except KeyboardInterrupt:  # outside main's handler: while parsing the arguments, say
        _ignore_interrupts()
        print("interrupted", file=sys.stderr)
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        status = _quiet_broken_pipe()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
