"""Long upgrade paths in the JSON API: following ``continues`` gives the policy's whole path.

An upgrade document (schema 3) gives at most ``shown_hops`` upgrades of a
path, then names the document and the entry of its answer where the rest is
(``path`` of that version, or one of its ``continuations``). Read the way a
client reads them (bytes, parsed), from every version, every entry and every
scenario, the parts must give exactly the hops and reboots of
:func:`~generator.policy.rules.plan_upgrade`, which ``rollups path --json``
prints whole; and no document may grow with the distance to ``N``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import write_catalog
from generator.catalog.model import AgentVersion, Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs.api import api_files, dumps, upgrade_documents
from generator.pages.line_answers import SHOWN_HOPS
from generator.policy.rules import Snapshot, UpgradePath, lines, plan_upgrade, snapshot, snapshots
from tests.test_api import validator
from tests.test_api_client import entry
from tests.test_policy_properties import line_catalogs

Document = dict[str, Any]


def published(snap: Snapshot, shown_hops: int) -> dict[str, Document]:
    """File name -> the upgrade document as a client reads it (``9.16.json``)."""
    return {
        f"{version}.json": json.loads(dumps(document))
        for version, document in upgrade_documents(snap, shown_hops).items()
    }


def answer_for(document: Document, scenario: str | None) -> Document:
    """The entry of ``answers`` for ``scenario`` (the only one when it holds for every reader)."""
    if scenario is None:
        [answer] = document["answers"]
        return answer
    [answer] = [a for a in document["answers"] if scenario in a["scenarios"] or not a["scenarios"]]
    return answer


def follow(documents: dict[str, Document], first: Document, scenario: str | None) -> tuple[list[Any], int]:
    """The steps of a path read part after part, and how many parts it took."""
    steps, part, parts = [], first, 1
    while True:
        assert len(part["hops"]) <= part["total_hops"]
        steps += part["steps"]
        if part["complete"]:
            assert part["continues"] is None
            return steps, parts
        goes_on = part["continues"]
        assert goes_on["from"] == part["hops"][-1], "the rest starts where the shown hops end"
        assert part["text"].endswith(" -> ...")
        part = entry(answer_for(documents[goes_on["document"]], scenario), goes_on["entry"], goes_on["from"])
        assert part["from"] == goes_on["from"]
        parts += 1
        assert parts < 10_000, "the continuations go round in a circle"


def _line_snapshots(snap: Snapshot) -> list[tuple[str | None, Snapshot]]:
    """(A scenario, or ``None`` where one answer holds for all) and the snapshot of its line."""
    groups = lines(snap)
    if len(groups) == 1 and groups[0].snap is not None:
        return [(None, groups[0].snap if groups[0].scenarios else snap)]
    return [(sid, group.snap) for group in groups if group.snap is not None for sid in group.scenarios]


def check_every_part(snap: Snapshot, shown_hops: int) -> int:
    """Follow every path of every upgrade document for every scenario; return how many were followed."""
    documents = published(snap, shown_hops)
    followed = 0
    for scenario, line in _line_snapshots(snap):
        for name, document in documents.items():
            assert validator("UpgradeDocument").is_valid(document), name
            answer = answer_for(document, scenario)
            if answer["path"] is None:
                continue
            version = AgentVersion.parse(answer["path"]["from"])
            starts = [(str(version), answer["path"])]
            starts += [(c["last_reboot"], c["path"]) for c in answer["continuations"]]
            for last_reboot, first in starts:
                whole = plan_upgrade(line, version, None, AgentVersion.parse(last_reboot))
                assert isinstance(whole, UpgradePath)
                where = f"{scenario}: {name}, last rebooted on {last_reboot}"
                steps, parts = follow(documents, first, scenario)
                expected = [step for step in whole_steps(line, whole)]
                assert steps == expected, where
                assert first["total_hops"] == len(whole.hops), where
                assert first["total_reboots"] == len(whole.reboots_before), where
                assert len(first["hops"]) <= shown_hops or first["complete"], where
                assert parts == max(1, -(-len(whole.hops) // shown_hops)) or first["complete"], where
                followed += 1
    return followed


def whole_steps(line: Snapshot, whole: UpgradePath) -> list[Document]:
    """The steps ``rollups path --json`` prints for ``whole``."""
    steps: list[Document] = []
    for hop in whole.hops:
        if hop.reboot_before:
            steps.append({"action": "reboot"})
        steps.append(
            {
                "action": "upgrade",
                "to": str(hop.target),
                "rollups": [r.number for r in line.shipped_by[hop.target]],
            }
        )
    return steps


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_catalogs(max_rollups=29).map(lambda drawn: drawn[0]), st.integers(1, 4))
def test_following_continues_gives_the_whole_path(catalog: Catalog, shown_hops: int) -> None:
    """Every version, every entry, every scenario's line (releases for some scenarios only, withdrawn
    ones, paths of many hops): the parts read in turn are the canonical path and its reboots."""
    check_every_part(snapshot(catalog), shown_hops)


@pytest.mark.parametrize("shown_hops", [1, 3])
def test_continues_on_the_shipped_history(shipped: Catalog, shown_hops: int) -> None:
    """The real history, whose scenarios' lines differ: an answer merged for several scenarios goes on
    in documents whose answers may split them."""
    for as_of in (76, 71, 62, 40):
        assert check_every_part(snapshot(shipped, as_of), shown_hops) > 0


def test_continues_on_a_synthetic_catalog(tmp_path: Path) -> None:
    """The bench's synthetic catalog at the shown hops the site uses: paths of up to 57 hops, read in up
    to 8 parts."""
    catalog = load_or_raise(write_catalog(300, tmp_path / "rollups.yaml"))
    assert check_every_part(snapshot(catalog), SHOWN_HOPS) > 300


def test_paths_of_the_shipped_history_readers_are_on_are_given_whole(shipped: Catalog) -> None:
    """Every supported version's path, in every snapshot of the real history, is in one part: schema 3
    changes nothing for them but the new fields."""
    for snap in snapshots(shipped):
        documents = published(snap, SHOWN_HOPS)
        for scenario, line in _line_snapshots(snap):
            for version in line.supported_released:
                answer = answer_for(documents[f"{version}.json"], scenario)
                assert answer["path"]["complete"], (snap.as_of.number, scenario, version)


def test_a_document_does_not_grow_with_the_distance_to_n(tmp_path: Path) -> None:
    """Twice the rollups: twice the documents, and the largest stays the same size, so the API grows
    linearly (in schema 2 the oldest version's document held its whole path: the API grew with the
    square of the rollups)."""
    sizes = {}
    for count in (150, 300):
        files = api_files(snapshot(load_or_raise(write_catalog(count, tmp_path / f"{count}.yaml"))))
        sizes[count] = [len(data) for path, data in files.items() if "/upgrade/" in path]
    assert len(sizes[300]) <= 2.1 * len(sizes[150])
    assert max(sizes[300]) <= max(sizes[150]) * 1.05
    assert max(sizes[300]) < 20_000


def test_a_whole_path_says_it_is_whole(seed: Catalog) -> None:
    document = upgrade_documents(snapshot(seed))[AgentVersion(9, 16)]
    path = document["path"]
    assert (path["complete"], path["total_hops"], path["total_reboots"], path["continues"]) == (
        True,
        2,
        1,
        None,
    )
    assert document["continuations"] == []


def test_the_schema_rejects_a_part_posing_as_whole_and_the_reverse(tmp_path: Path) -> None:
    catalog = load_or_raise(write_catalog(60, tmp_path / "rollups.yaml"))
    documents = upgrade_documents(snapshot(catalog))
    part = documents[AgentVersion(9, 0)]["path"]
    assert part["complete"] is False and part["continues"] is not None
    path_schema = validator("Path")
    assert path_schema.is_valid(part)
    assert not path_schema.is_valid({**part, "complete": True})
    whole = documents[max(documents)]["path"]
    assert whole["complete"] is True
    assert not path_schema.is_valid({**whole, "complete": False})
