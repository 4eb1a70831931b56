"""The JSON Schema editors use agrees with ``rollups validate`` on what a catalog looks like."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.catalog.model import MAX_POLICY_NUMBER, MAX_ROLLUP_NUMBER, VERSION_PATTERN
from generator.catalog.site_paths import RESERVED_SCENARIO_IDS, WINDOWS_DEVICE_NAMES
from generator.catalog.validate import POLICY_NUMBERS, read_catalog
from generator.catalog.values import (
    MAX_MARKDOWN_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_URL_LENGTH,
    SLUG,
    URL,
    text_problem,
)
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
    "unsafe-markdown",
    "no-rollups",
    "top-level-list",
    "top-level-scalar",
    "text-controls",
    "reserved-ids",
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
        ("number", MAX_ROLLUP_NUMBER + 1),
        ("number", int("9" * 4000)),
        ("released", "2019-13-01"),
        ("kb", "javascript:alert(1)"),
        ("kb", "https://support.microsoft.com/help/4100038 "),
        ("notes", "<script>alert(1)</script>"),
        ("notes", "[x](JavaScript:alert(1))"),
        ("notes", "text with a right-to-left override \u202e"),
        ("notes", "A note {: onclick=alert(1) }"),
        ("notes", "[the guide](//evil.example/guide)"),
        ("notes", "[the FAQ](faq.md)"),
        ("notes", "[mail](mailto:support@example.org)"),
        ("notes", "See [the files][r].\n\n[r]: ftp://files.example.org/agent"),
        ("versions", {"provider": "5.23.1550 .0"}),
        ("versions", {"provider": 9.1}),
        ("versions", {"provider": "5.23.1234567890.0"}),
        ("notes", "a lone surrogate \ud800"),
        ("notes", "a carriage return\r\nhere"),
        ("versions", {"provider": {"../x": "5.23.1550.0"}}),
        ("kbb", "https://support.microsoft.com/help/4100038"),
        ("withdrawn", ""),
        ("withdrawn", True),
        ("withdrawn", "<b>taken down</b>"),
    ]:
        broken = dict(rollup, **{key: bad})
        instance = dict(catalog, rollups=[broken, *catalog["rollups"][1:]])
        assert schema_errors(validator, instance), (key, bad)


def test_the_schema_rejects_what_the_validator_rejects_in_policy_and_scenarios(
    validator: jsonschema.Draft202012Validator,
) -> None:
    catalog = load_yaml(CATALOGS[1])
    for number in POLICY_NUMBERS:
        assert schema_errors(validator, dict(catalog, policy=dict(catalog["policy"], **{number: 50}))) == []
        assert schema_errors(validator, dict(catalog, policy=dict(catalog["policy"], **{number: 51})))
    scenario = catalog["scenarios"][0]
    for key, bad in [("id", "index"), ("id", "con"), ("title", "two\nlines"), ("title", "a\ttab")]:
        instance = dict(catalog, scenarios=[dict(scenario, **{key: bad}), *catalog["scenarios"][1:]])
        assert schema_errors(validator, instance), (key, bad)


def test_schema_bounds_are_the_validators() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    number = schema["properties"]["rollups"]["items"]["properties"]["number"]
    assert (number["minimum"], number["maximum"]) == (1, MAX_ROLLUP_NUMBER)
    policy = schema["properties"]["policy"]["properties"]
    for name in POLICY_NUMBERS:
        assert (policy[name]["minimum"], policy[name]["maximum"]) == (1, MAX_POLICY_NUMBER)
        assert f"From 1 to {MAX_POLICY_NUMBER};" in policy[name]["description"]
    reserved = schema["$defs"]["scenario-id"]["not"]["enum"]
    assert sorted(reserved) == sorted({*RESERVED_SCENARIO_IDS, *WINDOWS_DEVICE_NAMES})
    assert schema["properties"]["scenarios"]["items"]["properties"]["id"]["$ref"] == "#/$defs/scenario-id"


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
        "two\nlines",
        "ends with a line break\n",
        "a\ttab",
        "a carriage\rreturn",
        "a\r\nWindows line end",
        "delete \x7f",
        "next line \x85",
        "line\u2028separator",
        "paragraph\u2029separator",
        "lone \ud800 high",
        "lone \udc00 low",
        "emoji \U0001f600 and caf\u00e9",
    ],
)
@pytest.mark.parametrize("definition", ["text", "markdown"])
def test_schema_and_validator_agree_on_safe_text(
    validator: jsonschema.Draft202012Validator, text: str, definition: str
) -> None:
    schema = {"$ref": f"#/$defs/{definition}", "$defs": validator.schema["$defs"]}
    schema_accepts = jsonschema.Draft202012Validator(schema).is_valid(text)
    validator_accepts = text_problem(text, markdown=definition == "markdown") == ""
    assert schema_accepts == (text.strip() != "" and validator_accepts)


def test_a_surrogate_pair_written_as_two_escapes_is_the_one_difference(
    validator: jsonschema.Draft202012Validator,
) -> None:
    """In an editor (JavaScript strings, UTF-16) ``"\\ud83d\\ude00"`` is the emoji itself, and the
    schema accepts it; PyYAML reads two lone surrogates, which the validator refuses, saying to write
    ``"\\U0001F600"`` instead. The schema's pattern looks for unpaired halves only, so that no emoji an
    editor holds as a pair is refused."""
    text = "pair \ud83d\ude00 as two escapes"
    schema = {"$ref": "#/$defs/text", "$defs": validator.schema["$defs"]}
    assert jsonschema.Draft202012Validator(schema).is_valid(text)
    assert '"\\U0001F600"' in text_problem(text, markdown=False)


def test_schema_lengths_are_the_validators() -> None:
    definitions = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    for definition, limit in [
        ("text", MAX_TEXT_LENGTH),
        ("markdown", MAX_MARKDOWN_LENGTH),
        ("url", MAX_URL_LENGTH),
    ]:
        assert definitions[definition]["maxLength"] == limit
        assert f"At most {limit:,} characters." in definitions[definition]["description"]


@pytest.mark.parametrize(
    ("section", "key", "limit", "value"),
    [
        ("product", "name", MAX_TEXT_LENGTH, "n"),
        ("product", "docs_url", MAX_URL_LENGTH, "https://example.org/"),
        ("scenarios", "title", MAX_TEXT_LENGTH, "t"),
        ("scenarios", "summary", MAX_MARKDOWN_LENGTH, "s"),
        ("rollups", "notes", MAX_MARKDOWN_LENGTH, "n"),
        ("rollups", "withdrawn", MAX_MARKDOWN_LENGTH, "w"),
        ("rollups", "kb", MAX_URL_LENGTH, "https://example.org/kb/"),
    ],
)
def test_schema_and_validator_agree_on_lengths(
    validator: jsonschema.Draft202012Validator, section: str, key: str, limit: int, value: str
) -> None:
    """At the bound both accept; one character more, both refuse, the validator at the value's place."""
    catalog = load_yaml(CATALOGS[1])
    for length in (limit, limit + 1):
        text = value + "x" * (length - len(value))
        if section == "product":
            instance = dict(catalog, product=dict(catalog["product"], **{key: text}))
        else:
            entries = catalog[section]
            instance = dict(catalog, **{section: [dict(entries[0], **{key: text}), *entries[1:]]})
        source = yaml.safe_dump(instance, sort_keys=False, allow_unicode=True, width=1 << 30)
        found = [str(d) for d in read_catalog(Source("x.yaml", source)).report.errors]
        too_long = [e for e in found if "is too long" in e]
        if length == limit:
            assert schema_errors(validator, instance) == [] and too_long == [], (found, length)
        else:
            assert schema_errors(validator, instance), length
            assert len(too_long) == 1, found
            assert too_long[0].endswith(f": expected at most {limit:,} characters but found {limit + 1:,}.")
            line, col = map(int, too_long[0].split(":")[1:3])
            assert source.splitlines()[line - 1][col - 1 :].startswith(text[:10])
