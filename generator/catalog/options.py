"""The command line's shared parts: exit codes, the options of a command that reads the catalog, subcommands.

Every stage declares its own commands (``<stage>/commands.py``) with
:func:`command`, which gives a subcommand its help, its example and, for a
command that reads the catalog, ``--catalog`` and ``--today``; ``--format``,
``--as-of`` and ``--content`` are defined here once. ``generator.cli``
registers them all.

Exit codes: 0 success (warnings allowed), 1 a problem with the input or no
upgrade path, 2 a usage or I/O problem, 69 a service the command needs could
not be reached (``rollups check-kb-links`` with no answer at all), 130
interrupted, 141 the reader of the output went away.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from .diagnostics import FORMATTERS
from .model import Catalog
from .validate import load_or_raise

DEFAULT_CATALOG = Path("data/rollups.yaml")


DEFAULT_CONFIG = Path("mkdocs.yml")


DEFAULT_CONTENT = Path("content")


EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


EXIT_UNAVAILABLE = 69
"""``EX_UNAVAILABLE`` of BSD's ``sysexits.h``: nothing answered, so nothing was judged (no network, say)."""


EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command that Ctrl-C stopped."""


EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as a shell reports a filter whose reader went away."""


Handler = Callable[[argparse.Namespace], int]


TODAY_VARIABLE = "ROLLUPS_TODAY"
"""Environment variable that fixes "today" (YYYY-MM-DD) for reproducible runs; ``--today`` wins."""


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: expected YYYY-MM-DD, such as 2019-01-08"
        ) from None


def resolve_today(parser: argparse.ArgumentParser, given: dt.date | None) -> dt.date:
    """``--today``, else ``$ROLLUPS_TODAY``, else the system's date: the only clock the tool reads."""
    if given is not None:
        return given
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return dt.date.today()
    try:
        return parse_date(text)
    except argparse.ArgumentTypeError as exc:
        parser.error(f"{TODAY_VARIABLE}: {exc}")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return value


def load_catalog(args: argparse.Namespace) -> Catalog:
    return load_or_raise(args.catalog, today=args.today)


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``add_subparsers`` returns: where each ``_add_<command>`` adds its subcommand."""


def command(
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
        type=parse_date,
        metavar="DATE",
        help=f"a release after this date is an error (default: ${TODAY_VARIABLE}, else the system date)",
    )
    return sub


def format_option(sub: argparse.ArgumentParser, help_text: str = "output format (default: text)") -> None:
    sub.add_argument("--format", choices=sorted(FORMATTERS), default="text", help=help_text)


_ROLLUP_NAME = re.compile(r"(?:ur|update[ _-]?rollup)[ _-]?([0-9]{1,9})", re.IGNORECASE)
"""A rollup named as a snapshot folder (``ur-32``) or a title (``Update Rollup 32``) names its number."""


def rollup_number(text: str) -> int:
    """``--as-of``'s value: a rollup's number; a rollup named otherwise is told its number."""
    try:
        return int(text)
    except ValueError:
        pass
    shown = text if len(text) <= 40 else text[:37] + "..."
    named = _ROLLUP_NAME.fullmatch(text.strip())
    if named:
        raise argparse.ArgumentTypeError(
            f"'{shown}' is not a rollup number: write its number alone, {int(named[1])}"
        )
    raise argparse.ArgumentTypeError(f"'{shown}' is not a rollup number: expected a whole number, such as 32")


def as_of_option(sub: argparse.ArgumentParser, what: str) -> None:
    """``--as-of NUMBER``: ``what`` (answer, build the site, ...) as of that rollup."""
    sub.add_argument(
        "--as-of",
        type=rollup_number,
        metavar="NUMBER",
        help=f"{what} as of the rollup of this number, such as 32 (default: the newest)",
    )


def content_option(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help=f"{what} (default: {DEFAULT_CONTENT})",
    )
