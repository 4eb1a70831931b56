"""The JSON Schema editors use agrees with ``rollups validate`` on what a catalog looks like."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.catalog.model import VERSION_PATTERN
from generator.catalog.validate import read_catalog
from generator.catalog.values import SLUG, URL, unsafe_text
from generator.catalog.yamlsource import Source

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "rollups.schema.json"
GOLDEN_DIR = ROOT / "tests" / "golden" / "validate"
CATALOGS = [
    ROOT / "data" / "rollups.yaml",
    ROOT / "tests" / "data" / "synthetic.yaml",
    ROOT / "tests" / "data" / "lines.yaml",
    ROOT / "tests" / "data" / "seed-2019.yaml",
]

SCHEMA_DETECTABLE = [
    "unknown-key",
    "missing-key",
    "missing-section",
    "wrong-types",
    "version-malformed",
    "date-invalid",
    "unsafe-ids",
    "unsafe-markup",
    "no-rollups",
    "top-level-list",
    "top-level-scalar",
    "withdrawn-invalid",
]
"""Golden cases whose defect a schema can see (the others need the validator's cross checks)."""

CROSS_CHECKS_ONLY = [
    "dup-number",
    "out-of-order",
    "kb-reused",
    "agent-backwards",
    "dates-out-of-order",
    "tracked-scenario-without-component",
]


class _DatesAsText(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): a date is a string."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)  # a SafeLoader subclass


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(validator: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def validator_errors(path: Path) -> list[str]:
    located = read_catalog(Source(path.name, path.read_text(encoding="utf-8")))
    return [str(d) for d in located.report.errors]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_catalogs_match_the_schema(validator: jsonschema.Draft202012Validator, catalog: Path) -> None:
    assert schema_errors(validator, load_yaml(catalog)) == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_catalogs_point_editors_at_the_schema(catalog: Path) -> None:
    first_line = catalog.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first_line)
    assert match, first_line
    assert (catalog.parent / match.group(1)).resolve() == SCHEMA_FILE


@pytest.mark.parametrize("case", SCHEMA_DETECTABLE)
def test_schema_and_validator_both_reject(validator: jsonschema.Draft202012Validator, case: str) -> None:
    path = GOLDEN_DIR / f"{case}.yaml"
    assert schema_errors(validator, load_yaml(path))
    assert validator_errors(path)


@pytest.mark.parametrize("case", CROSS_CHECKS_ONLY)
def test_only_the_validator_sees_cross_rollup_defects(
    validator: jsonschema.Draft202012Validator, case: str
) -> None:
    path = GOLDEN_DIR / f"{case}.yaml"
    assert schema_errors(validator, load_yaml(path)) == []
    assert validator_errors(path)


def test_the_schema_rejects_what_the_validator_rejects_value_by_value(
    validator: jsonschema.Draft202012Validator,
) -> None:
    catalog = load_yaml(CATALOGS[1])
    rollup = catalog["rollups"][0]
    for key, bad in [
        ("number", "38"),
        ("number", 0),
        ("released", "2019-13-01"),
        ("kb", "javascript:alert(1)"),
        ("kb", "https://support.microsoft.com/help/4100038 "),
        ("notes", "<script>alert(1)</script>"),
        ("notes", "[x](JavaScript:alert(1))"),
        ("notes", "text with a right-to-left override \u202e"),
        ("versions", {"provider": "5.23.1550 .0"}),
        ("versions", {"provider": 9.1}),
        ("versions", {"provider": {"../x": "5.23.1550.0"}}),
        ("kbb", "https://support.microsoft.com/help/4100038"),
        ("withdrawn", ""),
        ("withdrawn", True),
        ("withdrawn", "<b>taken down</b>"),
    ]:
        broken = dict(rollup, **{key: bad})
        instance = dict(catalog, rollups=[broken, *catalog["rollups"][1:]])
        assert schema_errors(validator, instance), (key, bad)


def test_schema_patterns_are_the_validators() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    definitions = schema["$defs"]
    assert definitions["id"]["pattern"] == SLUG.pattern
    assert definitions["version"]["pattern"] == VERSION_PATTERN.pattern
    assert definitions["url"]["pattern"] == URL.pattern


def test_every_property_has_a_description() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    missing: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if "description" not in value:
                    missing.append(f"{where}/{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schema, "")
    assert missing == []
    assert all("description" in definition for definition in schema["$defs"].values())


@pytest.mark.parametrize(
    "text",
    [
        "Upgrade from versions <9.16 first.",
        "x < y and a -> b",
        "Use **bold**, `code` and [links](https://example.com).",
        "<b>bold</b>",
        "</script>",
        "<!-- hidden -->",
        "[x](JavaScript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x]( data:text/html,hi)",
        "[x]: data:text/html,hi",
        "right-to-left \u202e override",
        "zero\u200bwidth",
        "bell \x07",
        "   ",
    ],
)
def test_schema_and_validator_agree_on_safe_text(
    validator: jsonschema.Draft202012Validator, text: str
) -> None:
    markdown = {"$ref": "#/$defs/markdown", "$defs": validator.schema["$defs"]}
    schema_accepts = jsonschema.Draft202012Validator(markdown).is_valid(text)
    assert schema_accepts == (text.strip() != "" and unsafe_text(text) == "")
