"""``rollups validate``: every problem of the catalog at once."""

from __future__ import annotations

import argparse
import sys

from .characters import shown
from .diagnostics import FORMATTERS, summary
from .options import EXIT_INPUT, EXIT_OK, Commands, command, format_option
from .validate import load


def cmd_validate(args: argparse.Namespace) -> int:
    located = load(args.catalog, today=args.today)
    output = FORMATTERS[args.format](located.report)
    if output:
        print(output)
    if args.format == "text":
        if not located.report.diagnostics:
            print(f"{shown(args.catalog)}: ok")
    elif args.format == "github" and located.report.diagnostics:
        print(f"{shown(args.catalog)}: {summary(located.report)}", file=sys.stderr)
    return EXIT_INPUT if located.report.has_errors else EXIT_OK


def add_validate(commands: Commands) -> None:
    validate = command(
        commands,
        "validate",
        cmd_validate,
        "Check the catalog and report every problem.",
        "rollups validate --format github",
    )
    format_option(validate)
