"""How large a catalog a build takes on; a larger one is refused up front, before any page is made.

A snapshot's build holds all its files in memory at once (the page models,
their Markdown, the engine's pages, the JSON API). They grow linearly with the
rollups (a long upgrade path is shown in parts, on the pages and in the JSON
API; a long list over pages of fixed ranges: :mod:`.pages.lists`). Measured
on one snapshot of a synthetic catalog (``bench/synthetic.py``, 2 vCPUs, peak
memory of the process): 1,000 rollups take 0.19 GB at the peak and 15 s of
CPU, 2,000 rollups 0.30 GB and 40 s, 4,000 rollups 0.55 GB and 72 s (while the
JSON API held every version's whole path, and so grew with the square of the
rollups: 1.10 GB and 276 s; before the pages stopped growing with the square:
2.81 GB and 203 s; 10,000 rollups were still building after 300 s at 11.5 GB
when issue 15 stopped them). So a build takes at most :data:`MAX_ROLLUPS`
rollups: one snapshot then needs at most about :data:`MEMORY_BOUND_GB` GB, per
worker process of a versioned build (which builds the largest snapshots first,
one per worker at a time), and a minute or two of CPU. A versioned site has a
snapshot per rollup: its first build costs the sum of its snapshots'.

The count is read from the YAML parser's events (:func:`count_rollups`),
without building the document: it refuses a catalog of 10,000 rollups in
well under a second, where validating it first would take longer than that.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..catalog.characters import shown
from ..catalog.diagnostics import RollupsError
from ..catalog.yamlsource import MAX_BYTES

MAX_ROLLUPS = 4_000
"""The most rollups a catalog may hold for ``rollups build`` (one snapshot, or every snapshot)."""
MEMORY_BOUND_GB = 0.8
"""About the most memory one snapshot's build of :data:`MAX_ROLLUPS` rollups takes, in GB (0.55 GB
measured on the bench's synthetic catalog)."""

_STARTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogTooLarge(RollupsError):
    """The catalog holds more rollups than a build takes on (exit status 1)."""


def count_rollups(text: str) -> int | None:
    """How many entries the top-level ``rollups`` list of the YAML ``text`` holds; ``None`` when the text
    is not a mapping with such a list, or is not YAML (the validator says what is wrong)."""
    level, at_key, key, counting, count = 0, True, None, False, 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if level == 0 and isinstance(event, yaml.SequenceStartEvent):
                return None  # a list at the top, not a catalog
            if isinstance(event, _STARTS) and level == 1:
                if at_key:
                    key = event.value if isinstance(event, yaml.ScalarEvent) else None
                else:
                    counting = key == "rollups" and isinstance(event, yaml.SequenceStartEvent)
                at_key = not at_key
            elif isinstance(event, _STARTS) and level == 2 and counting:
                count += 1
            if isinstance(event, _OPENS):
                level += 1
            elif isinstance(event, _CLOSES):
                level -= 1
                if level == 1 and counting:
                    return count
    except yaml.YAMLError:
        return None
    return None


def check_scale(catalog: Path, limit: int | None = None) -> None:
    """Raise :class:`CatalogTooLarge` when the catalog at ``catalog`` holds more than ``limit`` rollups
    (default: :data:`MAX_ROLLUPS`). A catalog that cannot be read or parsed, or is larger than any catalog
    (the validator's bound, read no further), passes: validating it says why.
    """
    limit = MAX_ROLLUPS if limit is None else limit
    try:
        with catalog.open("rb") as stream:
            # No more than the validator reads: a device or a pipe (/dev/zero) never ends.
            data = stream.read(MAX_BYTES + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if len(data) > MAX_BYTES:
        return  # not a catalog at all: the validator says so
    count = count_rollups(text)
    if count is not None and count > limit:
        raise CatalogTooLarge(
            f"{shown(catalog)}: the catalog holds {count:,} rollups, more than a build takes on: at most "
            f"{limit:,}, for which one snapshot's build needs up to about {MEMORY_BOUND_GB} GB of memory "
            "and a minute or two of CPU (a versioned site builds a snapshot per rollup); nothing was built"
        )
