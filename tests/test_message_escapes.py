"""Messages show the paths and names they repeat escaped, whether they are one line or several.

A file or folder named with a line feed could forge lines of a report
(``x.yaml:1:1: error: ...``), and one named with an escape sequence could
colour the terminal or move its cursor. Every message that names a path or
repeats text read from an input shows it with
:func:`generator.catalog.characters.shown` (or :func:`~.escaped`); a message
meant to span several lines (a catalog report, a failed build) keeps its own
line breaks only. Every hostile name is made inside ``tmp_path``.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
from pathlib import Path

import pytest

from generator.__main__ import report_bug
from generator.catalog.characters import escaped, escaped_lines, shown
from generator.catalog.diagnostics import Diagnostic, Position, Report, Severity, format_github
from generator.checks.kb_check import Answer, KbLink, LinkStatus
from generator.cli import main
from generator.publish import in_place, journal
from generator.publish.scale import CatalogTooLarge, check_scale
from generator.publish.versioned_site import ForeignEntry, link_tree
from tests.conftest import ROOT, SITE_FIXTURE

NAME = "two\nlines \x1b[31mred\x1b[0m \r"
"""A line feed to forge a line, escape sequences to colour the terminal, a carriage return to overwrite it."""
SHOWN = "two\\nlines \\x1b[31mred\\x1b[0m \\r"
SEED_PAGE = ROOT / "tests" / "data" / "legacy" / "service-updates-2019.md"
LINES_CATALOG = ROOT / "tests" / "data" / "lines.yaml"


def clean(text: str) -> str:
    """``text``, which must hold no escape sequence nor carriage return: what a terminal shows as written."""
    assert "\x1b" not in text and "\r" not in text, text
    return text


def test_the_escapes_escape_once() -> None:
    assert shown(NAME) == SHOWN
    assert escaped(SHOWN) == SHOWN  # escaping what is escaped changes nothing: never "\\\\n"
    assert escaped_lines(f"first {SHOWN}\nsecond \x1b[2J") == f"first {SHOWN}\nsecond \\x1b[2J"


# --- Reports: PATH:LINE:COL: message ---------------------------------------------------------------


def test_a_catalog_report_names_its_file_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / f"{NAME}.yaml"
    catalog.write_text("product: 3\n", encoding="utf-8")
    assert main(["validate", "--catalog", str(catalog)]) == 1
    out = clean(capsys.readouterr().out)
    lines = out.splitlines()
    assert len(lines) >= 3
    assert all(line.startswith(f"{tmp_path}/{SHOWN}.yaml:") for line in lines[:-1]), lines
    assert lines[-1].endswith(" warnings") or lines[-1].endswith(" warning")
    assert main(["validate", "--catalog", str(catalog), "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert all(line.startswith("::error file=") for line in clean(out).splitlines())
    assert clean(err) == f"{tmp_path}/{SHOWN}.yaml: {lines[-1]}\n"
    shutil.copy(LINES_CATALOG, catalog)  # no warning either
    assert main(["validate", "--catalog", str(catalog)]) == 0
    assert clean(capsys.readouterr().out) == f"{tmp_path}/{SHOWN}.yaml: ok\n"


def test_a_message_of_several_lines_keeps_its_lines_only() -> None:
    """A validator's message may end with an example of several lines; a value in it is escaped already,
    and nothing else in it can reach the terminal as a control character."""
    message = "Expected a mapping. For example:\n  policy:\n    track: agent \x1b[31m"
    diagnostic = Diagnostic(Position(f"{NAME}.yaml", 2, 3), Severity.ERROR, message)
    assert str(diagnostic) == (
        f"{SHOWN}.yaml:2:3: error: Expected a mapping. For example:\n  policy:\n    track: agent \\x1b[31m"
    )
    github = format_github(Report([diagnostic]))
    assert github == (
        f"::error file={SHOWN}.yaml,line=2,col=3::Expected a mapping. For example:%0A  policy:%0A"
        "    track: agent \\x1b[31m"
    )


def test_an_import_names_the_page_and_the_catalog_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / f"{NAME}.md"
    shutil.copy(SEED_PAGE, page)
    output = tmp_path / f"{NAME}.yaml"
    assert main(["import", str(page), "-o", str(output)]) == 0
    lines = clean(capsys.readouterr().err).splitlines()
    assert lines[-1] == (
        f"imported 13 rollups, 4 components and 5 scenarios from {tmp_path}/{SHOWN}.md into "
        f"{tmp_path}/{SHOWN}.yaml: it validates"
    )
    assert lines[-2] == "5 errors, 12 warnings"
    assert all(line.startswith(f"{tmp_path}/{SHOWN}.md:") for line in lines[:-2]), lines
    assert main(["import", str(page), "-o", str(output)]) == 2
    assert clean(capsys.readouterr().err) == (
        f"error: {tmp_path}/{SHOWN}.yaml exists; pass --force to overwrite it\n"
    )


def test_lint_names_its_folder_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / NAME
    content.mkdir()
    (content / "index.md").write_text("# Notes\n\nNothing to check.\n", encoding="utf-8")
    assert main(["lint", "--content", str(content), "--catalog", str(SITE_FIXTURE)]) == 0
    assert clean(capsys.readouterr().out) == f"{tmp_path}/{SHOWN}: ok\n"
    (content / f"{NAME}.md").write_text("[away](missing.md)\n", encoding="utf-8")
    assert main(["lint", "--content", str(content), "--catalog", str(SITE_FIXTURE)]) == 1
    lines = clean(capsys.readouterr().out).splitlines()
    assert lines[0].startswith(f"{tmp_path}/{SHOWN}/{SHOWN}.md:1:"), lines
    assert len(lines) == 2  # the broken link and the count


# --- The link checks -------------------------------------------------------------------------------


def test_check_links_names_pages_and_links_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / NAME
    site.mkdir()
    assert main(["check-links", str(site)]) == 2
    assert clean(capsys.readouterr().err) == (
        f"error: {tmp_path}/{SHOWN}: no HTML page to check; name the folder a build wrote "
        "(rollups build -d SITE)\n"
    )
    (site / f"{NAME}.html").write_text('<a href="gone\x1b[31m.html#x">away</a>\n', encoding="utf-8")
    assert main(["check-links", str(site)]) == 1
    assert clean(capsys.readouterr().out).splitlines() == [
        f"{SHOWN}.html: gone\\x1b[31m.html#x: no file gone\\x1b[31m.html",
        "1 page, 1 internal link, 1 broken",
    ]


def test_what_a_server_said_about_a_kb_link_is_escaped() -> None:
    link = KbLink(32, "https://support.example.com/kb/1", Position("rollups.yaml", 3, 9))
    answer = Answer(404, f"https://evil.example/{NAME}", error=f"Not Found {NAME}")
    assert clean(LinkStatus(link, answer, "HEAD").describe()) == (
        f"404 (Not Found {SHOWN}), redirected to https://evil.example/{SHOWN}"
    )


# --- Building and publishing -----------------------------------------------------------------------


def test_a_catalog_too_large_is_named_escaped(tmp_path: Path) -> None:
    catalog = tmp_path / f"{NAME}.yaml"
    shutil.copy(SITE_FIXTURE, catalog)
    with pytest.raises(CatalogTooLarge) as raised:
        check_scale(catalog, limit=1)
    assert clean(str(raised.value)).startswith(f"{tmp_path}/{SHOWN}.yaml: the catalog holds ")
    assert "\n" not in str(raised.value)


def test_a_snapshot_holding_something_else_is_named_escaped(tmp_path: Path) -> None:
    source = tmp_path / "ur-2"
    source.mkdir()
    os.mkfifo(source / NAME)
    with pytest.raises(ForeignEntry) as raised:
        link_tree(source, tmp_path / "copy")
    assert str(raised.value) == f"{source}/{SHOWN}: expected a folder or a file, but found something else"


def test_what_an_undone_update_could_not_put_back_is_named_escaped(tmp_path: Path) -> None:
    site, undo = tmp_path / "site", tmp_path / NAME
    site.mkdir()
    undo.mkdir()
    for top in (site, undo):
        (top / NAME).write_text("x\n", encoding="utf-8")
    [problem] = in_place._put_back(site, undo)
    assert problem == (f"{site}/{SHOWN}: in the way of the previous {SHOWN}, kept in {tmp_path}/{SHOWN}")


def test_a_folder_that_cannot_be_removed_is_named_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "left"
    folder.mkdir()
    (folder / NAME).write_text("x\n", encoding="utf-8")

    def undeletable(path: str | Path, onerror: object = None, onexc: object = None, **_: object) -> None:
        error = PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(Path(path) / NAME))
        if callable(onexc):
            onexc(os.unlink, error.filename, error)
        elif callable(onerror):
            onerror(os.unlink, error.filename, (PermissionError, error, None))

    monkeypatch.setattr(shutil, "rmtree", undeletable)
    assert journal.remove_tree(folder) == f"{folder}/{SHOWN}: Operation not permitted"


def test_a_configuration_without_the_plugin_is_named_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / f"{NAME}.yml"
    config.write_text("site_name: Plain\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    args = ["build", "-f", str(config), "--catalog", str(SITE_FIXTURE), "-d", str(tmp_path / "site")]
    assert main(args) == 1
    assert clean(capsys.readouterr().err) == (
        f"error: {tmp_path}/{SHOWN}.yml does not enable the 'rollups' plugin\n"
    )


# --- The command line ------------------------------------------------------------------------------


def test_an_unknown_scenario_is_repeated_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "9.16", "--scenario", NAME, "--catalog", str(ROOT / "data" / "rollups.yaml")]) == 2
    err = clean(capsys.readouterr().err)
    assert err.startswith(f"error: there is no scenario '{SHOWN}'.")
    assert err.count("\n") == 1


def test_a_bug_report_is_one_line_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROLLUPS_DEBUG", raising=False)
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    report_bug(RuntimeError(f"bad {NAME}"))
    assert clean(err.getvalue()).startswith(
        "error: unexpected RuntimeError (bad two lines \\x1b[31mred\\x1b[0m)."
    )
    assert err.getvalue().count("\n") == 1


def test_mkdocs_messages_about_a_content_page_stay_under_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs names a page of ``content/`` as it is: its line feed goes on an indented line of the same
    message, its escape sequences are shown escaped; our lint's report of the same link names it escaped."""
    project = tmp_path / "project"
    assert main(["new", str(project)]) == 0
    (project / "content" / f"{NAME}.md").write_text("# Notes\n\n[away](missing.md)\n", encoding="utf-8")
    capsys.readouterr()
    config = project / "mkdocs.yml"
    assert (
        main(
            [
                "build",
                "-f",
                str(config),
                "--catalog",
                str(project / "data" / "rollups.yaml"),
                "-d",
                str(tmp_path / "site"),
            ]
        )
        == 1
    )
    lines = clean(capsys.readouterr().err).splitlines()
    assert all(line.startswith(("WARNING -  ", " " * 11, "error: ")) for line in lines), lines
    assert (
        f"WARNING -  rollups: {project}/content/{SHOWN}.md:3:1: error: dead link 'missing.md'"
        in "\n".join(lines)
    )
