"""Golden tests: each hand-written page under tests/data/legacy/ -> the catalog and the diagnostics.

``PAGE.md`` gives ``PAGE.expected.yaml`` (the catalog ``rollups import`` writes)
and ``PAGE.expected.txt`` (every defect reported, as ``rollups import`` prints
them). Rewrite them on purpose with ``pytest --update-goldens``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator.adoption.importing.importer import import_page
from generator.catalog.diagnostics import format_text
from generator.catalog.validate import load
from generator.policy.rules import NoPath, UpgradePath, matrix_rows, plan_upgrade, reboot_matrix, snapshots

ROOT = Path(__file__).resolve().parent.parent
Golden = Callable[[Path, str], None]
LEGACY = ROOT / "tests" / "data" / "legacy"
PAGES = sorted(p for p in LEGACY.glob("*.md"))


def _import(page: Path) -> tuple[str, str]:
    expected = page.with_suffix(".expected.yaml")
    result = import_page(page, page.relative_to(ROOT).as_posix(), expected.relative_to(ROOT).as_posix())
    assert result.text is not None
    return result.text, format_text(result.report) + "\n"


def test_the_fixture_pages_are_there() -> None:
    assert [p.name for p in PAGES] == [
        "correctifs-fr.md",
        "defects.md",
        "guncellestirmeler-tr.md",
        "na-and-two-values.md",
        "rollups-2017.md",
        "service-updates-2019-headings-de.md",
        "service-updates-2019-headings-fr-two-unknown.md",
        "service-updates-2019-headings-ja-two-unknown.md",
        "service-updates-2019-headings-ja.md",
        "service-updates-2019.md",
        "service-updates-de.md",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_import_matches_golden(page: Path, golden: Golden) -> None:
    catalog, diagnostics = _import(page)
    golden(page.with_suffix(".expected.yaml"), catalog)
    golden(page.with_suffix(".expected.txt"), diagnostics)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_imported_catalog_validates(page: Path) -> None:
    """Every catalog the import writes passes ``rollups validate`` with no error."""
    result = import_page(page)
    assert result.catalog_errors == 0
    assert result.catalog is not None
    located = load(page.with_suffix(".expected.yaml"))
    assert located.report.errors == []
    assert located.catalog == result.catalog


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_imported_text_is_plain_yaml(page: Path) -> None:
    """The comments are comments: PyYAML reads the same five sections the validator does."""
    result = import_page(page)
    assert result.text is not None
    data = yaml.safe_load(result.text)
    assert list(data) == ["product", "policy", "components", "rollups", "scenarios"]
    assert [r["number"] for r in data["rollups"]] == sorted(
        (r["number"] for r in data["rollups"]), reverse=True
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_imported_catalog_answers_every_policy_question(page: Path) -> None:
    """What the site computes for its pages works on every imported catalog: every snapshot,
    its reboot matrix, and an upgrade answer (a path or the reason there is none) for every row."""
    catalog = import_page(page).catalog
    assert catalog is not None
    for snap in snapshots(catalog):
        matrix = reboot_matrix(snap)
        assert matrix.targets
        for row in matrix_rows(snap):
            assert isinstance(plan_upgrade(snap, row), UpgradePath | NoPath)


SEED = LEGACY / "service-updates-2019.md"
TRANSLATED_HEADINGS = {
    "service-updates-2019-headings-de.md": ["provider", "unified_setup", "vorlage", "mars"],
    "service-updates-2019-headings-fr-two-unknown.md": ["provider", "agent_de_mobilite", "modele", "mars"],
    "service-updates-2019-headings-ja.md": ["purobaida", "settoappu", "ovf", "mars"],
    "service-updates-2019-headings-ja-two-unknown.md": ["purobaida", "mobiriti_ejento", "tenpureto", "mars"],
}
"""The seed with its table's headings translated -> the component id of each version column, in order."""


@pytest.mark.parametrize("name", sorted(TRANSLATED_HEADINGS))
def test_translated_headings_give_the_seeds_catalog_under_their_own_ids(name: str) -> None:
    """Only the headings differ from the seed: every column is its own component, the tracked one is
    the agent's build line (the second column), and every value is the seed's, under the new ids."""
    seed, translated = import_page(SEED).catalog, import_page(LEGACY / name).catalog
    assert seed is not None and translated is not None
    ids = TRANSLATED_HEADINGS[name]
    renamed = dict(zip([c.id for c in seed.components], ids, strict=True))
    assert [c.id for c in translated.components] == ids
    assert translated.policy == replace(seed.policy, track=renamed[seed.policy.track])
    assert translated.policy.track == ids[1]
    assert [(r.number, r.kb, r.released) for r in translated.rollups] == [
        (r.number, r.kb, r.released) for r in seed.rollups
    ]
    assert [r.versions for r in translated.rollups] == [
        {renamed[cid]: shipment for cid, shipment in r.versions.items()} for r in seed.rollups
    ]
