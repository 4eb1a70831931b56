"""The upgrade planner page: ``planner/`` and the script and stylesheet it loads.

The page's Markdown comes from ``templates/planner.md.j2``: a form (hidden
until the script runs) and a table with the path of every documented version,
so the page answers without JavaScript too. The script,
``templates/assets/planner.js``, fetches ``api/v1/policy.json`` by a URL
relative to the page, so it works in every snapshot folder (``/ur-28/planner/``
as well as ``/latest/planner/``), and computes paths with a port of
:func:`~.policy.plan_upgrade`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .api import API_ROOT
from .catalog import AgentVersion
from .policy import NoPath, Snapshot, plan_upgrade, upgrade_versions
from .templating import TEMPLATES, render

PLANNER_PAGE = "planner/index.md"
"""Docs-relative source of the page; its URL is ``planner/`` in every URL style."""

SCRIPT = "assets/rollups/planner.js"
STYLESHEET = "assets/rollups/planner.css"
_ASSETS = {SCRIPT: TEMPLATES / "assets" / "planner.js", STYLESHEET: TEMPLATES / "assets" / "planner.css"}


@dataclass(frozen=True)
class Row:
    """One documented version in the page's table."""

    version: str
    page: str
    status: str
    answer: str


def upgrade_page(version: AgentVersion) -> str:
    """The docs-relative source of the upgrade page of ``version``."""
    return f"upgrade/{version}.md"


def planner_pages(snap: Snapshot) -> dict[str, str]:
    """Docs-relative path -> Markdown of the planner page."""
    return {PLANNER_PAGE: planner_markdown(snap)}


def planner_static() -> dict[str, bytes]:
    """Site-relative path -> bytes of the planner's script and stylesheet."""
    return {path: source.read_bytes() for path, source in _ASSETS.items()}


def planner_markdown(snap: Snapshot) -> str:
    """The Markdown of the planner page as of ``snap``."""
    here = PurePosixPath(PLANNER_PAGE).parent
    back = "../" * len(here.parts)
    oldest = snap.oldest_supported
    example = oldest.plus(-1) if oldest.minor > 0 else snap.latest
    return render(
        "planner.md.j2",
        agent_name=snap.catalog.product.agent_name,
        as_of=snap.as_of.title,
        max_upgrade_gap=snap.policy.max_upgrade_gap,
        reboot_gap=snap.policy.reboot_gap,
        latest=str(snap.latest),
        released=[str(v) for v in snap.released if v.major == snap.latest.major],
        example=str(example),
        rows=[_row(snap, version, back) for version in upgrade_versions(snap)],
        policy_url=f"{back}{API_ROOT}/policy.json",
        script_url=f"{back}{SCRIPT}",
        stylesheet_url=f"{back}{STYLESHEET}",
    )


def _row(snap: Snapshot, version: AgentVersion, back: str) -> Row:
    result = plan_upgrade(snap, version)
    if isinstance(result, NoPath):
        answer = f"No path: {result.reason}."
    elif not result.hops:
        answer = "Latest version: nothing to do."
    else:
        answer = f"`{result.as_text()}`"
    since = snap.out_of_support_since(version)
    status = "Supported" if since is None else f"Out of support since {since.title}"
    return Row(str(version), back + upgrade_page(version), status, answer)
