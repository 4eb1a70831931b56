"""``rollups import``: turn a hand-written service-updates page into a catalog, and say what was wrong in it.

The pipeline: parse the page (:mod:`.markdown_doc`) -> read what it states
(:mod:`.legacy_page`, :mod:`.legacy_policy`; each version column a component,
:mod:`.column_ids`) -> decide what to trust (:mod:`.rollup_trust`) and which
column is the agent's (:mod:`.agent_column`) -> write the catalog with a comment at each doubtful
value (:mod:`.catalog_writer`) -> run the validator on the result and report
its findings at the page's lines.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ...catalog.characters import shown
from ...catalog.diagnostics import Diagnostic, Position, Report
from ...catalog.model import Catalog
from ...catalog.validate import read_catalog
from ...catalog.yamlsource import Source
from ..reading.markdown_doc import parse, read_page
from ..reading.prose import sentences
from ..reading.wording import QUOTES
from .agent_column import TrackChoice, choose_track
from .catalog_writer import Draft, Node, Omitted, Where, write
from .kb_links import choose_kb_links
from .legacy_cells import COMPONENTS, MENTIONS, contains_words, normalize, without_breaks
from .legacy_page import LegacyPage, ScenarioText, read_legacy_page
from .legacy_policy import Figure, PolicyReading, quoted, read_policy
from .names import shortened
from .rollup_trust import (
    Context,
    Merged,
    check_order,
    check_repeated_builds,
    merge,
    read_values,
    write_rollups,
)

DEFAULT_GAP = 4


@dataclass
class ImportResult:
    """The catalog's YAML text (``None`` when nothing could be imported) and every finding."""

    text: str | None
    report: Report
    """Everything: the page's defects and the validator's findings on the catalog."""
    catalog: Catalog | None = None
    """The catalog as the validator read it, when it has no error."""
    catalog_errors: int = 0
    rollups: int = 0
    components: int = 0
    scenarios: int = 0


def import_page(path: Path, display: str | None = None, catalog_name: str = "catalog.yaml") -> ImportResult:
    """Import the page at ``path`` (reported as ``display``). Raises ``FileNotFoundError`` when unreadable."""
    report = Report()
    text = read_page(path, display, report)
    if text is None:
        return ImportResult(None, report)
    return import_text(display or str(path), text, catalog_name)


def import_text(path: str, text: str, catalog_name: str = "catalog.yaml") -> ImportResult:
    """Import a page's ``text``, reported as ``path``; the catalog's own lines as ``catalog_name``."""
    report = Report()
    doc = parse(path, text)
    page = read_legacy_page(doc, report)
    if not _has_rollups(page, report):
        return ImportResult(None, report)
    skip = doc.code_lines | doc.table_lines()
    policy = read_policy(list(sentences(path, doc.lines, skip)), page.reboot_rows, report)
    draft = Draft(header=_header(path))
    names = _components(page, draft, report)
    scenario_ids = _scenarios(page, names, draft, report)
    rollups, choice = _trusted_rollups(page, Context(path, names, scenario_ids, None), report)
    ctx = Context(path, names, scenario_ids, choice.track)
    draft.root["product"] = _product(page, ctx, draft, report)
    draft.root["policy"] = _policy(policy, choice, draft)
    draft.root["components"] = [{"id": cid, "name": name} for cid, name in names.items()]
    write_rollups(rollups, choose_kb_links({r.number: r.entries for r in rollups}, report), draft)
    draft.root["scenarios"] = draft.root.pop("scenarios", [])
    result = ImportResult(
        "", report, rollups=len(rollups), components=len(names), scenarios=len(scenario_ids)
    )
    _write_and_validate(draft, catalog_name, result)
    return result


def _has_rollups(page: LegacyPage, report: Report) -> bool:
    if not page.rollups:
        report.error(
            page.doc.position(1),
            "found no rollups in the page: expected a table with a column of rollup links (such as "
            "[Update Rollup 32](https://support.microsoft.com/help/4485985)) and columns of versions, "
            "or a list of such links",
        )
        return False
    if not page.columns:
        report.error(
            page.rollups[0].at,
            "the page names rollups but has no table of component versions; the catalog lists the "
            "rollups, but the support policy needs the tracked component's versions: add them by hand",
        )
    return True


def _trusted_rollups(page: LegacyPage, ctx: Context, report: Report) -> tuple[list[Merged], TrackChoice]:
    """The page's rollups, newest first, with the values that cannot be trusted left out; the agent column."""
    rollups = merge(page.rollups, report)
    for rollup in rollups:
        read_values(rollup, ctx, report)
    check_order(rollups, ctx, report)
    choice = choose_track(page.columns, rollups, report)
    check_repeated_builds(rollups, dataclasses.replace(ctx, track=choice.track), report)
    return rollups, choice


def _header(path: str) -> list[str]:
    """The catalog's opening comment; a line break in the page's name would end the comment there."""
    return [
        f"Imported by `rollups import` from the hand-written page {shown(path)}.",
        "A comment marks each value to check. A value the import could not trust is written commented",
        'out ("# key: value") with the reason above it; the page\'s defects were reported with their lines.',
        "What the page does not say (release dates, descriptions) is left out rather than invented.",
    ]


def _components(page: LegacyPage, draft: Draft, report: Report) -> dict[str, str]:
    names: dict[str, str] = {}
    known = {cid: name for cid, name, _ in COMPONENTS}
    for column in page.columns:
        if column.component in names:
            continue
        index = len(names)
        names[column.component], note = shortened(column.name, "this column's heading", column.at, report)
        if note:
            draft.comment(("components", index, "name"), note)
        draft.origin(("components", index), column.at)
        if column.component not in known:
            draft.comment(
                ("components", index),
                f"A column the import does not know ('{column.name}', page line {column.at.line}): a new "
                "component. Check its id and name, and add a description.",
            )
        elif normalize(column.name) != normalize(known[column.component]):
            draft.comment(
                ("components", index),
                f"The page's '{column.name}' column (page line {column.at.line}), read as the "
                f"{known[column.component]}.",
            )
    return names


def _slug(title: str, taken: set[str]) -> str:
    base = normalize(title).replace(" ", "-")
    if len(base) > 60:
        base = base[:61].rsplit("-", 1)[0]
    base = base or "scenario"
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def _scenarios(page: LegacyPage, names: dict[str, str], draft: Draft, report: Report) -> dict[str, str]:
    ids: dict[str, str] = {}
    items: list[Node] = []
    for scenario in page.scenarios:
        steps = [s for s in scenario.steps if s.text]
        for step in scenario.steps:
            if not step.text:
                report.warning(step.at, "this step is empty; the import leaves it out")
        if not steps:
            continue
        sid = _slug(scenario.title, set(ids))
        title, note = shortened(scenario.title, "this section's heading", scenario.at, report)
        if note:
            draft.comment(("scenarios", len(items), "title"), note)
        ids[sid] = title
        items.append(_scenario(dataclasses.replace(scenario, title=title), sid, len(items), names, draft))
    draft.root["scenarios"] = items
    draft.comment(
        ("scenarios",),
        "Ids are made from the headings and become part of the URLs (scenarios/<id>/): shorten them "
        "now if you like, but never change them once published."
        if items
        else "The page has no headed section with numbered upgrade steps: add each scenario's "
        "procedure by hand.",
    )
    return ids


def _scenario(scenario: ScenarioText, sid: str, index: int, names: dict[str, str], draft: Draft) -> Node:
    where: Where = ("scenarios", index)
    draft.origin(where, scenario.at)
    item: dict[str, Node] = {"id": sid, "title": scenario.title}
    mentioned = [cid for cid in names if _mentions(scenario.words, cid, names[cid])]
    if mentioned:
        item["components"] = list(mentioned)
        draft.comment((*where, "components"), "Inferred from the components the section names; check.")
    if scenario.summary:
        item["summary"] = _plain_markdown(scenario.summary)
    item["steps"] = [_plain_markdown(s.text) for s in scenario.steps if s.text]
    for number, step in enumerate(s for s in scenario.steps if s.text):
        draft.origin((*where, "steps", number), step.at)
    if scenario.notes:
        notes: list[Node] = []
        for number, note in enumerate(scenario.notes):
            notes.append({"kind": note.kind, "text": _plain_markdown(note.text)})
            draft.origin((*where, "notes", number), note.at)
            if note.from_paragraph:
                draft.comment(
                    (*where, "notes", number),
                    f"From the paragraph after the steps (page line {note.at.line}); a number in it that "
                    "follows from the policy should come from the data instead.",
                )
        item["notes"] = notes
    return item


def _plain_markdown(text: str) -> str:
    return without_breaks(text).strip()


def _mentions(words: str, cid: str, name: str) -> bool:
    aliases = (*MENTIONS.get(cid, ()), normalize(name))
    return any(alias and contains_words(words, alias) for alias in aliases)


def _product(page: LegacyPage, ctx: Context, draft: Draft, report: Report) -> Node:
    title, at = page.title if page.title else ("", None)
    guessed = _product_name(title) or "Product name"
    name, note = shortened(guessed, "the product's name guessed from the page's title", at, report)
    draft.origin(("product", "name"), at)
    draft.comment(("product", "name"), f"Guessed from the page's title '{title}'; check.")
    if note:
        draft.comment(("product", "name"), note)
    words = normalize(page.doc.text)
    if contains_words(words, "mobility agent"):
        agent = "Mobility agent"
    elif contains_words(words, "mobility service"):
        agent = "Mobility service"
    else:
        agent = ctx.names.get(ctx.track or "", "agent")
    draft.comment(("product", "agent_name"), "Guessed: the name customers know the tracked component by.")
    return {"name": name, "agent_name": agent}


def _product_name(title: str) -> str:
    """The longest run of capitalised words: "Updates in Azure Site Recovery" -> "Azure Site Recovery"."""
    runs: list[list[str]] = [[]]
    for word in title.split():
        word = re.split(f"[{QUOTES}]", word)[0].strip(",.:;|()")
        if word[:1].isupper() or (runs[-1] and word[:1].isdigit()):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    best = max(runs, key=len)
    return " ".join(best) if best else title.strip()


def _policy(reading: PolicyReading, choice: TrackChoice, draft: Draft) -> Node:
    policy: dict[str, Node] = {"track": _track(choice, draft)}
    figures: list[tuple[str, Figure | None, str]] = [
        ("support_window", reading.support_window, "how many versions below N are supported"),
        ("max_upgrade_gap", reading.max_upgrade_gap, "how far one upgrade may go"),
        ("reboot_gap", reading.reboot_gap, "when a reboot is mandatory"),
    ]
    for key, figure, what in figures:
        policy[key] = figure.value if figure else DEFAULT_GAP
        if figure is not None:
            draft.origin(("policy", key), figure.at)
            draft.comment(("policy", key), f"From {quoted(figure.quote)} (page line {figure.at.line}).")
        else:
            draft.comment(("policy", key), f"The page does not say {what}: the default. Check it.")
    inclusive = reading.inclusive if reading.inclusive is not None else True
    policy["window_includes_boundary"] = inclusive
    if reading.inclusive_at is not None:
        draft.origin(("policy", "window_includes_boundary"), reading.inclusive_at.at)
    for comment in reading.comments.get("window_includes_boundary", []) or (
        [f"From {quoted(reading.inclusive_at.quote)} (page line {reading.inclusive_at.at.line})."]
        if reading.inclusive_at
        else [
            f"The page does not say whether N-{policy['support_window']} itself is supported: the default "
            "(it is). Check it."
        ]
    ):
        draft.comment(("policy", "window_includes_boundary"), comment)
    return policy


def _track(choice: TrackChoice, draft: Draft) -> Node:
    """``policy.track``: the agent's column; commented out when no column is; the default without columns."""
    column = choice.column
    if column is None:
        return "unified_setup"
    draft.origin(("policy", "track"), column.at)
    if choice.track is None:
        draft.comment(
            ("policy", "track"),
            f"No column of the page looks like the agent's build line (page line {column.at.line}): set "
            "this to the component whose major.minor is the agent version.",
        )
        return Omitted(column.component)
    draft.comment(
        ("policy", "track"),
        f"The agent version is major.minor of this component, the page's '{column.name}' column"
        f"{choice.reason}.",
    )
    return choice.track


def _write_and_validate(draft: Draft, catalog_name: str, result: ImportResult) -> None:
    written = write(draft)
    result.text = written.text
    located = read_catalog(Source(catalog_name, written.text))
    result.catalog = located.catalog
    result.catalog_errors = len(located.report.errors)
    for diagnostic in located.report.diagnostics:
        where = written.lines.get(diagnostic.position.line)
        page_at = draft.page_position(where) if where is not None else None
        if page_at is None:
            result.report.extend([diagnostic])
            continue
        message = f"{diagnostic.message} (imported catalog, line {diagnostic.position.line})"
        result.report.extend(
            [Diagnostic(Position(page_at.path, page_at.line, page_at.col), diagnostic.severity, message)]
        )
