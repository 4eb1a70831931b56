"""The upgrade planner: its page model (``planner/``) and the script and stylesheet it loads.

The page (``templates/planner.md``) holds a form, hidden until the script
runs, and links to every version's upgrade page, so that without JavaScript
the per-version pages still answer. The script, ``templates/assets/planner.js``,
fetches ``api/v1/policy.json`` by a URL relative to the page, so it works in
every snapshot folder (``/ur-28/planner/`` as well as ``/latest/planner/``),
and computes paths with a port of :func:`~.policy.plan_upgrade` on the release
line of the reader's scenario (``policy.json``'s ``lines``). Where the lines
of the scenarios that install the agent differ, the form offers the scenario
as a choice; where they are one, it offers none. The state lives in the query
string (``?scenario=vmware-to-azure&from=9.55&reboot=9.51&to=9.59``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..catalog.model import AgentVersion
from ..pages.answers import ScenarioRef, VersionPages, VersionRef, scenario_ref
from ..pages.lists import LIST_ROWS
from ..pages.templating import TEMPLATES_DIR
from ..policy.rules import Snapshot, has_one_line
from .api import POLICY_PATH

PLANNER_PAGE = "planner/index.md"
"""Docs-relative source of the page; its URL is ``planner/`` in every URL layout."""

SCRIPT = "assets/rollups/planner.js"
STYLESHEET = "assets/rollups/planner.css"
_ASSETS = {SCRIPT: "planner.js", STYLESHEET: "planner.css"}


@dataclass(frozen=True)
class PlannerPage:
    template: ClassVar[str] = "planner.md"
    path: str
    title: str
    example: str
    """A version to suggest in the form: the newest one out of support (the usual question)."""
    targets: tuple[VersionRef, ...]
    """The released versions a path can end on, ascending, the newest :data:`~.lists.LIST_ROWS` of them
    (a permalink may name an older one: the script adds it); the last one is N."""
    versions: tuple[VersionRef, ...]
    """The versions with an upgrade page, ascending, the newest :data:`~.lists.LIST_ROWS` of them."""
    scenarios: tuple[ScenarioRef, ...] = ()
    """The scenarios that install the agent, in the catalog's order, offered as a choice where their
    release lines differ; empty where one line holds for every reader."""
    policy: str = POLICY_PATH
    script: str = SCRIPT
    stylesheet: str = STYLESHEET
    older_versions: int = 0
    """How many older versions with an upgrade page ``versions`` leaves to the upgrade index."""


def planner_page(snap: Snapshot, pages: VersionPages) -> PlannerPage:
    """The planner page as of ``snap``; ``pages`` says which versions have an upgrade page."""
    targets = tuple(pages.ref(v) for v in snap.released if v.major == snap.latest.major)[-LIST_ROWS:]
    versions = tuple(pages.ref(v) for v in pages.versions[-LIST_ROWS:])
    catalog = snap.catalog
    choice = () if has_one_line(snap) else catalog.scenarios_using(catalog.policy.track)
    scenarios = tuple(scenario_ref(s) for s in choice)
    older = max(0, len(pages.versions) - LIST_ROWS)
    return PlannerPage(
        PLANNER_PAGE,
        "Upgrade planner",
        str(_example(snap)),
        targets,
        versions,
        scenarios,
        older_versions=older,
    )


def planner_static() -> dict[str, bytes]:
    """Site-relative path -> bytes of the planner's script and stylesheet."""
    return {path: (TEMPLATES_DIR / "assets" / name).read_bytes() for path, name in _ASSETS.items()}


def _example(snap: Snapshot) -> AgentVersion:
    """The newest version out of support, or N when every version from 0 is supported."""
    oldest = snap.oldest_supported
    return oldest.plus(-1) if oldest.minor > 0 else snap.latest
