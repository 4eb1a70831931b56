"""The importer's parts, one at a time: raw tables, cells, verdicts, dates, order, the YAML writer."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.adoption.importing.catalog_writer import Draft, Omitted, scalar, write
from generator.adoption.importing.importer import _product_name, import_text
from generator.adoption.importing.legacy_cells import (
    parse_date,
    rollup_number_in_text,
    rollup_number_in_url,
    versions_in,
)
from generator.adoption.importing.legacy_tables import mandatory_verdict
from generator.adoption.importing.names import fit_name
from generator.adoption.importing.rollup_trust import _longest_non_decreasing
from generator.adoption.reading.pipe_tables import Cell, find_tables, split_row, why_not_rendered
from generator.catalog.diagnostics import format_text
from generator.catalog.model import ReleaseDate, Version
from generator.catalog.values import MAX_TEXT_LENGTH
from tests.conftest import ROOT


def test_split_row_keeps_columns_and_escaped_pipes() -> None:
    row = split_row(r" | 9.16 | a \| b |Yes", 7)
    assert [(c.text, c.col) for c in row.cells] == [("9.16", 4), (r"a \| b", 11), ("Yes", 19)]
    assert (row.leading_pipe, row.trailing_pipe, row.line, row.end_col) == (True, False, 7, 22)


def test_a_table_that_will_not_render_is_still_found() -> None:
    lines = ["Intro", "", "|A | B | C|", "|---|---|---|---|", "|1 | 2 | 3", "| 4 | 5 | 6 |", "", "after"]
    (table,) = find_tables(lines)
    assert (table.first_line, table.last_line, table.width) == (3, 6, 3)
    assert [r.line for r in table.body] == [5, 6]
    assert (
        why_not_rendered(table) == "the header row has 3 cells but the delimiter row has 4; they must match"
    )


def test_tables_in_code_are_skipped() -> None:
    lines = ["```", "| a | b |", "|---|---|", "```"]
    assert find_tables(lines, skip={1, 2, 3, 4}) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not mandatory", False),
        ("Yes, first upgrade to 9.20, then reboot before upgrading to 9.21", True),
        ("Nicht obligatorisch", False),
        ("Ja, zuerst auf 9.20 aktualisieren", True),
        ("Evet", True),
        ("Hay\N{LATIN SMALL LETTER DOTLESS I}r", False),
        ("see above", None),
    ],
)
def test_reboot_verdicts(text: str, expected: bool | None) -> None:
    assert mandatory_verdict(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Update Rollup 32", 32),
        ("Update Rollup 28 ", 28),
        ("Paket-Rollup 32", 32),
        ("Güncelleştirme paketi 32", 32),
        ("Correctif cumulatif 31", 31),
        ("Update Rollup 32 (KB4485985)", 32),
        ("KB4485985", None),
        ("9.21.5091.1", None),
    ],
)
def test_rollup_number_in_link_text(text: str, expected: int | None) -> None:
    assert rollup_number_in_text(text) == expected


def test_rollup_number_in_url() -> None:
    assert (
        rollup_number_in_url(
            "https://support.microsoft.com/help/4468181/azure-site-recovery-update-rollup-30"
        )
        == 30
    )
    assert rollup_number_in_url("https://support.microsoft.com/help/4485985") is None


def test_versions_and_their_labels() -> None:
    cell = Cell("9.26.5269.1 (VMware)<br>VMware Physical: 9.26.5270.1 / 5.1.3600 .0", 3, 10)
    found = [(v.text, v.offset, v.label, v.compact) for v in versions_in(cell)]
    assert found == [
        ("9.26.5269.1", 0, "VMware", "9.26.5269.1"),
        ("9.26.5270.1", 41, "VMware Physical", "9.26.5270.1"),
        ("5.1.3600 .0", 55, None, "5.1.3600.0"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-01-08", (ReleaseDate(2019, 1, 8), False)),
        ("2019-01", (ReleaseDate(2019, 1), False)),
        ("January 2019", (ReleaseDate(2019, 1), False)),
        ("8 janvier 2019", (ReleaseDate(2019, 1, 8), False)),
        ("01/15/2018", (ReleaseDate(2018, 1, 15), False)),
        ("9/1/2017", (ReleaseDate(2017, 9, 1), True)),
        ("08.01.2019", (ReleaseDate(2019, 1, 8), False)),
        ("2019-02-30", None),
        ("soon", None),
    ],
)
def test_dates(text: str, expected: tuple[ReleaseDate, bool] | None) -> None:
    assert parse_date(text) == expected


def test_longest_non_decreasing_keeps_the_newer_values_on_a_tie() -> None:
    # The seed's OVF, oldest first: rollup 29's 5.1.3700.0 or rollup 30's 5.1.3650.0 must go.
    values = [
        Version.parse(v) for v in ("5.1.3550.0", "5.1.3600.0", "5.1.3700.0", "5.1.3650.0", "5.1.3700.0")
    ]
    assert _longest_non_decreasing(values) == {0, 1, 3, 4}
    assert _longest_non_decreasing([Version.parse("1.2"), Version.parse("1.1")]) == {1}
    assert _longest_non_decreasing([]) == set()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Service updates in Azure Site Recovery", "Azure Site Recovery"),
        ("Dienstupdates in Azure Site Recovery", "Azure Site Recovery"),
        ("Azure Site Recovery'deki hizmet güncelleştirmeleri", "Azure Site Recovery"),
        ("service updates", "service updates"),
    ],
)
def test_product_name_from_the_title(title: str, name: str) -> None:
    assert _product_name(title) == name


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("a\u2028b")
@example("a\u2029b")
def test_scalar_reads_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}\n") == {"key": text}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("a  \nb")
@example("x\r\ny")
@example("a\nb\n")
@example("a\n\u2028b")
@example("\n  a\nb")
def test_the_writer_reads_back_every_string(text: str) -> None:
    """Multi-line values too, in a mapping and in a list: a Markdown hard break (two spaces) is kept."""
    written = write(Draft(root={"key": text, "list": [text, {"key": text}]})).text
    assert yaml.safe_load(written) == {"key": text, "list": [text, {"key": text}]}


def test_writer_comments_and_omitted_values() -> None:
    draft = Draft(header=["Header."])
    draft.root["rollups"] = [
        {
            "number": 32,
            "kb": Omitted("https://example.com/31"),
            "versions": {"ovf": Omitted("5.1"), "mars": None},
        },
        {"number": 31, "notes": "line one\n\nline two"},
    ]
    draft.root["scenarios"] = []
    draft.comment(("rollups", 0, "kb"), "Left out: it is rollup 31's.")
    draft.comment(("rollups", 1), "Second.")
    written = write(draft)
    assert written.text == (
        "# Header.\n"
        "\n"
        "rollups:\n"
        "  - number: 32\n"
        "    # Left out: it is rollup 31's.\n"
        "    # kb: https://example.com/31\n"
        "    versions:\n"
        "      # ovf: 5.1\n"
        "      mars: null\n"
        "  # Second.\n"
        "  - number: 31\n"
        "    notes: |-\n"
        "      line one\n"
        "\n"
        "      line two\n"
        "\n"
        "scenarios: []\n"
    )
    assert yaml.safe_load(written.text) == {
        "rollups": [
            {"number": 32, "versions": {"mars": None}},
            {"number": 31, "notes": "line one\n\nline two"},
        ],
        "scenarios": [],
    }
    assert written.lines[4] == ("rollups", 0, "number")
    assert written.lines[11] == ("rollups", 1, "number")


def test_per_scenario_label_that_matches_two_scenarios_is_left_out() -> None:
    page = (
        "# Updates in Contoso\n\n"
        "| Update Rollup | Agent |\n|---|---|\n"
        "| [Update Rollup 2](https://support.microsoft.com/help/4000002) | 1.2.0 (Hyper-V) / 1.2.1 (VMM) |\n"
        "| [Update Rollup 1](https://support.microsoft.com/help/4000001) | 1.1.0 |\n\n"
        "## Between two VMM sites\n\n1. Install it.\n\n"
        "## Between a VMM site and Azure\n\n1. Install it.\n\n"
        "## Between a Hyper-V site and Azure\n\n1. Install it.\n"
    )
    result = import_text("page.md", page)
    assert (
        "page.md:5:67: warning: the Agent cell of rollup 2 holds 2 versions (1.2.0 (Hyper-V) and "
        "1.2.1 (VMM)) without saying, in words the import can match to a scenario, which is for which; "
        "the import leaves it out"
    ) in format_text(result.report).splitlines()
    assert result.text is not None
    assert "agent" not in yaml.safe_load(result.text)["rollups"][0].get("versions", {})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("|-:>[]!() #*_.0123456789\nNAUR/")), max_size=300))
def test_any_text_gives_diagnostics_never_a_traceback(text: str) -> None:
    result = import_text("page.md", text)
    assert result.text is not None or result.report.has_errors


def test_a_page_with_only_a_list_of_rollups() -> None:
    page = "# Updates\n\n- [Update Rollup 2](https://support.microsoft.com/help/4000002)\n"
    result = import_text("page.md", page)
    assert (
        "page.md:3:3: error: the page names rollups but has no table of component versions; the catalog "
        "lists the rollups, but the support policy needs the tracked component's versions: add them by hand"
    ) in format_text(result.report).splitlines()
    assert result.catalog is None
    assert result.catalog_errors == 1


# --- Names within the catalog's bound ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a" * 200, "a" * 200),  # fits: as it is
        ("word " * 40 + "x", ("word " * 40).strip()),  # 201 characters: the last word goes
        ("ab " * 66 + "cdefgh", ("ab " * 66).strip()),  # a word across the bound goes whole
        ("a" * 120 + " - " + "b" * 100, "a" * 120),  # no dangling separator
        ("x" * 250, "x" * 200),  # one word longer than the bound: cut inside
    ],
)
def test_a_name_too_long_for_the_catalog_keeps_its_first_whole_words(text: str, name: str) -> None:
    assert fit_name(text) == name
    assert len(fit_name(text)) <= MAX_TEXT_LENGTH


SEED_PAGE = ROOT / "tests" / "data" / "legacy" / "service-updates-2019.md"
LONG = " ".join(f"Word{i}" for i in range(60))
"""409 characters of capitalised words: the product name the title gives, a heading."""


TOO_LONG = [
    (
        "# Service updates in Azure Site Recovery",
        f"# Service updates in {LONG}",
        ("product", "name"),
        13,
        LONG,
    ),
    (
        "## Between two on-premises VMM sites",
        f"## Between {LONG}",
        ("scenarios", 1, "title"),
        69,
        f"Between {LONG}",
    ),
    (
        "|Update Rollup  |Provider  |",
        f"|Update Rollup  |Provider {LONG} |",
        ("components", 0, "name"),
        114,
        f"Provider {LONG}",
    ),
]
"""The seed page's title, a section's heading, a column's heading, made longer than a name may be: the
text replaced, its replacement, the name in the catalog, the page's line, what the name was."""
WHAT = ["the product's name guessed from the page's title", "this section's heading", "this column's heading"]


@pytest.mark.parametrize("case", range(len(TOO_LONG)))
def test_a_name_too_long_for_the_catalog_is_shortened_and_said(case: int) -> None:
    """A name of over 400 characters, which the catalog refuses (at most 200): the import keeps its first
    words, warns at the page's line and comments the value, and the catalog it writes validates."""
    old, new, where, line, given = TOO_LONG[case]
    page = SEED_PAGE.read_text(encoding="utf-8")
    assert page.count(old) == 1
    result = import_text("page.md", page.replace(old, new))
    assert result.text is not None and result.catalog is not None
    assert result.catalog_errors == 0
    value = yaml.safe_load(result.text)
    for key in where:
        value = value[key]
    assert given.startswith(value) and given[len(value)] == " " and 190 < len(value) <= MAX_TEXT_LENGTH
    words = len(value.split())
    [warning] = [d for d in result.report.warnings if "characters long" in d.message]
    assert (warning.position.path, warning.position.line) == ("page.md", line)
    assert warning.message == (
        f"{WHAT[case]} is {len(given)} characters long, more than the 200 a name of the catalog may hold: "
        f"the import keeps its first {words} words ({len(value)} characters); check the name"
    )
    assert f"# Shortened to its first {words} words: a name holds at most 200 characters." in result.text
