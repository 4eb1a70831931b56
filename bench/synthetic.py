"""Synthetic catalogs of any size, shaped like the shipped one, that validate without a diagnostic.

The product, policy, components and scenarios are the shipped catalog's; the
rollups are made up: one a week going back from the shipped catalog's era,
each with a new build of every component and, mostly, a new agent minor
version (every fifth rollup is a hotfix that ships the previous minor again,
as real catalogs have), a KB article of its own, and a release date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "rollups.yaml"
NEWEST_RELEASE = dt.date(2019, 1, 8)


def _rollup(number: int, minor: int, released: dt.date) -> dict[str, Any]:
    return {
        "number": number,
        "released": released,
        "kb": f"https://support.example.com/help/{4_000_000 + number}/update-rollup-{number}",
        "versions": {
            "provider": f"5.1.{1000 + number}.0",
            "unified_setup": f"9.{minor}.{1000 + number}.1",
            "ovf": f"5.1.{1000 + number}.0",
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
        released = NEWEST_RELEASE - dt.timedelta(weeks=count - number)
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
