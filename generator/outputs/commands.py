"""``rollups path``: the upgrade path from an installed version, as numbered steps or as the API's JSON."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from ..catalog.model import VERSION_PART_DIGITS, AgentVersion
from ..catalog.options import EXIT_INPUT, EXIT_OK, Commands, as_of_option, command, load_catalog
from ..policy.rules import Hop, NoPath, Snapshot, plan_upgrade, snapshot
from .api import dumps, plan_payload

SHORT = 40
"""The longest argument an error message repeats whole."""


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


def cmd_path(args: argparse.Namespace) -> int:
    catalog = load_catalog(args)
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


def add_path(commands: Commands) -> None:
    path = command(
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
    as_of_option(path, "answer")
    path.add_argument("--json", action="store_true", help="print JSON instead of a numbered plan")
