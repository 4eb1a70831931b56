"""Shared fixtures: the shipped catalog and the synthetic one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.validate import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CATALOG = ROOT / "data" / "rollups.yaml"


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_or_raise(SHIPPED_CATALOG)
