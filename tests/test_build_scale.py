"""A catalog too large to build is refused up front, naming the bound, before anything is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import scale
from tests.conftest import ROOT, SHIPPED_CATALOG, VERSIONS_FIXTURE


def test_the_rollups_are_counted_from_the_yaml_events() -> None:
    assert scale.count_rollups(SHIPPED_CATALOG.read_text(encoding="utf-8")) == 57  # 19 to 76, no 24
    assert scale.count_rollups(VERSIONS_FIXTURE.read_text(encoding="utf-8")) == 4


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("rollups: [{number: 2}, {number: 1}]\n", 2),
        ("rollups: []\n", 0),
        ("product: {rollups: [1, 2, 3]}\nrollups:\n  - number: 1\n", 1),  # only the top-level list
        ("scenarios:\n  - rollups: [1, 2]\nrollups:\n  - 1\n  - [2]\n  - {a: b}\n", 3),
        ("? [complex, key]\n: 1\nrollups: [1, 2]\n", 2),
        ("rollups: {number: 1}\n", None),  # not a list: the validator says so
        ("- rollups: [1]\n", None),  # not a mapping
        ("product: x\n", None),
        ("rollups: [1, 2\n", None),  # not YAML
        ("", None),
    ],
)
def test_what_is_counted(text: str, count: int | None) -> None:
    assert scale.count_rollups(text) == count


def test_the_bound_is_4000_rollups(tmp_path: Path) -> None:
    """Pages and the JSON API grow linearly with the rollups (tests/test_page_size.py,
    tests/test_api_long_paths.py): one snapshot of 4,000 rollups measured at 0.55 GB."""
    assert (scale.MAX_ROLLUPS, scale.MEMORY_BOUND_GB) == (4_000, 0.8)
    catalog = tmp_path / "rollups.yaml"
    for count, refused in [(4_000, False), (4_001, True)]:
        entries = "".join(f"  - number: {n}\n    versions: {{agent: 1.{n}.0}}\n" for n in range(count, 0, -1))
        catalog.write_text(f"product: {{name: x}}\nrollups:\n{entries}", encoding="utf-8")
        if not refused:
            scale.check_scale(catalog)
            continue
        with pytest.raises(scale.CatalogTooLarge, match=r"holds 4,001 rollups, .* at most 4,000, .* 0\.8 GB"):
            scale.check_scale(catalog)


def test_ten_thousand_rollups_are_counted(tmp_path: Path) -> None:
    entries = "".join(f"  - number: {n}\n    versions: {{agent: 1.{n}.0}}\n" for n in range(10_000, 0, -1))
    assert scale.count_rollups(f"product: {{name: x}}\nrollups:\n{entries}") == 10_000


@pytest.mark.parametrize("versioned", [False, True])
def test_a_catalog_beyond_the_bound_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], versioned: bool
) -> None:
    monkeypatch.setattr(scale, "MAX_ROLLUPS", 3)
    catalog = tmp_path / "rollups.yaml"
    shutil.copy(VERSIONS_FIXTURE, catalog)
    out = tmp_path / "out"
    out.mkdir()
    args = ["build", "-f", str(ROOT / "mkdocs.yml"), "--catalog", str(catalog), "-d", str(out / "site")]
    assert main([*args, "--all-versions"] if versioned else args) == 1
    assert capsys.readouterr().err == (
        f"error: {catalog}: the catalog holds 4 rollups, more than a build takes on: at most 3, for which "
        "one snapshot's build needs up to about 0.8 GB of memory and a minute or two of CPU (a versioned "
        "site builds a snapshot per rollup); nothing was built\n"
    )
    assert os.listdir(out) == []  # no site, no lock file, no scratch folder


def test_a_catalog_within_the_bound_passes(tmp_path: Path) -> None:
    scale.check_scale(VERSIONS_FIXTURE, limit=4)
    scale.check_scale(tmp_path / "missing.yaml")  # the build reports a missing catalog itself
