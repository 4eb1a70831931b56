"""``rollups lint`` and ``lint_content``: prose in content/ judged against a fixture catalog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.adoption.lint.lint import lint_content
from generator.catalog.diagnostics import format_text
from generator.catalog.model import Catalog
from generator.catalog.validate import load_or_raise
from generator.cli import main
from generator.pages.links import LinkStyle
from generator.site.files import site_files
from generator.site.routes import route_key, site_routes

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / "tests" / "data" / "lint"
Golden = Callable[[Path, str], None]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_or_raise(LINT / "rollups.yaml")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_planted_defects_match_golden(catalog: Catalog, golden: Golden) -> None:
    report = lint_content(Path("tests/data/lint/content"), catalog)
    golden(LINT / "expected.txt", format_text(report) + "\n")


def test_every_planted_defect_is_found(catalog: Catalog) -> None:
    report = lint_content(Path("tests/data/lint/content"), catalog)
    found = {(Path(d.position.path).name, d.position.line) for d in report}
    planted = {
        ("index.md", 8),  # Update Rollup 33
        ("index.md", 10),  # 9.22
        ("index.md", 15),  # N-5
        ("index.md", 16),  # out of support below 9.15
        ("index.md", 17),  # reboot: greater than 5
        ("index.md", 19),  # latest version 9.20, build 9.20.5052.1
        ("index.md", 22),  # delimiter row with 3 cells under a 2-cell header
        ("index.md", 27),  # table right after a paragraph line
        ("index.md", 36),  # text on the callout marker's line
        ("index.md", 38),  # [!NOTES]
        ("index.md", 41),  # marker outside a quote
        ("index.md", 43),  # callout without text
        ("index.md", 48),  # admonition without an indented body
        ("index.md", 53),  # rollups/33/, upgrade/9.30/, scenarios/vmware/
        ("index.md", 54),  # guide.md#nowhere
        ("index.md", 55),  # missing.md, #support-statment, /supported-rollups/
        ("guide.md", 8),  # inside an admonition: latest 9.20, Update Rollup 40
    }
    assert found == planted | {("index.md", 28)}  # plus the row without a trailing pipe


def test_columns_inside_admonitions_are_the_written_ones(catalog: Catalog) -> None:
    report = lint_content(Path("tests/data/lint/content"), catalog)
    guide = [d for d in report if d.position.path.endswith("guide.md")]
    line = (LINT / "content" / "guide.md").read_text().split("\n")[7]
    assert [line[d.position.col - 1 :][:4] for d in guide] == ["9.20", "Upda"]


def test_correct_prose_gives_no_finding(catalog: Catalog) -> None:
    """Jinja placeholders, correct numbers, code spans, live links: nothing to report."""
    assert format_text(lint_content(Path("tests/data/lint/clean"), catalog)) == ""


def test_jinja_is_skipped(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "index.md").write_text(
        "# Updates\n\n{% if policy.reboot_gap > 5 %}Update Rollup {{ 99 }} ships {{ '9.99' }}.{% endif %}\n"
        "{## Update Rollup 77, N-9 ##}\n\n"
        "See [the docs]({{ docs }}/vmware-physical-azure-support-matrix).\n\n"
        "## Reboots after upgrading the {{ agent }} {#reboots}\n\n"
        "> [!IMPORTANT]\n{% if site.boundary_included %}\n> N-4 is supported.\n{% endif %}\n\n"
        "See [reboots](#reboots).\n"
    )
    assert lint_content(tmp_path, catalog).diagnostics == []


def test_findings_are_reported_at_the_written_lines(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "index.md").write_text(
        "# Updates\n\n> [!IMPORTANT]\n{% if site.boundary_included %}\n"
        "> All versions below N-5 are out of support.\n{% endif %}\n\n"
        "!!! note\n{% if x %}\n    The latest version is 9.20.\n{% endif %}\n"
    )
    assert format_text(lint_content(tmp_path, catalog)).splitlines()[:2] == [
        f"{tmp_path}/index.md:5:22: error: 'N-5' disagrees with the policy: versions below N-4 are out of "
        "support (policy.support_window)",
        f"{tmp_path}/index.md:10:27: error: 'latest version is 9.20' disagrees with the catalog: the latest "
        "agent version is 9.21",
    ]


def test_the_shipped_content_is_clean(shipped: Catalog) -> None:
    assert format_text(lint_content(Path("content"), shipped)) == ""


def test_routes_cover_every_generated_page(shipped: Catalog) -> None:
    """The lint accepts a link to every page the site generates (and to the API of DESIGN.md)."""
    files = site_files(shipped, None, Path("content"), LinkStyle.MARKDOWN)
    assert {route_key(path) for path in files.pages} <= site_routes(shipped)
    outputs = {path for path in files.static if not path.startswith("assets/")}
    assert outputs <= site_routes(shipped)


def test_routes_are_exactly_what_the_site_generates(shipped: Catalog) -> None:
    """Derived from the site's pages and static files (plus the root), so the two cannot drift apart."""
    files = site_files(shipped, None, Path("content"), LinkStyle.MARKDOWN)
    generated = {route_key(path) for path in files.pages.keys() - files.prose}
    assert site_routes(shipped) == {""} | generated | files.static.keys()


def test_a_link_to_a_generated_asset_is_alive(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text(
        "# Updates\n\nThe [planner's script](assets/rollups/planner.js) and "
        "[stylesheet](assets/stylesheets/rollups.css).\n"
    )
    assert format_text(lint_content(tmp_path, catalog)) == ""


def test_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    code = main(["lint", "--content", str(tmp_path / "nope"), "--catalog", str(LINT / "rollups.yaml")])
    assert code == 2


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = str(LINT / "rollups.yaml")
    assert main(["lint", "--content", "tests/data/lint/content", "--catalog", catalog]) == 1
    assert "24 errors, 2 warnings" in capsys.readouterr().out
    assert main(["lint", "--content", "tests/data/lint/clean", "--catalog", catalog]) == 0
    assert capsys.readouterr().out == "tests/data/lint/clean: ok\n"
    (tmp_path / "index.md").write_text("# Updates\n\nSee [the matrix](/reboot-matrix/).\n")
    assert main(["lint", "--content", str(tmp_path), "--catalog", catalog]) == 0
    assert main(["lint", "--content", str(tmp_path), "--catalog", catalog, "--strict"]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path}/index.md:3:5: warning: '/reboot-matrix/' is an absolute path" in out


def test_links_the_parser_rewrites_are_found_where_written(catalog: Catalog, tmp_path: Path) -> None:
    """markdown-it percent-encodes and unescapes a target; the finding still points at the link's ``[``."""
    line = "Read [a](<no such.md>), [b](caf\u00e9.md) and [c](x\\_y.md), then"
    again = '[f](gone.md) and [g](gone.md "title") and [h](a(b)c.md).'
    page = f"# Updates\n\n{line}\n[d](<>) and [e]().\n\n{again}\n"
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    found = [(d.position.line, d.position.col) for d in lint_content(tmp_path, catalog).diagnostics]
    assert found == [
        (3, line.index("[a]") + 1),
        (3, line.index("[b]") + 1),
        (3, line.index("[c]") + 1),
        (4, 1),
        (4, 13),
        (6, 1),
        (6, again.index("[g]") + 1),
        (6, again.index("[h]") + 1),
    ]


def test_a_dead_upgrade_link_names_the_versions_that_have_a_page(tmp_path: Path) -> None:
    """The odd-policy catalog documents 4.6 to 5.14 (every row its matrix ever had), more than today's."""
    odd = load_or_raise(ROOT / "tests" / "data" / "odd-policy.yaml")
    (tmp_path / "index.md").write_text("# Updates\n\n[a](upgrade/5.7/) and [b](upgrade/5.6/).\n")
    assert format_text(lint_content(tmp_path, odd)).splitlines() == [
        f"{tmp_path}/index.md:3:1: error: dead link 'upgrade/5.7/': the site has no upgrade page for 5.7: "
        "it makes one for each version that has been a row of the reboot matrix (17 versions, 4.6 to 5.14)",
        "1 error, 0 warnings",
    ]


def test_anchors_into_generated_pages_are_checked(catalog: Catalog, tmp_path: Path) -> None:
    """A generated page's anchors are those of the page as rendered: no guess, no pass for a typo."""
    dead = "[a](reboot-matrix.md#nope), [b](supported-rollups.md#zzz), [c](upgrade/9.16.md#bogus)."
    near = "[d](upgrade/9.16/#stpe-2) and [e](rollups/32/#note)."
    alive = "[f](reboot-matrix.md#from-9-16-to-9-21), [g](upgrade/9.16/#path), [h](supported-rollups/#ur-32)."
    (tmp_path / "index.md").write_text(f"# Updates\n\n{dead}\n{near}\n{alive} [i](feed.xml#x)\n")
    assert format_text(lint_content(tmp_path, catalog)).splitlines() == [
        f"{tmp_path}/index.md:3:1: error: dead link 'reboot-matrix.md#nope': "
        "the generated page 'reboot-matrix/' has no heading or id '#nope'.",
        f"{tmp_path}/index.md:3:29: error: dead link 'supported-rollups.md#zzz': "
        "the generated page 'supported-rollups/' has no heading or id '#zzz'.",
        f"{tmp_path}/index.md:3:60: error: dead link 'upgrade/9.16.md#bogus': "
        "the generated page 'upgrade/9.16/' has no heading or id '#bogus'.",
        f"{tmp_path}/index.md:4:1: error: dead link 'upgrade/9.16/#stpe-2': "
        "the generated page 'upgrade/9.16/' has no heading or id '#stpe-2'. Did you mean 'step-2'?",
        f"{tmp_path}/index.md:4:31: error: dead link 'rollups/32/#note': "
        "the generated page 'rollups/32/' has no heading or id '#note'. Did you mean 'notes'?",
        "5 errors, 0 warnings",
    ]
