"""Property tests of the policy against a brute-force oracle that shares none of its code."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.catalog.model import (
    AgentVersion,
    Catalog,
    Component,
    Policy,
    Product,
    Rollup,
    Scenario,
    Shipment,
    Version,
)
from generator.policy.rules import (
    NoPath,
    UpgradePath,
    has_one_line,
    lines,
    matrix_rows,
    plan_upgrade,
    reboot_matrix,
    snapshot,
    support_changes,
    upgrade_versions,
)

MAJOR = 9


def make_catalog(minors: list[int], policy: Policy) -> Catalog:
    """A catalog whose rollups ship agent 9.<minor>, oldest first in ``minors``."""
    rollups = []
    for number, minor in enumerate(minors, start=1):
        version = Version.parse(f"{MAJOR}.{minor}.{1000 + number}.1")
        rollups.append(Rollup(number, {"agent": Shipment(version)}))
    return Catalog(
        Product("Product", "agent"),
        policy,
        (),
        tuple(reversed(rollups)),
        (),
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    steps = draw(st.lists(st.integers(0, 6), min_size=1, max_size=9))
    minors = list(itertools.accumulate(steps, initial=draw(st.integers(0, 5))))
    policy = Policy(
        track="agent",
        support_window=draw(st.integers(1, 6)),
        window_includes_boundary=draw(st.booleans()),
        max_upgrade_gap=draw(st.integers(1, 5)),
        reboot_gap=draw(st.integers(1, 6)),
    )
    return make_catalog(minors, policy)


@st.composite
def questions(draw: st.DrawFn) -> tuple[Catalog, AgentVersion, AgentVersion, AgentVersion]:
    """A catalog, a start, a last reboot at or below it, and a released target."""
    catalog = draw(catalogs())
    released = snapshot(catalog).released
    target = draw(st.sampled_from(released))
    start = AgentVersion(MAJOR, draw(st.integers(max(0, released[0].minor - 8), target.minor)))
    reboot = AgentVersion(MAJOR, draw(st.integers(max(0, start.minor - 8), start.minor)))
    return catalog, start, reboot, target


def oracle(
    policy: Policy,
    released: tuple[AgentVersion, ...],
    start: AgentVersion,
    reboot: AgentVersion,
    target: AgentVersion,
) -> tuple[int, int, list[AgentVersion]] | None:
    """Every increasing hop sequence and every reboot placement: (hops, reboots, hop targets)."""
    between = [v for v in released if start < v < target]
    best: tuple[int, int, list[AgentVersion]] | None = None
    for size in range(len(between) + 1):
        for middle in itertools.combinations(between, size):
            hops = [*middle, target] if start != target else []
            chain = [start, *hops]
            if any(b.minor - a.minor > policy.max_upgrade_gap for a, b in itertools.pairwise(chain)):
                continue
            reboots = _fewest_reboots(policy, chain, reboot)
            if reboots is None:
                continue
            # Fewest hops, then fewest reboots, then the lexicographically largest hops.
            key = (len(hops), reboots, [-v.minor for v in hops])
            if best is None or key < (best[0], best[1], [-v.minor for v in best[2]]):
                best = (len(hops), reboots, hops)
    return best


def _fewest_reboots(policy: Policy, chain: list[AgentVersion], reboot: AgentVersion) -> int | None:
    """Try every subset of "reboot before hop i"; the fewest reboots that satisfy the rule."""
    hops = len(chain) - 1
    fewest: int | None = None
    for mask in range(1 << hops):
        last = reboot
        valid = True
        for i in range(hops):
            rebooted_here = bool(mask >> i & 1)
            if rebooted_here:
                last = chain[i]
            # A reboot right before the hop satisfies the rule, even for a hop wider
            # than the reboot gap (possible when max_upgrade_gap > reboot_gap).
            if chain[i + 1].minor - last.minor > policy.reboot_gap and not rebooted_here:
                valid = False
                break
        if valid:
            count = bin(mask).count("1")
            fewest = count if fewest is None else min(fewest, count)
    return fewest


@settings(max_examples=400, deadline=None)
@given(questions())
def test_path_is_optimal_and_canonical(
    question: tuple[Catalog, AgentVersion, AgentVersion, AgentVersion],
) -> None:
    catalog, start, reboot, target = question
    snap = snapshot(catalog)
    result = plan_upgrade(snap, start, target, reboot)
    expected = oracle(catalog.policy, snap.released, start, reboot, target)
    if expected is None:
        assert isinstance(result, NoPath)
        assert result.reason
        return
    assert isinstance(result, UpgradePath)
    hops, reboots, targets = expected
    assert [h.target for h in result.hops] == targets
    assert len(result.hops) == hops
    assert len(result.reboots_before) == reboots


@settings(max_examples=400, deadline=None)
@given(questions())
def test_every_hop_is_legal_and_no_mandatory_reboot_is_missed(
    question: tuple[Catalog, AgentVersion, AgentVersion, AgentVersion],
) -> None:
    catalog, start, reboot, target = question
    policy = catalog.policy
    snap = snapshot(catalog)
    result = plan_upgrade(snap, start, target, reboot)
    if isinstance(result, NoPath):
        return
    here, last_reboot = start, reboot
    for hop in result.hops:
        assert hop.target in snap.released, "hop targets are released versions"
        assert here < hop.target <= target
        assert hop.target.minor - here.minor <= policy.max_upgrade_gap
        mandatory = hop.target.minor - last_reboot.minor > policy.reboot_gap
        assert hop.reboot_before == mandatory, "a reboot is listed exactly where it is mandatory"
        if hop.reboot_before:
            last_reboot = here
        here = hop.target
    assert here == target


@settings(max_examples=200, deadline=None)
@given(questions())
def test_same_input_same_output(question: tuple[Catalog, AgentVersion, AgentVersion, AgentVersion]) -> None:
    catalog, start, reboot, target = question
    first = plan_upgrade(snapshot(catalog), start, target, reboot)
    again = plan_upgrade(snapshot(replace(catalog)), start, target, reboot)
    assert first == again


@settings(max_examples=200, deadline=None)
@given(catalogs(), st.data())
def test_as_of_never_sees_later_rollups(catalog: Catalog, data: st.DataObject) -> None:
    as_of = data.draw(st.sampled_from([r.number for r in catalog.rollups]))
    snap = snapshot(catalog, as_of)
    assert all(r.number <= as_of for r in snap.rollups)
    truncated = replace(catalog, rollups=tuple(r for r in catalog.rollups if r.number <= as_of))
    alone = snapshot(truncated)
    assert snap.released == alone.released
    assert snap.latest == alone.latest
    start = AgentVersion(MAJOR, max(0, snap.released[0].minor - 2))
    assert plan_upgrade(snap, start) == plan_upgrade(alone, start)
    assert reboot_matrix(snap) == reboot_matrix(alone)


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_support_window(catalog: Catalog) -> None:
    policy = catalog.policy
    snap = snapshot(catalog)
    for minor in range(0, snap.latest.minor + 3):
        version = AgentVersion(MAJOR, minor)
        behind = snap.latest.minor - minor
        within = behind < policy.support_window or (
            behind == policy.support_window and policy.window_includes_boundary
        )
        assert snap.is_supported(version) == (behind >= 0 and within)
    assert all(snap.is_supported(v) for v in snap.supported_released)
    assert snap.latest in snap.supported_released


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_reboot_matrix_cells(catalog: Catalog) -> None:
    policy = catalog.policy
    snap = snapshot(catalog)
    matrix = reboot_matrix(snap)
    assert matrix.targets == snap.supported_released
    assert matrix.rows[0].minor <= max(0, matrix.targets[0].minor - policy.reboot_gap)
    assert matrix.rows[-1] == snap.latest
    for (row, target), cell in matrix.cells.items():
        assert cell.applicable == (target > row)
        if cell.applicable:
            assert cell.mandatory == (target.minor - row.minor > policy.reboot_gap)
            assert cell.path == plan_upgrade(snap, row, target, row)


@settings(max_examples=200, deadline=None)
@given(catalogs(), st.data())
def test_planner_table_grown_in_any_order_gives_the_same_paths(catalog: Catalog, data: st.DataObject) -> None:
    """The planner fills its table lazily, downwards from the target, as far as a start asks:
    asking from high starts first and lower ones later must give what a fresh snapshot gives."""
    snap = snapshot(catalog)
    released = snap.released
    target = data.draw(st.sampled_from(released))
    low = max(0, released[0].minor - 3)
    starts = data.draw(st.lists(st.integers(low, target.minor), min_size=2, max_size=6))
    for minor in starts:
        start = AgentVersion(MAJOR, minor)
        reboot = AgentVersion(MAJOR, data.draw(st.integers(max(0, minor - 8), minor)))
        shared = plan_upgrade(snap, start, target, reboot)
        fresh = plan_upgrade(snapshot(catalog), start, target, reboot)
        assert shared == fresh
        expected = oracle(catalog.policy, released, start, reboot, target)
        if expected is None:
            assert isinstance(shared, NoPath)
        else:
            assert isinstance(shared, UpgradePath)
            assert [h.target for h in shared.hops] == expected[2]
            assert len(shared.reboots_before) == expected[1]


@settings(max_examples=200, deadline=None)
@given(catalogs(), st.data())
def test_upgrade_versions_are_every_matrix_row_so_far(catalog: Catalog, data: st.DataObject) -> None:
    """Every row of the reboot matrix of this snapshot and of every earlier one, and nothing else."""
    as_of = data.draw(st.sampled_from([r.number for r in catalog.rollups]))
    expected: set[AgentVersion] = set()
    for rollup in catalog.rollups:
        if rollup.number <= as_of:
            expected.update(matrix_rows(snapshot(catalog, rollup.number)))
    assert upgrade_versions(snapshot(catalog, as_of)) == tuple(sorted(expected))


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_out_of_support_since_is_the_first_snapshot_that_drops_the_version(catalog: Catalog) -> None:
    snap = snapshot(catalog)
    for minor in range(0, snap.latest.minor + 2):
        version = AgentVersion(MAJOR, minor)
        expected = next(
            (
                rollup
                for rollup in reversed(catalog.rollups)
                if version < snapshot(catalog, rollup.number).oldest_supported
            ),
            None,
        )
        assert snap.out_of_support_since(version) == expected


def test_a_huge_reboot_gap_keeps_the_planner_table_small() -> None:
    """States differ only in what the hops still ahead can tell apart: at most one per version
    between a state's version and the target, whatever ``reboot_gap`` says (10**9 would not fit)."""
    catalog = make_catalog(list(range(6)), Policy(track="agent", max_upgrade_gap=2, reboot_gap=10**9))
    snap = snapshot(catalog)
    result = plan_upgrade(snap, AgentVersion(MAJOR, 0))
    assert isinstance(result, UpgradePath)
    assert result.as_text() == "9.0 -> 9.2 -> 9.4 -> 9.5"
    released = len(snap.released)
    assert len(snap.planner(snap.latest).best) <= released * (released + 1)


def _support_change_by_definition(catalog: Catalog, number: int) -> tuple[object, ...]:
    """What a rollup changed, from two whole snapshots: the one before it and the one it starts."""
    after = snapshot(catalog, number)
    older = [r.number for r in after.rollups[1:] if r.number in after.agent_versions]
    if not older:
        return (after.latest, (), after.latest, after.oldest_supported)
    before = snapshot(catalog, older[0])
    new_latest = after.latest if after.latest > before.latest else None
    pushed = tuple(v for v in before.supported_released if not after.is_supported(v))
    return (new_latest, pushed, after.latest, after.oldest_supported)


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_support_changes_in_one_pass_match_the_definition(catalog: Catalog) -> None:
    changes = support_changes(snapshot(catalog))
    assert set(changes) == {r.number for r in catalog.rollups}
    for number, change in changes.items():
        assert change.rollup.number == number
        found = (change.new_latest, change.pushed_out, change.latest, change.oldest_supported)
        assert found == _support_change_by_definition(catalog, number)


# --- Release lines: releases for some scenarios only, withdrawn releases ----------------------

AGENT_SCENARIOS = ("s0", "s1", "s2")
"""Scenarios that install the agent; ``other`` does not, so no release ever reaches it."""


@dataclass(frozen=True)
class Entry:
    """One rollup of a generated catalog, as the oracle reads it."""

    minor: int
    reach: frozenset[str] | None
    """The scenarios of a per-scenario mapping with a version; ``None``: a plain version (every scenario)."""
    nulls: frozenset[str]
    """Scenarios mapped to ``null`` explicitly (they did not get the release either)."""
    withdrawn: bool


def make_line_catalog(entries: list[Entry], policy: Policy) -> Catalog:
    """A catalog whose rollups ship agent 9.<minor>, oldest first in ``entries``."""
    rollups = []
    for number, entry in enumerate(entries, start=1):
        version = Version.parse(f"{MAJOR}.{entry.minor}.{1000 + number}.1")
        if entry.reach is None:
            shipment = Shipment(version)
        else:
            mapping: dict[str, Version | None] = dict.fromkeys(sorted(entry.nulls))
            mapping.update(dict.fromkeys(sorted(entry.reach), version))
            shipment = Shipment(per_scenario=mapping)
        withdrawn = "Downloads were taken down." if entry.withdrawn else None
        rollups.append(Rollup(number, {"agent": shipment}, withdrawn=withdrawn))
    scenarios = tuple(Scenario(sid, sid, ("agent",), ("Update.",)) for sid in AGENT_SCENARIOS)
    other = Scenario("other", "Other", (), ("Nothing to do.",))
    components = (Component("agent", "Agent"),)
    return Catalog(
        Product("Product", "agent"), policy, components, tuple(reversed(rollups)), (*scenarios, other)
    )


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    minor_step = draw(st.integers(0, 4))
    if draw(st.integers(0, 2)) == 0:
        reach = None
        nulls: frozenset[str] = frozenset()
    else:
        reach = frozenset(draw(st.lists(st.sampled_from(AGENT_SCENARIOS), max_size=3, unique=True)))
        left = [s for s in AGENT_SCENARIOS if s not in reach]
        nulls = frozenset(draw(st.lists(st.sampled_from(left), unique=True))) if left else frozenset()
    return Entry(minor_step, reach, nulls, draw(st.integers(0, 4)) == 0)


@st.composite
def line_catalogs(draw: st.DrawFn, max_rollups: int = 10) -> tuple[Catalog, list[Entry]]:
    """A catalog with releases for some scenarios only and withdrawn ones; every line has a release."""
    steps = draw(st.lists(entries(), min_size=1, max_size=max_rollups - 1))
    minor = draw(st.integers(0, 5))
    drawn: list[Entry] = []
    for step in steps:
        minor += step.minor
        drawn.append(replace(step, minor=minor))
    # The newest rollup reaches every scenario and stands: every line has a release and an N.
    drawn.append(Entry(minor + draw(st.integers(0, 3)), None, frozenset(), False))
    policy = Policy(
        track="agent",
        support_window=draw(st.integers(1, 6)),
        window_includes_boundary=draw(st.booleans()),
        max_upgrade_gap=draw(st.integers(1, 5)),
        reboot_gap=draw(st.integers(1, 6)),
    )
    return make_line_catalog(drawn, policy), drawn


def line_facts(drawn: list[Entry], scenario: str | None) -> dict[int, tuple[int, bool]]:
    """Rollup number -> (minor, withdrawn) of every rollup that reached ``scenario`` (``None``: any)."""
    facts: dict[int, tuple[int, bool]] = {}
    for number, entry in enumerate(drawn, start=1):
        if entry.reach is None:
            reached = True  # a plain version reaches every scenario that installs the agent
        elif scenario is None:
            reached = bool(entry.reach)  # the line of every release to any scenario
        else:
            reached = scenario in entry.reach
        if reached:
            facts[number] = (entry.minor, entry.withdrawn)
    return facts


def oracle_released(drawn: list[Entry], scenario: str | None) -> tuple[AgentVersion, ...]:
    """The versions a scenario can upgrade to: released to it and not withdrawn."""
    minors = {minor for minor, withdrawn in line_facts(drawn, scenario).values() if not withdrawn}
    return tuple(AgentVersion(MAJOR, m) for m in sorted(minors))


@st.composite
def line_questions(
    draw: st.DrawFn,
) -> tuple[Catalog, list[Entry], str | None, AgentVersion, AgentVersion, AgentVersion]:
    """A catalog, a scenario (or none), a start, a last reboot and a target released on that line."""
    catalog, drawn = draw(line_catalogs())
    scenario = draw(st.sampled_from([None, *AGENT_SCENARIOS]))
    released = oracle_released(drawn, scenario)
    target = draw(st.sampled_from(released))
    start = AgentVersion(MAJOR, draw(st.integers(max(0, released[0].minor - 8), target.minor)))
    reboot = AgentVersion(MAJOR, draw(st.integers(max(0, start.minor - 8), start.minor)))
    return catalog, drawn, scenario, start, reboot, target


LineQuestion = tuple[Catalog, list[Entry], str | None, AgentVersion, AgentVersion, AgentVersion]


@settings(max_examples=400, deadline=None)
@given(line_questions())
def test_each_line_plans_like_the_oracle_on_its_own_releases(question: LineQuestion) -> None:
    catalog, drawn, scenario, start, reboot, target = question
    snap = snapshot(catalog, scenario=scenario)
    released = oracle_released(drawn, scenario)
    assert snap.released == released
    assert snap.latest == released[-1]
    result = plan_upgrade(snap, start, target, reboot)
    expected = oracle(catalog.policy, released, start, reboot, target)
    if expected is None:
        assert isinstance(result, NoPath)
        assert result.reason
        return
    assert isinstance(result, UpgradePath)
    _, reboots, targets = expected
    assert [h.target for h in result.hops] == targets
    assert len(result.reboots_before) == reboots


@settings(max_examples=200, deadline=None)
@given(line_catalogs(), st.sampled_from(AGENT_SCENARIOS))
def test_no_hop_onto_a_version_the_scenario_never_received_or_a_withdrawn_one(
    generated: tuple[Catalog, list[Entry]], scenario: str
) -> None:
    catalog, drawn = generated
    snap = snapshot(catalog, scenario=scenario)
    allowed = set(oracle_released(drawn, scenario))
    matrix = reboot_matrix(snap)
    assert set(matrix.targets) <= allowed
    paths = [cell.path for cell in matrix.cells.values() if cell.path is not None]
    paths += [plan_upgrade(snap, row) for row in matrix.rows]
    for path in paths:
        if isinstance(path, UpgradePath):
            assert {hop.target for hop in path.hops} <= allowed, path.as_text()
    for version, rollups in snap.shipped_by.items():
        assert version in allowed
        for rollup in rollups:
            assert rollup.withdrawn is None
            assert line_facts(drawn, scenario)[rollup.number] == (version.minor, False)


@settings(max_examples=200, deadline=None)
@given(line_catalogs(), st.sampled_from([None, *AGENT_SCENARIOS]))
def test_a_withdrawn_release_is_never_n_and_changes_nothing(
    generated: tuple[Catalog, list[Entry]], scenario: str | None
) -> None:
    catalog, drawn = generated
    facts = line_facts(drawn, scenario)
    for rollup in catalog.rollups:
        standing = {
            n: minor for n, (minor, withdrawn) in facts.items() if n <= rollup.number and not withdrawn
        }
        if not standing:
            continue
        snap = snapshot(catalog, rollup.number, scenario)
        assert snap.latest == AgentVersion(MAJOR, max(standing.values()))
        assert {n: v.minor for n, v in snap.agent_versions.items()} == {
            n: minor for n, (minor, _) in facts.items() if n <= rollup.number
        }
        assert set(support_changes(snap)) == set(standing)


@settings(max_examples=200, deadline=None)
@given(line_catalogs())
def test_lines_group_the_scenarios_that_received_the_same_releases(
    generated: tuple[Catalog, list[Entry]],
) -> None:
    catalog, drawn = generated
    snap = snapshot(catalog)
    groups = lines(snap)
    assert sorted(s for group in groups for s in group.scenarios) == sorted(AGENT_SCENARIOS)
    for group in groups:
        assert all(line_facts(drawn, s) == line_facts(drawn, group.scenarios[0]) for s in group.scenarios)
        assert group.snap is not None  # the newest rollup reaches every scenario
        assert group.snap.released == oracle_released(drawn, group.scenarios[0])
    firsts = [group.scenarios[0] for group in groups]
    for a, b in itertools.combinations(firsts, 2):
        assert line_facts(drawn, a) != line_facts(drawn, b)
    assert has_one_line(snap) == (len(groups) == 1)
    if has_one_line(snap):  # the scenario-free snapshot is then every reader's answer
        assert groups[0].snap is not None
        assert snap.released == groups[0].snap.released
        start = AgentVersion(MAJOR, max(0, snap.released[0].minor - 2))
        assert plan_upgrade(snap, start) == plan_upgrade(groups[0].snap, start)
