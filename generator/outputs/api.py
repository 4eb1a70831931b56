"""The static JSON API of one snapshot: ``api/v1/*.json``, documented by ``api/openapi.yaml``.

* ``api/v1/rollups.json``: every rollup as of the snapshot, with its component
  versions (a string, a per-scenario mapping, ``null`` when not shipped, the
  key absent when not recorded), KB, release date, agent version, the
  scenarios its agent version reached, whether it was withdrawn, and its
  status (``supported``, ``out_of_support``, or ``not_recorded`` when its
  agent version is unknown) on each release line;
* ``api/v1/upgrade/<version>.json``: for every version of
  :func:`~.policy.upgrade_versions`, its status and the canonical path to the
  latest version (or ``"path": null`` and the reason), for each group of
  scenarios that gets a different answer. A path shows at most
  :data:`~.pages.line_answers.SHOWN_HOPS` upgrades, then says in which
  document and entry it goes on (``continues``; the entries are the
  document's ``continuations``): a document's size does not grow with the
  distance to the latest version, nor the API with the square of the
  rollups;
* ``api/v1/policy.json``: the rules and, for each release line (the scenarios
  that share it), ``N``, the oldest supported version, the released versions
  with the rollups that shipped them and the withdrawn ones: everything the
  browser planner needs to compute a path itself.

A field of schema 1 (``latest``, a version's ``status``, ``path`` ...) holds
the answer that is true for every scenario that installs the agent, and is
``null`` where that answer depends on the scenario (:data:`SCHEMA_VERSION`).

Every document carries ``schema_version`` and ``as_of`` (the number of the
rollup the snapshot stands at) and nothing that depends on when or where it
was built: sorted keys, fixed separators, a trailing newline, so two builds of
one snapshot give the same bytes. :func:`plan_payload` is also what
``rollups path --json`` prints, so the API, the command line and the planner
page give one answer in one shape.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..catalog.model import AgentVersion, Product, Rollup, Shipment, scenario_agent_version
from ..pages.answers import rollup_status, version_status
from ..pages.line_answers import SHOWN_HOPS
from ..pages.markup import well_formed
from ..policy.rules import (
    NoPath,
    Snapshot,
    UpgradePath,
    last_reboot_row,
    last_reboot_rows,
    lines,
    plan_in_parts,
    plan_upgrade,
    upgrade_versions,
)

SCHEMA_VERSION = 3
"""The major of the documents: raised when an existing field changes meaning.

Additions keep it: a new field, or a new value of an enumeration whose old
values keep their meaning (the rollup status ``not_recorded``, for a rollup
whose agent version is unknown, which used to be given ``out_of_support``).
2: releases per scenario. The fields of 1 were the one answer for every
reader; where the scenarios' release lines differ there is none, so those
fields can now be ``null`` (the answers per scenario are beside them). 3: a
path of an upgrade document holds its first :data:`~.pages.line_answers.SHOWN_HOPS`
upgrades only, and ``continues`` says where the rest is (``complete``,
``total_hops``, ``total_reboots`` and ``continues`` are new in every path;
``continuations``, where such paths go on, is new in every answer). The URLs keep their ``v1``: they
are permalinks.
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
    for version, document in upgrade_documents(snap).items():
        files[upgrade_path(version)] = dumps(document)
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
    groups = line_snapshots(snap)
    return {
        **_envelope(snap),
        "product": _product(catalog.product),
        "latest": _common(_latest(line) for _, line in groups),
        "oldest_supported": _common(_oldest_supported(line) for _, line in groups),
        "lines": [
            {
                "scenarios": list(scenarios),
                "latest": _latest(line),
                "oldest_supported": _oldest_supported(line),
            }
            for scenarios, line in groups
        ],
        "components": [
            {"id": c.id, "name": c.name, "description": c.description or None} for c in catalog.components
        ],
        "scenarios": [{"id": s.id, "title": s.title} for s in catalog.scenarios],
        "rollups": [_rollup(snap, groups, rollup) for rollup in snap.rollups],
    }


def policy_document(snap: Snapshot) -> JsonObject:
    """``policy.json``: the rules and each release line's versions, enough to plan any upgrade."""
    policy = snap.policy
    groups = line_snapshots(snap)
    one_line = len(groups) == 1
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
        "scenarios": [{"id": s.id, "title": s.title} for s in snap.catalog.scenarios_using(policy.track)],
        "one_line": one_line,
        "lines": [_line(scenarios, line) for scenarios, line in groups],
        "latest": _common(_latest(line) for _, line in groups),
        "oldest_supported": _common(_oldest_supported(line) for _, line in groups),
        "released": _released(snap) if one_line else None,
        "upgrade_versions": [str(v) for v in upgrade_versions(snap)],
    }


def upgrade_documents(snap: Snapshot, shown_hops: int = SHOWN_HOPS) -> dict[AgentVersion, JsonObject]:
    """Version -> its ``upgrade/<version>.json``, for every version of :func:`~.policy.upgrade_versions`;
    a path is given ``shown_hops`` upgrades at a time."""
    documented = upgrade_versions(snap)
    by_line = [
        (scenarios, _line_answers(line, documented, shown_hops)) for scenarios, line in line_snapshots(snap)
    ]
    wholes = [whole_answers(found) if len(by_line) > 1 else {} for _, found in by_line]
    return {
        version: _upgrade_document(
            snap,
            version,
            [(scenarios, found[version]) for scenarios, found in by_line],
            [whole.get(version, "") for whole in wholes],
        )
        for version in documented
    }


def upgrade_document(snap: Snapshot, version: AgentVersion) -> JsonObject:
    """``upgrade/<version>.json`` alone (:func:`upgrade_documents`: a path may go on in another one)."""
    return upgrade_documents(snap)[version]


def _upgrade_document(
    snap: Snapshot,
    version: AgentVersion,
    by_line: Sequence[tuple[Sequence[str], JsonObject]],
    wholes: Sequence[str],
) -> JsonObject:
    """Status and the canonical path from ``version`` to ``N``, per scenario.

    ``answers`` holds one answer per group of scenarios that get the same
    one, with its paths followed to their end (``wholes``, one per line, of
    :func:`whole_answers`): lines whose first upgrades agree and whose rest
    does not are apart. The fields of schema 1 beside it hold that answer
    when it is the same for every scenario, and are ``null`` (``reason``
    saying why) when it is not.
    """
    keyed = merged(
        ((scenarios, (whole, answer)) for (scenarios, answer), whole in zip(by_line, wholes, strict=True)),
        key=lambda pair: pair[0],
    )
    answers = [(scenarios, answer) for scenarios, (_, answer) in keyed]
    for_all = len(answers) == 1
    return {
        **_envelope(snap),
        "version": str(version),
        "for_all_scenarios": for_all,
        "answers": [{"scenarios": scenarios, **answer} for scenarios, answer in answers],
        **(answers[0][1] if for_all else _depends_on_the_scenario(version)),
    }


def _line_answers(
    line: Snapshot, documented: Sequence[AgentVersion], shown_hops: int
) -> dict[AgentVersion, JsonObject]:
    """What one release line answers for each version of ``documented`` (ascending).

    A path longer than ``shown_hops`` upgrades goes on in the document
    of the version it reaches, in an entry of its ``continuations``: the
    versions are taken oldest first, and a path only goes on at a newer
    version, so a version's entries are all asked for by the time it is
    answered.
    """
    if not line.released:
        return {version: _nothing_released(line) for version in documented}
    known = frozenset(documented)
    asked: dict[AgentVersion, set[AgentVersion]] = {}
    """Version -> the last reboots (rows of :func:`.last_reboot_row`) its continuations answer for."""
    answers: dict[AgentVersion, JsonObject] = {}
    for version in documented:
        shown = shown_path(line, version, version, known, shown_hops)
        answer = _version_answer(line, version, shown)
        if not isinstance(shown, NoPath):
            _ask(asked, shown.goes_on_at)
        rows = dict(last_reboot_rows(version, line.policy.reboot_gap))
        continuations: list[JsonObject] = []
        for entry in sorted(asked.pop(version, ()), reverse=True):
            rest = shown_path(line, version, entry, known, shown_hops)
            assert not isinstance(rest, NoPath), "a path goes on from the version"
            _ask(asked, rest.goes_on_at)
            continuations.append({"last_reboot": str(entry), "or_earlier": rows[entry], "path": rest.payload})
        answers[version] = {**answer, "continuations": continuations}
    return answers


def whole_answers(answers: Mapping[AgentVersion, JsonObject]) -> dict[AgentVersion, str]:
    """Version -> a digest of its answer on one line (of :func:`_line_answers`) with every path in it
    followed to its end: two lines' answers have the same digest exactly when they are equal and so
    is the rest of each path they give in part.

    A path goes on in the document of a newer version, so the versions are
    taken newest first: the rest of a path is digested before a path that
    goes on in it.
    """
    rests: dict[tuple[str, str], str] = {}
    """(Version, entry) -> the digest of that entry's path followed to its end."""
    wholes: dict[AgentVersion, str] = {}
    for version in sorted(answers, reverse=True):
        answer = answers[version]
        text = json.dumps(answer, sort_keys=True)
        entries = [(str(version), answer["path"])]
        entries += [(str(c["last_reboot"]), c["path"]) for c in _continuations(answer)]
        goes_on = []
        for entry, path in entries:
            if not isinstance(path, dict):
                continue
            rest = path["continues"]
            after = "" if rest is None else rests[(rest["from"], rest["entry"])]
            rests[(str(version), entry)] = _digest(json.dumps(path, sort_keys=True) + after)
            goes_on.append(after)
        wholes[version] = _digest("\n".join([text, *goes_on]))
    return wholes


def _continuations(answer: JsonObject) -> list[dict[str, object]]:
    found = answer["continuations"]
    assert isinstance(found, list)
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _ask(
    asked: dict[AgentVersion, set[AgentVersion]], goes_on_at: tuple[AgentVersion, AgentVersion] | None
) -> None:
    if goes_on_at is not None and goes_on_at[1] != goes_on_at[0]:
        version, entry = goes_on_at
        asked.setdefault(version, set()).add(entry)


def _nothing_released(line: Snapshot) -> JsonObject:
    return {
        "latest": None,
        "released": False,
        "rollups": [],
        "status": None,
        "out_of_support_since": None,
        "out_of_support_since_at_the_latest": False,
        "path": None,
        "reason": nothing_released(line),
        "continuations": [],
    }


def nothing_released(line: Snapshot) -> str:
    """Why a scenario's line has no path: nothing reached it yet (``rollups path --scenario`` says so too)."""
    return f"nothing was released for this scenario as of {line.as_of.title}"


def _version_answer(line: Snapshot, version: AgentVersion, shown: ShownPath | NoPath) -> JsonObject:
    """What one release line answers for ``version``: its status and its path to the line's ``N``."""
    since = line.out_of_support_since(version)
    return {
        "latest": str(line.latest),
        "released": version in line.shipped_by,
        "rollups": [rollup_ref(r) for r in line.shipped_by.get(version, ())],
        "status": _status(line, version),
        "out_of_support_since": rollup_ref(since) if since is not None else None,
        "out_of_support_since_at_the_latest": version_status(line, version).since_at_the_latest,
        "path": None if isinstance(shown, NoPath) else shown.payload,
        "reason": shown.reason if isinstance(shown, NoPath) else None,
    }


class ShownPath(NamedTuple):
    """A path as an upgrade document holds it, and where it goes on."""

    payload: JsonObject
    goes_on_at: tuple[AgentVersion, AgentVersion] | None
    """The version whose document holds the rest, and the ``last_reboot`` of its entry there;
    ``None`` when ``payload`` is the whole path."""


def shown_path(
    line: Snapshot,
    version: AgentVersion,
    last_reboot: AgentVersion,
    documented: Collection[AgentVersion],
    shown_hops: int = SHOWN_HOPS,
) -> ShownPath | NoPath:
    """The path from ``version`` last rebooted on ``last_reboot`` to ``N``: its first ``shown_hops``
    upgrades and where it goes on, or the whole path where no document of ``documented`` can hold
    the rest."""
    found = plan_in_parts(line, version, last_reboot, limit=shown_hops, goes_on_at=documented.__contains__)
    if isinstance(found, NoPath):
        return found
    if isinstance(found, UpgradePath):
        return ShownPath(plan_payload(line, found), None)
    entry = last_reboot_row(found.resume_at, found.resume_last_reboot, line.policy.reboot_gap)
    assert entry is not None, "plan_in_parts gives a part only where a row answers for the rest"
    continues: JsonObject = {
        "from": str(found.resume_at),
        "last_reboot": str(found.resume_last_reboot),
        "document": f"{found.resume_at}.json",
        "entry": str(entry),
    }
    payload = _path_payload(
        line, found.shown(), found.target, found.total_hops, found.total_reboots, continues
    )
    return ShownPath(payload, (found.resume_at, entry))


def _depends_on_the_scenario(version: AgentVersion) -> JsonObject:
    """The fields of schema 1 of an upgrade document whose answer differs between scenarios."""
    return {
        "latest": None,
        "released": None,
        "rollups": None,
        "status": None,
        "out_of_support_since": None,
        "out_of_support_since_at_the_latest": None,
        "path": None,
        "reason": f"the answer for {version} depends on the scenario: answers gives it for each",
        "continuations": None,
    }


def paths_by_scenario(
    snap: Snapshot,
    start: AgentVersion,
    target: AgentVersion | None = None,
    last_reboot: AgentVersion | None = None,
) -> list[tuple[list[str], JsonObject | None]]:
    """The plan of :func:`plan_payload` on each release line, one entry per group of scenarios with the same.

    ``None`` for scenarios with nothing released yet. One entry: the plan
    holds for every scenario (``rollups path`` prints it without
    ``--scenario``; the planner page shows it without a scenario chosen).
    """
    return merged(
        (group.scenarios, None if group.snap is None else _plan(group.snap, start, target, last_reboot))
        for group in lines(snap)
    )


def _plan(
    line: Snapshot, start: AgentVersion, target: AgentVersion | None, last_reboot: AgentVersion | None
) -> JsonObject:
    return plan_payload(line, plan_upgrade(line, start, target, last_reboot))


_T = TypeVar("_T")


def merged(
    answers: Iterable[tuple[Sequence[str], _T]], key: Callable[[_T], str] | None = None
) -> list[tuple[list[str], _T]]:
    """Scenarios with equal answers merged into one entry, in the order of their first scenario.

    Answers are equal when their JSON is, or their ``key`` where one is given.
    """
    given = list(answers)
    if len(given) == 1:  # nothing to compare with
        return [(list(given[0][0]), given[0][1])]
    found: dict[str, tuple[list[str], _T]] = {}
    for scenarios, answer in given:
        same = json.dumps(answer, sort_keys=True) if key is None else key(answer)
        found.setdefault(same, ([], answer))[0].extend(scenarios)
    return list(found.values())


def plan_payload(snap: Snapshot, result: UpgradePath | NoPath) -> JsonObject:
    """A whole upgrade plan as ``rollups path --json`` prints it and ``upgrade/<v>.json`` holds a short one.

    A path: ``hops`` (the versions upgraded to, in order), ``reboots_before``
    (the hop targets before which a reboot is mandatory), ``steps`` and
    ``text``; ``complete`` (true), ``total_hops``, ``total_reboots`` and
    ``continues`` (null) as in a path shown in part (:func:`shown_path`).
    No path: ``error`` with the reason.
    """
    if isinstance(result, NoPath):
        return {
            "as_of": snap.as_of.number,
            "from": str(result.start),
            "to": str(result.target),
            "error": result.reason,
        }
    return _path_payload(snap, result, result.target, len(result.hops), len(result.reboots_before))


def _path_payload(
    snap: Snapshot,
    shown: UpgradePath,
    target: AgentVersion,
    total_hops: int,
    total_reboots: int,
    continues: JsonObject | None = None,
) -> JsonObject:
    """``shown``'s hops, the whole path to ``target`` when ``continues`` is ``None``.

    ``continues`` names the version the shown hops reach, the version of the
    last reboot then, the document of that version (beside this one) and the
    entry of its answer that holds the rest: its ``path`` when ``entry`` is
    the version itself, else the one of its ``continuations`` with that
    ``last_reboot``.
    """
    steps: list[JsonObject] = []
    for hop in shown.hops:
        if hop.reboot_before:
            steps.append({"action": "reboot"})
        shipped = [r.number for r in snap.shipped_by[hop.target]]
        steps.append({"action": "upgrade", "to": str(hop.target), "rollups": shipped})
    return {
        "as_of": snap.as_of.number,
        "from": str(shown.start),
        "last_reboot": str(shown.last_reboot),
        "to": str(target),
        "hops": [str(h.target) for h in shown.hops],
        "reboots_before": [str(v) for v in shown.reboots_before],
        "steps": steps,
        "text": shown.as_text() if continues is None else f"{shown.as_text()} -> ...",
        "complete": continues is None,
        "total_hops": total_hops,
        "total_reboots": total_reboots,
        "continues": continues,
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


def line_snapshots(snap: Snapshot) -> list[tuple[tuple[str, ...], Snapshot]]:
    """Each group of scenarios with one release line (:func:`~.policy.lines`) and the snapshot of that line.

    With one line, ``snap`` itself answers (every release to any scenario:
    the answer :func:`~.policy.snapshot` gives without a scenario, which the
    pages and ``rollups path`` give too). A line with nothing released yet
    has a snapshot all the same, with no ``released`` versions.
    """
    groups = lines(snap)
    if len(groups) == 1:
        return [(groups[0].scenarios, snap)]
    return [(g.scenarios, g.snap or replace(snap, scenario=g.scenarios[0])) for g in groups]


def _latest(line: Snapshot) -> str | None:
    return str(line.latest) if line.released else None


def _oldest_supported(line: Snapshot) -> str | None:
    return str(line.oldest_supported) if line.released else None


def _common(values: Iterable[str | None]) -> str | None:
    """The value every line gives, or ``None`` when they differ."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _released(line: Snapshot) -> list[JsonObject]:
    """The released versions of the line, ascending, with their status and the rollups that shipped them."""
    return [
        {
            "version": str(version),
            "status": _status(line, version),
            "rollups": [rollup_ref(r) for r in line.shipped_by[version]],
        }
        for version in line.released
    ]


def _withdrawn(line: Snapshot) -> list[JsonObject]:
    """The versions of the line that only withdrawn rollups shipped, with those rollups (oldest first)."""
    released = set(line.released)
    found: dict[AgentVersion, list[Rollup]] = {}
    for rollup in reversed(line.rollups):
        version = line.agent_versions.get(rollup.number)
        if version is not None and rollup.number in line.line.withdrawn and version not in released:
            found.setdefault(version, []).append(rollup)
    return [
        {"version": str(version), "rollups": [withdrawn_ref(r) for r in found[version]]}
        for version in sorted(found)
    ]


def withdrawn_ref(rollup: Rollup) -> JsonObject:
    """A withdrawn rollup: its number, title and why it was withdrawn, as the catalog says it (Markdown)."""
    return {**rollup_ref(rollup), "withdrawn": rollup.withdrawn}


def _line(scenarios: tuple[str, ...], line: Snapshot) -> JsonObject:
    return {
        "scenarios": list(scenarios),
        "latest": _latest(line),
        "oldest_supported": _oldest_supported(line),
        "released": _released(line),
        "withdrawn": _withdrawn(line),
    }


def _rollup(snap: Snapshot, groups: Sequence[tuple[tuple[str, ...], Snapshot]], rollup: Rollup) -> JsonObject:
    agent = snap.agent_versions.get(rollup.number)
    statuses = merged(
        (scenarios, rollup_status(line, rollup).replace("-", "_"))
        for scenarios, line in groups
        if line.released
    )
    track = snap.policy.track
    return {
        "number": rollup.number,
        "title": rollup.title,
        "released": str(rollup.released) if rollup.released is not None else None,
        "kb": rollup.kb,
        "agent_version": str(agent) if agent is not None else None,
        "reached": [
            s.id for s in snap.catalog.scenarios_using(track) if scenario_agent_version(rollup, track, s.id)
        ],
        "withdrawn": rollup.withdrawn,
        "status": statuses[0][1] if len(statuses) == 1 else None,
        "statuses": [{"scenarios": scenarios, "status": status} for scenarios, status in statuses],
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
