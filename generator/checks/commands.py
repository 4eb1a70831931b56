"""``rollups check-links`` over a built site and ``rollups check-kb-links`` over the network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalog.characters import escaped, shown
from ..catalog.diagnostics import FORMATTERS, InvalidInput
from ..catalog.options import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    Commands,
    command,
    format_option,
)
from ..catalog.validate import load

KB_DELAY, KB_TIMEOUT = 1.0, 15.0
"""``rollups check-kb-links``: seconds between requests, seconds one request may take."""


def cmd_check_links(args: argparse.Namespace) -> int:
    from .linkcheck import check_links, format_broken

    site: Path = args.site_dir
    if site.exists() and not site.is_dir():
        raise NotADirectoryError(f"{site}: not a folder; name the folder of a built site")
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no such folder (build the site first)")
    report = check_links(site)
    if report.pages == 0:
        # Nothing checked is no success: the wrong folder (the sources, an export) would pass unseen.
        print(
            f"error: {shown(site)}: no HTML page to check; "
            "name the folder a build wrote (rollups build -d SITE)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    for line in format_broken(report):
        print(line)
    return EXIT_OK if report.ok else EXIT_INPUT


def cmd_check_kb_links(args: argparse.Namespace) -> int:
    from .kb_check import (  # the network, only here
        Politeness,
        Unreachable,
        broken_report,
        check_kb_links,
        kb_links,
    )

    located = load(args.catalog, today=args.today)
    if located.catalog is None:
        raise InvalidInput(located.report)
    links = kb_links(located.catalog, located.positions, str(args.catalog))
    politeness = Politeness(delay=args.delay, timeout=args.timeout)
    statuses = []
    try:
        for status in check_kb_links(links, politeness):
            statuses.append(status)
            if args.format == "text":
                verdict = "ok" if status.ok else "BROKEN"
                link = status.link
                print(
                    f"{verdict:6} rollup {link.rollup}: {escaped(link.url)}: {status.describe()}", flush=True
                )
    except Unreachable as exc:
        print(f"error: {escaped(str(exc))}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    report = broken_report(statuses)
    output = FORMATTERS[args.format](report)
    if output:
        print(output)
    if args.format != "json":
        print(f"{len(statuses)} KB links checked, {len(report.errors)} broken", file=sys.stderr)
    return EXIT_INPUT if report.has_errors else EXIT_OK


def add_check_links(commands: Commands) -> None:
    links = command(
        commands,
        "check-links",
        cmd_check_links,
        "Check every internal link and anchor of a built site; exit 1 if one is broken.",
        "rollups check-links site",
        catalog=False,
    )
    links.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site (any folder of pages)")


def add_check_kb_links(commands: Commands) -> None:
    kb = command(
        commands,
        "check-kb-links",
        cmd_check_kb_links,
        "Ask the network whether every KB link of the catalog still answers; exit 1 if one is broken, "
        f"{EXIT_UNAVAILABLE} if none of the first links got any answer (no network: nothing judged). "
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
    format_option(
        kb,
        "text: a line per link, then the broken ones; github: GitHub Actions annotations; "
        "json: one JSON document of the broken ones (default: text)",
    )
