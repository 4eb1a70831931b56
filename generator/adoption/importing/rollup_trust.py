"""Decide which of a page's rollup values to trust, and write the rollups into the draft catalog.

A page is often provably wrong (a version that goes down, a malformed
number), but which of two conflicting values is the wrong one is rarely
provable. The rules, each reported at the page's line:

* a malformed version: kept with its stray spaces removed when that makes a
  version, left out otherwise;
* a cell with two versions: per scenario when its labels name the page's
  scenarios, left out otherwise;
* versions that go down: the longest run of rollups whose versions never go
  down is kept (on a tie, the newer rollups' values); the others are left out.

KB links are decided in :mod:`.kb_links`. A value left out is written as a
commented-out line, with the reason above it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...catalog.diagnostics import Position, Report
from ...catalog.model import Version
from .catalog_writer import Draft, Node, Omitted, Where
from .kb_links import KbChoice
from .legacy_cells import VersionText, contains_words, leftover, normalize
from .legacy_tables import RollupEntry, VersionCell


@dataclass
class Value:
    """What the catalog will say for one component of one rollup."""

    node: Node
    at: Position
    comments: list[str] = field(default_factory=list)
    versions: dict[str | None, Version] = field(default_factory=dict)
    """Scenario (``None``: every scenario) -> version, for the order checks."""


@dataclass
class Merged:
    """One rollup number and every place of the page that states it."""

    number: int
    entries: list[RollupEntry]
    values: dict[str, Value] = field(default_factory=dict)

    @property
    def at(self) -> Position:
        """Where the rollup is first named (its table row, else its list item)."""
        return self.entries[0].at


@dataclass(frozen=True)
class Context:
    """What the trust decisions need to know about the page."""

    path: str
    names: Mapping[str, str]
    """Component id -> the name to show in messages."""
    scenarios: Mapping[str, str]
    """Scenario id -> title, to resolve a label such as "(VMware)"."""
    track: str | None


def merge(entries: list[RollupEntry], report: Report) -> list[Merged]:
    """One record per rollup number, newest first, warning where a table lists one twice."""
    groups: dict[int, Merged] = {}
    for entry in entries:
        group = groups.get(entry.number)
        if group is None:
            groups[entry.number] = Merged(entry.number, [entry])
            continue
        if entry.cells and any(e.cells for e in group.entries):
            first = next(e for e in group.entries if e.cells)
            report.warning(
                entry.at,
                f"rollup {entry.number} is listed again (first at line {first.at.line}); "
                "the import merges both",
            )
        group.entries.append(entry)
    for group in groups.values():
        group.entries.sort(key=lambda e: (not e.cells, e.at))
    return [groups[n] for n in sorted(groups, reverse=True)]


# --- versions ----------------------------------------------------------------


def read_values(rollup: Merged, ctx: Context, report: Report) -> None:
    """Fill ``rollup.values`` from its cells, reporting malformed, empty and ambiguous cells."""
    for entry in rollup.entries:
        for cell in entry.cells:
            value = _cell_value(rollup.number, cell, ctx, report)
            if value is None:
                continue
            existing = rollup.values.get(cell.component)
            if existing is not None and existing.node != value.node:
                report.error(
                    value.at,
                    f"rollup {rollup.number} gives {ctx.names[cell.component]} as "
                    f"{_show(value.node)} here and {_show(existing.node)} at line {existing.at.line}; "
                    "the import leaves it out",
                )
                existing.node = Omitted(cell.cell.text)
                existing.comments.append(
                    "The page gives two different values "
                    f"(page lines {existing.at.line} and {value.at.line})."
                )
                existing.versions.clear()
            elif existing is None:
                rollup.values[cell.component] = value


def _show(node: Node) -> str:
    if isinstance(node, Omitted):
        return f"'{node.text}'"
    return "NA" if node is None else str(node)


def _cell_value(number: int, cell: VersionCell, ctx: Context, report: Report) -> Value | None:
    name = ctx.names[cell.component]
    at = cell.at(ctx.path)
    if not cell.values:
        if cell.na:
            return Value(None, at)
        if not cell.cell.text:
            report.warning(
                at,
                f"the {name} cell of rollup {number} is empty; the import leaves it unknown "
                "(write NA if the rollup did not ship it)",
            )
            return Value(
                Omitted("(empty on the page)"),
                at,
                [f"Unknown: the page leaves it empty (page line {at.line})."],
            )
        report.warning(at, f"'{cell.cell.text}' is not a version; rollup {number}'s {name} is left out")
        return Value(
            Omitted(cell.cell.text), at, [f"The page says '{cell.cell.text}' (page line {at.line})."]
        )
    stray = re.search(r"\d,\d", cell.cell.text) or re.search(r"\d", leftover(cell.cell))
    if stray:
        report.error(
            at,
            f"malformed version '{cell.cell.text}' for {name} in rollup {number}: expected numbers separated "
            "by dots, such as 9.21.5091.1; the import leaves it out",
        )
        comment = f"The page says '{cell.cell.text}', which is not a version (page line {at.line})."
        return Value(Omitted(cell.cell.text), at, [comment])
    parsed = [_version(number, name, cell, v, ctx, report) for v in cell.values]
    if any(p is None for p in parsed):
        text = cell.cell.text
        return Value(
            Omitted(text), at, [f"The page says '{text}', which is not a version (page line {at.line})."]
        )
    found = [p for p in parsed if p is not None]
    comments = [c for _, c in found if c]
    versions = [v for v, _ in found]
    labels = [v.label for v in cell.values]
    if len({v.text for v in versions}) == 1 and not any(labels):
        return Value(versions[0].text, at, comments, {None: versions[0]})
    return _per_scenario(number, name, cell, versions, labels, comments, ctx, report)


def _version(
    number: int, name: str, cell: VersionCell, value: VersionText, ctx: Context, report: Report
) -> tuple[Version, str] | None:
    at = cell.at(ctx.path, value)
    version = value.version
    if version is not None and value.text == value.compact:
        return version, ""
    if version is not None:
        report.error(
            at,
            f"malformed version '{value.text}' for {name} in rollup {number} (it contains a space): "
            f"expected numbers separated by dots; the import reads it as {version}",
        )
        return version, f"The page says '{value.text}', with a stray space (page line {at.line})."
    report.error(
        at,
        f"malformed version '{value.text}' for {name} in rollup {number}: expected two to four numbers "
        "separated by dots, such as 9.21.5091.1; the import leaves it out",
    )
    return None


def _per_scenario(
    number: int,
    name: str,
    cell: VersionCell,
    versions: list[Version],
    labels: list[str | None],
    comments: list[str],
    ctx: Context,
    report: Report,
) -> Value:
    at = cell.at(ctx.path)
    scenarios = [_scenario_for(label, ctx) for label in labels]
    resolved = [s for s in scenarios if s is not None]
    if len(resolved) == len(labels) and len(set(resolved)) == len(resolved):
        mapping: dict[str, Node] = {s: v.text for s, v in zip(resolved, versions, strict=True)}
        shown = ", ".join(f"'{label}' as scenario {s}" for label, s in zip(labels, resolved, strict=True))
        return Value(
            mapping,
            at,
            [
                *comments,
                f"Per-scenario versions: the page's labels read {shown} (page line {at.line}); check.",
            ],
            dict(zip(resolved, versions, strict=True)),
        )
    listed = " and ".join(
        v.text + (f" ({label})" if label else "") for v, label in zip(versions, labels, strict=True)
    )
    report.warning(
        at,
        f"the {name} cell of rollup {number} holds {len(versions)} versions ({listed}) without saying, in "
        "words the import can match to a scenario, which is for which; the import leaves it out",
    )
    return Value(
        Omitted(cell.cell.text),
        at,
        [*comments, f"The page gives {listed} (page line {at.line}): say which scenario each is for."],
    )


def _scenario_for(label: str | None, ctx: Context) -> str | None:
    if not label:
        return None
    words = normalize(label)
    if label in ctx.scenarios:
        return label
    matches = [
        sid for sid, title in ctx.scenarios.items() if words and contains_words(normalize(title), words)
    ]
    return matches[0] if len(matches) == 1 else None


# --- versions never go down --------------------------------------------------


@dataclass
class _Slot:
    rollup: Merged
    component: str
    scenario: str | None
    version: Version


def check_order(rollups: list[Merged], ctx: Context, report: Report) -> None:
    """Leave out the values that break "versions never go down", per component and scenario."""
    oldest_first = list(reversed(rollups))
    components = sorted({c for r in rollups for c in r.values})
    for component in components:
        slots = [
            _Slot(r, component, s, v)
            for r in oldest_first
            if component in r.values
            for s, v in r.values[component].versions.items()
        ]
        keys = sorted({s.scenario for s in slots}, key=lambda s: s or "")
        dropped: dict[int, tuple[_Slot, _Slot, bool]] = {}
        for key in keys:
            sequence = [s for s in slots if s.scenario in (None, key)]
            kept = _longest_non_decreasing([s.version for s in sequence])
            for index, slot in enumerate(sequence):
                if index not in kept and id(slot) not in dropped:
                    dropped[id(slot)] = (slot, *_conflict(sequence, kept, index))
        for slot, other, newer in dropped.values():
            _drop(slot, other, newer, ctx, report)


def _longest_non_decreasing(values: list[Version]) -> set[int]:
    """Indices of a longest non-decreasing subsequence, preferring later elements on ties."""
    if not values:
        return set()
    length = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] <= values[i] and length[j] + 1 > length[i]:
                length[i] = length[j] + 1
    best = max(length)
    current = max(i for i in range(len(values)) if length[i] == best)
    kept = {current}
    while length[current] > 1:
        current = max(
            j for j in range(current) if length[j] == length[current] - 1 and values[j] <= values[current]
        )
        kept.add(current)
    return kept


def _conflict(sequence: list[_Slot], kept: set[int], index: int) -> tuple[_Slot, bool]:
    """The kept value that ``sequence[index]`` contradicts, and whether it is in a newer rollup."""
    version = sequence[index].version
    for newer in sorted(k for k in kept if k > index):
        if sequence[newer].version < version:
            return sequence[newer], True
    older = max((k for k in kept if k < index and sequence[k].version > version), default=None)
    assert older is not None
    return sequence[older], False


def _drop(slot: _Slot, other: _Slot, newer: bool, ctx: Context, report: Report) -> None:
    value = slot.rollup.values[slot.component]
    name = ctx.names[slot.component] + (f" ({slot.scenario})" if slot.scenario else "")
    other_at = other.rollup.values[other.component].at
    relation = "higher than" if newer else "lower than"
    which = "newer" if newer else "older"
    report.error(
        value.at,
        f"{name} {slot.version} in rollup {slot.rollup.number} is {relation} {other.version} in the {which} "
        f"rollup {other.rollup.number} (line {other_at.line}); versions never go down, so one of the two is "
        f"wrong: the import keeps rollup {other.rollup.number}'s and leaves this one out",
    )
    reason = (
        f"The page says {slot.version}, {relation} the {which} rollup {other.rollup.number}'s "
        f"{other.version} (page line {value.at.line}); versions never go down."
    )
    value.comments.append(reason)
    if slot.scenario is not None and isinstance(value.node, dict):
        value.node[slot.scenario] = Omitted(str(slot.version))
    else:
        value.node = Omitted(str(slot.version))
    value.versions.pop(slot.scenario, None)


def check_repeated_builds(rollups: list[Merged], ctx: Context, report: Report) -> None:
    """Note a tracked build that two rollups both ship: right if the newer did not update it."""
    if ctx.track is None:
        return
    previous: tuple[Merged, Version] | None = None
    for rollup in reversed(rollups):
        value = rollup.values.get(ctx.track)
        version = value.versions.get(None) if value is not None else None
        if value is None or version is None:
            continue
        if previous is not None and previous[1] == version and previous[1].text == version.text:
            older = previous[0]
            older_at = older.values[ctx.track].at
            report.warning(
                value.at,
                f"{ctx.names[ctx.track]} {version} in rollup {rollup.number} is the build rollup "
                f"{older.number} already shipped (line {older_at.line}); right if rollup {rollup.number} "
                "did not update it, otherwise check its KB article",
            )
            value.comments.append(
                f"The same build as rollup {older.number}: check it against the KB article."
            )
        previous = (rollup, version)


# --- into the draft ------------------------------------------------------------


def write_rollups(rollups: list[Merged], kbs: dict[int, KbChoice], draft: Draft) -> None:
    """Add ``rollups`` (newest first) to ``draft`` with their comments and page positions."""
    items: list[Node] = []
    for index, rollup in enumerate(rollups):
        where: Where = ("rollups", index)
        item: dict[str, Node] = {"number": rollup.number}
        draft.origin(where, rollup.at)
        draft.origin((*where, "number"), rollup.at)
        _write_released(rollup, draft, where, item)
        choice = kbs[rollup.number]
        if choice.url is not None or choice.omitted is not None:
            item["kb"] = choice.url if choice.url is not None else Omitted(choice.omitted or "")
            draft.origin((*where, "kb"), choice.at)
            for comment in choice.comments:
                draft.comment((*where, "kb"), comment)
        if rollup.values:
            versions: dict[str, Node] = {}
            for component, value in rollup.values.items():
                versions[component] = value.node
                draft.origin((*where, "versions", component), value.at)
                for comment in value.comments:
                    draft.comment((*where, "versions", component), comment)
            item["versions"] = versions
        notes = [n for e in rollup.entries for n in e.notes]
        if notes:
            item["notes"] = "\n\n".join(notes)
        items.append(item)
    draft.root["rollups"] = items


def _write_released(rollup: Merged, draft: Draft, where: Where, item: dict[str, Node]) -> None:
    released = next((e.released for e in rollup.entries if e.released is not None), None)
    if released is None:
        return
    date, guessed, at, text = released
    item["released"] = str(date)
    draft.origin((*where, "released"), at)
    if guessed:
        draft.comment(
            (*where, "released"), f"Read as month/day/year from '{text}' (page line {at.line}); check."
        )
