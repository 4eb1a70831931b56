"""``rollups path``: the upgrade path from an installed version, as numbered steps or as the API's JSON."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..catalog.model import VERSION_PART_DIGITS, AgentVersion
from ..catalog.options import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Commands, as_of_option, command, load_catalog
from ..policy.rules import (
    Hop,
    NoPath,
    PolicyError,
    Snapshot,
    UnknownRollup,
    UnknownScenario,
    UpgradePath,
    lines,
    plan_upgrade,
    snapshot,
)
from .api import dumps, nothing_released, paths_by_scenario, plan_payload

SHORT = 40
"""The longest argument an error message repeats whole."""
_PART = f"[0-9]{{1,{VERSION_PART_DIGITS}}}"
"""A part of a version (``generator/catalog/model.py``): a build number of four is shorter than SHORT."""


def _agent_version(text: str) -> AgentVersion:
    try:
        return AgentVersion.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_not_an_agent_version(text)) from None


def _not_an_agent_version(text: str) -> str:
    """Why ``text`` is not an agent version; ``templates/assets/planner.js`` words it the same.

    A whole build number (9.16.5001.1, as a machine reports it) is answered
    with the agent version it stands for, its major.minor.
    """
    shown = text if len(text) <= SHORT else text[: SHORT - 3] + "..."
    build = re.fullmatch(rf"({_PART})\.({_PART})(?:\.{_PART}){{1,2}}", text.strip())
    if build:
        return f"'{shown}' is a build number; the agent version is its major.minor, {build[1]}.{build[2]}"
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
    try:
        snap = snapshot(catalog, args.as_of, args.scenario)
    except (UnknownScenario, UnknownRollup) as exc:  # a --scenario, an --as-of: usage, as argparse's own
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PolicyError:
        if args.scenario is None:
            raise
        # Nothing reached this scenario yet (something reached another: else this raises again).
        everyone = snapshot(catalog, args.as_of)
        return _print_nothing_released(args, replace(everyone, scenario=args.scenario))
    if args.scenario is not None:
        return _print_path(args, snap, plan_upgrade(snap, args.start, args.to, args.last_reboot))
    groups = lines(snap)
    answers = paths_by_scenario(snap, args.start, args.to, args.last_reboot)
    if len(answers) > 1:
        every = [s for group in groups for s in group.scenarios]
        print(_differing_answers(args.start, snap, answers, every), file=sys.stderr)
        return EXIT_USAGE
    line = groups[0].snap
    assert line is not None  # a line without a release would have given its own answer
    return _print_path(args, line, plan_upgrade(line, args.start, args.to, args.last_reboot))


def _differing_answers(
    start: AgentVersion,
    snap: Snapshot,
    answers: Sequence[tuple[Sequence[str], Mapping[str, object] | None]],
    every: Sequence[str],
) -> str:
    """Exit 2's message when the answer depends on the scenario: each answer and its scenarios, the choice."""
    text = [f"error: the upgrade path from {start} depends on the scenario (as of {snap.as_of.title}):"]
    for scenarios, answer in answers:
        text.append(f"  {', '.join(scenarios)}: {_said(answer)}")
    text.append(f"Pass --scenario with one of: {', '.join(every)}.")
    return "\n".join(text)


def _said(answer: Mapping[str, object] | None) -> str:
    if answer is None:
        return "nothing released yet"
    if "error" in answer:
        return f"no path: {answer['error']}"
    if not answer["hops"]:
        return f"nothing to do: already on {answer['to']}"
    return str(answer["text"])


def _print_path(args: argparse.Namespace, snap: Snapshot, result: UpgradePath | NoPath) -> int:
    if args.json:
        payload = {**plan_payload(snap, result), "scenario": args.scenario}
        sys.stdout.write(dumps(payload).decode("utf-8"))
    scenario = f" for scenario {args.scenario}" if args.scenario is not None else ""
    if isinstance(result, NoPath):
        # As the answer's heading: the reason ("not a released version") holds as of that rollup only.
        print(
            f"error: no upgrade path from {result.start} to {result.target}{scenario} "
            f"(as of {snap.as_of.title}): {result.reason}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if args.json:
        return EXIT_OK
    print(f"Upgrade path from {result.start} to {result.target}{scenario} (as of {snap.as_of.title}):")
    if not result.hops:
        print(f"  Nothing to do: the machine is already on {result.target}.")
    for number, step in enumerate(_plain_steps(result.hops, snap), start=1):
        print(f"  {number}. {step}")
    return EXIT_OK


def _print_nothing_released(args: argparse.Namespace, line: Snapshot) -> int:
    """No path on a scenario's line that nothing reached yet: the API's reason, as JSON too."""
    reason = nothing_released(line)
    target = f" to {args.to}" if args.to is not None else ""
    if args.json:
        payload = {
            "as_of": line.as_of.number,
            "from": str(args.start),
            "to": str(args.to) if args.to is not None else None,
            "error": reason,
            "scenario": args.scenario,
        }
        sys.stdout.write(dumps(payload).decode("utf-8"))
    print(
        f"error: no upgrade path from {args.start}{target} for scenario {args.scenario}: {reason}",
        file=sys.stderr,
    )
    return EXIT_INPUT


def _plain_steps(hops: Sequence[Hop], snap: Snapshot) -> list[str]:
    """The numbered steps in words, as the version's page and the planner say them.

    Of the rollups that shipped a hop's target, the newest is the one to
    install; the others are named as having shipped it too.
    """
    steps: list[str] = []
    for hop in hops:
        if hop.reboot_before:
            steps.append("Reboot the machine (mandatory before the next upgrade).")
        newest, *others = reversed(snap.shipped_by[hop.target])
        also = f" (also shipped by {', '.join(r.title for r in others)})" if others else ""
        steps.append(f"Upgrade to {hop.target}: install {newest.title}{also}.")
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
    path.add_argument(
        "--scenario",
        metavar="ID",
        help="the scenario the machine is protected by, e.g. vmware-to-azure: the path uses only the "
        "releases it got (needed when the answer differs between scenarios)",
    )
    as_of_option(path, "answer")
    path.add_argument("--json", action="store_true", help="print JSON instead of a numbered plan")
