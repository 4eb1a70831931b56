"""Every version column of a page is its own component, with an id made from its heading in any language."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.adoption.importing.column_ids import ColumnIds
from generator.adoption.importing.importer import import_text
from generator.adoption.importing.latin_spelling import spell
from generator.catalog.diagnostics import Position, Report, format_text
from generator.catalog.values import SLUG

PERMANENT = "a component id is permanent once published, so change it now if you like"


def page(headings: list[str], rows: list[tuple[int, list[str]]], more: str = "") -> str:
    """A page with one rollup table: a rollup link, then one cell per heading."""
    header = "| Update Rollup | " + " | ".join(headings) + " |\n|" + "---|" * (len(headings) + 1) + "\n"
    body = "".join(
        f"| [Update Rollup {n}](https://support.microsoft.com/help/40000{n:02d}) | "
        + " | ".join(cells)
        + " |\n"
        for n, cells in rows
    )
    return "# Updates in Contoso\n\n" + header + body + more


def imported(text: str) -> tuple[dict[str, object], list[str]]:
    result = import_text("page.md", text)
    assert result.text is not None
    return yaml.safe_load(result.text), format_text(result.report).splitlines()


def component_ids(catalog: dict[str, object]) -> list[str]:
    components = catalog["components"]
    assert isinstance(components, list)
    return [c["id"] for c in components]


@pytest.mark.parametrize(
    ("heading", "words", "unspelled", "transliterated"),
    [
        ("Process Server", ("process", "server"), "", False),
        ("**Modèle** OVF", ("modele", "ovf"), "", False),
        ("Größe", ("grosse",), "", False),
        (
            "Sa\N{LATIN SMALL LETTER G WITH BREVE}lay"
            "\N{LATIN SMALL LETTER DOTLESS I}c\N{LATIN SMALL LETTER DOTLESS I}",
            ("saglayici",),
            "",
            False,
        ),
        ("\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}zmir", ("izmir",), "", False),
        ("プロバイダー", ("purobaida",), "", True),
        ("モビリティ エージェント", ("mobiriti", "ejento"), "", True),
        ("シャットダウン", ("shattodaun",), "", True),
        ("統合セットアップ", ("settoappu",), "統合", True),
        ("提供程序", (), "提供程序", False),
        ("Поставщик", ("postavshchik",), "", True),
        ("Πάροχος", ("parochos",), "", True),
        ("공급자", ("gonggeubja",), "", True),
        ("\uff2d\uff21\uff32\uff33 エージェント", ("mars", "ejento"), "", True),  # full-width MARS
        ("", (), "", False),
    ],
)
def test_headings_spelled_in_latin(
    heading: str, words: tuple[str, ...], unspelled: str, transliterated: bool
) -> None:
    spelling = spell(heading)
    assert (spelling.words, spelling.unspelled, spelling.transliterated) == (words, unspelled, transliterated)


def test_two_unknown_headings_that_spell_alike_become_two_components() -> None:
    text = page(
        ["Agent (VMware)", "Agent - VMware"],
        [(3, ["9.3.1.1", "5.1.3.0"]), (2, ["9.2.1.1", "5.1.2.0"])],
    )
    catalog, lines = imported(text)
    assert component_ids(catalog) == ["agent_vmware", "agent_vmware_2"]
    assert lines == [
        "page.md:3:19: warning: the column 'Agent (VMware)' names no component the import knows: the import "
        f"makes it the new component 'agent_vmware' (made from its heading); {PERMANENT}",
        "page.md:3:36: warning: the column 'Agent - VMware' names no component the import knows: the import "
        "makes it the new component 'agent_vmware_2' (made from its heading, with '_2' added: 'agent_vmware' "
        f"is already the id of the column 'Agent (VMware)' at 3:19); {PERMANENT}",
        "0 errors, 2 warnings",
    ]
    rollups = catalog["rollups"]
    assert isinstance(rollups, list)
    assert rollups[0]["versions"] == {"agent_vmware": "9.3.1.1", "agent_vmware_2": "5.1.3.0"}


def test_headings_without_latin_letters_get_distinct_ids_from_a_digest() -> None:
    text = page(["提供程序", "统一安装程序"], [(3, ["5.1.3.0", "9.3.1.1"]), (2, ["5.1.2.0", "9.2.1.1"])])
    catalog, lines = imported(text)
    assert component_ids(catalog) == ["column_f82a40", "column_7a09bf"]
    assert lines[0] == (
        "page.md:3:19: warning: the column '提供程序' names no component the import knows: the import makes "
        "it the new component 'column_f82a40' (made from a digest of its heading, which has no letters the "
        f"import can spell in Latin); {PERMANENT}"
    )
    assert catalog["policy"] == {
        "track": "column_7a09bf",
        "support_window": 4,
        "max_upgrade_gap": 4,
        "reboot_gap": 4,
        "window_includes_boundary": True,
    }
    assert imported(text)[0] == catalog, "the same page gives the same ids"


def test_a_heading_partly_spelled_says_what_it_left_out() -> None:
    text = page(["統合セットアップ"], [(3, ["9.3.1.1"]), (2, ["9.2.1.1"])])
    catalog, lines = imported(text)
    assert component_ids(catalog) == ["settoappu"]
    assert lines[0] == (
        "page.md:3:19: warning: the column '統合セットアップ' names no component the import knows: the "
        "import makes it the new component 'settoappu' (made from the part of its heading the import can "
        f"spell in Latin letters; it cannot spell '統合'); {PERMANENT}"
    )


def test_a_known_component_named_twice_in_one_table_is_two_components() -> None:
    text = page(
        ["Unified Setup", "Mobility agent", "Provider", "Provider"],
        [
            (3, ["9.3.1.1", "9.3.1.2", "5.1.3.0", "5.1.3.1"]),
            (2, ["9.2.1.1", "9.2.1.2", "5.1.2.0", "5.1.2.1"]),
        ],
    )
    catalog, lines = imported(text)
    assert component_ids(catalog) == ["unified_setup", "mobility_agent", "provider", "provider_2"]
    assert lines[:2] == [
        "page.md:3:35: warning: the column 'Mobility agent' names the Unified Setup, which the column "
        "'Unified Setup' at 3:19 of this table already is: the import makes it the new component "
        f"'mobility_agent' (made from its heading); {PERMANENT}",
        "page.md:3:63: warning: the column 'Provider' names the Provider, which the column 'Provider' at "
        "3:52 of this table already is: the import makes it the new component 'provider_2' (made from its "
        "heading, with '_2' added: 'provider' is already the id of the column 'Provider' at 3:52); "
        + PERMANENT,
    ]


def test_the_same_heading_in_another_table_is_the_same_component() -> None:
    older = (
        "\n## Older rollups\n\n| Update Rollup | Agent |\n|---|---|\n"
        "| [Update Rollup 1](https://support.microsoft.com/help/4000001) | 9.1.0.1 |\n"
    )
    catalog, lines = imported(page(["Agent"], [(3, ["9.3.1.1"]), (2, ["9.2.1.1"])], older))
    assert component_ids(catalog) == ["agent"]
    assert [line for line in lines if "new component" in line] == [
        f"page.md:3:19: warning: the column 'Agent' names no component the import knows: the import makes it "
        f"the new component 'agent' (made from its heading); {PERMANENT}"
    ]
    rollups = catalog["rollups"]
    assert isinstance(rollups, list)
    assert [r["versions"] for r in rollups] == [
        {"agent": "9.3.1.1"},
        {"agent": "9.2.1.1"},
        {"agent": "9.1.0.1"},
    ]


def test_a_column_without_a_heading_is_named_after_its_place() -> None:
    catalog, lines = imported(page(["Agent", ""], [(3, ["9.3.1.1", "1.0.3"]), (2, ["9.2.1.1", "1.0.2"])]))
    assert component_ids(catalog) == ["agent", "column_3"]
    assert lines[1] == (
        "page.md:3:26: warning: this column has no heading: the import makes it the new component "
        f"'column_3' (after its place in the table); {PERMANENT}"
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=()), max_size=60), min_size=1, max_size=8))
def test_every_column_of_a_table_gets_its_own_path_safe_id(headings: list[str]) -> None:
    ids = ColumnIds(Report())
    ids.next_table()
    given_out = [ids.assign(heading, Position("page.md", 1, n), n) for n, heading in enumerate(headings, 1)]
    assert len(set(given_out)) == len(given_out)
    for cid in given_out:
        assert SLUG.fullmatch(cid) and len(cid) <= 40 and re.fullmatch(r"[a-z0-9_]+", cid), cid


# --- the tracked column, recognised by its values ---------------------------------------------------


def test_the_agent_column_is_found_by_its_values_not_its_heading() -> None:
    """A column headed like the agent that keeps one major.minor is not tracked; the one whose
    major.minor rises rollup by rollup is, whatever its heading."""
    text = page(
        ["Unified Setup", "Agent de mobilité"],
        [
            (3, ["5.1.3800.0", "9.21.5091.1"]),
            (2, ["5.1.3700.0", "9.20.5051.1"]),
            (1, ["5.1.3650.0", "9.19.5007.1"]),
        ],
    )
    catalog, lines = imported(text)
    policy = catalog["policy"]
    assert isinstance(policy, dict) and policy["track"] == "agent_de_mobilite"
    assert lines[0] == (
        "page.md:3:19: warning: the column 'Unified Setup' is named like the agent, but the agent's build "
        "line is the column 'Agent de mobilité' at 3:35, whose major.minor rises from 9.19 in rollup 1 to "
        "9.21 in rollup 3 ('Unified Setup' stays at 5.1 over 3 rollups); policy.track follows 'Agent de "
        "mobilité'"
    )
    result = import_text("page.md", text)
    assert result.text is not None
    assert (
        "  # The agent version is major.minor of this component, the page's 'Agent de mobilité' column\n"
        "  # (recognised by its versions: their major.minor rises from 9.19 in rollup 1 to 9.21 in "
        "rollup 3).\n"
        "  track: agent_de_mobilite\n"
    ) in result.text
    assert result.catalog is not None and result.catalog.policy.track == "agent_de_mobilite"


def test_a_column_that_rises_in_small_steps_is_the_agent_over_one_that_changes_scheme() -> None:
    """Provider 5.1 -> 5.23 (a new version scheme) rises once, as the agent 9.20 -> 9.21 does: the
    smaller step wins, not the leftmost column."""
    text = page(
        ["Anbieter", "Agent"],
        [(3, ["5.23.1204.5", "9.21.5091.1"]), (2, ["5.1.3700.0", "9.20.5051.1"])],
    )
    catalog, _ = imported(text)
    policy = catalog["policy"]
    assert isinstance(policy, dict) and policy["track"] == "agent"


def test_a_page_where_no_column_rises_says_what_was_expected() -> None:
    text = page(
        ["Provider", "MARS", "Agent"],
        [(3, ["5.1.3800.0", "2.0.9144.0", "NA"]), (2, ["5.1.3700.0", "2.0.9144.0", "9.20.5051.1"])],
    )
    result = import_text("page.md", text)
    lines = format_text(result.report).splitlines()
    assert (
        "page.md:3:19: error: found no column of agent versions: expected a column whose major.minor rises "
        "from rollup to rollup, as the agent's build line does (such as 9.20.5051.1 in rollup 31, then "
        "9.21.5091.1 in rollup 32), but 'Provider' stays at 5.1 over 2 rollups; 'MARS' stays at 2.0 over 2 "
        "rollups; 'Agent' has a version in one rollup only (9.20.5051.1 in rollup 2); the import leaves "
        "policy.track for you to set"
    ) in lines
    assert result.text is not None
    assert (
        "  # No column of the page looks like the agent's build line (page line 3): set this to the "
        "component\n  # whose major.minor is the agent version.\n"
        "  # track: provider\n"
    ) in result.text
    assert result.catalog is None, "no track is guessed: the catalog does not validate until one is set"
