"""Page models: which pages exist in each snapshot and what they hold."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.catalog.model import AgentVersion, Catalog, ReleaseDate, Shipment, Version
from generator.catalog.validate import load_or_raise
from generator.outputs.api import api_files
from generator.pages.answers import Install, RollupRow, component_installs, released, scenario_value
from generator.pages.layout import index_reading, site_model
from generator.pages.line_answers import snapshot_answers
from generator.pages.models import (
    RollupPage,
    ScenarioPage,
    SupportedRollupsPage,
    UpgradeIndexPage,
    UpgradePage,
)
from generator.pages.templating import count, date_text
from generator.policy.rules import Snapshot, snapshot, snapshots, upgrade_versions
from generator.site.files import site_files
from tests.conftest import ROOT

V = AgentVersion.parse


def upgrade_pages(catalog: Catalog, as_of: int | None = None) -> dict[str, UpgradePage]:
    model = site_model(snapshot(catalog, as_of))
    return {p.version: p for p in model.pages if isinstance(p, UpgradePage)}


def test_upgrade_pages_cover_the_matrix_rows(seed: Catalog) -> None:
    assert [str(v) for v in upgrade_versions(snapshot(seed))] == [f"9.{m}" for m in range(14, 22)]


@pytest.mark.parametrize("name", ["shipped", "seed", "site_fixture"])
def test_an_upgrade_page_once_published_keeps_existing(name: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(name)
    published: set[str] = set()
    for snap in reversed(snapshots(catalog)):
        pages = {str(v) for v in upgrade_versions(snap)}
        assert published <= pages, f"pages dropped as of rollup {snap.as_of.number}: {published - pages}"
        published = pages


def test_old_versions_say_since_when_and_why_there_is_no_path(site_fixture: Catalog) -> None:
    pages = upgrade_pages(site_fixture)
    assert sorted(pages, key=V) == ["1.5", "1.6", "1.7", "1.8", "1.9", *[f"2.{m}" for m in range(2, 13)]]
    old = pages["2.3"].status
    assert (old.state, old.since and old.since.number, old.since_at_the_latest) == ("unsupported", 4, False)
    first = pages["1.5"].status
    assert (first.since and first.since.number, first.since_at_the_latest) == (2, True)
    assert "different major versions" in pages["1.5"].plan.reason
    assert pages["1.5"].alternatives == ()
    unreleased = pages["2.11"].status
    assert (unreleased.state, unreleased.released) == ("supported", False)
    assert pages["2.11"].shipped_by == ()
    assert [r.number for r in pages["2.9"].shipped_by] == [6, 5]
    assert pages["2.12"].status.state == "latest"
    assert pages["2.12"].plan.hops == ()


def test_alternatives_reach_back_one_reboot_gap(seed: Catalog) -> None:
    page = upgrade_pages(seed)["9.16"]
    assert [(a.last_reboot, a.or_earlier, a.plan.text) for a in page.alternatives] == [
        ("9.15", False, "9.16 -> 9.19 -> reboot -> 9.21"),
        ("9.14", False, "9.16 -> 9.18 -> reboot -> 9.21"),
        ("9.13", False, "9.16 -> reboot -> 9.20 -> reboot -> 9.21"),
        ("9.12", True, "9.16 -> reboot -> 9.20 -> reboot -> 9.21"),
    ]
    assert page.matrix_anchor == "from-9-16"


def test_what_a_rollup_changed(site_fixture: Catalog) -> None:
    model = site_model(snapshot(site_fixture))
    rollups = {p.row.rollup.number: p for p in model.pages if isinstance(p, RollupPage)}
    nine = rollups[9].change
    assert nine.new_latest is not None and nine.new_latest.version == "2.12"
    assert [v.version for v in nine.pushed_out] == ["2.7", "2.8"]
    assert nine.oldest_supported == "2.9"
    assert rollups[7].change.agent.state == "not-shipped"
    assert rollups[1].change.agent.state == "not-recorded"
    assert rollups[2].change.first and rollups[2].change.pushed_out == ()
    assert rollups[6].change.new_latest is None
    assert (rollups[9].newer, rollups[9].older and rollups[9].older.number) == (None, 8)


def test_a_snapshot_never_mentions_a_later_rollup(site_fixture: Catalog) -> None:
    files = site_files(site_fixture, 6)
    later = re.compile(r"Update Rollup [789]\b|rollups/[789]\b")
    assert [path for path, text in files.pages.items() if later.search(text)] == []
    assert "rollups/6.md" in files.pages
    assert "rollups/7.md" not in files.pages


def test_overview_example_is_the_seeds(seed: Catalog) -> None:
    overview = site_model(snapshot(seed)).overview
    assert (overview.example.start, overview.example_reach, overview.example.text) == (
        "9.16",
        "9.20",
        "9.16 -> 9.20 -> reboot -> 9.21",
    )
    assert overview.example_row is not None and overview.example_row.anchor == "from-9-16"


# --- Not recorded is a state of its own -------------------------------------------------


def test_a_rollup_with_no_recorded_agent_version_has_no_status(site_fixture: Catalog) -> None:
    model = site_model(snapshot(site_fixture))
    page = next(p for p in model.pages if isinstance(p, SupportedRollupsPage))
    assert [r.rollup.number for r in page.supported] == [9, 8, 7, 6, 5]
    assert [r.rollup.number for r in page.previous] == [4, 3, 2]
    assert [r.rollup.number for r in page.not_recorded] == [1]
    rollups = {p.row.rollup.number: p for p in model.pages if isinstance(p, RollupPage)}
    assert (rollups[1].row.status, rollups[1].row.supported) == ("not-recorded", False)
    assert rollups[7].row.status == "supported"  # ships no agent (null): placed by the policy
    assert [r.number for r in model.context.supported_rollups] == [9, 8, 7, 6, 5]


@pytest.mark.parametrize("name", ["shipped", "synthetic", "odd_policy", "site_fixture"])
def test_no_snapshot_gives_a_status_to_an_unknown_agent_version(
    name: str, request: pytest.FixtureRequest
) -> None:
    """In every snapshot, pages and API say "not recorded" exactly where the tracked key is absent,
    and agree on every status where the scenarios share one release line (where they do not, a
    page calls a rollup supported when it is for some scenario, and says for which)."""
    catalog: Catalog = request.getfixturevalue(name)
    for snap in snapshots(catalog):
        track = snap.policy.track
        rows = {r.rollup.number: r for r in models_of(snap, RollupPage)}
        document = json.loads(api_files(snap)["api/v1/rollups.json"])
        given = {r["number"]: r for r in document["rollups"]}
        for rollup in snap.rollups:
            unknown = track not in rollup.versions
            where = (snap.as_of.number, rollup.number)
            assert (rows[rollup.number].status == "not-recorded") == unknown, where
            # The API's status is null where it differs between scenarios, and given for each of them.
            status, statuses = given[rollup.number]["status"], given[rollup.number]["statuses"]
            assert all((s["status"] == "not_recorded") == unknown for s in statuses), where
            if status is not None:
                assert status == rows[rollup.number].status.replace("-", "_"), where


def test_the_seeds_oldest_rollups_are_not_recorded_in_every_snapshot(shipped: Catalog) -> None:
    """The seed records no versions for rollups 19 to 26: ur-28 used to call 23, 25 and 26 out of support."""
    files = site_files(shipped, 28)
    supported = files.pages["supported-rollups.md"]
    split = supported.index("## Rollups with no recorded")
    previous, not_recorded = supported[supported.index("## Previous rollups") : split], supported[split:]
    for number in (19, 20, 21, 22, 23, 25, 26):
        assert f'id="ur-{number}"' not in previous and f'id="ur-{number}"' in not_recorded
    rollup_21 = files.pages["rollups/21.md"]
    assert "did not change" not in rollup_21
    assert "whether it changed the latest Mobility agent version (N) or the support window" in rollup_21
    assert "Out of support" not in rollup_21


def models_of(snap: Snapshot, kind: type[RollupPage]) -> list[RollupRow]:
    return [p.row for p in site_model(snap).pages if isinstance(p, kind)]


# --- Components over time ----------------------------------------------------------------


def installs_of(catalog: Catalog, scenario: str, supported: tuple[int, ...]) -> dict[str, Install]:
    """The scenario's components, computed as if ``supported`` were the supported rollups."""
    snap = snapshot(catalog)
    chosen = tuple(r for r in snap.rollups if r.number in supported)
    found = component_installs(catalog, catalog.scenario(scenario), snap.rollups, chosen)
    return {i.component.id: i for i in found}


def described(install: Install) -> tuple[str, str, int | None]:
    return (install.state, install.value.version, install.rollup.number if install.rollup else None)


def test_versions_to_install_come_from_supported_rollups_only(site_fixture: Catalog) -> None:
    model = site_model(snapshot(site_fixture))
    pages = {p.scenario.id: p for p in model.pages if isinstance(p, ScenarioPage)}
    datacenter = pages["datacenter"]
    assert [(i.component.id, i.value.version, i.rollup and i.rollup.number) for i in datacenter.installs] == [
        ("console", "4.2.0.0", 9),
        ("agent", "2.12.300.0", 9),
    ]
    # Rollups 3 and 4 (out of support) shipped the connector; rollup 9 says it ships none.
    [connector] = datacenter.retired
    assert described(connector) == ("no-longer-shipped", "1.2.0.0", 4)
    assert connector.in_supported.state == "not-shipped"
    branch = pages["branch"]
    assert [i.component.id for i in branch.installs] == ["console"]
    assert [(i.component.id, i.value.state) for i in branch.never_shipped] == [("tools", "not-shipped")]


def test_the_supported_rollups_are_an_argument(site_fixture: Catalog) -> None:
    """The newest *version* a supported rollup ships, whichever rollup is newer; the set is the caller's."""
    assert installs_of(site_fixture, "datacenter", (9,))["connector"].state == "no-longer-shipped"
    with_3 = installs_of(site_fixture, "datacenter", (9, 3))["connector"]
    assert described(with_3) == ("current", "1.1.0.0", 3)
    older_in_newer = replace(
        site_fixture,
        rollups=tuple(
            replace(r, versions={**r.versions, "connector": Shipment(Version.parse("1.0.0.0"))})
            if r.number == 9
            else r
            for r in site_fixture.rollups
        ),
    )
    newest = installs_of(older_in_newer, "datacenter", (9, 4, 3))["connector"]
    assert described(newest) == ("current", "1.2.0.0", 4)
    # Supported rollups that do not record the component: "not recorded", not "not shipped".
    silent = installs_of(site_fixture, "datacenter", (8, 6))["connector"]
    assert (silent.state, silent.in_supported.state, silent.rollup and silent.rollup.number) == (
        "no-longer-shipped",
        "not-recorded",
        4,
    )
    never = installs_of(site_fixture, "branch", (8,))["tools"]
    assert (never.state, never.value.state, never.rollup) == ("never-shipped", "not-shipped", None)


def test_a_withdrawn_rollups_build_is_never_the_version_to_install(site_fixture: Catalog) -> None:
    """Rollup 4 shipped the connector's last build: withdrawn, the build to install is rollup 3's."""
    withdrawn = replace(
        site_fixture,
        rollups=tuple(
            replace(r, withdrawn="Taken down.") if r.number == 4 else r for r in site_fixture.rollups
        ),
    )
    assert described(installs_of(withdrawn, "datacenter", (9,))["connector"]) == (
        "no-longer-shipped",
        "1.1.0.0",
        3,
    )
    assert described(installs_of(withdrawn, "datacenter", (9, 4, 3))["connector"]) == (
        "current",
        "1.1.0.0",
        3,
    )
    assert described(installs_of(site_fixture, "datacenter", (9, 4, 3))["connector"]) == (
        "current",
        "1.2.0.0",
        4,
    )


# --- Words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "text", "iso"),
    [
        (ReleaseDate(2018, 7), "July 2018", "2018-07"),
        (ReleaseDate(2019, 1, 8), "8 January 2019", "2019-01-08"),
        (ReleaseDate(2024, 12, 31), "31 December 2024", "2024-12-31"),
    ],
)
def test_a_month_only_date_is_a_date(date: ReleaseDate, text: str, iso: str) -> None:
    shown = released(date)
    assert (date_text(shown), shown.iso, shown.day_known) == (text, iso, date.day is not None)


def test_counts_are_singular_or_plural() -> None:
    assert [count(n, "version") for n in (0, 1, 2, 4)] == [
        "0 versions",
        "1 version",
        "2 versions",
        "4 versions",
    ]


def test_n_minus_stays_on_one_line_and_reads_as_typed(site_fixture: Catalog) -> None:
    """A nowrap span, not U+2011: search and screen readers see an ordinary hyphen."""
    files = site_files(site_fixture, None, ROOT / "content")
    for path, markdown in files.pages.items():
        assert "\u2011" not in markdown, path
        bare = re.sub(r'<span class="rollups-nowrap">N-\d+</span>', "", markdown)
        assert not re.search(r"\bN-\d", bare), f"{path}: an N-k outside its nowrap span"
    assert '<span class="rollups-nowrap">N-4</span>' in files.pages["index.md"]


ARROW = "<span>-></span>"
PATH_CODE = re.compile(r"<code>([^<]*<span>.*?)</code>")


@pytest.mark.parametrize("as_of", [None, 71, 40])
def test_a_paths_arrows_stay_on_one_line_and_it_reads_as_typed(shipped: Catalog, as_of: int | None) -> None:
    """Every arrow of a path is in the span that keeps it on one line (``tests/test_browser_pages.py``
    sees a phone wrap the paths), inside the path's code, and without the tags a path is the text
    ``rollups path`` prints."""
    files = site_files(shipped, as_of, ROOT / "content")
    shown = 0
    for path, markdown in files.pages.items():
        bare = markdown.replace(ARROW, "")
        assert "->" not in bare and "-&gt;" not in bare, f"{path}: an arrow outside its span"
        assert markdown.count(ARROW) == sum(code.count(ARROW) for code in PATH_CODE.findall(markdown)), path
        for code in PATH_CODE.findall(markdown):
            assert re.fullmatch(rf"[^<>&\s]+(?: {ARROW} [^<>&\s]+)+", code), (path, code)
            shown += 1
    assert shown > 50


def test_one_upgrade_is_not_one_step_of_versions_each(site_fixture: Catalog) -> None:
    files = site_files(site_fixture)
    one = files.pages["upgrade/2.10.md"]
    assert "If the machine was last rebooted while on 2.10, one upgrade takes it to 2.12:" in one
    three = files.pages["upgrade/2.4.md"]
    assert "it takes 3 upgrades of at most 4 versions each:" in three
    assert not any(re.search(r"\b1 steps?\b|\b1 versions\b", text) for text in files.pages.values())


def test_reader_pages_never_say_catalog(site_fixture: Catalog, shipped: Catalog) -> None:
    for catalog in (site_fixture, shipped):
        for path, markdown in site_files(catalog, None, ROOT / "content").pages.items():
            assert "catalog" not in markdown.lower(), path


def test_a_scenario_left_out_of_a_per_scenario_mapping_was_not_shipped_it() -> None:
    """DESIGN.md: "a scenario that uses the component and is not in the mapping did not receive that
    release; null says the same explicitly". Only a missing component key is "not recorded"."""
    catalog = load_or_raise(ROOT / "tests" / "data" / "lines-site.yaml")
    agent, provider = catalog.component("mobility_agent"), catalog.component("provider")
    sixty_nine, sixty_six = catalog.rollup(69), catalog.rollup(66)
    assert scenario_value(sixty_nine, agent, "vmware-to-azure").state == "not-shipped"
    assert scenario_value(sixty_nine, agent, "modernized-vmware-to-azure").version == "9.56.6879.1"
    assert scenario_value(sixty_six, provider, "hyper-v-to-azure").state == "not-recorded"


def test_a_scenario_page_speaks_of_one_supported_version_and_rollup_in_the_singular(tmp_path: Path) -> None:
    """tests/data/lines.yaml with a window of 1: as of 8, modern's line supports 9.60 only, from rollup 8."""
    text = (ROOT / "tests" / "data" / "lines.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rollups.yaml"
    path.write_text(
        text.replace("  track: agent\n", "  track: agent\n  support_window: 1\n"), encoding="utf-8"
    )
    pages = site_files(load_or_raise(path), 8).pages
    modern = " ".join(pages["scenarios/modern.md"].split())
    assert 'the supported released version is <a href="../../upgrade/9.60/">9.60</a>, ' in modern
    assert 'shipped by the supported update rollup <a href="../../rollups/8/">Update Rollup 8</a>.' in modern
    classic = " ".join(pages["scenarios/classic.md"].split())
    assert "the supported released versions are " in classic
    assert "shipped by the supported update rollups " in classic


# --- The upgrade index ---------------------------------------------------------------------


def test_an_upgrade_index_row_never_repeats_itself_and_marks_withdrawn_versions(shipped: Catalog) -> None:
    """Lines whose answers differ only in what the index does not show share a row (ur-71's 9.49 had two
    identical ones, lettered c and d); a version that a withdrawn rollup shipped is marked (9.47: 60)."""
    for snap in snapshots(shipped):
        answers = snapshot_answers(snap)
        for page in site_model(snap).pages:
            if not isinstance(page, UpgradeIndexPage):
                continue
            for row in page.rows:
                readings = [index_reading(answer.status, answer.plan) for answer in row.answers]
                assert len(set(readings)) == len(readings), (snap.as_of, row.version.version)
                withdrawals = answers.withdrawals.get(AgentVersion.parse(row.version.version), ())
                withdrawn = {w.rollup.number for w in withdrawals}
                assert {ref.number for ref in row.withdrawn} == withdrawn, (snap.as_of, row.version.version)
    index = site_files(shipped, as_of=71).pages["upgrade/index.md"]
    nine_47 = index[index.index('<tr id="v-9-47">') :].split("</th>")[0]
    assert 'class="rollups-withdrawn" href="../rollups/60/#withdrawn"' in nine_47
    nine_49 = index[index.index('<tr id="v-9-49">') :].split('<tr id="v-9-48">')[0]
    assert nine_49.count("<td><code>") == 2
