"""Short markers for what holds for some scenarios only, and the legend that spells them out.

Where the scenarios that install the agent have different release lines, a
version may have been released to some of them only, and a rollup supported
for some of them only. Tables mark such a value with a letter (``9.56`` and
*a*) rather than the scenarios' titles, which would not fit a phone's width;
the page's legend says what each letter stands for ("a: only for Azure VM
disaster recovery to Azure and Modernized VMware VM disaster recovery to
Azure"). Letters are given in the order a reader meets them on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from string import ascii_lowercase

from .answers import ScenarioRef


@dataclass(frozen=True)
class Mark:
    """A set of scenarios, its letter and the anchor of its entry in the legend."""

    letter: str
    anchor: str
    scenarios: tuple[ScenarioRef, ...]


@dataclass(frozen=True)
class Legend:
    """The marks of one page, in the order of their letters."""

    marks: tuple[Mark, ...] = ()

    def mark(self, scenarios: Sequence[ScenarioRef]) -> Mark | None:
        """The mark of exactly these scenarios; ``None`` for none (the value holds for all)."""
        ids = tuple(s.id for s in scenarios)
        return next((m for m in self.marks if tuple(s.id for s in m.scenarios) == ids), None)


def letter(index: int) -> str:
    """``a`` .. ``z``, then ``aa``, ``ab`` ..."""
    word = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(ascii_lowercase))
        word = ascii_lowercase[rest] + word
    return word


def legend(sets: Iterable[Sequence[ScenarioRef]]) -> Legend:
    """A letter for each distinct non-empty set of scenarios, in the order of ``sets``."""
    marks: list[Mark] = []
    seen: set[tuple[str, ...]] = set()
    for scenarios in sets:
        ids = tuple(s.id for s in scenarios)
        if not ids or ids in seen:
            continue
        seen.add(ids)
        name = letter(len(marks))
        marks.append(Mark(name, f"only-{name}", tuple(scenarios)))
    return Legend(tuple(marks))
