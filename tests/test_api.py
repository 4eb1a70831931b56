"""The JSON API: every document validates against the OpenAPI file, is stable, agrees with the CLI."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator import cli
from generator.catalog.model import AgentVersion, Catalog
from generator.catalog.validate import load_or_raise
from generator.outputs.api import OPENAPI_PATH, OPENAPI_SOURCE, api_files, dumps, upgrade_document
from generator.policy.rules import Snapshot, snapshot, snapshots, upgrade_versions
from generator.site.files import site_files

from .conftest import ODD_POLICY_CATALOG, ROOT, SEED_CATALOG, SHIPPED_CATALOG

V = AgentVersion.parse
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


def test_openapi_file_is_valid_openapi_3_1() -> None:
    validate_spec(OPENAPI)
    assert OPENAPI["openapi"] == "3.1.0"
    assert set(OPENAPI["paths"]) == {"/rollups.json", "/policy.json", "/upgrade/{version}.json"}


def test_openapi_is_copied_into_the_site(shipped: Catalog) -> None:
    files = api_files(snapshot(shipped))
    assert files[OPENAPI_PATH] == OPENAPI_SOURCE.read_bytes()


@pytest.mark.parametrize("name", ["shipped", "synthetic", "odd_policy"])
def test_every_document_of_every_snapshot_validates(name: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(name)
    checked = 0
    for snap in every_snapshot(catalog):
        for path, document in json_documents(snap):
            errors = [e.message for e in validator(schema_for(path)).iter_errors(document)]
            assert errors == [], f"{path} as of {snap.as_of.number}: {errors}"
            assert document["schema_version"] == 1
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
        "status": "supported",
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
    assert err == f"error: no upgrade path from 5.6 to 5.14: {document['reason']}\n"


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
