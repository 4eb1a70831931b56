"""Numbers typed into prose that disagree with the catalog: rollups, versions, policy figures.

Prose should take its numbers from the data (``{{ ... }}`` placeholders,
which are skipped); where a number is typed anyway, it must at least be
true. Each check reads one sentence at a time, so that "N-5" is judged as a
support window only where the sentence speaks of support, and "greater
than 4" as the reboot rule only where it speaks of rebooting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...catalog.diagnostics import Report
from ...catalog.model import AgentVersion, Catalog
from ...policy.rules import Snapshot, snapshot
from ..reading.prose import Sentence
from ..reading.wording import PLUS, WINDOW, fold

ROLLUP = re.compile(r"\b(?:update\s+rollup|rollup|ur)\s*#?\s*(\d{1,4})\b(?!\.\d)")
AGENT = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w]|\.\d)")
BUILD = re.compile(r"(?<![\w.])(\d+)\.(\d+)\.\d+\.\d+(?![\w]|\.\d)")
NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
LATEST = re.compile(r"\b(?:latest|newest|current)\b[^.\d]{0,40}?\b(\d+)\.(\d+)\b(?!\.\d)")
BELOW = re.compile(
    r"\b(?:below|older than|lower than|earlier than|before|prior to|under)\s+(?:version\s+)?"
    r"(\d+)\.(\d+)\b(?!\.\d)"
)
OLDEST = re.compile(r"\boldest supported\b[^.\d]{0,30}?\b(\d+)\.(\d+)\b(?!\.\d)")
GREATER = re.compile(rf"(?:greater than|more than|larger than|exceeds|>)\s*{NUMBER}\b(?!\.\d)")
AT_MOST = re.compile(rf"\b(?:at most|up to|no more than|a maximum of|maximum of)\s+{NUMBER}\s+versions?\b")
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
WORDS["ten"] = 10


def _has(text: str, *words: str) -> bool:
    return any(word in text for word in words)


def _number(text: str) -> int:
    return WORDS[text] if text in WORDS else int(text)


@dataclass(frozen=True)
class Facts:
    """What the checks compare prose with, computed once per catalog (not per page or sentence)."""

    catalog: Catalog
    snap: Snapshot
    numbers: frozenset[int]
    """Every rollup number."""
    builds: frozenset[str]
    """Every component build any rollup ships."""
    prefixes: frozenset[tuple[str, ...]]
    """The ``major.minor`` of every build."""


def catalog_facts(catalog: Catalog) -> Facts:
    """The :class:`Facts` of ``catalog`` (its newest snapshot)."""
    builds = frozenset(str(v) for r in catalog.rollups for s in r.versions.values() for v in s.versions())
    return Facts(
        catalog,
        snapshot(catalog),
        frozenset(r.number for r in catalog.rollups),
        builds,
        frozenset(tuple(b.split(".")[:2]) for b in builds),
    )


def check_prose(sentences: Iterable[Sentence], facts: Facts, report: Report) -> None:
    """Report every number in ``sentences`` that the catalog contradicts."""
    for sentence in sentences:
        text = fold(sentence.text)
        _rollups(sentence, text, facts, report)
        _versions(sentence, text, facts, report)
        _policy(sentence, text, facts.snap, report)


def _quote(sentence: Sentence, match: re.Match[str]) -> str:
    return " ".join(sentence.text[match.start() : match.end()].split())


def _rollups(sentence: Sentence, text: str, facts: Facts, report: Report) -> None:
    newest = facts.catalog.rollups[0].number
    for match in ROLLUP.finditer(text):
        number = int(match.group(1))
        if number in facts.numbers:
            continue
        why = f"the newest rollup is {newest}" if number > newest else "the catalog has no such rollup"
        report.error(
            sentence.position(match.start()), f"'{_quote(sentence, match)}' is not in the catalog: {why}"
        )


def _versions(sentence: Sentence, text: str, facts: Facts, report: Report) -> None:
    latest = facts.snap.latest
    for match in AGENT.finditer(text):
        version = AgentVersion(int(match.group(1)), int(match.group(2)))
        if version.major == latest.major and version > latest:
            report.error(
                sentence.position(match.start()),
                f"'{version}' is not a released agent version: the latest (N) is {latest}",
            )
    for match in LATEST.finditer(text):
        version = AgentVersion(int(match.group(1)), int(match.group(2)))
        if version.major == latest.major and version < latest:
            report.error(
                sentence.position(match.start(1)),
                f"'{_quote(sentence, match)}' disagrees with the catalog: "
                f"the latest agent version is {latest}",
            )
    for match in BUILD.finditer(text):
        build = match.group(0)
        if (match.group(1), match.group(2)) in facts.prefixes and build not in facts.builds:
            report.error(
                sentence.position(match.start()), f"no rollup in the catalog ships the build {build}"
            )


def _policy(sentence: Sentence, text: str, snap: Snapshot, report: Report) -> None:
    policy = snap.policy
    reboot = _has(text, "reboot", "restart")
    if _has(text, "support") and not reboot:
        for match in WINDOW.finditer(text):
            if int(match.group(1)) != policy.support_window:
                report.error(
                    sentence.position(match.start()),
                    f"'{_quote(sentence, match)}' disagrees with the policy: versions below "
                    f"N-{policy.support_window} are out of support (policy.support_window)",
                )
        for found in (*BELOW.finditer(text), *OLDEST.finditer(text)):
            version = AgentVersion(int(found.group(1)), int(found.group(2)))
            if version.major == snap.latest.major and version != snap.oldest_supported:
                report.error(
                    sentence.position(found.start()),
                    f"'{_quote(sentence, found)}' disagrees with the catalog: the oldest supported version "
                    f"is {snap.oldest_supported} (N = {snap.latest}, support window {policy.support_window})",
                )
    if reboot:
        for match in GREATER.finditer(text):
            if _number(match.group(1)) != policy.reboot_gap:
                report.error(
                    sentence.position(match.start()),
                    f"'{_quote(sentence, match)}' disagrees with the policy: a reboot is mandatory when the "
                    f"difference is greater than {policy.reboot_gap} (policy.reboot_gap)",
                )
    elif _has(text, "upgrade", "hop"):
        for match in (*PLUS.finditer(text), *AT_MOST.finditer(text), *GREATER.finditer(text)):
            if _number(match.group(1)) != policy.max_upgrade_gap:
                report.error(
                    sentence.position(match.start()),
                    f"'{_quote(sentence, match)}' disagrees with the policy: one upgrade moves at most "
                    f"{policy.max_upgrade_gap} versions (policy.max_upgrade_gap)",
                )
