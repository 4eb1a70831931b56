"""The pages of the published history (``data/rollups.yaml``) give each scenario its own line's answers.

Read in the Markdown that :func:`~generator.site.files.site_files` writes (in-process, no engine):
an upgrade page or a reboot matrix holds one answer for every reader, or one section per group of
scenarios (``{#scenario-<id>}`` on its heading, ``<div id="scenario-<id>">`` before it for the
others of the group). No section may send a reader through a version their scenario never got.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from generator.catalog.model import AgentVersion, Catalog
from generator.policy.rules import agent_scenarios, snapshot, snapshots
from generator.site.files import SiteFiles, site_files

V = AgentVersion.parse
CLASSIC, MODERNIZED, A2A = "vmware-to-azure", "modernized-vmware-to-azure", "azure-to-azure"

HEADING = re.compile(r"^## .* \{#scenario-([\w-]+)\}$", re.MULTILINE)
ANCHOR = re.compile(r'<div id="scenario-([\w-]+)"></div>')
HOP = re.compile(r"-&gt; (?:reboot -&gt; )?(\d+\.\d+)|Upgrade to <strong>(\d+\.\d+)</strong>")
MATRIX_TARGET = re.compile(r"[Uu]pgrad(?:e|ing) to (\d+\.\d+)")


def sections(markdown: str, scenarios: tuple[str, ...], end: str | None = None) -> dict[str, str]:
    """Scenario id -> the part of the page that answers for it (the whole page with one answer)."""
    stop = markdown.index(end) if end is not None and end in markdown else len(markdown)
    heads = [(m.start(), m.group(1)) for m in HEADING.finditer(markdown)]
    if not heads:
        return {sid: markdown[:stop] for sid in scenarios}
    found = {}
    for index, (start, sid) in enumerate(heads):
        found[sid] = markdown[start : heads[index + 1][0] if index + 1 < len(heads) else stop]
    for anchor in ANCHOR.finditer(markdown):
        following = next(sid for start, sid in heads if start > anchor.start())
        found[anchor.group(1)] = found[following]
    assert set(found) == set(scenarios), f"sections for {sorted(found)}, scenarios {sorted(scenarios)}"
    return found


def hop_targets(text: str) -> set[AgentVersion]:
    return {V(a or b) for a, b in HOP.findall(text)}


def released(catalog: Catalog, as_of: int) -> dict[str, set[AgentVersion]]:
    """Scenario -> the versions released to it (withdrawn ones are not), as of rollup ``as_of``."""
    return {sid: set(snapshot(catalog, as_of, sid).released) for sid in agent_scenarios(catalog)}


@pytest.fixture(scope="module")
def every_snapshot(shipped: Catalog) -> dict[int, SiteFiles]:
    return {s.as_of.number: site_files(shipped, s.as_of.number) for s in snapshots(shipped)}


def upgrade_pages(files: SiteFiles) -> Iterator[tuple[str, str]]:
    for path, markdown in files.pages.items():
        if path.startswith("upgrade/") and path != "upgrade/index.md":
            yield path, markdown


def test_9_55_as_of_71_answers_modernized_and_classic_vmware_apart(
    every_snapshot: dict[int, SiteFiles],
) -> None:
    page = every_snapshot[71].pages["upgrade/9.55.md"]
    found = sections(page, (A2A, CLASSIC, MODERNIZED), "\n## How to upgrade")
    assert found[MODERNIZED] is not found[CLASSIC]
    assert found[MODERNIZED] is found[A2A]  # the same answer: one section, an anchor for each
    assert "## Azure VM disaster recovery to Azure and Modernized VMware VM disaster" in page
    assert hop_targets(found[MODERNIZED]) == {V("9.57")}
    assert hop_targets(found[CLASSIC]) == {V("9.59")}
    assert "Path to 9.57" in found[MODERNIZED] and "Path to 9.59" in found[CLASSIC]


def test_no_upgrade_page_sends_a_scenario_through_a_version_it_never_got(
    shipped: Catalog, every_snapshot: dict[int, SiteFiles]
) -> None:
    scenarios = agent_scenarios(shipped)
    for as_of, files in every_snapshot.items():
        lines = released(shipped, as_of)
        for path, markdown in upgrade_pages(files):
            for sid, text in sections(markdown, scenarios, "\n## How to upgrade").items():
                strays = hop_targets(text) - lines[sid]
                assert not strays, (as_of, path, sid, sorted(map(str, strays)))


def test_no_reboot_matrix_offers_a_scenario_a_version_it_never_got(
    shipped: Catalog, every_snapshot: dict[int, SiteFiles]
) -> None:
    scenarios = agent_scenarios(shipped)
    split = 0
    for as_of, files in every_snapshot.items():
        lines = released(shipped, as_of)
        markdown = files.pages["reboot-matrix.md"]
        found = sections(markdown, scenarios, "Rows reach")
        split += len({id(text) for text in found.values()}) > 1
        for sid, text in found.items():
            strays = {V(v) for v in MATRIX_TARGET.findall(text)} - lines[sid]
            assert not strays, (as_of, sid, sorted(map(str, strays)))
    assert split >= 10  # the lines' matrices differ from rollup 62 on, most of the time


@pytest.mark.parametrize(("scenario", "never"), [(MODERNIZED, {"9.58", "9.59", "9.49"}), (CLASSIC, {"9.56"})])
def test_a_scenario_page_installs_only_its_own_releases(
    shipped: Catalog, every_snapshot: dict[int, SiteFiles], scenario: str, never: set[str]
) -> None:
    row = re.compile(r'<tr id="component-mobility_agent">\n<th scope="row">[^<]*</th>\n<td>(\d+\.\d+)')
    for as_of, files in every_snapshot.items():
        found = row.search(files.pages[f"scenarios/{scenario}.md"])
        if found is None:
            continue
        assert V(found.group(1)) in released(shipped, as_of)[scenario], (as_of, found.group(1))
        assert found.group(1) not in never, as_of


def test_the_supported_table_says_which_scenarios_a_rollups_support_is_for(
    every_snapshot: dict[int, SiteFiles],
) -> None:
    page = every_snapshot[71].pages["supported-rollups.md"]
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr id="ur-(\d+)">\n<th scope="row">.*</th>', page)}
    # Supported for Azure-to-Azure and modernized VMware (N = 9.57), not for classic VMware (N = 9.59).
    legend = dict(re.findall(r'<li id="only-(\w+)"><sup>\w+</sup> Only for (.*)\.</li>', page))
    for number in ("66", "67"):
        letter = re.search(r'href="#only-(\w+)"', rows[number])
        assert letter is not None, number
        assert "Azure VM disaster" in legend[letter.group(1)] and "Modernized" in legend[letter.group(1)]
        assert "VMware VM/physical" not in legend[letter.group(1)]
    assert "only-" not in rows["68"]
    # The statement gives each group of scenarios its N.
    assert re.search(r"to Azure and Modernized .*</strong>: N is <strong>.*9\.57", page)
    assert re.search(r"VMware VM/physical server .* to Azure</strong>: N is <strong>.*9\.59", page)


def test_the_withdrawn_rollup_says_so_in_every_table(every_snapshot: dict[int, SiteFiles]) -> None:
    row = r'id="ur-60">(\n<th scope="row">)?<a [^>]*>Update Rollup 60</a>'
    marked = re.compile(row + r" <a [^>]*>withdrawn<")
    for as_of, files in every_snapshot.items():
        if as_of < 60:
            continue
        assert marked.search(files.pages["supported-rollups.md"]), as_of
        assert marked.search(files.pages["rollups/index.md"]), as_of
        assert "Update Rollup 60 was withdrawn, so it changed nothing" in files.pages["rollups/60.md"], as_of
