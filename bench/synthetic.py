"""Synthetic catalogs of any size, shaped like the shipped one, that validate without a diagnostic.

The product, policy, components and scenarios are the shipped catalog's; the
rollups are made up: one a day from :data:`FIRST_RELEASE` on, each with a
new build of the Provider, Unified Setup, Mobility agent (the tracked
component) and MARS agent and, mostly, a new agent minor version (every fifth
rollup is a hotfix that ships the previous minor again, as real catalogs
have), a KB article of its own, and a release date. A rollup depends on its
number only: the catalog of ``count`` rollups is that of ``count + 1`` less
its newest rollup, so that publishing rollup ``count + 1`` onto the site of
``count`` rollups is a real publication (every older snapshot current).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "rollups.yaml"
FIRST_RELEASE = dt.date(1990, 1, 1)
"""The release date of rollup 1: 10,000 daily rollups reach 2017."""


def _rollup(number: int, minor: int, released: dt.date) -> dict[str, Any]:
    return {
        "number": number,
        "released": released,
        "kb": f"https://support.example.com/help/{4_000_000 + number}/update-rollup-{number}",
        "versions": {
            "provider": f"5.1.{1000 + number}.0",
            "unified_setup": f"9.{minor}.{1000 + number}.1",
            "mobility_agent": f"9.{minor}.{1000 + number}.1",
            "mars": f"2.0.{9000 + number}.0",
        },
    }


def rollups(count: int) -> list[dict[str, Any]]:
    """``count`` rollups, newest first, numbered 1 to ``count``."""
    entries = []
    minor = 0
    for number in range(1, count + 1):
        if number % 5 != 0 or number == 1:
            minor += 1
        released = FIRST_RELEASE + dt.timedelta(days=number - 1)
        entries.append(_rollup(number, minor, released))
    return entries[::-1]


def catalog_text(count: int) -> str:
    """The YAML of a catalog with ``count`` rollups."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["rollups"] = rollups(count)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_catalog(count: int, path: Path) -> Path:
    """Write a catalog with ``count`` rollups to ``path``."""
    path.write_text(catalog_text(count), encoding="utf-8")
    return path
