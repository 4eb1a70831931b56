"""The hostile-input corpus: each payload of ``tests/hostile/payloads.yaml`` in each field of the catalog.

The fields come from the catalog's JSON Schema (every string it describes:
plain text, Markdown, ids, links, versions, dates, mapping keys), so a field
added to the schema is attacked too. For each payload, each field in turn
gets it (in the first place the field appears in the site fixture); the
validator must either refuse it, with an error at the field's line, or accept
it. Then the site is built once with the payload in every field that accepted
it, and every output is parsed and compared with the build of the same
catalog holding benign text (Markdown with every formatting it may use):

* HTML (a real parser): no element or attribute the templates and the theme
  do not write for the benign catalog, no ``on*`` attribute, the same
  scripts, and no link to anything but a web page or a relative address;
  plain text shows exactly as written (``{{ 7*7 }}`` stays ``{{ 7*7 }}``);
* Atom and the sitemap (ElementTree): well-formed, the same elements, the
  entries' HTML as above;
* SVG badges: well-formed, the same elements and attributes;
* iCalendar: CRLF line ends only, no raw CR or LF inside a line, the same
  properties and events; text unescapes to what the catalog says;
* JSON: parses, the same keys; text as written.

Nothing may end in a traceback: a refused payload is a located error, an
accepted one a build.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog.diagnostics import Diagnostic
from generator.catalog.validate import load
from generator.engine.mkdocs_plugin import build_site
from tests.conftest import ROOT, SITE_FIXTURE
from tests.htmldoc import Node, parse

HOSTILE = ROOT / "tests" / "hostile"
PAYLOADS: dict[str, str] = yaml.safe_load((HOSTILE / "payloads.yaml").read_text(encoding="utf-8"))
SCHEMA: dict[str, Any] = json.loads((ROOT / "schema" / "rollups.schema.json").read_text(encoding="utf-8"))
KEY = "<key>"
"""In a field's path: the keys of a mapping (``propertyNames``), not its values."""
ANY = "*"
"""In a field's path: any element of a list, any value of a mapping."""

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "data", "xlink:href", "srcset")
WEB_OR_RELATIVE = re.compile(r"^(?:https?:|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
"""A web address, or one without a scheme (a colon before any ``/``, ``?`` or ``#`` is a scheme)."""

BENIGN_MARKDOWN = """Benign text NUMBER: *em* **strong** `code` [a link](https://example.org/benign "Title"),
a line\\
break.

- item
- item

3. third

> a quote

```text
fenced
```

    indented

---
"""
"""Every formatting a Markdown field may use: the hostile builds may show no more than this."""


# --- The fields, from the schema ------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A string the catalog holds: its path in the schema (``scenarios/*/title``) and its kind."""

    path: tuple[str, ...]
    kind: str
    """The name of the schema's definition (``text``, ``markdown``, ``id``, ``url``...), or ``enum``."""

    def __str__(self) -> str:
        return "/".join(self.path)


def schema_fields(schema: dict[str, Any]) -> list[Field]:
    """Every string the schema describes, with the kind its definition names."""
    definitions = schema["$defs"]
    found: dict[tuple[str, ...], str] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...], kind: str) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            walk(definitions[name], path, name)
            return
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key), "")
        for nested in ("items", "additionalProperties"):
            if isinstance(node.get(nested), dict):
                walk(node[nested], (*path, ANY), "")
        if "propertyNames" in node:
            walk(node["propertyNames"], (*path, KEY), "")
        for alternative in node.get("anyOf", []):
            walk(alternative, path, kind)
        types = node.get("type", [])
        if "string" in ([types] if isinstance(types, str) else types) or "enum" in node:
            found.setdefault(path, kind or "enum")

    walk(schema, (), "")
    return [Field(path, kind) for path, kind in found.items()]


FIELDS = schema_fields(SCHEMA)
TEXT_KINDS = ("text", "markdown")


def first_place(data: Any, path: tuple[str, ...]) -> tuple[str | int, ...]:
    """The address of the first place ``path`` names in ``data`` (an optional property may be absent)."""
    address: list[str | int] = []
    node = data
    for step in path:
        if step == KEY:
            assert isinstance(node, dict) and node, f"{path}: no mapping to take a key of"
            return (*address, KEY, next(iter(node)))
        if step == ANY:
            assert node, f"{path}: the fixture has no element at {address}"
            key: str | int = 0 if isinstance(node, list) else next(iter(node))
        else:
            key = step
        address.append(key)
        if isinstance(node, dict) and key not in node:
            return tuple(address)  # an optional property the fixture leaves out
        node = node[key]
    return tuple(address)


def with_value(data: Any, address: tuple[str | int, ...], value: str) -> Any:
    """A copy of ``data`` with ``value`` at ``address`` (as the key, for a :data:`KEY` address)."""
    result = copy.deepcopy(data)
    node = result
    for key in address[:-2] if KEY in address else address[:-1]:
        node = node[key]
    if KEY in address:
        old = address[-1]
        renamed = {(value if k == old else k): v for k, v in node.items()}
        node.clear()
        node.update(renamed)
    else:
        node[address[-1]] = value
    return result


def benign_value(kind: str, number: int, current: Any) -> Any:
    if kind == "text":
        return f"Benign text {number}"
    if kind == "markdown":
        return BENIGN_MARKDOWN.replace("NUMBER", str(number))
    if kind == "url":
        return f"https://example.org/benign/{number}"
    return current


def value_at(data: Any, address: tuple[str | int, ...]) -> Any:
    node = data
    for key in address:
        if key == KEY:
            return address[-1]
        if isinstance(node, dict) and key not in node:
            return None
        node = node[key]
    return node


def benign_catalog() -> tuple[Any, dict[Field, tuple[tuple[str | int, ...], str]]]:
    """The site fixture with a marker in the first place of each text field; each field's place and marker."""
    data = yaml.safe_load(SITE_FIXTURE.read_text(encoding="utf-8"))
    places: dict[Field, tuple[tuple[str | int, ...], str]] = {}
    for number, each in enumerate(FIELDS):
        address = first_place(data, each.path)
        value = benign_value(each.kind, number, value_at(data, address))
        if value is not None and KEY not in address:
            data = with_value(data, address, value)
        places[each] = (address, f"Benign text {number}")
    return data, places


BENIGN, PLACES = benign_catalog()


# --- The outputs of a build, parsed --------------------------------------------------------------


@dataclass
class Outputs:
    """Every file of a built site a reader or a program parses, parsed."""

    html: dict[str, Node] = field(default_factory=dict)
    xml: dict[str, ET.Element] = field(default_factory=dict)
    json: dict[str, Any] = field(default_factory=dict)
    ics: dict[str, bytes] = field(default_factory=dict)

    @functools.cached_property
    def texts(self) -> dict[str, str]:
        """What each format says as a reader sees it (:func:`shown`), one text per format."""
        atom = [t for path, root in self.xml.items() if path == "feed.xml" for t in xml_texts(root)]
        texts = {
            "html": " ".join(doc.text() for doc in self.html.values()),
            "atom": " ".join(atom),
            "json": " ".join(s for document in self.json.values() for s in json_strings(document)),
            "ics": " ".join(ics_text(data) for data in self.ics.values()),
        }
        return {fmt: shown(text) for fmt, text in texts.items()}


def read_outputs(site: Path) -> Outputs:
    outputs = Outputs()
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        suffix = path.suffix
        if suffix not in (".html", ".xml", ".svg", ".json", ".ics"):
            continue
        data = path.read_bytes()
        text = data.decode("utf-8")  # strict: every output is well-formed UTF-8
        if suffix == ".html":
            outputs.html[relative] = parse(text)
        elif suffix in (".xml", ".svg"):
            outputs.xml[relative] = ET.fromstring(data)
        elif suffix == ".json":
            outputs.json[relative] = json.loads(text)
        else:
            outputs.ics[relative] = data
    return outputs


def xml_texts(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        if element.text and element.get("type") == "html":
            yield parse(element.text).text()
        elif element.text:
            yield element.text


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def json_shape(value: Any) -> Any:
    """The keys of a JSON document, its values left out."""
    if isinstance(value, dict):
        return {key: json_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_shape(item) for item in value]
    return None


def ics_lines(data: bytes) -> list[str]:
    """Content lines, unfolded."""
    lines: list[str] = []
    for line in data.decode("utf-8").split("\r\n")[:-1]:
        if line.startswith(" ") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def ics_text(data: bytes) -> str:
    """Every value of the calendar, its TEXT escapes undone."""
    values = [line.split(":", 1)[1] for line in ics_lines(data)]
    unescape = {"n": "\n", "N": "\n", "\\": "\\", ";": ";", ",": ","}
    return " ".join(re.sub(r"\\([nN\\;,])", lambda m: unescape[m.group(1)], v) for v in values)


def ics_structure(data: bytes) -> list[str]:
    """The properties in order, with the value of BEGIN and END: what an injection would change."""
    structure = []
    for line in ics_lines(data):
        match = re.match(r"([A-Z][A-Z0-9-]*)((?:;[^:]*)?):(.*)", line)
        assert match, f"not a content line: {line!r}"
        name = match.group(1)
        structure.append(f"{name}:{match.group(3)}" if name in ("BEGIN", "END") else name)
    return structure


NOT_SHOWN = re.compile(
    "[\x00-\x1f\x7f-\xa0\u2000-\u200f\u2028-\u202f\u205f-\u206f\ud800-\udfff\ufeff\ufff0-\uffff]"
)
"""Characters a reader does not see as written: controls, breaks, invisible ones, U+FFFD in their place."""


def shown(text: str) -> str:
    """Text as a reader sees it: what is not shown as written is a space, and spaces are collapsed."""
    return " ".join(NOT_SHOWN.sub(" ", text).split())


# --- Building --------------------------------------------------------------------------------------


@dataclass
class Result:
    """What became of a catalog: the validator's errors, or the built site's outputs."""

    errors: list[Diagnostic]
    catalog_text: str
    outputs: Outputs | None = None


def dump(data: Any) -> str:
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 10_000}
    try:
        return yaml.dump(data, Dumper=yaml.CSafeDumper, **options)
    except UnicodeEncodeError:  # a lone surrogate: only PyYAML's Python emitter writes it as an escape
        return yaml.dump(data, Dumper=yaml.SafeDumper, **options)


def validate(data: Any, folder: Path) -> Result:
    folder.mkdir(parents=True, exist_ok=True)
    catalog = folder / "rollups.yaml"
    text = dump(data)
    catalog.write_text(text, encoding="utf-8")
    return Result(load(catalog).report.errors, text)


def build(data: Any, folder: Path) -> Result:
    result = validate(data, folder)
    assert result.errors == [], [str(e) for e in result.errors]
    build_site(folder / "site", config_file=ROOT / "mkdocs.yml", catalog=folder / "rollups.yaml")
    result.outputs = read_outputs(folder / "site")
    return result


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    outputs = build(BENIGN, tmp_path_factory.mktemp("benign")).outputs
    assert outputs is not None
    return outputs


# --- What "inert" means, format by format ------------------------------------------------------------


def tag_attributes(doc: Node) -> set[tuple[str, str]]:
    return {(n.tag, name) for n in doc.iter() for name in n.attrs} | {(n.tag, "") for n in doc.iter()}


def scripts(doc: Node) -> list[tuple[str, str]]:
    return [(n.attrs.get("src", ""), n.text()) for n in doc.iter("script")]


def addresses(doc: Node) -> set[str]:
    return {n.attrs[name].strip() for n in doc.iter() for name in URL_ATTRIBUTES if name in n.attrs}


def foreign_addresses(doc: Node, allowed: set[str]) -> set[str]:
    """Addresses that are neither web nor relative (as a browser reads them), and not the templates' own."""
    found = set()
    for address in addresses(doc) - allowed:
        read = re.sub(r"[\x00-\x20\x7f]", "", address)
        if not WEB_OR_RELATIVE.match(read) or read.startswith(("//", "\\\\", "/\\")):
            found.add(address)
    return found


def check_html(path: str, doc: Node, benign: Node) -> None:
    new = tag_attributes(doc) - tag_attributes(benign)
    assert not new, f"{path}: elements or attributes the templates never write: {sorted(new)}"
    handlers = {(n.tag, a) for n in doc.iter() for a in n.attrs if a.lower().startswith("on")}
    assert not handlers, f"{path}: event handler attributes {handlers}"
    assert scripts(doc) == scripts(benign), f"{path}: its scripts changed"
    foreign = foreign_addresses(doc, addresses(benign))
    assert not foreign, f"{path}: links to something other than a web page: {foreign}"


def check_feed(root: ET.Element, benign: ET.Element) -> None:
    assert [e.tag for e in root.iter()] == [e.tag for e in benign.iter()], "feed.xml: its elements changed"
    benign_html = [parse(e.text or "") for e in benign.iter() if e.get("type") == "html"]
    allowed = set().union(*(tag_attributes(doc) for doc in benign_html))
    for element in root.iter():
        href = element.get("href")
        if href is not None:
            assert WEB_OR_RELATIVE.match(href) and not href.startswith("//"), f"feed.xml: a link to {href!r}"
        if element.get("type") == "html":
            content = parse(element.text or "")
            assert tag_attributes(content) <= allowed, "feed.xml: an entry's HTML has new elements"
            assert not foreign_addresses(content, set()), "feed.xml: an entry's HTML links elsewhere"


def check_calendar(path: str, data: bytes, benign: bytes) -> None:
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", data) is None, f"{path}: a CR or LF that ends no line"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), f"{path}: a line longer than 75 octets"
    assert ics_structure(data) == ics_structure(benign), f"{path}: its properties or events changed"
    for line in ics_lines(data):
        name, value = line.split(":", 1)
        if name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "X-WR-CALDESC"):
            assert re.search(r"(?<!\\)(?:\\\\)*[;,]", value) is None, (
                f"{path}: unescaped ';' or ',' in {line!r}"
            )


def check_outputs(outputs: Outputs, benign: Outputs) -> None:
    assert outputs.html.keys() == benign.html.keys(), "the pages changed"
    for path, doc in outputs.html.items():
        check_html(path, doc, benign.html[path])
    assert outputs.xml.keys() == benign.xml.keys()
    for path, root in outputs.xml.items():
        if path == "feed.xml":
            check_feed(root, benign.xml[path])
        else:
            shape = {(e.tag, a) for e in root.iter() for a in [*e.attrib, ""]}
            assert shape == {(e.tag, a) for e in benign.xml[path].iter() for a in [*e.attrib, ""]}, path
            assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "script"], path
    for path, document in outputs.json.items():
        if path != "search/search_index.json":  # the search index is a list of the pages' sections
            assert json_shape(document) == json_shape(benign.json[path]), f"{path}: its keys changed"
    for path, data in outputs.ics.items():
        check_calendar(path, data, benign.ics[path])


def check_shown_as_written(
    name: str, payload: str, fields: list[Field], outputs: Outputs, benign: Outputs
) -> None:
    """Plain text reads in each format exactly as the catalog writes it, where that format shows the field."""
    wanted = shown(payload)
    for each in fields:
        if each.kind != "text":
            continue
        marker = PLACES[each][1]
        for fmt, text in outputs.texts.items():
            if marker in benign.texts[fmt]:
                assert wanted in text, f"{name} in {each} does not read as written in {fmt}"


def node_lines(text: str, places: dict[Field, tuple[str | int, ...]], payload: str) -> dict[Field, range]:
    """The lines (from 1) of the node at each field's place (at a :data:`KEY` place: the key, ``payload``)."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except (UnicodeEncodeError, yaml.YAMLError):  # a lone surrogate, which only the Python loader reads
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = {}
    for each, address in places.items():
        node = root
        for key in address:
            if key == KEY:
                continue
            if isinstance(node, yaml.SequenceNode):
                node = node.value[int(key)]
                continue
            assert isinstance(node, yaml.MappingNode)
            renamed = KEY in address and key == address[-1]
            wanted = payload if renamed else str(key)
            key_node, value = next((k, v) for k, v in node.value if k.value == wanted)
            node = key_node if renamed else value
        # Lines as an editor and the diagnostics count them (YAML also breaks at U+2028 and others).
        first, last = (text.count("\n", 0, mark.index) + 1 for mark in (node.start_mark, node.end_mark))
        lines[each] = range(first, last + 1)
    return lines


def with_payload(payload: str, fields: list[Field]) -> Any:
    data = BENIGN
    for each in fields:
        data = with_value(data, PLACES[each][0], payload)
    return data


def errors_at_fields(result: Result, fields: list[Field], payload: str) -> dict[Field, list[str]]:
    """The errors of ``result`` that stand at the lines of each field that has some."""
    lines = node_lines(result.catalog_text, {f: PLACES[f][0] for f in fields}, payload)
    found = {f: [str(e) for e in result.errors if e.position.line in lines[f]] for f in fields}
    return {f: errors for f, errors in found.items() if errors}


def overlap(one: Field, other: Field) -> bool:
    """Whether the places of two fields nest (a mapping and a value in it, a key and its value)."""
    first, second = (tuple(k for k in PLACES[f][0] if k != KEY) for f in (one, other))
    shorter = min(len(first), len(second))
    return first[:shorter] == second[:shorter]


def batches(fields: list[Field]) -> list[list[Field]]:
    """The fields in groups whose places do not nest: a payload can stand in all of a group at once."""
    groups: list[list[Field]] = []
    for each in fields:
        group = next((g for g in groups if not any(overlap(each, other) for other in g)), None)
        if group is None:
            groups.append([each])
        else:
            group.append(each)
    return groups


BATCHES = batches(FIELDS)


def sort_fields(name: str, folder: Path) -> tuple[list[Field], dict[Field, list[str]]]:
    """The fields that accept the payload, and for each that refuses it, the errors at its lines.

    The payload goes into every field of a batch at once; a field with an
    error at its own lines refuses it, and the others are tried again, until
    the validator accepts them all. An error that stands at no field's lines
    would be a problem reported where the user wrote nothing: the fields are
    then tried one by one to find whose it is.
    """
    payload = PAYLOADS[name]
    accepted: list[Field] = []
    refused: dict[Field, list[str]] = {}
    for number, batch in enumerate(BATCHES):
        candidates = list(batch)
        for attempt in range(len(batch) + 1):
            result = validate(with_payload(payload, candidates), folder / f"batch-{number}-{attempt}")
            if not result.errors:
                break
            hit = errors_at_fields(result, candidates, payload)
            if not hit:  # only errors elsewhere: find whose they are, one field at a time
                alone = {f: validate(with_payload(payload, [f]), folder / "alone") for f in candidates}
                hit = {f: errors_at_fields(r, [f], payload).get(f, []) for f, r in alone.items() if r.errors}
                assert hit, f"{name}: errors at no field's line: {[str(e) for e in result.errors]}"
            for each, errors in hit.items():
                assert errors, f"{name} in {each}: refused, but no error stands at the field"
                refused[each] = errors
                candidates.remove(each)
        accepted += [f for f in candidates if not any(overlap(f, other) for other in accepted)]
    return accepted, refused


# --- The corpus --------------------------------------------------------------------------------------


def test_the_fields_come_from_the_schema() -> None:
    paths = {str(f): f.kind for f in FIELDS}
    assert paths["product/name"] == "text"
    assert paths["scenarios/*/title"] == "text"
    assert paths["scenarios/*/steps/*"] == "markdown"
    assert paths["rollups/*/notes"] == "markdown"
    assert paths["rollups/*/kb"] == "url"
    assert paths["rollups/*/versions/<key>"] == "id"
    assert paths["rollups/*/versions/*/*"] == "version"
    assert len([f for f in FIELDS if f.kind in TEXT_KINDS]) >= 10


def test_the_benign_catalog_builds_and_shows_every_text_field(baseline: Outputs) -> None:
    texts = " ".join(baseline.texts.values())
    for each in FIELDS:
        if each.kind in TEXT_KINDS:
            assert PLACES[each][1] in texts, f"{each} is shown nowhere"


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_input_is_refused_or_inert(name: str, baseline: Outputs, tmp_path: Path) -> None:
    accepted, refused = sort_fields(name, tmp_path)
    for each, errors in refused.items():
        assert all(re.match(r".+:[0-9]+:[0-9]+: error: .+", e) for e in errors), (each, errors)
    if not accepted:
        return
    outputs = build(with_payload(PAYLOADS[name], accepted), tmp_path / "site").outputs
    assert outputs is not None
    check_outputs(outputs, baseline)
    check_shown_as_written(name, PAYLOADS[name], accepted, outputs, baseline)


def test_the_reproduced_attacks_show_as_titles(tmp_path: Path) -> None:
    """Issue 12's two titles: a heading with no attribute of theirs, and the home page's link intact."""
    autofocus, hijack = PAYLOADS["attribute-list-autofocus"], PAYLOADS["link-hijack"]
    data = with_value(BENIGN, ("scenarios", 0, "title"), autofocus)
    data = with_value(data, ("scenarios", 1, "title"), hijack)
    outputs = build(data, tmp_path).outputs
    assert outputs is not None
    heading = next(outputs.html["scenarios/datacenter/index.html"].iter("h1"))
    assert heading.text().removesuffix("¶").strip() == autofocus
    assert set(heading.attrs) == {"id"}
    links = [a for a in outputs.html["index.html"].iter("a") if a.text() in (autofocus, hijack)]
    assert [(a.text(), a.attrs) for a in links] == [
        (autofocus, {"href": "scenarios/datacenter/"}),
        (hijack, {"href": "scenarios/branch/"}),
    ]
