"""Real MkDocs builds: the shipped catalog, the fixture site, and builds that must fail safely."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.catalog import validate
from generator.catalog.diagnostics import RollupsError
from generator.checks.linkcheck import check_links
from generator.cli import main
from generator.engine import mkdocs_plugin
from generator.engine.mkdocs_plugin import build_site
from generator.publish.site_target import write_marker
from tests.conftest import ROOT, SEED_CATALOG, SHIPPED_CATALOG, SITE_FIXTURE
from tests.htmldoc import Node, parse

MAX_PAGE_BYTES = 60 * 1024


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the shipped catalog (the published history), built once with ``rollups build``."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    assert main(["build", "--catalog", str(SHIPPED_CATALOG), "-d", str(site)]) == 0
    return site


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the seed's era (N = 9.21), whose answers the seed page states, built once."""
    site = tmp_path_factory.mktemp("seed") / "site"
    assert main(["build", "--catalog", str(SEED_CATALOG), "-d", str(site)]) == 0
    return site


def page(site: Path, url: str) -> Node:
    return parse((site / url / "index.html").read_text(encoding="utf-8"))


def article(site: Path, url: str) -> Node:
    return next(n for n in page(site, url).iter("article"))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# --- What a new user must be able to answer ------------------------------------------


def test_supported_rollups_are_27_to_32(seed_site: Path) -> None:
    doc = article(seed_site, "supported-rollups")
    table = next(doc.iter("table"))
    rows = [tr.attrs["id"] for tr in table.iter("tr") if "id" in tr.attrs]
    assert rows == ["ur-32", "ur-31", "ur-30", "ur-29", "ur-28", "ur-27"]
    # The seed records no version for rollups 19 to 26: not "previous" (out of support), but "not recorded".
    assert doc.by_class("rollups-previous") == []
    not_recorded = [li.attrs["id"] for li in doc.by_class("rollups-not-recorded")[0].iter("li")]
    assert not_recorded == ["ur-26", "ur-25", "ur-23", "ur-22", "ur-21", "ur-20", "ur-19"]
    assert [th.text() for th in table.iter("th") if th.attrs.get("scope") == "col"] == [
        "Update rollup",
        "Provider",
        "Unified Setup",
        "OVF",
        "MARS",
    ]
    assert doc.by_id("ur-32").text() == (
        "Update Rollup 32 KB4485985 5.1.3800.0 9.21.5091.1 5.1.3800.0 2.0.9144.0"
    )
    statement = doc.by_class("rollups-statement")[0].text()
    assert "9.17 (N-4) is the oldest supported version" in statement
    assert "Supported update rollups: Update Rollup 27 to Update Rollup 32." in statement


def test_reboot_matrix_row_for_9_16_is_the_seeds(seed_site: Path) -> None:
    doc = article(seed_site, "reboot-matrix")
    answers = {t: doc.by_id(f"from-9-16-to-9-{t}").text() for t in (18, 19, 20, 21)}
    assert answers == {
        18: "Not mandatory",
        19: "Not mandatory",
        20: "Not mandatory",
        21: "Yes, first upgrade to 9.20, then reboot before upgrading to 9.21",
    }
    row = doc.by_id("from-9-16")
    header = next(row.iter("th"))
    assert header.attrs["scope"] == "row"
    assert header.text() == "9.16"
    table = next(doc.iter("table"))
    assert next(table.iter("caption")).text() == "Is a reboot mandatory?"
    columns = [th.text() for th in table.iter("th") if th.attrs.get("scope") == "col"]
    assert columns[1:] == ["Upgrading to 9.18", "Upgrading to 9.19", "Upgrading to 9.20", "Upgrading to 9.21"]
    not_applicable = doc.by_id("from-9-20-to-9-18")
    assert not_applicable.by_class("rollups-sr-only")[0].text() == "Not applicable: already on 9.18 or later"


def test_upgrade_page_for_9_16(seed_site: Path) -> None:
    doc = article(seed_site, "upgrade/9.16")
    steps = [li.text() for li in doc.by_class("rollups-steps")[0].iter("li")]
    assert steps == [
        "Upgrade to 9.20: install Update Rollup 31.",
        "Reboot the machine on 9.20 before upgrading to 9.21. Mandatory: the last reboot was on 9.16, "
        "and 9.21 is 5 versions above it, more than 4.",
        "Upgrade to 9.21: install Update Rollup 32.",
    ]
    assert doc.by_id("step-2").has_class("rollups-step--reboot")
    status = doc.by_class("rollups-status")[0].text()
    assert status.startswith("9.16 is out of support since Update Rollup 32.")
    assert doc.by_id("last-reboot-9-13").text() == (
        "9.13 9.16 -> reboot -> 9.20 -> reboot -> 9.21 before 9.20 and 9.21"
    )
    procedures = [a.text() for a in doc.by_class("rollups-procedures")[0].iter("a")]
    assert "Between an on-premises VMware or physical site and Azure" in procedures


def test_vmware_procedure_order(seed_site: Path) -> None:
    doc = article(seed_site, "scenarios/vmware-to-azure")
    steps = [li.text() for li in doc.by_class("rollups-steps")[0].iter("li")]
    assert len(steps) == 3
    assert steps[0].startswith("Install the update on your on-premises management server first")
    assert steps[1] == "If you have scale-out process servers, update them next."
    assert "This updates the Mobility agent on every protected VM." in steps[2]


def test_overview_states_the_policy_from_data(seed_site: Path) -> None:
    doc = article(seed_site, "")
    text = doc.text()
    assert "Data as of Update Rollup 32." in text
    important = [n.text() for n in doc.by_class("admonition") if n.has_class("important")]
    assert important[0].startswith(
        "Important With every new version N of a Site Recovery component, all versions below N-4 are "
        "out of support: N-4 is the oldest supported version. As of Update Rollup 32, N is 9.21, so the "
        "supported versions are 9.17 to 9.21."
    )
    assert "from 9.16, one upgrade reaches 9.20 at most, so first upgrade to 9.20 and then to 9.21" in text
    assert "upgrading to 9.21: Yes, first upgrade to 9.20, then reboot before upgrading to 9.21." in text
    assert "> [!" not in text


# --- The site as a whole ------------------------------------------------------------------


def test_every_page_states_its_data_and_stays_light(shipped_site: Path) -> None:
    pages = html_pages(shipped_site)
    # The overview, the planner, the feeds page and 118 generated ones: the supported rollups, the
    # matrix, three indexes, 57 rollups, 6 scenarios and 50 upgrade pages (9.14 to 9.63: every row the
    # reboot matrix has had since rollup 27).
    assert len(pages) == 121
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) < MAX_PAGE_BYTES, path
        as_of = parse(html).by_class("rollups-as-of")
        assert as_of[0].text().startswith("Data as of Update Rollup 76."), path


def test_nothing_is_loaded_from_another_host(shipped_site: Path) -> None:
    for path in html_pages(shipped_site):
        doc = parse(path.read_text(encoding="utf-8"))
        for node in doc.iter():
            url = node.attrs.get("src") or (node.attrs.get("href") if node.tag == "link" else None)
            if url:
                assert not urlsplit(url).netloc, f"{path}: <{node.tag}> loads {url}"
    css = (shipped_site / "assets" / "stylesheets").glob("*.css")
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in css)


def test_every_internal_link_and_anchor_resolves(shipped_site: Path) -> None:
    report = check_links(shipped_site)
    assert report.broken == [], "\n".join(map(str, report.broken))
    assert report.pages == 121


def test_search_index_dark_mode_and_no_version_selector(shipped_site: Path) -> None:
    index = json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("rollups/76/") for doc in index["docs"])
    doc = page(shipped_site, "")
    schemes = {n.attrs.get("data-md-color-scheme") for n in doc.iter("input")}
    assert {"default", "slate"} <= schemes
    config = json.loads(doc.by_id("__config").text())
    assert config["version"] is None


def test_nav_stays_short(shipped_site: Path) -> None:
    doc = page(shipped_site, "upgrade/9.16")
    nav = next(n for n in doc.iter("nav") if n.has_class("md-nav--primary"))
    links = [a.text() for a in nav.iter("a") if a.has_class("md-nav__link")]
    assert links == [
        "Overview",
        "Supported rollups",
        "Reboot matrix",
        "Upgrade paths",
        "Update rollups",
        "Procedures",
        "Upgrade planner",
        "Feeds and API",
    ]


def test_content_holds_only_the_prose() -> None:
    assert sorted(p.name for p in (ROOT / "content").rglob("*") if p.is_file()) == ["index.md"]


# --- The fixture site and failing builds ---------------------------------------------------


def test_strict_build_of_the_fixture_site(tmp_path: Path) -> None:
    build_site(tmp_path / "site", config_file=ROOT / "mkdocs.yml", catalog=SITE_FIXTURE)
    doc = article(tmp_path / "site", "reboot-matrix")
    assert doc.by_id("from-2-5-to-2-12").text() == (
        "Yes, first upgrade to 2.9, then reboot before upgrading to 2.12"
    )
    assert article(tmp_path / "site", "upgrade/1.5").by_class("rollups-nopath")
    assert (tmp_path / "site" / "assets" / "stylesheets" / "rollups.css").is_file()
    # The fixture dates some rollups to the day: every page offers the feed and the calendar.
    assert offered_feeds(tmp_path / "site", "upgrade/1.5") == {
        "application/atom+xml": "../../feed.xml",
        "text/calendar": "../../support.ics",
    }
    assert offered_feeds(tmp_path / "site", "") == {
        "application/atom+xml": "./feed.xml",
        "text/calendar": "./support.ics",
    }
    not_found = parse((tmp_path / "site" / "404.html").read_text(encoding="utf-8"))
    hrefs = [
        n.attrs["href"]
        for n in next(not_found.iter("head")).iter("link")
        if n.attrs.get("rel") == "alternate"
    ]
    assert hrefs == ["/feed.xml", "/support.ics"]  # not "//feed.xml": a host named feed.xml


def offered_feeds(site: Path, url: str) -> dict[str, str]:
    """The ``<link rel="alternate">`` of a page's head: type -> href."""
    head = next(page(site, url).iter("head"))
    links = (n for n in head.iter("link") if n.attrs.get("rel") == "alternate")
    return {n.attrs["type"]: n.attrs["href"] for n in links}


def test_an_empty_feed_or_calendar_is_not_offered(tmp_path: Path) -> None:
    """The seed dates no rollup: the files exist (their addresses keep working), no page offers them."""
    site = tmp_path / "seed-site"
    assert main(["build", "--catalog", str(SEED_CATALOG), "-d", str(site)]) == 0
    assert (site / "feed.xml").is_file() and (site / "support.ics").is_file()
    for url in ("", "upgrade/9.16", "feeds"):
        assert offered_feeds(site, url) == {}
    not_found = parse((site / "404.html").read_text(encoding="utf-8"))
    assert not [n for n in next(not_found.iter("head")).iter("link") if n.attrs.get("rel") == "alternate"]


def test_the_real_history_offers_its_feed(shipped_site: Path) -> None:
    """The shipped history dates its rollups (by month at least): every page offers the feed."""
    for url in ("", "upgrade/9.16", "feeds"):
        assert offered_feeds(shipped_site, url)["application/atom+xml"].endswith("/feed.xml")


def _previous_site(tmp_path: Path) -> Path:
    """A site a previous build wrote (it carries the marker)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    write_marker(site)
    return site


def _left_intact(site: Path) -> None:
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    scratch = [p.name for p in site.parent.iterdir() if p.name.startswith(".") and p.name != ".site.lock"]
    assert scratch == []


def _bad_catalog(tmp_path: Path) -> Path:
    text = SEED_CATALOG.read_text(encoding="utf-8").replace(": 9.21.5091.1", ": 9.21 .5091.1", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    return bad


def test_bad_catalog_stops_rollups_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _previous_site(tmp_path)
    bad = _bad_catalog(tmp_path)
    assert main(["build", "--catalog", str(bad), "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:52:22: error: malformed version '9.21 .5091.1'" in err
    assert "Traceback" not in err
    _left_intact(site)


def test_bad_catalog_stops_the_plugin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RollupsError, match="Aborted with a BuildError"):
        build_site(tmp_path / "out", config_file=ROOT / "mkdocs.yml", catalog=_bad_catalog(tmp_path))
    err = capsys.readouterr().err
    assert "the catalog has errors:" in err
    assert "bad.yaml:52:22: error: malformed version '9.21 .5091.1'" in err


def _config_with_content(tmp_path: Path, index: str) -> Path:
    """A copy of mkdocs.yml whose prose is one page with the given text."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text(index, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    config["plugins"][1]["rollups"]["catalog"] = str(SHIPPED_CATALOG)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_failed_mkdocs_build_leaves_the_previous_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _previous_site(tmp_path)
    config = _config_with_content(tmp_path, "# Home\n\nSee [the missing page](missing.md).\n")
    assert main(["build", "-f", str(config), "--catalog", str(SHIPPED_CATALOG), "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert "'missing.md'" in err  # MkDocs' own warning
    assert "content/index.md:3:5: error: dead link" in err  # the lint's, with line and column
    assert err.endswith(
        "error: the site build failed: Aborted with 2 warnings in strict mode! The warnings are the "
        "WARNING lines above; fix them, or pass --no-strict to build anyway.\n"
    )
    assert "WARNING -  Doc file 'index.md' contains a link 'missing.md'" in err  # they are above, so named
    _left_intact(site)
    anyway = tmp_path / "anyway"
    assert (
        main(
            ["build", "-f", str(config), "--catalog", str(SHIPPED_CATALOG), "-d", str(anyway), "--no-strict"]
        )
        == 0
    )
    assert (anyway / "index.html").is_file()


def test_prose_template_error_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config_with_content(tmp_path, "# Home\n\nN is {{ site.lastest }}.\n")
    with pytest.raises(RollupsError):
        build_site(tmp_path / "out", config_file=config)
    err = capsys.readouterr().err
    assert f"{tmp_path / 'content' / 'index.md'}:3:1: error: template error:" in err
    assert "lastest" in err


def test_rebuild_replaces_the_previous_site(tmp_path: Path) -> None:
    site = _previous_site(tmp_path)
    shutil.copy(SITE_FIXTURE, tmp_path / "catalog.yaml")
    assert main(["build", "--catalog", str(tmp_path / "catalog.yaml"), "-d", str(site)]) == 0
    assert "Update Rollup 9" in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "catalog.yaml", "site"]


def test_rollups_build_reads_the_catalog_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rollups build` validates the catalog first, to print every problem; the plugin builds
    from that catalog instead of reading and validating the file again."""
    read: list[Path] = []
    real_load = validate.load

    def load(path: Path, display: str | None = None, today: dt.date | None = None) -> validate.Located:
        read.append(path)
        return real_load(path, display, today)

    monkeypatch.setattr(validate, "load", load)
    monkeypatch.setattr(mkdocs_plugin, "load", load)
    assert main(["build", "--catalog", str(SITE_FIXTURE), "-d", str(tmp_path / "site")]) == 0
    assert read == [SITE_FIXTURE]


def test_a_snapshot_lints_its_prose_as_of_its_rollup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Prose naming a later rollup is fine today, wrong in the snapshot of an older one."""
    config = _config_with_content(tmp_path, "# Home\n\nSee Update Rollup 31 for details.\n")
    args = ["build", "-f", str(config), "--catalog", str(SHIPPED_CATALOG)]
    assert main([*args, "-d", str(tmp_path / "now")]) == 0
    assert main([*args, "--as-of", "28", "-d", str(tmp_path / "ur-28")]) == 1
    err = capsys.readouterr().err
    expected = (
        "content/index.md:3:5: error: 'Update Rollup 31' is not in the catalog: the newest rollup is 28"
    )
    assert expected in err


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_rollup_the_catalog_lacks_is_a_usage_error_before_anything_is_written(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out"
    where = ["-d", str(target)] if command == "build" else [str(target)]
    assert main([command, "--catalog", str(SITE_FIXTURE), *where, "--as-of", "10"]) == 2
    assert capsys.readouterr().err == (
        "error: there is no rollup 10 in the catalog; its rollups are 1 to 9\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []
