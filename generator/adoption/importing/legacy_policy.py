"""The support statement of a hand-written page, read into the policy's numbers.

Pages state the policy in prose ("all versions below N-4 are out of support",
"first upgrade to 9.20 and then to 9.24", "if the difference ... is greater
than 4, a reboot is mandatory") and in the reboot table. Each figure is kept
with the words that state it, so that the catalog can say where it came from
and disagreements between two statements can be reported.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...catalog.diagnostics import Position, Report
from ...catalog.model import AgentVersion
from ..reading.prose import Sentence
from ..reading.wording import PLUS, QUOTES, WINDOW, fold
from .legacy_tables import RebootRow

AGENT = re.compile(r"(?<![\w.])(\d{1,9})\.(\d{1,9})(?![\d]|\.\d)")
TERM = r"(\d{1,9}\.\d{1,9}|n(?:\s*[-+]\s*\d{1,9})?)\b"
TERM_ANYWHERE = re.compile(r"(?<![\w.])(?:(\d{1,9})\.(\d{1,9})(?![\d]|\.\d)|n(?:\s*([-+])\s*(\d{1,9}))?\b)")
FIRST_THEN = re.compile(rf"\bupgrade to\s+{TERM}[^.;]*?\bthen\s+(?:upgrade\s+)?to\s+{TERM}")
GREATER = re.compile(
    r"(?:greater than|more than|larger than|exceeds|over|mehr als|grosser als|plus de|superieure? a|fazla|"
    r"gro\N{LATIN SMALL LETTER SHARP S}er als|>)\s*(\d{1,9})\b(?!\.\d)"
)
SUPPORT_WORDS = ("support", "unterstutz", "prise en charge", "prises en charge", "pris en charge", "destek")
REBOOT_WORDS = ("reboot", "restart", "neustart", "neu gestartet", "redemarr", "yeniden baslat")
INCLUSIVE_BEFORE = re.compile(
    r"(?:below|under|older than|lower than|earlier than|<|>=|\N{GREATER-THAN OR EQUAL TO}|from|at least|"
    rf"unter|unterhalb|en dessous de|inferieures? a)\s*[{QUOTES}]?\s*$"
)
EXCLUSIVE_BEFORE = re.compile(rf"(?:>|greater than|newer than|above|after)\s*[{QUOTES}]?\s*$")


@dataclass(frozen=True)
class Figure:
    """A policy number as one sentence states it."""

    value: int
    at: Position
    quote: str


@dataclass
class PolicyReading:
    """The policy figures a page states, with the words that state them."""

    support_window: Figure | None = None
    inclusive: bool | None = None
    inclusive_at: Figure | None = None
    max_upgrade_gap: Figure | None = None
    reboot_gap: Figure | None = None
    reboot_from_table: tuple[int, int] | None = None
    """The reboot gaps the reboot table allows (lowest, highest)."""
    comments: dict[str, list[str]] = field(default_factory=dict)


def quoted(text: str) -> str:
    """``text`` in quotes that do not clash with its own: 'N-4', or "below 'N-4'"."""
    return f'"{text}"' if "'" in text else f"'{text}'"


def _has(text: str, words: Iterable[str]) -> bool:
    return any(word in text for word in words)


def read_policy(sentences: list[Sentence], reboot_rows: list[RebootRow], report: Report) -> PolicyReading:
    """The policy figures the page states, reporting statements that disagree."""
    reading = PolicyReading()
    _support_window(sentences, reading, report)
    _upgrade_gap(sentences, reading, report)
    _reboot_gap(sentences, reboot_rows, reading, report)
    return reading


def _figures(sentence: Sentence, pattern: re.Pattern[str], text: str | None = None) -> list[Figure]:
    folded = text if text is not None else fold(sentence.text)
    return [
        Figure(int(m.group(1)), sentence.position(m.start()), sentence.text[m.start() : m.end()].strip())
        for m in pattern.finditer(folded)
    ]


def _most_stated(figures: list[Figure]) -> Figure:
    counts = Counter(f.value for f in figures)
    best = max(counts.values())
    return next(f for f in figures if counts[f.value] == best)


def _disagreement(figures: list[Figure], chosen: Figure, what: str, report: Report) -> None:
    for figure in figures:
        if figure.value != chosen.value:
            report.warning(
                figure.at,
                f"{quoted(figure.quote)} disagrees with {quoted(chosen.quote)} (line {chosen.at.line}) "
                f"about {what}; the import keeps {chosen.value}",
            )


def _support_window(sentences: list[Sentence], reading: PolicyReading, report: Report) -> None:
    stated: list[Figure] = []
    boundaries: list[tuple[bool, Figure]] = []
    for sentence in sentences:
        folded = fold(sentence.text)
        if not _has(folded, SUPPORT_WORDS):
            continue
        for match in WINDOW.finditer(folded):
            figure = Figure(int(match.group(1)), sentence.position(match.start()), f"N-{match.group(1)}")
            stated.append(figure)
            before = folded[max(0, match.start() - 24) : match.start()]
            if EXCLUSIVE_BEFORE.search(before) and not re.search(r">=\s*['\"]?\s*$", before):
                boundaries.append((False, _quoted(sentence, match, before)))
            elif INCLUSIVE_BEFORE.search(before):
                boundaries.append((True, _quoted(sentence, match, before)))
    if not stated:
        return
    chosen = _most_stated(stated)
    reading.support_window = chosen
    _disagreement(stated, chosen, "the support window", report)
    _boundary(boundaries, chosen.value, reading, report)


def _quoted(sentence: Sentence, match: re.Match[str], before: str) -> Figure:
    cue = EXCLUSIVE_BEFORE.search(before) or INCLUSIVE_BEFORE.search(before)
    start = match.start() - (len(before) - cue.start() if cue else 0)
    closing = re.match(rf"\s?[{QUOTES}]", sentence.text[match.end() :])
    end = match.end() + (closing.end() if closing else 0)
    return Figure(0, sentence.position(start), sentence.text[start:end].strip())


def _boundary(
    boundaries: list[tuple[bool, Figure]], window: int, reading: PolicyReading, report: Report
) -> None:
    if not boundaries:
        return
    first_inclusive, first = boundaries[0]
    reading.inclusive, reading.inclusive_at = first_inclusive, first
    other = next(((b, f) for b, f in boundaries if b != first_inclusive), None)
    if other is None:
        return
    inclusive = next(f for b, f in boundaries if b)
    exclusive = next(f for b, f in boundaries if not b)
    later = max(inclusive, exclusive, key=lambda f: f.at)
    report.warning(
        later.at,
        f"the support statements disagree on whether N-{window} itself is supported: "
        f"{quoted(inclusive.quote)} (line {inclusive.at.line}) keeps it supported, {quoted(exclusive.quote)} "
        f"(line {exclusive.at.line}) does not; the import keeps N-{window} supported "
        "(window_includes_boundary: true), say which you mean",
    )
    reading.inclusive, reading.inclusive_at = True, inclusive
    reading.comments["window_includes_boundary"] = [
        f"The page disagrees with itself: {quoted(inclusive.quote)} (page line {inclusive.at.line}) keeps "
        f"N-{window} supported, {quoted(exclusive.quote)} (page line {exclusive.at.line}) does not. "
        "Check this value."
    ]


def _upgrade_gap(sentences: list[Sentence], reading: PolicyReading, report: Report) -> None:
    stated: list[Figure] = []
    for sentence in sentences:
        folded = fold(sentence.text)
        if _has(folded, REBOOT_WORDS):
            continue
        stated.extend(_figures(sentence, PLUS, folded))
        staged = FIRST_THEN.search(folded)
        if staged is not None:
            hop = _longest_hop(folded)
            if hop is not None:
                quote = sentence.text[staged.start() : staged.end()].strip()
                stated.append(Figure(hop, sentence.position(staged.start()), quote))
        else:
            stated.extend(_chain(sentence, folded))
    if stated:
        chosen = _most_stated(stated)
        reading.max_upgrade_gap = chosen
        _disagreement(stated, chosen, "how far one upgrade may go", report)


def _longest_hop(folded: str) -> int | None:
    """The longest step between the versions a staged-upgrade sentence names.

    "You are on 9.16: first upgrade to 9.20 and then to 9.24" gives 4, and so
    does "on N-6, first upgrade to N-4, and then to N"; the last hop may be
    shorter than the limit, so the longest one is the limit.
    """
    groups: dict[str, set[int]] = {}
    for match in TERM_ANYWHERE.finditer(folded):
        if match.group(1):
            groups.setdefault(match.group(1), set()).add(int(match.group(2)))
        else:
            offset = int(match.group(4) or 0) * (-1 if match.group(3) == "-" else 1)
            groups.setdefault("n", set()).add(offset)
    hops = [b - a for values in groups.values() for a, b in itertools.pairwise(sorted(values))]
    return max(hops) if hops else None


def _chain(sentence: Sentence, folded: str) -> list[Figure]:
    """Three agent versions in equal steps in one sentence (9.16, 9.20, 9.24): one upgrade's reach."""
    found = [(m, AgentVersion(int(m.group(1)), int(m.group(2)))) for m in AGENT.finditer(folded)]
    versions = sorted({v for _, v in found})
    if len(versions) < 3 or len({v.major for v in versions}) != 1:
        return []
    steps = {b.minor - a.minor for a, b in itertools.pairwise(versions)}
    if len(steps) != 1:
        return []
    step = steps.pop()
    match = next(m for m, v in found if v == versions[1])
    return [Figure(step, sentence.position(match.start()), ", ".join(str(v) for v in versions))]


def _reboot_gap(
    sentences: list[Sentence], rows: list[RebootRow], reading: PolicyReading, report: Report
) -> None:
    stated: list[Figure] = []
    for sentence in sentences:
        folded = fold(sentence.text)
        if _has(folded, REBOOT_WORDS):
            stated.extend(_figures(sentence, GREATER, folded))
    if stated:
        chosen = _most_stated(stated)
        reading.reboot_gap = chosen
        _disagreement(stated, chosen, "when a reboot is mandatory", report)
    judged = [r for r in rows if r.mandatory is not None and r.last_reboot.major == r.target.major]
    if not judged:
        return
    not_mandatory = [r.target.minor - r.last_reboot.minor for r in judged if not r.mandatory]
    mandatory = [r.target.minor - r.last_reboot.minor for r in judged if r.mandatory]
    low = max(not_mandatory, default=0)
    high = min(mandatory, default=low + 1) - 1
    reading.reboot_from_table = (low, high)
    rule = reading.reboot_gap.value if reading.reboot_gap else (high if low <= high else None)
    if rule is None:
        return
    for row in judged:
        gap = row.target.minor - row.last_reboot.minor
        if row.mandatory != (gap > rule):
            says = "mandatory" if row.mandatory else "not mandatory"
            report.warning(
                row.at,
                f"the reboot table says a reboot is {says} from {row.last_reboot} to {row.target} "
                f"({gap} versions), but the page's rule (a reboot is mandatory when the difference is "
                f"greater than {rule}) says the opposite",
            )
    if reading.reboot_gap is None and low <= high:
        first = judged[0]
        reading.reboot_gap = Figure(rule, first.at, "the reboot table")
