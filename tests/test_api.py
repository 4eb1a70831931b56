"""The JSON API: every document validates against the OpenAPI file, is stable, agrees with the CLI."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator import cli
from generator.catalog.model import AgentVersion, Catalog, Shipment, Version
from generator.catalog.validate import load_or_raise
from generator.outputs.api import (
    OPENAPI_PATH,
    OPENAPI_SOURCE,
    SCHEMA_VERSION,
    api_files,
    dumps,
    policy_document,
    rollups_document,
    upgrade_document,
)
from generator.policy.rules import Snapshot, snapshot, snapshots, upgrade_versions
from generator.site.files import site_files

from .conftest import ODD_POLICY_CATALOG, ROOT, SEED_CATALOG, SHIPPED_CATALOG

V = AgentVersion.parse
LINES_CATALOG = ROOT / "tests" / "data" / "lines.yaml"
OPENAPI = yaml.safe_load(OPENAPI_SOURCE.read_text(encoding="utf-8"))
REGISTRY: Registry[Any] = Registry().with_resource(
    "urn:rollups:openapi", DRAFT202012.create_resource(OPENAPI)
)


def validator(schema: str) -> Draft202012Validator:
    """A validator for ``components/schemas/<schema>`` of the OpenAPI file."""
    ref = {"$ref": f"urn:rollups:openapi#/components/schemas/{schema}"}
    return Draft202012Validator(ref, registry=REGISTRY, format_checker=FormatChecker())


def schema_for(path: str) -> str:
    if path.endswith("/rollups.json"):
        return "RollupsDocument"
    if path.endswith("/policy.json"):
        return "PolicyDocument"
    assert "/upgrade/" in path, path
    return "UpgradeDocument"


def json_documents(snap: Snapshot) -> Iterator[tuple[str, Any]]:
    for path, data in sorted(api_files(snap).items()):
        if path.endswith(".json"):
            yield path, json.loads(data)


def every_snapshot(catalog: Catalog) -> list[Snapshot]:
    return snapshots(catalog)


@pytest.fixture(scope="module")
def lines_catalog() -> Catalog:
    """Releases for one scenario only (rollups 5 and 7) and a withdrawn rollup (3)."""
    return load_or_raise(LINES_CATALOG)


def test_openapi_file_is_valid_openapi_3_1() -> None:
    validate_spec(OPENAPI)
    assert OPENAPI["openapi"] == "3.1.0"
    assert set(OPENAPI["paths"]) == {"/rollups.json", "/policy.json", "/upgrade/{version}.json"}


def test_openapi_is_copied_into_the_site(shipped: Catalog) -> None:
    files = api_files(snapshot(shipped))
    assert files[OPENAPI_PATH] == OPENAPI_SOURCE.read_bytes()


@pytest.mark.parametrize("name", ["shipped", "synthetic", "odd_policy", "lines_catalog"])
def test_every_document_of_every_snapshot_validates(name: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(name)
    checked = 0
    for snap in every_snapshot(catalog):
        for path, document in json_documents(snap):
            errors = [e.message for e in validator(schema_for(path)).iter_errors(document)]
            assert errors == [], f"{path} as of {snap.as_of.number}: {errors}"
            assert document["schema_version"] == SCHEMA_VERSION == 3
            assert document["as_of"] == snap.as_of.number
            checked += 1
    assert checked > 20


def test_the_schemas_reject_what_they_should(odd_policy: Catalog) -> None:
    snap = snapshot(odd_policy)
    rollups = json.loads(api_files(snap)["api/v1/rollups.json"])
    upgrade = upgrade_document(snap, V("5.10"))
    broken: list[tuple[str, Any]] = []
    extra = copy.deepcopy(rollups)
    extra["built_at"] = "2024-06-12T10:00:00Z"
    broken.append(("RollupsDocument", extra))
    missing = copy.deepcopy(rollups)
    del missing["rollups"][0]["kb"]
    broken.append(("RollupsDocument", missing))
    bad_version = copy.deepcopy(rollups)
    bad_version["rollups"][0]["components"]["agent"] = "5.14 beta"
    broken.append(("RollupsDocument", bad_version))
    no_reason = copy.deepcopy(upgrade)
    no_reason["path"] = None
    broken.append(("UpgradeDocument", no_reason))
    both = copy.deepcopy(upgrade)
    both["reason"] = "no path"
    broken.append(("UpgradeDocument", both))
    for schema, document in broken:
        assert not validator(schema).is_valid(document), document


def test_the_schemas_reject_a_scenario_answer_posing_as_everyones(lines_catalog: Catalog) -> None:
    """Where the answer depends on the scenario, no field of schema 1 may carry one of them."""
    snap = snapshot(lines_catalog, 7)
    upgrade = upgrade_document(snap, V("9.55"))
    policy = policy_document(snap)
    rollups = rollups_document(snap)
    for document, schema in (
        (upgrade, "UpgradeDocument"),
        (policy, "PolicyDocument"),
        (rollups, "RollupsDocument"),
    ):
        assert validator(schema).is_valid(document)
    assert upgrade["for_all_scenarios"] is False
    broken: list[tuple[str, Any]] = []
    one_path = copy.deepcopy(upgrade)
    one_path["path"], one_path["reason"] = upgrade["answers"][0]["path"], None
    broken.append(("UpgradeDocument", one_path))
    one_status = copy.deepcopy(upgrade)
    one_status["status"] = "supported"
    broken.append(("UpgradeDocument", one_status))
    claims_all = copy.deepcopy(upgrade)
    claims_all["for_all_scenarios"] = True
    broken.append(("UpgradeDocument", claims_all))
    union = copy.deepcopy(policy)
    union["released"] = policy["lines"][0]["released"]
    broken.append(("PolicyDocument", union))
    one_line = copy.deepcopy(policy)
    one_line["one_line"] = True
    broken.append(("PolicyDocument", one_line))
    markup = copy.deepcopy(rollups)
    markup["rollups"][4]["withdrawn"] = {"html": "<b>pulled</b>"}
    broken.append(("RollupsDocument", markup))
    for schema, document in broken:
        assert not validator(schema).is_valid(document), document


def test_component_values_distinguish_not_shipped_from_not_recorded(odd_policy: Catalog) -> None:
    rollups = {
        r["number"]: r for r in json.loads(api_files(snapshot(odd_policy))["api/v1/rollups.json"])["rollups"]
    }
    assert rollups[20]["components"] == {
        "agent": "5.14.100.0",
        "console": {"vmware": "3.4.0", "physical": None},
        "tools": "1.2.0",
    }
    assert rollups[19]["components"]["tools"] is None
    assert "agent" not in rollups[18]["components"]
    assert rollups[18]["agent_version"] is None
    assert rollups[13]["components"]["agent"] == {"vmware": "5.5.40.0", "physical": "5.5.41.0"}
    assert rollups[13]["agent_version"] == "5.5"
    assert rollups[9]["components"] == {"agent": None}
    assert [rollups[n]["released"] for n in (20, 19, 14)] == ["2024-06-11", "2024-05", None]
    assert [n for n, r in rollups.items() if r["status"] == "supported"] == [20, 19]


def test_rollups_document_of_the_seed_catalog(seed: Catalog) -> None:
    document = json.loads(api_files(snapshot(seed))["api/v1/rollups.json"])
    assert [r["number"] for r in document["rollups"]] == [32, 31, 30, 29, 28, 27, 26, 25, 23, 22, 21, 20, 19]
    first = document["rollups"][0]
    assert first == {
        "number": 32,
        "title": "Update Rollup 32",
        "released": None,
        "kb": "https://support.microsoft.com/help/4485985/update-rollup-32-for-azure-site-recovery",
        "agent_version": "9.21",
        "reached": ["azure-to-azure", "vmware-to-azure"],
        "withdrawn": None,
        "status": "supported",
        "statuses": [{"scenarios": ["azure-to-azure", "vmware-to-azure"], "status": "supported"}],
        "components": {
            "provider": "5.1.3800.0",
            "unified_setup": "9.21.5091.1",
            "ovf": "5.1.3800.0",
            "mars": "2.0.9144.0",
        },
        "notes": None,
    }
    assert document["rollups"][6]["components"] == {}
    # Rollup 26 records no agent version: no status is claimed for it.
    unknown = document["rollups"][6]
    assert (unknown["agent_version"], unknown["status"]) == (None, "not_recorded")
    assert (unknown["reached"], unknown["withdrawn"]) == ([], None)
    # One release line: every field of schema 1 holds what it held, for every scenario.
    every = ["azure-to-azure", "vmware-to-azure"]
    assert first["reached"] == every
    assert first["statuses"] == [{"scenarios": every, "status": "supported"}]
    assert document["lines"] == [{"scenarios": every, "latest": "9.21", "oldest_supported": "9.17"}]
    assert document["rollups"][5]["status"] == "supported"
    assert (document["latest"], document["oldest_supported"]) == ("9.21", "9.17")


def test_policy_document_holds_what_the_planner_needs(seed: Catalog) -> None:
    policy = json.loads(api_files(snapshot(seed))["api/v1/policy.json"])
    assert policy["rules"] == {
        "track": "unified_setup",
        "track_scenario": None,
        "support_window": 4,
        "window_includes_boundary": True,
        "max_upgrade_gap": 4,
        "reboot_gap": 4,
    }
    assert policy["latest"] == "9.21"
    assert [(r["version"], [x["number"] for x in r["rollups"]]) for r in policy["released"]] == [
        ("9.18", [27]),
        ("9.19", [28, 29, 30]),
        ("9.20", [31]),
        ("9.21", [32]),
    ]
    assert policy["upgrade_versions"] == [f"9.{m}" for m in range(14, 22)]
    assert policy["one_line"] is True
    assert [s["id"] for s in policy["scenarios"]] == ["azure-to-azure", "vmware-to-azure"]
    assert policy["lines"] == [
        {
            "scenarios": ["azure-to-azure", "vmware-to-azure"],
            "latest": "9.21",
            "oldest_supported": "9.17",
            "released": policy["released"],
            "withdrawn": [],
        }
    ]


def test_upgrade_documents_cover_every_version_with_a_page(odd_policy: Catalog, synthetic: Catalog) -> None:
    snap = snapshot(odd_policy)
    versions = [str(v) for v in upgrade_versions(snap)]
    assert versions == [
        *("4.6", "4.7", "4.8", "4.9"),
        *("5.1", "5.2", "5.3", "5.4", "5.5", "5.6"),
        *("5.8", "5.9", "5.10", "5.11", "5.12", "5.13", "5.14"),
    ]  # every row the reboot matrix ever had: a published URL keeps existing
    for catalog in (odd_policy, synthetic):
        files = site_files(catalog, None, ROOT / "content")
        pages = {
            p.removeprefix("upgrade/").removesuffix(".md") for p in files.pages if p.startswith("upgrade/")
        }
        documents = {
            p.removeprefix("api/v1/upgrade/").removesuffix(".json") for p in files.static if "/upgrade/" in p
        }
        badges = {
            p.removeprefix("badges/").removesuffix(".svg") for p in files.static if p.startswith("badges/")
        }
        assert documents == badges == pages - {"index"}


def test_upgrade_document_of_9_16(seed: Catalog) -> None:
    document = json.loads(api_files(snapshot(seed))["api/v1/upgrade/9.16.json"])
    assert document["status"] == "out_of_support"
    assert document["out_of_support_since"] == {"number": 32, "title": "Update Rollup 32"}
    assert document["out_of_support_since_at_the_latest"] is False
    assert document["released"] is False
    assert document["reason"] is None
    assert document["path"]["hops"] == ["9.20", "9.21"]
    assert document["path"]["reboots_before"] == ["9.21"]
    assert document["path"]["text"] == "9.16 -> 9.20 -> reboot -> 9.21"
    assert document["path"]["steps"] == [
        {"action": "upgrade", "to": "9.20", "rollups": [31]},
        {"action": "reboot"},
        {"action": "upgrade", "to": "9.21", "rollups": [32]},
    ]
    # One answer, for every scenario, repeated in the fields of schema 1.
    assert document["for_all_scenarios"] is True
    (answer,) = document["answers"]
    assert answer == {
        "scenarios": ["azure-to-azure", "vmware-to-azure"],
        **{
            k: v
            for k, v in document.items()
            if k not in ("schema_version", "as_of", "version", "for_all_scenarios", "answers")
        },
    }


def test_upgrade_documents_without_a_path_say_why(odd_policy: Catalog) -> None:
    snap = snapshot(odd_policy)
    gap = upgrade_document(snap, V("5.6"))
    assert gap["path"] is None
    assert gap["reason"] == (
        "no released version lies within 3 versions of 5.6 (5.7 to 5.9); the next release is 5.10, "
        "so 5.14 cannot be reached from 5.6 without exceeding the upgrade limit of 3 versions"
    )
    major = upgrade_document(snap, V("4.9"))
    assert major["path"] is None
    assert major["reason"] == (
        "4.9 and 5.14 are of different major versions; "
        "the policy counts upgrade hops within one major version only"
    )
    assert major["out_of_support_since"] == {"number": 12, "title": "Update Rollup 12"}
    assert major["out_of_support_since_at_the_latest"] is False


def test_out_of_support_since_says_when_it_is_only_an_upper_bound(site_fixture: Catalog) -> None:
    """Rollup 1 records no agent version: 1.5 left support with rollup 2 (the oldest recorded) or earlier."""
    snap = snapshot(site_fixture)
    first = upgrade_document(snap, V("1.5"))
    assert (first["out_of_support_since"], first["out_of_support_since_at_the_latest"]) == (
        {"number": 2, "title": "Update Rollup 2"},
        True,
    )
    later = upgrade_document(snap, V("2.3"))
    assert (later["out_of_support_since"], later["out_of_support_since_at_the_latest"]) == (
        {"number": 4, "title": "Update Rollup 4"},
        False,
    )
    assert upgrade_document(snap, V("2.12"))["out_of_support_since_at_the_latest"] is False


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("catalog", "version"),
    [(SEED_CATALOG, "9.16"), (SEED_CATALOG, "9.21"), (SHIPPED_CATALOG, "9.61"), (ODD_POLICY_CATALOG, "5.10")],
)
def test_cli_json_is_the_api_path(catalog: Path, version: str) -> None:
    code, out, _ = run_cli("path", version, "--json", "--catalog", str(catalog))
    assert code == 0
    snap = snapshot(load_or_raise(catalog))
    document = json.loads(api_files(snap)[f"api/v1/upgrade/{version}.json"])
    assert json.loads(out) == {**document["path"], "scenario": None}  # the answer holds for every scenario
    assert out.encode("utf-8") == dumps({**document["path"], "scenario": None})


def test_cli_json_without_a_path_gives_the_api_reason() -> None:
    code, out, err = run_cli("path", "5.6", "--json", "--catalog", str(ODD_POLICY_CATALOG))
    assert code == 1
    payload = json.loads(out)
    document = upgrade_document(snapshot(load_or_raise(ODD_POLICY_CATALOG)), V("5.6"))
    assert payload == {
        "as_of": 20,
        "from": "5.6",
        "to": "5.14",
        "error": document["reason"],
        "scenario": None,
    }
    assert err == f"error: no upgrade path from 5.6 to 5.14 (as of Update Rollup 20): {document['reason']}\n"


def test_bytes_are_deterministic_and_carry_no_build_time(shipped: Catalog) -> None:
    first = api_files(snapshot(shipped))
    second = api_files(snapshot(load_or_raise(SHIPPED_CATALOG)))
    assert first == second
    for path, data in first.items():
        if path.endswith(".json"):
            text = data.decode("utf-8")
            assert text.endswith("}\n") and not text.endswith("\n\n")
            assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
            assert "built" not in text and "generated" not in text


def test_an_older_snapshot_never_mentions_a_later_rollup(shipped: Catalog) -> None:
    snap = snapshot(shipped, 28)
    for path, document in json_documents(snap):
        text = json.dumps(document)
        for later in (29, 30, 31, 32):
            assert f"Update Rollup {later}" not in text, path
    rollups = json.loads(api_files(snap)["api/v1/rollups.json"])
    assert rollups["as_of"] == 28
    assert rollups["latest"] == "9.19"


# --- releases per scenario ----------------------------------------------------------------------


def test_policy_document_gives_each_release_line(lines_catalog: Catalog) -> None:
    """Rollup 5 released 9.56 for modern only, rollup 7 9.59 for classic only; rollup 3 was withdrawn."""
    policy = policy_document(snapshot(lines_catalog, 7))
    assert policy["one_line"] is False
    assert policy["scenarios"] == [{"id": "classic", "title": "Classic"}, {"id": "modern", "title": "Modern"}]
    # No N, no support window and no list of releases holds for both: none is given.
    assert (policy["latest"], policy["oldest_supported"], policy["released"]) == (None, None, None)
    classic, modern = policy["lines"]
    assert (classic["scenarios"], classic["latest"], classic["oldest_supported"]) == (
        ["classic"],
        "9.59",
        "9.55",
    )
    assert (modern["scenarios"], modern["latest"], modern["oldest_supported"]) == (["modern"], "9.57", "9.53")
    assert [
        (r["version"], r["status"], [x["number"] for x in r["rollups"]]) for r in classic["released"]
    ] == [
        ("9.53", "out_of_support", [2]),
        ("9.55", "supported", [4]),
        ("9.57", "supported", [6]),
        ("9.59", "supported", [7]),
    ]
    assert [r["version"] for r in modern["released"]] == ["9.53", "9.55", "9.56", "9.57"]
    withdrawn = [
        {
            "version": "9.54",
            "rollups": [
                {
                    "number": 3,
                    "title": "Update Rollup 3",
                    "withdrawn": "Downloads were taken down for data corruption.",
                }
            ],
        }
    ]
    assert classic["withdrawn"] == modern["withdrawn"] == withdrawn
    # Rollup 8 brings both lines to 9.60: N and the oldest supported version hold for both again.
    later = policy_document(snapshot(lines_catalog, 8))
    assert (later["one_line"], later["latest"], later["oldest_supported"], later["released"]) == (
        False,
        "9.60",
        "9.56",
        None,
    )
    # Before rollup 5 the two scenarios share one line, and the fields of schema 1 hold it.
    shared = policy_document(snapshot(lines_catalog, 4))
    assert shared["one_line"] is True
    (line,) = shared["lines"]
    assert line["scenarios"] == ["classic", "modern"]
    assert (shared["latest"], shared["released"]) == (line["latest"], line["released"])


def test_rollups_document_says_which_scenarios_a_release_reached(lines_catalog: Catalog) -> None:
    document = rollups_document(snapshot(lines_catalog, 7))
    rollups = {r["number"]: r for r in document["rollups"]}
    assert {n: r["reached"] for n, r in rollups.items()} == {
        7: ["classic"],
        6: ["classic", "modern"],
        5: ["modern"],  # classic: null, said explicitly
        4: ["classic", "modern"],
        3: ["classic", "modern"],  # it reached both before it was withdrawn
        2: ["classic", "modern"],
    }
    assert rollups[3]["withdrawn"] == "Downloads were taken down for data corruption."
    assert [n for n, r in rollups.items() if r["withdrawn"] is not None] == [3]
    assert rollups[3]["components"] == {"agent": "9.54.3.1"}  # what it shipped stays a fact
    # A rollup is placed by the oldest rollup that released a supported version on the line: rollup 4
    # (9.55) on classic's (9.55 to 9.59), rollup 2 on modern's (9.53 to 9.57), whose 9.53 is still supported.
    assert {n: r["status"] for n, r in rollups.items()} == {
        7: "supported",
        6: "supported",
        5: "supported",
        4: "supported",
        3: None,
        2: None,
    }
    for number in (3, 2):
        assert rollups[number]["statuses"] == [
            {"scenarios": ["classic"], "status": "out_of_support"},
            {"scenarios": ["modern"], "status": "supported"},
        ]
    assert rollups[7]["statuses"] == [{"scenarios": ["classic", "modern"], "status": "supported"}]
    assert document["lines"] == [
        {"scenarios": ["classic"], "latest": "9.59", "oldest_supported": "9.55"},
        {"scenarios": ["modern"], "latest": "9.57", "oldest_supported": "9.53"},
    ]
    assert (document["latest"], document["oldest_supported"]) == (None, None)


CLASSIC, MODERNIZED, A2A = "vmware-to-azure", "modernized-vmware-to-azure", "azure-to-azure"


def answer_for(document: dict[str, Any], scenario: str) -> dict[str, Any]:
    """The entry of an upgrade document's ``answers`` that holds for ``scenario``."""
    (found,) = [a for a in document["answers"] if scenario in a["scenarios"]]
    return found


def test_upgrade_document_of_9_55_as_of_71_differs_per_scenario(shipped: Catalog) -> None:
    """Rollup 69 released 9.56 to Azure-to-Azure and modernized VMware only, rollup 71 9.59 to classic."""
    document = json.loads(api_files(snapshot(shipped, 71))["api/v1/upgrade/9.55.json"])
    assert document["for_all_scenarios"] is False
    assert [a["scenarios"] for a in document["answers"]] == [[A2A, MODERNIZED], [CLASSIC]]
    classic, modernized = answer_for(document, CLASSIC), answer_for(document, MODERNIZED)
    assert classic["path"]["text"] == "9.55 -> 9.59"
    assert modernized["path"]["text"] == "9.55 -> 9.57"
    assert (classic["latest"], modernized["latest"]) == ("9.59", "9.57")
    # Neither path touches a version its scenario never got.
    for answer in document["answers"]:
        for scenario in answer["scenarios"]:
            got = {str(v) for v in snapshot(shipped, 71, scenario).released}
            assert set(answer["path"]["hops"]) <= got, (scenario, answer["path"]["hops"])
    assert not {"9.58", "9.59"} & set(modernized["path"]["hops"])
    assert "9.56" not in classic["path"]["hops"]
    # No answer is given as everyone's.
    assert (document["path"], document["status"], document["latest"]) == (None, None, None)
    assert document["reason"] == "the answer for 9.55 depends on the scenario: answers gives it for each"


@pytest.mark.parametrize("as_of", [71, 76])
@pytest.mark.parametrize("scenario", [A2A, CLASSIC, MODERNIZED])
def test_cli_json_for_a_scenario_is_the_api_answer_for_it(as_of: int, scenario: str) -> None:
    code, out, _ = run_cli(
        "path",
        "9.55",
        "--scenario",
        scenario,
        "--as-of",
        str(as_of),
        "--json",
        "--catalog",
        str(SHIPPED_CATALOG),
    )
    assert code == 0
    document = json.loads(
        api_files(snapshot(load_or_raise(SHIPPED_CATALOG), as_of))["api/v1/upgrade/9.55.json"]
    )
    assert json.loads(out) == {**answer_for(document, scenario)["path"], "scenario": scenario}


def test_cli_without_a_scenario_refuses_where_the_api_gives_no_common_answer(shipped: Catalog) -> None:
    code, out, err = run_cli("path", "9.55", "--as-of", "71", "--json", "--catalog", str(SHIPPED_CATALOG))
    assert (code, out) == (2, "")
    document = upgrade_document(snapshot(shipped, 71), V("9.55"))
    for answer in document["answers"]:
        assert f"  {', '.join(answer['scenarios'])}: {answer['path']['text']}\n" in err
    assert document["path"] is None


def test_9_47_is_never_a_hop_and_is_given_as_withdrawn(shipped: Catalog) -> None:
    """Rollup 60's 9.47 downloads were taken down: in every snapshot, on every line, no path lands on it."""
    checked = 0
    for snap in snapshots(shipped):
        documents = dict(json_documents(snap))
        policy = documents["api/v1/policy.json"]
        for line in policy["lines"]:
            assert "9.47" not in [r["version"] for r in line["released"]]
            assert line["latest"] != "9.47"
            if snap.as_of.number >= 60:
                assert [w["version"] for w in line["withdrawn"]] == ["9.47"]
                assert [r["number"] for r in line["withdrawn"][0]["rollups"]] == [60]
        for path, document in documents.items():
            if "/upgrade/" not in path:
                continue
            for answer in document["answers"]:
                assert answer["path"] is None or "9.47" not in answer["path"]["hops"], path
                checked += 1
        rollups = {r["number"]: r for r in documents["api/v1/rollups.json"]["rollups"]}
        if 60 in rollups:
            assert rollups[60]["withdrawn"] == shipped.rollup(60).withdrawn
    assert checked > 1000


def test_withdrawn_text_is_given_as_written(lines_catalog: Catalog) -> None:
    """The reason is Markdown from the catalog: one JSON string, exactly as written, never parsed."""
    text = '**Pulled**: see [the notice](https://example.com/a?b=1&c=2) <b>"now"</b> {: .x }'
    rollups = tuple(replace(r, withdrawn=text) if r.number == 3 else r for r in lines_catalog.rollups)
    snap = snapshot(replace(lines_catalog, rollups=rollups), 7)
    files = api_files(snap)
    assert json.loads(files["api/v1/rollups.json"])["rollups"][4]["withdrawn"] == text
    for line in json.loads(files["api/v1/policy.json"])["lines"]:
        assert line["withdrawn"][0]["rollups"][0]["withdrawn"] == text


def test_a_scenario_with_nothing_released_yet_has_an_answer_that_says_so(lines_catalog: Catalog) -> None:
    """Rollup 2 released to modern only: as of 2, classic has no N, no status and no path."""
    first = replace(
        lines_catalog.rollup(2),
        versions={"agent": Shipment(per_scenario={"modern": Version.parse("9.53.2.1")})},
    )
    catalog = replace(lines_catalog, rollups=(*lines_catalog.rollups[:-1], first))
    snap = snapshot(catalog, 2)
    documents = dict(json_documents(snap))
    for path, document in documents.items():
        assert validator(schema_for(path)).is_valid(document), path
    policy = documents["api/v1/policy.json"]
    assert [(line["scenarios"], line["latest"], line["released"]) for line in policy["lines"]] == [
        (["classic"], None, []),
        (["modern"], "9.53", policy["lines"][1]["released"]),
    ]
    assert policy["latest"] is None
    upgrade = documents["api/v1/upgrade/9.53.json"]
    assert answer_for(upgrade, "classic") == {
        "scenarios": ["classic"],
        "latest": None,
        "released": False,
        "rollups": [],
        "status": None,
        "out_of_support_since": None,
        "out_of_support_since_at_the_latest": False,
        "path": None,
        "reason": "nothing was released for this scenario as of Update Rollup 2",
        "continuations": [],
    }
    assert answer_for(upgrade, "modern")["path"]["hops"] == []
    rollups = documents["api/v1/rollups.json"]["rollups"]
    assert rollups[0]["statuses"] == [{"scenarios": ["modern"], "status": "supported"}]
    assert rollups[0]["status"] == "supported"  # every scenario that has a status


def test_without_a_scenario_that_installs_the_agent_one_answer_holds_for_every_reader(seed: Catalog) -> None:
    catalog = replace(seed, scenarios=tuple(replace(s, components=()) for s in seed.scenarios))
    documents = dict(json_documents(snapshot(catalog)))
    for path, document in documents.items():
        assert validator(schema_for(path)).is_valid(document), path
    policy = documents["api/v1/policy.json"]
    assert (policy["scenarios"], policy["one_line"], policy["latest"]) == ([], True, "9.21")
    assert policy["lines"][0]["scenarios"] == []
    upgrade = documents["api/v1/upgrade/9.16.json"]
    assert upgrade["for_all_scenarios"] is True
    assert upgrade["answers"][0]["scenarios"] == []
    assert upgrade["path"]["text"] == "9.16 -> 9.20 -> reboot -> 9.21"
