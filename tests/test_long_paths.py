"""Long upgrade paths shown in part: following the pages' continuations gives the policy's whole path.

An upgrade page shows at most ``shown_hops`` hops of a path, then links to
the row of the "last reboot" table, on the page of the version those hops
reach, that answers for the reboot state there. Following these links from
every version, every row and every scenario must give exactly the canonical
path and reboots of :func:`~generator.policy.rules.plan_upgrade`: a wrong
continuation is a wrong upgrade path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import write_catalog
from generator.catalog.model import (
    AgentVersion,
    Catalog,
)
from generator.catalog.validate import load_or_raise
from generator.pages.answers import Plan, VersionPages, upgrade_page_path
from generator.pages.layout import site_model
from generator.pages.line_answers import SHOWN_HOPS, line_answers
from generator.pages.links import LinkStyle
from generator.pages.models import Onward, SiteModel, UpgradePage, UpgradeSection
from generator.pages.render import Renderer
from generator.policy.rules import (
    NoPath,
    PathHead,
    Snapshot,
    UpgradePath,
    last_reboot_row,
    lines,
    matrix_rows,
    plan_head,
    plan_upgrade,
    snapshot,
    snapshots,
)
from generator.site.files import site_files
from tests.conftest import ROOT, Golden
from tests.test_policy_properties import line_catalogs, questions

# --- The policy: the head of a path and the rest ------------------------------------------


@settings(max_examples=300, deadline=None)
@given(questions(), st.integers(1, 4))
def test_head_is_the_start_of_the_path_and_the_rest_its_own_path(
    question: tuple[Catalog, AgentVersion, AgentVersion, AgentVersion], limit: int
) -> None:
    catalog, start, reboot, target = question
    snap = snapshot(catalog)
    whole = plan_upgrade(snap, start, target, reboot)
    head = plan_head(snap, start, target, reboot, limit=limit)
    if isinstance(whole, NoPath):
        assert isinstance(head, NoPath)
        assert head.reason == whole.reason
        return
    assert isinstance(head, PathHead)
    assert head.hops == whole.hops[:limit]
    assert head.total_hops == len(whole.hops)
    assert head.total_reboots == len(whole.reboots_before)
    assert head.complete == (len(whole.hops) <= limit)
    rest = plan_upgrade(snap, head.resume_at, target, head.resume_last_reboot)
    assert isinstance(rest, UpgradePath)
    assert head.hops + rest.hops == whole.hops


def test_head_refuses_a_limit_below_one(shipped: Catalog) -> None:
    with pytest.raises(ValueError, match="limit must be at least 1, not 0"):
        plan_head(snapshot(shipped), AgentVersion(9, 50), limit=0)


def test_last_reboot_row() -> None:
    version = AgentVersion(9, 20)
    assert last_reboot_row(version, AgentVersion(9, 20), 4) == AgentVersion(9, 20)
    assert last_reboot_row(version, AgentVersion(9, 17), 4) == AgentVersion(9, 17)
    # 4 or more below: the lowest row, "9.16 or earlier", and so for another major version.
    assert last_reboot_row(version, AgentVersion(9, 16), 4) == AgentVersion(9, 16)
    assert last_reboot_row(version, AgentVersion(9, 3), 4) == AgentVersion(9, 16)
    assert last_reboot_row(version, AgentVersion(8, 30), 4) == AgentVersion(9, 16)
    # Less than reboot_gap above .0: no row answers for a reboot on another major version.
    assert last_reboot_row(AgentVersion(9, 2), AgentVersion(8, 30), 4) is None
    assert last_reboot_row(AgentVersion(9, 2), AgentVersion(9, 0), 4) == AgentVersion(9, 0)


# --- The pages: following the continuations ------------------------------------------------


@dataclass(frozen=True)
class Followed:
    """A path read off the pages: the hops, and the pages it was read from."""

    hops: list[tuple[AgentVersion, bool]]
    pages: list[str]
    first: Plan


def _section(page: UpgradePage, scenario: str) -> UpgradeSection:
    """The section of ``page`` that answers ``scenario`` (the only one, where there is one)."""
    if len(page.sections) == 1 and not page.sections[0].scenarios:
        return page.sections[0]
    found = [s for s in page.sections if any(ref.id == scenario for ref in s.scenarios)]
    assert len(found) == 1, f"{page.path}: {scenario} is in {len(found)} sections"
    return found[0]


def _row(section: UpgradeSection, version: str, last_reboot: str) -> tuple[Plan, tuple[Onward, ...]]:
    """The plan a row of the "last reboot" table gives (``version`` itself: the path above it)."""
    if last_reboot == version:
        return section.plan, section.onward_for(version)
    found = [a for a in section.alternatives if a.last_reboot == last_reboot]
    assert len(found) == 1, f"no row for a last reboot on {last_reboot}"
    return found[0].plan, section.onward_for(last_reboot)


def _landing(pages: dict[str, UpgradePage], link: Onward, scenario: str) -> tuple[UpgradePage, str]:
    """The page a continuation link leads to, and the last reboot of the row its anchor names."""
    page = pages[link.path]
    section = _section(page, scenario)
    match = re.fullmatch(re.escape(section.prefix) + r"last-reboot-(\d+)-(\d+)", link.anchor)
    assert match, f"{link.anchor} is no row of the section of {scenario} on {page.path}"
    return page, f"{match[1]}.{match[2]}"


def follow(pages: dict[str, UpgradePage], version: str, last_reboot: str, scenario: str) -> Followed:
    """The path from ``version`` last rebooted on ``last_reboot`` for ``scenario``, read page after page."""
    page = pages[upgrade_page_path(version)]
    plan, links = _row(_section(page, scenario), version, last_reboot)
    first = plan
    hops: list[tuple[AgentVersion, bool]] = []
    visited = [page.path]
    while True:
        hops += [(AgentVersion.parse(h.target), h.reboot_before) for h in plan.hops]
        if plan.more is None:
            assert not links, "a whole path links nowhere"
            return Followed(hops, visited, first)
        assert plan.more.version == (plan.hops[-1].target if plan.hops else version)
        mine = [link for link in links if not link.scenarios or any(s.id == scenario for s in link.scenarios)]
        assert len(mine) == 1, f"{len(mine)} continuations for {scenario}"
        page, row = _landing(pages, mine[0], scenario)
        assert page.version == plan.more.version, "the link lands on the version the shown hops reach"
        assert len(visited) < 10_000, "the continuations go round in a circle"
        visited.append(page.path)
        plan, links = _row(_section(page, scenario), page.version, row)


def _line_snapshots(snap: Snapshot) -> dict[str, Snapshot]:
    """Scenario id -> the snapshot of its release line, for the scenarios with a release."""
    return {sid: group.snap for group in lines(snap) if group.snap is not None for sid in group.scenarios}


def check_every_continuation(catalog: Catalog, shown_hops: int, as_of: int | None = None) -> int:
    """Follow every path of every upgrade page for every scenario; return how many were followed."""
    snap = snapshot(catalog, as_of)
    model = site_model(snap, shown_hops)
    pages = {p.path: p for p in model.pages if isinstance(p, UpgradePage)}
    followed = 0
    for sid, line in _line_snapshots(snap).items():
        for page in pages.values():
            section = _section(page, sid)
            if not section.plan.found:
                continue
            version = AgentVersion.parse(page.version)
            for last_reboot in [page.version, *(a.last_reboot for a in section.alternatives)]:
                reboot = AgentVersion.parse(last_reboot)
                whole = plan_upgrade(line, version, None, reboot)
                assert isinstance(whole, UpgradePath), (page.version, last_reboot, sid)
                read = follow(pages, page.version, last_reboot, sid)
                where = f"{sid}: from {page.version} last rebooted on {last_reboot}, via {read.pages}"
                assert read.hops == [(h.target, h.reboot_before) for h in whole.hops], where
                assert read.first.total_hops == len(whole.hops), where
                assert read.first.total_reboots == len(whole.reboots_before), where
                assert len(read.first.hops) <= shown_hops
                assert len(read.pages) == max(1, -(-len(whole.hops) // shown_hops)), where
                followed += 1
    return followed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_catalogs(max_rollups=29).map(lambda drawn: drawn[0]), st.integers(1, 4))
def test_following_the_continuations_gives_the_whole_path(catalog: Catalog, shown_hops: int) -> None:
    """Every version, every last reboot, every scenario's line (test_policy_properties' catalogs, with
    releases for some scenarios only and withdrawn ones, long enough for paths of many hops): the pages
    read in turn give the canonical path and its reboots, in as many pages as the path needs."""
    check_every_continuation(catalog, shown_hops)


@pytest.mark.parametrize("shown_hops", [1, 3])
def test_continuations_on_the_shipped_history(shipped: Catalog, shown_hops: int) -> None:
    """The real history, whose scenarios' lines differ (a page's sections split the scenarios of the page
    that links to it): followed for every scenario."""
    assert check_every_continuation(shipped, shown_hops) > 0


def test_continuations_on_a_synthetic_catalog(tmp_path: Path) -> None:
    """The bench's synthetic catalog, at the shown hops the site uses: paths of up to 57 hops."""
    catalog = load_or_raise(write_catalog(300, tmp_path / "rollups.yaml"))
    assert check_every_continuation(catalog, SHOWN_HOPS) > 1_000


# --- The rendered pages: the links are where the models say ---------------------------------


def _ids(markdown: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', markdown)) | set(re.findall(r"\{#([^}\s]+)\}", markdown))


def check_rendered_continuations(model: SiteModel) -> int:
    """Every continuation link is in its page's Markdown, and its anchor is on the page it leads to."""
    renderer = Renderer(model, LinkStyle.MARKDOWN)
    pages = [p for p in model.pages if isinstance(p, UpgradePage)]
    rendered = {p.path: renderer.page(p) for p in pages}
    checked = 0
    for page in pages:
        for section in page.sections:
            for _, links in section.onward:
                for link in links:
                    href = f'href="{Path(link.path).name}#{link.anchor}"'
                    assert href in rendered[page.path], (page.path, href)
                    assert link.anchor in _ids(rendered[link.path]), (page.path, link)
                    checked += 1
    return checked


def test_rendered_continuations_lead_to_their_rows(shipped: Catalog, tmp_path: Path) -> None:
    assert check_rendered_continuations(site_model(snapshot(shipped), 2)) > 0
    synthetic = load_or_raise(write_catalog(120, tmp_path / "rollups.yaml"))
    assert check_rendered_continuations(site_model(snapshot(synthetic))) > 0


# --- The real history: nothing changes for the versions readers are on ------------------------

HISTORY_GOLDENS = Path(__file__).parent / "golden" / "history"


def test_every_documented_path_of_the_shipped_history_is_shown_whole(shipped: Catalog) -> None:
    """In every snapshot of the real history, the paths of the supported versions and of the reboot
    matrix's rows (every last reboot of theirs) take at most :data:`SHOWN_HOPS` upgrades: their pages
    show them whole, as before paths were shown in part."""
    longest = 0
    for snap in snapshots(shipped):
        for line in _line_snapshots(snap).values():
            rows = matrix_rows(line)
            for version in sorted({*rows, *line.supported_released}):
                for back in range(line.policy.reboot_gap + 1):
                    reboot = AgentVersion(version.major, max(0, version.minor - back))
                    head = plan_head(line, version, None, reboot, limit=SHOWN_HOPS)
                    assert isinstance(head, PathHead) and head.complete, (snap.as_of.number, version, reboot)
                    longest = max(longest, head.total_hops)
    assert 0 < longest <= SHOWN_HOPS


@pytest.mark.parametrize("as_of", [76, 71, 40])
def test_shipped_history_pages_of_documented_versions_are_unchanged(
    shipped: Catalog, as_of: int, golden: Golden
) -> None:
    """The upgrade pages of every reboot-matrix row (the supported versions among them) as main rendered
    them before paths were shown in part, byte for byte (the goldens were written by that code; since
    then, only each path's arrows have gained a span that keeps them on one line)."""
    pages = site_files(shipped, as_of, ROOT / "content").pages
    expected = sorted((HISTORY_GOLDENS / f"ur-{as_of}" / "upgrade").glob("*.md"))
    assert len(expected) >= 9
    for path in expected:
        golden(path, pages[f"upgrade/{path.name}"])


def test_a_path_is_shown_whole_where_no_page_would_go_on(shipped: Catalog) -> None:
    """Where the version a path reaches after the shown hops has no upgrade page, nothing could answer for
    the rest: the page shows the whole path rather than a link to nowhere."""
    snap = snapshot(shipped)
    start = AgentVersion(9, 14)
    whole = plan_upgrade(snap, start)
    assert isinstance(whole, UpgradePath) and len(whole.hops) > 2
    alone = line_answers(snap, VersionPages((start,)), (), 2).versions[start]
    assert alone.plan.more is None
    assert [h.target for h in alone.plan.hops] == [str(h.target) for h in whole.hops]
    paged = line_answers(snap, VersionPages((start, whole.hops[1].target)), (), 2).versions[start]
    assert paged.plan.more is not None and paged.plan.more.version == str(whole.hops[1].target)
    assert len(paged.plan.hops) == 2
