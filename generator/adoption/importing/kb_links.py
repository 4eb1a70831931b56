"""Decide each rollup's KB link: the page's link, unless it provably belongs to another rollup.

* A link whose text names one rollup and whose address another: the rollup
  number comes from the text (what readers see, and what fits the sequence),
  and the link is left out.
* A KB article linked by two rollups: the rollup the address names keeps it
  (else the oldest, since a new row is usually a copy of the one below it).
* A bare KB number ("KB4485985") becomes the support site's address for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...catalog.consistency import kb_key
from ...catalog.diagnostics import Position, Report
from .legacy_tables import RollupEntry

Entries = Mapping[int, Sequence[RollupEntry]]
"""Rollup number -> the places of the page that state it, the table row first."""

KB_BASE = "https://support.microsoft.com/help/"


@dataclass
class KbChoice:
    """The KB link a rollup gets, or the link left out and why."""

    url: str | None
    at: Position | None
    omitted: str | None = None
    comments: list[str] = field(default_factory=list)


def choose_kb_links(rollups: Entries, report: Report) -> dict[int, KbChoice]:
    """The KB link of each rollup, or the reason it is left out."""
    choices: dict[int, KbChoice] = {}
    for number, entries in rollups.items():
        choices[number] = _kb_candidate(number, entries, report)
    groups: dict[str, list[int]] = {}
    for number, choice in choices.items():
        url = choice.url if choice.url is not None else choice.omitted
        if url:
            groups.setdefault(kb_key(url), []).append(number)
    for key, numbers in groups.items():
        if len(numbers) > 1:
            _shared_kb(key, numbers, rollups, choices, report)
    return choices


def _kb_candidate(number: int, entries: Sequence[RollupEntry], report: Report) -> KbChoice:
    for entry in entries:
        link = entry.link
        if link is not None and link.href.startswith(("http://", "https://")):
            if (
                link.url_number is not None
                and link.text_number is not None
                and link.url_number != link.text_number
            ):
                report.error(
                    link.at,
                    f"the link text '{link.text.strip()}' names rollup {link.text_number}, but the link "
                    f"points at the article of update rollup {link.url_number} ({link.href})",
                )
                reason = (
                    f"The page links rollup {number} to the article of update rollup "
                    f"{link.url_number} (page line {link.at.line}); find rollup {number}'s own article."
                )
                return KbChoice(None, link.at, link.href, [reason])
            return KbChoice(link.href, link.at)
        if entry.kb_number is not None:
            url = f"{KB_BASE}{entry.kb_number}"
            line = entry.kb_at.line if entry.kb_at else entry.at.line
            note = f"Built from the page's KB number {entry.kb_number} (page line {line})."
            return KbChoice(url, entry.kb_at, comments=[note])
    return KbChoice(None, None)


def _shared_kb(
    key: str, numbers: list[int], rollups: Entries, choices: dict[int, KbChoice], report: Report
) -> None:
    links = {n: rollups[n][0].link for n in numbers}
    named = [n for n in numbers if (link := links.get(n)) is not None and link.url_number == n]
    keeper = named[0] if named else min(numbers)
    keeper_at = choices[keeper].at
    for number in numbers:
        if number == keeper:
            continue
        choice = choices[number]
        assert choice.at is not None and keeper_at is not None
        report.error(
            choice.at,
            f"rollup {number} links to KB {key}, which rollup {keeper} also links to "
            f"(line {keeper_at.line}); each rollup has its own KB article",
        )
        if choice.url is None:
            continue
        choices[number] = KbChoice(
            None,
            choice.at,
            choice.url,
            [
                f"The page links rollup {number} to KB {key}, which is rollup {keeper}'s article "
                f"(page line {keeper_at.line}); find rollup {number}'s own article."
            ],
        )
