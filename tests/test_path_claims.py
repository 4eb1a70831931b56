"""Every output of a snapshot has a file of its own: the build refuses two claims on one path, and the
validator's reserved scenario ids are exactly the names the scenarios folder keeps for itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.catalog.model import Catalog
from generator.catalog.site_paths import FIXED_SCENARIO_FOLDER_PAGES, RESERVED_SCENARIO_IDS, SCENARIOS_FOLDER
from generator.pages.links import LinkStyle
from generator.site.files import site_files
from generator.site.path_claims import Claim, PathClash, page_output, refuse_clashes


@pytest.mark.parametrize(
    ("doc", "style", "output"),
    [
        ("index.md", LinkStyle.DIRECTORY, "index.html"),
        ("scenarios/index.md", LinkStyle.DIRECTORY, "scenarios/index.html"),
        ("scenarios.md", LinkStyle.DIRECTORY, "scenarios/index.html"),
        ("scenarios/x.md", LinkStyle.DIRECTORY, "scenarios/x/index.html"),
        ("scenarios/x.md", LinkStyle.HTML, "scenarios/x.html"),
        ("scenarios/x.md", LinkStyle.MARKDOWN, "scenarios/x.md"),
    ],
)
def test_the_file_a_page_becomes(doc: str, style: LinkStyle, output: str) -> None:
    assert page_output(doc, style) == output


def test_one_claim_per_path_passes() -> None:
    refuse_clashes([Claim("a/index.html", "the page a"), Claim("b/index.html", "the page b")])


def test_two_claims_on_one_path_name_both_claimants() -> None:
    with pytest.raises(PathClash) as raised:
        refuse_clashes(
            [
                Claim("a/index.html", "the page A"),
                Claim("b.json", "the file b.json"),
                Claim("a/index.html", "the page B"),
                Claim("b.json", "the file b.json (again)"),
            ]
        )
    assert str(raised.value) == (
        "two outputs of the snapshot would be written to one file, one replacing the other: "
        "a/index.html is claimed by the page A and by the page B; "
        "b.json is claimed by the file b.json and by the file b.json (again)"
    )


def _with_scenario_id(catalog: Catalog, scenario_id: str) -> Catalog:
    """The catalog with its last scenario renamed, as no validated catalog can be."""
    *others, last = catalog.scenarios
    return replace(catalog, scenarios=(*others, replace(last, id=scenario_id)))


@pytest.mark.parametrize("style", list(LinkStyle))
def test_the_build_refuses_a_scenario_that_would_replace_the_list_of_scenarios(
    site_fixture: Catalog, style: LinkStyle
) -> None:
    forged = _with_scenario_id(site_fixture, "index")
    with pytest.raises(PathClash) as raised:
        site_files(forged, links=style)
    output = page_output("scenarios/index.md", style)
    assert str(raised.value) == (
        "two outputs of the snapshot would be written to one file, one replacing the other: "
        f"{output} is claimed by the page 'Upgrade procedures by scenario' (scenarios/index.md) and by "
        "the page 'Branch office' (scenarios/index.md)"
    )


def test_the_build_refuses_a_prose_page_that_becomes_a_generated_file(
    site_fixture: Catalog, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "scenarios.md").write_text("# Scenarios\n", encoding="utf-8")
    with pytest.raises(PathClash) as raised:
        site_files(site_fixture, content_dir=content)
    assert str(raised.value).endswith(
        "scenarios/index.html is claimed by the page 'Upgrade procedures by scenario' (scenarios/index.md) "
        f"and by the page {content / 'scenarios.md'}"
    )


def test_the_reserved_ids_are_the_scenarios_folders_own_pages(site_fixture: Catalog) -> None:
    """Every page of scenarios/ is a scenario's or a reserved name's, and every reserved name is a page."""
    files = site_files(site_fixture)
    folder = [path for path in files.pages if path.startswith(f"{SCENARIOS_FOLDER}/")]
    scenario_pages = {f"{SCENARIOS_FOLDER}/{s.id}.md" for s in site_fixture.scenarios}
    assert set(folder) - scenario_pages == set(FIXED_SCENARIO_FOLDER_PAGES)
    assert set(RESERVED_SCENARIO_IDS.values()) == set(FIXED_SCENARIO_FOLDER_PAGES)
    assert set(RESERVED_SCENARIO_IDS) == {"index"}
