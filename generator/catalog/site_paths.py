"""Where the pages named by catalog ids live, and the names a snapshot keeps for itself there.

A scenario's page is ``scenarios/<id>.md``, beside the page that lists every
scenario, ``scenarios/index.md``: a scenario whose id is ``index`` would take
that page's place. The validator refuses such an id at its line
(:func:`reserved_scenario_id`), reading the reserved names off the same
constants the page builders use; the build also refuses any two outputs that
claim one path (:mod:`.path_claims`), whatever the cause.

Scenario ids also name anchors: where the scenarios' answers differ, a page
gives a scenario ``#scenario-<id>`` and the parts of a group's section
``#<id>-path``, ``#<id>-step-1``, ``#<id>-from-9-55-to-9-63``...: an id
``scenario-x`` beside an id ``x-path`` would give two elements one anchor
(:func:`anchor_clash`).

Only scenario ids name pages: component ids are keys and anchors, rollup pages
are named by number (``rollups/32.md``) and upgrade pages by version
(``upgrade/9.16.md``), which no fixed name can be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

SCENARIOS_FOLDER = "scenarios"
SCENARIOS_INDEX = f"{SCENARIOS_FOLDER}/index.md"

FIXED_SCENARIO_FOLDER_PAGES: Mapping[str, str] = {SCENARIOS_INDEX: "the list of every scenario"}
"""The pages of the scenarios folder that are no scenario's, and what each one is."""

WINDOWS_DEVICE_NAMES = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{digit}" for digit in range(10)),
        *(f"lpt{digit}" for digit in range(10)),
    }
)
"""Names Windows keeps for devices in every folder, whatever the extension: no file or folder has one."""


def scenario_page_path(scenario_id: str) -> str:
    """``scenarios/<id>.md``: the docs-relative page of one scenario."""
    return f"{SCENARIOS_FOLDER}/{scenario_id}.md"


RESERVED_SCENARIO_IDS: Mapping[str, str] = {
    PurePosixPath(path).stem: path for path in FIXED_SCENARIO_FOLDER_PAGES
}
"""Scenario ids that would name a page the folder already has (``index``), and that page."""


def reserved_scenario_id(scenario_id: str) -> str | None:
    """Why ``scenario_id`` cannot name a scenario's page, or ``None`` when it can."""
    if scenario_id in RESERVED_SCENARIO_IDS:
        page = RESERVED_SCENARIO_IDS[scenario_id]
        return (
            f"{page} is {FIXED_SCENARIO_FOLDER_PAGES[page]}, and a scenario with this id would take its place"
        )
    if scenario_id in WINDOWS_DEVICE_NAMES:
        return (
            "it is a device name on Windows, where no file or folder can have that name "
            f"(the page would be {scenario_page_path(scenario_id)})"
        )
    return None


SCENARIO_ANCHOR_PREFIX = "scenario-"
"""The anchor of a scenario on a page that answers per group of scenarios: ``#scenario-<id>``."""


def anchor_clash(scenario_id: str, others: Sequence[str]) -> str | None:
    """Why ``scenario_id`` cannot stand beside the scenario ids ``others``, or ``None`` when it can.

    The parts of a section of scenario ``scenario-x`` are anchored ``#scenario-x-<part>``
    (``#scenario-x-path``), which is the anchor of a scenario ``x-<part>`` (``x-path``): a link to
    one would open the other.
    """
    if not scenario_id.startswith(SCENARIO_ANCHOR_PREFIX):
        return None
    stem = scenario_id.removeprefix(SCENARIO_ANCHOR_PREFIX) + "-"
    clash = next((other for other in others if other.startswith(stem)), None)
    if clash is None:
        return None
    return (
        f"the parts of its sections on the pages are anchored #{scenario_id}-..., and "
        f"#{SCENARIO_ANCHOR_PREFIX}{clash} is the anchor of scenario '{clash}'"
    )
