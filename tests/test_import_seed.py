"""The real hand-written page of January 2019: what the import finds in it, and how close it gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.adoption.importing.importer import ImportResult, import_page
from generator.catalog.diagnostics import Severity
from generator.catalog.model import AgentVersion, Catalog, Shipment, Version
from generator.policy.rules import UpgradePath, plan_upgrade, snapshot

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "legacy" / "service-updates-2019.md"
NAME = "service-updates-2019.md"


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return import_page(SEED, NAME)


def _catalog(result: ImportResult) -> Catalog:
    assert result.catalog is not None
    return result.catalog


def test_every_defect_a_careful_reader_finds(imported: ImportResult) -> None:
    found = [(d.position.line, d.severity, d.message) for d in imported.report]
    expected = [
        (30, Severity.WARNING, "the support statements disagree on whether N-4 itself is supported"),
        (
            103,
            Severity.ERROR,
            "this table will not render on GitHub or DocFX: the header row has 3 cells but "
            "the delimiter row has 4; they must match (it shows as plain text with pipes, lines 102-107)",
        ),
        (
            116,
            Severity.ERROR,
            "the link text 'Update Rollup 32' names rollup 32, but the link points at the "
            "article of update rollup 31",
        ),
        (116, Severity.ERROR, "rollup 32 links to KB 4478871, which rollup 31 also links to (line 117)"),
        (
            119,
            Severity.WARNING,
            "Unified Setup 9.19.4973.1 in rollup 29 is the build rollup 28 already shipped (line 120)",
        ),
        (
            119,
            Severity.ERROR,
            "OVF 5.1.3700.0 in rollup 29 is higher than 5.1.3650.0 in the newer rollup 30 (line 118)",
        ),
        (120, Severity.WARNING, "the link text 'Update Rollup 28 ' has a space inside its brackets"),
        (
            120,
            Severity.ERROR,
            "malformed version '5.1.3600 .0' for Provider in rollup 28 (it contains a space)",
        ),
        (127, Severity.WARNING, "no rollup 24 between rollups 25 and 23"),
    ]
    for line, severity, start in expected:
        assert any(f[0] == line and f[1] is severity and f[2].startswith(start) for f in found), start
    unshaped = [f[0] for f in found if "does not end with '|' as the header row does" in f[2]]
    assert unshaped == [106, 107, 116, 117, 118, 119, 120, 121]
    assert len(found) == len(expected) + len(unshaped)


def test_rollups_and_versions_match_the_seed_catalog(imported: ImportResult, seed: Catalog) -> None:
    """Only the two values the page gets provably wrong, and cannot tell right, differ."""
    catalog = _catalog(imported)
    assert [r.number for r in catalog.rollups] == [r.number for r in seed.rollups]
    assert [r.number for r in catalog.rollups] == [32, 31, 30, 29, 28, 27, 26, 25, 23, 22, 21, 20, 19]
    assert [c.id for c in catalog.components] == [c.id for c in seed.components]
    differences: dict[tuple[int, str], tuple[object, object]] = {}
    for mine, theirs in zip(catalog.rollups, seed.rollups, strict=True):
        if mine.kb != theirs.kb:
            differences[(mine.number, "kb")] = (mine.kb, theirs.kb)
        for component in sorted(set(mine.versions) | set(theirs.versions)):
            if mine.versions.get(component) != theirs.versions.get(component):
                differences[(mine.number, component)] = (
                    mine.versions.get(component),
                    theirs.versions.get(component),
                )
    assert differences == {
        # The page links rollup 32 to rollup 31's article; rollup 32's own (KB 4485985) is not on the
        # page, so the import leaves the link out (commented) where the seed-era catalog has the right one.
        (32, "kb"): (
            None,
            "https://support.microsoft.com/help/4485985/update-rollup-32-for-azure-site-recovery",
        ),
        # The page's 5.1.3700.0 is higher than rollup 30's 5.1.3650.0; the import cannot tell which of
        # the two is wrong, keeps the newer rollup's and leaves this one out, where the seed-era catalog
        # corrects it to the Provider's build.
        (29, "ovf"): (None, Shipment(Version.parse("5.1.3650.0"))),
    }
    # "5.1.3600 .0" is read with its stray space removed, as the seed-era catalog corrected it.
    assert catalog.rollup(28).versions["provider"] == Shipment(Version.parse("5.1.3600.0"))


def test_policy_matches_the_seed_catalog(imported: ImportResult, seed: Catalog) -> None:
    assert _catalog(imported).policy == seed.policy


def test_the_imported_catalog_answers_the_seed_question(imported: ImportResult) -> None:
    snap = snapshot(_catalog(imported))
    assert snap.latest == AgentVersion(9, 21)
    assert [r.number for r in snap.supported_rollups] == [32, 31, 30, 29, 28, 27]
    path = plan_upgrade(snap, AgentVersion(9, 16))
    assert isinstance(path, UpgradePath)
    assert path.as_text() == "9.16 -> 9.20 -> reboot -> 9.21"


def test_untrusted_values_are_commented_out_with_the_reason(imported: ImportResult) -> None:
    text = imported.text
    assert text is not None
    assert (
        "    # The page links rollup 32 to the article of update rollup 31 (page line 116); "
        "find rollup 32's\n"
        "    # own article.\n"
        "    # kb: https://support.microsoft.com/help/4478871/update-rollup-31-for-azure-site-recovery\n"
    ) in text
    assert "      # ovf: 5.1.3700.0\n" in text
    assert "      # The page says '5.1.3600 .0', with a stray space (page line 120).\n" in text


def test_the_seed_copy_is_the_real_page() -> None:
    # shared/ stands beside the checkout (CI, /work/main) or beside its worktree folder.
    candidates = [base / "shared" / "seed" / "service-updates-2019.md" for base in ROOT.parents[:2]]
    shared = next((path for path in candidates if path.exists()), None)
    if shared is None:
        pytest.skip("the shared seed is not beside this checkout")
    assert SEED.read_bytes() == shared.read_bytes()


def test_the_imported_catalog_builds_the_site(imported: ImportResult, tmp_path: Path) -> None:
    """Done when: the catalog imported from the old page builds the site, strictly."""
    from generator.engine.mkdocs_plugin import build_site  # MkDocs is loaded only for a build

    assert imported.text is not None
    catalog = tmp_path / "rollups.yaml"
    catalog.write_text(imported.text, encoding="utf-8")
    build_site(tmp_path / "site", config_file=ROOT / "mkdocs.yml", catalog=catalog)
    upgrade = (tmp_path / "site" / "upgrade" / "9.16" / "index.html").read_text(encoding="utf-8")
    assert "9.20" in upgrade and "9.21" in upgrade
    assert (tmp_path / "site" / "rollups" / "19" / "index.html").exists()
