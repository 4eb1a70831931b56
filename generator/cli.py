"""The ``rollups`` command line: every stage's commands registered under one parser.

Each command is defined beside the stage it drives (``catalog/commands.py``:
validate; ``outputs/commands.py``: path; ``publish/commands.py``: build and
export; ``checks/commands.py``: check-links and check-kb-links;
``adoption/commands.py``: import and lint); their shared options are in
``catalog/options.py``. Here: the parser, the one place errors become a line
on stderr and an exit code, and the process's exit.

Exit codes: 0 success (warnings allowed), 1 a problem with the input or no
upgrade path, 2 a usage or I/O problem (a refused target folder, a read-only
or full disk, a missing file), 69 nothing answered (``check-kb-links`` with no
network), 130 interrupted (Ctrl-C), 70 a bug (an
unexpected error: see :mod:`generator.__main__`). No traceback: every
problem ends in one line on stderr. A reader that closes the output early
(``rollups path 9.16 | head -1``) ends the command quietly, as it does any
Unix filter.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import __version__
from .adoption.commands import add_import, add_lint, add_new
from .catalog.characters import escaped, escaped_lines
from .catalog.commands import add_validate
from .catalog.diagnostics import FORMATTERS, InvalidInput, RollupsError
from .catalog.options import (
    DEFAULT_CATALOG,
    EXIT_BROKEN_PIPE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Commands,
    Handler,
    resolve_today,
)
from .catalog.site_address import InvalidSiteUrl
from .checks.commands import add_check_kb_links, add_check_links
from .outputs.commands import add_path
from .policy.rules import UnknownRollup
from .publish.commands import add_build, add_export
from .publish.site_target import TargetRefused

COMMANDS: tuple[Callable[[Commands], None], ...] = (
    add_validate,
    add_path,
    add_build,
    add_export,
    add_check_links,
    add_check_kb_links,
    add_import,
    add_lint,
    add_new,
)
"""Every subcommand, in the order ``rollups --help`` lists them."""

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
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "catalog"):  # only a command that reads the catalog has a today
        args.today = resolve_today(parser, args.today)
    check: Callable[[argparse.ArgumentParser, argparse.Namespace], None] | None = getattr(args, "check", None)
    if check is not None:
        check(parser, args)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidInput as exc:
        print(FORMATTERS["text"](exc.report), file=sys.stderr)
        return EXIT_INPUT
    except (TargetRefused, InvalidSiteUrl, UnknownRollup) as exc:
        print(f"error: {escaped(str(exc))}", file=sys.stderr)  # one line, whatever the paths it names hold
        return EXIT_USAGE
    except RollupsError as exc:  # its lines kept (a failed build's may span several), nothing hidden in them
        print(f"error: {escaped_lines(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        raise  # the reader of our output went away: not an error to report (see run)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and not _current_folder_exists():
            print(f"error: {CURRENT_FOLDER_GONE}", file=sys.stderr)
        else:
            print(f"error: {escaped(os_error_text(exc))}{_outside_a_project(args, exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


CURRENT_FOLDER_GONE = (
    "the current folder no longer exists (it was removed or moved away since the shell entered it): "
    "cd into a folder that exists and run the command again"
)


def _current_folder_exists() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return False
    return True


def os_error_text(exc: OSError) -> str:
    """An operating system error in one line: "PATH: reason" (both paths for a rename or a link)."""
    if exc.strerror is None:  # raised with a message of its own
        return str(exc.args[0]) if len(exc.args) == 1 else str(exc)
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    return f"{' -> '.join(paths)}: {exc.strerror}" if paths else exc.strerror


OUTSIDE_A_PROJECT = (
    "; run rollups in the folder of a site project (rollups new DIR creates one), or pass --catalog PATH"
)


def _outside_a_project(args: argparse.Namespace, exc: OSError) -> str:
    """What to do when the default catalog is missing: most likely, not the folder of a site project."""
    catalog = getattr(args, "catalog", None)
    if not isinstance(exc, FileNotFoundError) or catalog != DEFAULT_CATALOG or catalog.exists():
        return ""
    return OUTSIDE_A_PROJECT if str(DEFAULT_CATALOG) in os_error_text(exc) else ""


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
