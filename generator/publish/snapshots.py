"""The versioned site's plan: one frozen snapshot per rollup, and what makes each one what it is.

Layout of a versioned site (``rollups build --all-versions -d SITE``)::

    SITE/ur-<number>/    the site as it stood when that rollup was the newest
    SITE/latest/         a copy of the newest snapshot, byte for byte
    SITE/versions.json   mike's format, newest first; drives Material's version selector
    SITE/index.html      redirects to latest/ (a meta refresh and a plain link)
    SITE/404.html        the newest snapshot's "not found" page, for static hosts

There is one snapshot per rollup that ships the tracked component
(:func:`.policy.snapshots`). Every snapshot is built with the *same*
``site_url``: the site's address followed by ``latest/``. So every page's
canonical address, which MkDocs derives from ``site_url`` and also writes
into the sitemap, is its twin under ``latest/``, and nothing in a snapshot
names the folder it is served from. That is what lets ``latest/`` be a plain
copy of the newest snapshot, and what keeps an old snapshot's bytes the same
when a newer one appears: "is this snapshot outdated?" is answered in the
reader's browser, by Material, from ``versions.json``.

Material's version selector keeps the reader on the same page by looking the
page's path up in the target version's ``sitemap.xml``; it compares paths
only (it replaces the host of every address with the current one), but it
needs absolute addresses there. When no site address is configured
(``site_url`` in ``mkdocs.yml`` or ``--site-url``), the sitemaps name
:data:`PREVIEW_SITE_URL`, where the README's preview serves the folder, and
canonical links are relative (``../latest/...``) so that they hold wherever
the folder is served.

What a frozen snapshot is: the catalog data as of its rollup (product, policy,
components, scenarios and every rollup up to it; nothing newer), its release
date, the site address and :data:`SNAPSHOT_FORMAT`. Their SHA-256 is the
snapshot's digest, written once into :data:`DIGEST_FILE` inside its folder; a
build reuses a snapshot whose digest file matches, so publishing one new
rollup builds one snapshot. The presentation is *not* part of a snapshot's
identity: templates, ``content/``, ``overrides/``, ``mkdocs.yml`` and the
versions of MkDocs, Material and this generator. A frozen snapshot shows the
guidance of its day as it was presented that day, and a change of templates
never rewrites history on its own; ``--force`` rebuilds every snapshot
after a presentation change that should reach the old ones too. (Bump
:data:`SNAPSHOT_FORMAT` when a change of this module must invalidate them.)

Dates: MkDocs writes the build date into the sitemap (``lastmod``) and the
gzip header of ``sitemap.xml.gz``, from ``SOURCE_DATE_EPOCH`` when set. Each
snapshot is built with its own :func:`source_date_epoch`, derived from the
data (the release date of its rollup), never from the clock or the caller's
environment: a value from the environment would differ between runs and
rewrite frozen snapshots.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from ..catalog.model import Catalog, ReleaseDate, Rollup
from ..policy.rules import PolicyError, Snapshot, snapshots

SNAPSHOT_FORMAT = 1
"""Part of every digest: bump it to invalidate every frozen snapshot on purpose."""

SNAPSHOT_PREFIX = "ur-"
LATEST = "latest"
VERSIONS_FILE = "versions.json"
"""At the top of a versioned site: its snapshots, in mike's format."""
DIGEST_FILE = ".snapshot-digest"
"""Inside each snapshot folder: the digest of what it was built from."""

PREVIEW_SITE_URL = "http://localhost:8000/"
"""The site address when none is configured: where ``python3 -m http.server -d SITE`` serves it."""

UNKNOWN_DATE_EPOCH = 0
"""``SOURCE_DATE_EPOCH`` of a snapshot when no rollup up to it has a release date."""


@dataclass(frozen=True)
class SnapshotSpec:
    """One snapshot to have in the versioned site."""

    name: str
    """The folder and version id: ``ur-28``."""
    as_of: int
    title: str
    """The version selector's label: ``Update Rollup 28 (9.18)``."""
    digest: str
    source_date_epoch: int


@dataclass(frozen=True)
class SiteAddress:
    """Where the versioned site is served, and the addresses every snapshot is built with."""

    root: str
    """The address of ``SITE/`` itself, ending in ``/``."""
    configured: bool

    @classmethod
    def of(cls, site_url: str | None) -> SiteAddress:
        """The configured address, or :data:`PREVIEW_SITE_URL` when there is none."""
        if not site_url:
            return cls(PREVIEW_SITE_URL, configured=False)
        return cls(site_url if site_url.endswith("/") else f"{site_url}/", configured=True)

    @property
    def site_url(self) -> str:
        """MkDocs' ``site_url`` for every snapshot: the ``latest/`` twin is each page's canonical address."""
        return f"{self.root}{LATEST}/"

    @property
    def canonical_base(self) -> str | None:
        """Relative canonical links when the address is only the preview's, else MkDocs' own."""
        return None if self.configured else f"../{LATEST}/"


def snapshot_name(number: int) -> str:
    """``ur-28``: the folder and version id of the snapshot as of rollup ``number``."""
    return f"{SNAPSHOT_PREFIX}{number}"


def plan(catalog: Catalog, address: SiteAddress) -> list[SnapshotSpec]:
    """Every snapshot of the versioned site, newest first.

    Raises :class:`~.policy.PolicyError` when no rollup ships the tracked component.
    """
    specs = [_spec(snap, address) for snap in snapshots(catalog)]
    if not specs:
        track = catalog.policy.track
        raise PolicyError(f"no rollup ships the tracked component '{track}': there is no snapshot to build")
    return specs


def _spec(snap: Snapshot, address: SiteAddress) -> SnapshotSpec:
    rollup = snap.as_of
    version = snap.agent_versions[rollup.number]
    epoch = source_date_epoch(snap.rollups)
    return SnapshotSpec(
        name=snapshot_name(rollup.number),
        as_of=rollup.number,
        title=f"{rollup.title} ({version})",
        digest=digest(snap, address, epoch),
        source_date_epoch=epoch,
    )


def source_date_epoch(rollups: Sequence[Rollup]) -> int:
    """Midnight UTC of the newest known release date among ``rollups`` (newest first).

    That is the snapshot's own rollup's date when it is known; a month-only
    date counts as the first of its month; a date before 1970 as 1970.
    :data:`UNKNOWN_DATE_EPOCH` when no rollup has a date.
    """
    dates = [r.released for r in rollups if r.released is not None]
    if not dates:
        return UNKNOWN_DATE_EPOCH
    newest: ReleaseDate = max(dates, key=lambda d: d.sort_key)
    # A date before 1970 counts as 1970: the engine writes the epoch into a gzip header, unsigned.
    return max(UNKNOWN_DATE_EPOCH, calendar.timegm((*newest.sort_key, 0, 0, 0)))


def snapshot_data(snap: Snapshot) -> dict[str, Any]:
    """The catalog as the snapshot sees it: everything but the rollups newer than its own."""
    catalog = snap.catalog
    return {
        "product": catalog.product,
        "policy": catalog.policy,
        "components": catalog.components,
        "scenarios": catalog.scenarios,
        "rollups": snap.rollups,
    }


def digest(snap: Snapshot, address: SiteAddress, epoch: int) -> str:
    """SHA-256 of everything a frozen snapshot is built from (see the module's docstring)."""
    inputs = {
        "format": SNAPSHOT_FORMAT,
        "name": snapshot_name(snap.as_of.number),
        "site_url": address.site_url,
        "canonical_base": address.canonical_base,
        "source_date_epoch": epoch,
        "catalog": snapshot_data(snap),
    }
    text = json.dumps(inputs, default=_plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    """JSON for the catalog's values: dataclasses as their fields, mappings as objects."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot hash a {type(value).__name__} of the catalog")


def versions_document(specs: Sequence[SnapshotSpec]) -> list[dict[str, Any]]:
    """``versions.json`` in mike's format, newest first; the newest has the alias ``latest``."""
    return [
        {"version": spec.name, "title": spec.title, "aliases": [LATEST] if index == 0 else []}
        for index, spec in enumerate(specs)
    ]


def versions_json(specs: Sequence[SnapshotSpec]) -> bytes:
    """The bytes of ``versions.json``."""
    return (json.dumps(versions_document(specs), indent=2) + "\n").encode("utf-8")
