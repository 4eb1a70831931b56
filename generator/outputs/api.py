"""The static JSON API of one snapshot: ``api/v1/*.json``, documented by ``api/openapi.yaml``.

* ``api/v1/rollups.json``: every rollup as of the snapshot, with its component
  versions (a string, a per-scenario mapping, ``null`` when not shipped, the
  key absent when not recorded), KB, release date, agent version and status
  (``supported``, ``out_of_support``, or ``not_recorded`` when its agent
  version is unknown);
* ``api/v1/upgrade/<version>.json``: for every version of
  :func:`~.policy.upgrade_versions`, its status and the canonical path to the
  latest version (or ``"path": null`` and the reason);
* ``api/v1/policy.json``: the rules, ``N``, the oldest supported version and
  the released versions with the rollups that shipped them: everything the
  browser planner needs to compute a path itself.

Every document carries ``schema_version`` and ``as_of`` (the number of the
rollup the snapshot stands at) and nothing that depends on when or where it
was built: sorted keys, fixed separators, a trailing newline, so two builds of
one snapshot give the same bytes. :func:`plan_payload` is also what
``rollups path --json`` prints, so the API, the command line and the planner
page give one answer in one shape.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Mapping
from pathlib import Path

from ..catalog.model import AgentVersion, Product, Rollup, Shipment
from ..pages.answers import rollup_status, version_status
from ..pages.markup import well_formed
from ..policy.rules import NoPath, Snapshot, UpgradePath, plan_upgrade, upgrade_versions

SCHEMA_VERSION = 1
"""The major of the API, the ``v1`` of its URL: raised when an existing field changes meaning.

Additions keep it: a new field, or a new value of an enumeration whose old
values keep their meaning (the rollup status ``not_recorded``, for a rollup
whose agent version is unknown, which used to be given ``out_of_support``).
"""

API_ROOT = "api/v1"
OPENAPI_SOURCE = Path(str(importlib.resources.files("generator.openapi"))) / "openapi.yaml"
"""``api/openapi.yaml`` of the checkout, shipped in the package as ``generator/openapi/openapi.yaml``."""
OPENAPI_PATH = f"{API_ROOT}/openapi.yaml"
ROLLUPS_PATH = f"{API_ROOT}/rollups.json"
POLICY_PATH = f"{API_ROOT}/policy.json"

JsonObject = dict[str, object]


def dumps(payload: Mapping[str, object]) -> bytes:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, one trailing newline.

    ``json`` escapes every control character; a lone surrogate, which UTF-8
    cannot hold, becomes U+FFFD (:func:`.markup.well_formed`).
    """
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
    return well_formed(text + "\n").encode("utf-8")


def api_files(snap: Snapshot) -> dict[str, bytes]:
    """Site-relative path -> bytes of every JSON document of the snapshot, and the OpenAPI file."""
    files = {
        ROLLUPS_PATH: dumps(rollups_document(snap)),
        POLICY_PATH: dumps(policy_document(snap)),
    }
    for version in upgrade_versions(snap):
        files[upgrade_path(version)] = dumps(upgrade_document(snap, version))
    files[OPENAPI_PATH] = OPENAPI_SOURCE.read_bytes()
    return files


def upgrade_path(version: AgentVersion) -> str:
    """``api/v1/upgrade/9.16.json``."""
    return f"{API_ROOT}/upgrade/{version}.json"


# --- documents ---------------------------------------------------------------


def _envelope(snap: Snapshot) -> JsonObject:
    return {"schema_version": SCHEMA_VERSION, "as_of": snap.as_of.number}


def rollups_document(snap: Snapshot) -> JsonObject:
    """``rollups.json``: every rollup of the snapshot, newest first."""
    catalog = snap.catalog
    return {
        **_envelope(snap),
        "product": _product(catalog.product),
        "latest": str(snap.latest),
        "oldest_supported": str(snap.oldest_supported),
        "components": [
            {"id": c.id, "name": c.name, "description": c.description or None} for c in catalog.components
        ],
        "scenarios": [{"id": s.id, "title": s.title} for s in catalog.scenarios],
        "rollups": [_rollup(snap, rollup) for rollup in snap.rollups],
    }


def policy_document(snap: Snapshot) -> JsonObject:
    """``policy.json``: the rules and the released versions, enough to plan any upgrade."""
    policy = snap.policy
    return {
        **_envelope(snap),
        "as_of_title": snap.as_of.title,
        "product": _product(snap.catalog.product),
        "rules": {
            "track": policy.track,
            "track_scenario": policy.track_scenario,
            "support_window": policy.support_window,
            "window_includes_boundary": policy.window_includes_boundary,
            "max_upgrade_gap": policy.max_upgrade_gap,
            "reboot_gap": policy.reboot_gap,
        },
        "latest": str(snap.latest),
        "oldest_supported": str(snap.oldest_supported),
        "released": [
            {
                "version": str(version),
                "status": _status(snap, version),
                "rollups": [rollup_ref(r) for r in snap.shipped_by[version]],
            }
            for version in snap.released
        ],
        "upgrade_versions": [str(v) for v in upgrade_versions(snap)],
    }


def upgrade_document(snap: Snapshot, version: AgentVersion) -> JsonObject:
    """``upgrade/<version>.json``: status and the canonical path from ``version`` to ``N``."""
    result = plan_upgrade(snap, version)
    since = snap.out_of_support_since(version)
    status = version_status(snap, version)
    return {
        **_envelope(snap),
        "version": str(version),
        "latest": str(snap.latest),
        "released": version in snap.shipped_by,
        "rollups": [rollup_ref(r) for r in snap.shipped_by.get(version, ())],
        "status": _status(snap, version),
        "out_of_support_since": rollup_ref(since) if since is not None else None,
        "out_of_support_since_at_the_latest": status.since_at_the_latest,
        "path": plan_payload(snap, result) if isinstance(result, UpgradePath) else None,
        "reason": result.reason if isinstance(result, NoPath) else None,
    }


def plan_payload(snap: Snapshot, result: UpgradePath | NoPath) -> JsonObject:
    """An upgrade plan as ``rollups path --json`` prints it and ``upgrade/<v>.json`` holds it.

    A path: ``hops`` (the versions upgraded to, in order), ``reboots_before``
    (the hop targets before which a reboot is mandatory), ``steps`` and
    ``text``. No path: ``error`` with the reason.
    """
    if isinstance(result, NoPath):
        return {
            "as_of": snap.as_of.number,
            "from": str(result.start),
            "to": str(result.target),
            "error": result.reason,
        }
    steps: list[JsonObject] = []
    for hop in result.hops:
        if hop.reboot_before:
            steps.append({"action": "reboot"})
        shipped = [r.number for r in snap.shipped_by[hop.target]]
        steps.append({"action": "upgrade", "to": str(hop.target), "rollups": shipped})
    return {
        "as_of": snap.as_of.number,
        "from": str(result.start),
        "last_reboot": str(result.last_reboot),
        "to": str(result.target),
        "hops": [str(h.target) for h in result.hops],
        "reboots_before": [str(v) for v in result.reboots_before],
        "steps": steps,
        "text": result.as_text(),
    }


# --- pieces ------------------------------------------------------------------


def rollup_ref(rollup: Rollup) -> JsonObject:
    """``{"number": 32, "title": "Update Rollup 32"}``."""
    return {"number": rollup.number, "title": rollup.title}


def _product(product: Product) -> JsonObject:
    return {
        "name": product.name,
        "vendor": product.vendor or None,
        "agent_name": product.agent_name,
        "docs_url": product.docs_url,
    }


def _status(snap: Snapshot, version: AgentVersion) -> str:
    return "supported" if snap.is_supported(version) else "out_of_support"


def _rollup(snap: Snapshot, rollup: Rollup) -> JsonObject:
    agent = snap.agent_versions.get(rollup.number)
    return {
        "number": rollup.number,
        "title": rollup.title,
        "released": str(rollup.released) if rollup.released is not None else None,
        "kb": rollup.kb,
        "agent_version": str(agent) if agent is not None else None,
        "status": rollup_status(snap, rollup).replace("-", "_"),
        "components": {cid: shipment_value(s) for cid, s in rollup.versions.items()},
        "notes": rollup.notes or None,
    }


def shipment_value(shipment: Shipment) -> str | dict[str, str | None] | None:
    """A version string, a scenario -> version (or ``None``) mapping, or ``None`` when not shipped."""
    if shipment.version is not None:
        return str(shipment.version)
    if shipment.per_scenario:
        return {s: (str(v) if v is not None else None) for s, v in shipment.per_scenario.items()}
    return None
