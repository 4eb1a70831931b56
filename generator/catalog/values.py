"""Read single values (text, numbers, ids, links, versions, dates) from YAML nodes.

Each reader checks one node, reports what is wrong with it at its own line and
column ("Expected ... but received ..."), and returns ``None`` instead of
raising, so that reading goes on and one run shows every problem. The catalog's
sections are assembled from these in :mod:`.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

import yaml

from .characters import control_problem, escaped, quoted, surrogate_problem
from .diagnostics import Position, Report, did_you_mean
from .markdown_fields import markdown_problems
from .model import VERSION_PART_DIGITS, ReleaseDate, Version
from .yamlsource import CORE_TAG, Source, SourcePositions, position_of, position_within

T = TypeVar("T")
Where = tuple[str | int, ...]
"""A node's address in the catalog, e.g. ``("rollups", 3, "kb")``."""

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DATE = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")
URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]*)?$")
"""An http(s) link made of URL characters only: no spaces, quotes, angle brackets or backslashes."""
URL_CHARACTER = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]")
HTML_TAG = re.compile(r"</?[a-zA-Z!?][^>\n]{0,30}>?")
"""What HTML parses as a tag: "<" directly followed by a letter, "/", "!" or "?" ("x < y" is text)."""
SCRIPT_LINK = re.compile(r"(?:java|vb)script:|\]\(\s*<?\s*data:|\]:\s*<?\s*data:", re.IGNORECASE)
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Control and invisible formatting characters (zero-width spaces, bidirectional overrides)."""
SHORT = 40
MAX_TEXT_LENGTH = 200
"""The most characters of a name or a title (the real catalog's longest, a scenario's title, has 72):
one line, repeated in every page, feed and snapshot."""
MAX_MARKDOWN_LENGTH = 10_000
"""The most characters of a Markdown field (the real catalog's longest, a rollup's notes, has 336)."""
MAX_URL_LENGTH = 2_000
"""The most characters of a link (the real catalog's longest, a KB article's, has 129; browsers and
servers commonly take about 2,000)."""


def is_null(node: yaml.Node) -> bool:
    """Whether ``node`` is YAML's ``null`` (``~``, ``null`` or nothing at all)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == CORE_TAG + "null"


def _shorten(text: str) -> str:
    return quoted(text, SHORT)


def describe(node: yaml.Node) -> str:
    """A node's type and value in a user's words, for "Expected ... but received ..." messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag, value = node.tag.removeprefix(CORE_TAG), _shorten(str(node.value))
    if tag == "null":
        return "null"
    if tag in ("int", "float"):
        return f"the number {value}"
    if tag == "timestamp":
        return f"the date {value}"
    if tag == "bool":
        return f"'{value}'"
    return f"the string '{value}'"


class Named(int):
    """A list index that messages name by what it holds (``rollup 28``), not by its position.

    It equals, and hashes as, the plain index, so positions keyed by it are found by either.
    """

    label: str
    numbered: bool
    """Whether ``label`` names the entry by its number (else by its line: ``the rollup at line 9``)."""

    def __new__(cls, index: int, label: str, *, numbered: bool) -> Named:
        named = super().__new__(cls, index)
        named.label, named.numbered = label, numbered
        return named


def name(where: Where) -> str:
    """The name of a node in messages: ``rollup 28's kb``, ``components[3].name``."""
    text, named = "", None
    for part in where:
        if isinstance(part, Named):
            text, named = "", part
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{escaped(part)}" if text else part
    if named is None:
        return text or "the catalog"
    if not text:
        return named.label
    return f"{named.label}'s {text}" if named.numbered else f"the {text} of {named.label}"


class KeyValue(NamedTuple):
    """A key node of a mapping and its value node."""

    key_node: yaml.Node
    value_node: yaml.Node


def _character_name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def _quote_character(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isprintable() and not INVISIBLE.match(char):
        return f"'{char}'"
    return f"the character {_character_name(char)}"


class NodeReader:
    """Reads typed values out of one source's node tree and records where each one stands."""

    def __init__(self, source: Source, report: Report) -> None:
        self.source = source
        self.report = report
        self.offsets: dict[Where, int] = {}
        """Where each value starts, as a character offset (turned into line and column on demand)."""
        self.dropped: dict[Where, list[int]] = {}
        """For each list with unreadable elements, the indices of the elements kept."""

    def mark(self, node: yaml.Node, where: Where) -> None:
        """Remember where the value at ``where`` stands."""
        self.offsets.setdefault(where, node.start_mark.index)

    def at(self, node: yaml.Node, where: Where) -> Position:
        """Remember where the value at ``where`` stands, and return its position."""
        self.mark(node, where)
        return position_of(self.source, node)

    @property
    def positions(self) -> SourcePositions:
        return SourcePositions(self.source, self.offsets)

    def error(self, node: yaml.Node, where: Where, message: str) -> None:
        self.report.error(self.at(node, where), message)

    def warning(self, node: yaml.Node, where: Where, message: str) -> None:
        self.report.warning(self.at(node, where), message)

    # --- shapes ---------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        where: Where,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        example: str = "",
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping with a fixed set of keys, reporting unknown, duplicate and missing ones."""
        allowed = required + optional
        found = self.keys(node, where, example=example)
        if found is None:
            return None
        for key in list(found):
            if key not in allowed:
                self.error(
                    found.pop(key).key_node,
                    (*where, key),
                    f"'{_shorten(key)}' is not a valid key of {name(where)}.{did_you_mean(key, allowed)}"
                    f" Valid keys: {', '.join(allowed)}.",
                )
        for key in required:
            if key not in found:
                self.error(node, where, f"{name(where)} is missing the required key '{key}'.{example}")
        return {key: entry.value_node for key, entry in found.items()}

    def keys(self, node: yaml.Node, where: Where, example: str = "") -> dict[str, KeyValue] | None:
        """Every key of a mapping with its nodes, reporting duplicate keys and keys that are not text."""
        self.mark(node, where)
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node, where, f"Expected a mapping for {name(where)} but received {describe(node)}.{example}"
            )
            return None
        found: dict[str, KeyValue] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(
                    key_node,
                    where,
                    f"Expected a key name in {name(where)} but received {describe(key_node)}.",
                )
                continue
            key = str(key_node.value)
            if key in found:
                first = position_of(self.source, found[key].key_node)
                self.error(
                    key_node,
                    (*where, key),
                    f"duplicate key '{_shorten(key)}' in {name(where)} (first given at line {first.line}); "
                    "remove one of them",
                )
                continue
            found[key] = KeyValue(key_node, value_node)
            self.mark(value_node, (*where, key))
        return found

    def sequence(self, node: yaml.Node, where: Where) -> list[yaml.Node]:
        self.mark(node, where)
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, where, f"Expected a list for {name(where)} but received {describe(node)}.")
            return []
        for index, item in enumerate(node.value):
            self.mark(item, (*where, index))
        return list(node.value)

    def items(self, node: yaml.Node, where: Where, read: Callable[[yaml.Node, Where], T | None]) -> list[T]:
        """Read every element of a list, dropping (and remembering) those that had problems."""
        kept: list[int] = []
        results: list[T] = []
        elements = self.sequence(node, where)
        for index, item in enumerate(elements):
            result = read(item, (*where, index))
            if result is not None:
                kept.append(index)
                results.append(result)
        if len(kept) < len(elements):
            self.dropped[where] = kept
        return results

    # --- scalars --------------------------------------------------------

    def scalar(
        self, node: yaml.Node, where: Where, expected: str, accept: Sequence[str] = ("str",)
    ) -> str | None:
        """The text of a scalar whose YAML type is one of ``accept``."""
        if isinstance(node, yaml.ScalarNode) and node.tag.removeprefix(CORE_TAG) in accept:
            value = str(node.value)
            problem = surrogate_problem(value)
            if problem:
                self.error(node, where, f"{name(where)} contains {problem}; remove it.")
                return None
            return value
        hint = ""
        if isinstance(node, yaml.ScalarNode) and not is_null(node) and "str" in accept:
            hint = f" Put it in quotes ('{_shorten(str(node.value))}') so that YAML reads it as text."
        self.error(node, where, f"Expected {expected} for {name(where)} but received {describe(node)}.{hint}")
        return None

    def text(self, node: yaml.Node, where: Where, *, markdown: bool = False) -> str | None:
        value = self.scalar(node, where, "text")
        if value is None:
            return None
        if not value.strip():
            self.error(node, where, f"{name(where)} is empty; expected some text.")
            return None
        if not self._short_enough(node, where, value, MAX_MARKDOWN_LENGTH if markdown else MAX_TEXT_LENGTH):
            return None
        problem = text_problem(value, markdown=markdown)
        if problem:
            kind = "Markdown" if markdown else "one line of plain text"
            self.error(node, where, f"{name(where)} contains {problem}; expected {kind}.")
            return None
        if markdown and not self._markdown_is_safe(node, where, value):
            return None
        return value

    def _short_enough(self, node: yaml.Node, where: Where, value: str, limit: int) -> bool:
        """Whether ``value`` has at most ``limit`` characters; if not, say so at the value."""
        if len(value) <= limit:
            return True
        self.error(
            node,
            where,
            f"{name(where)} is too long: expected at most {limit:,} characters but found {len(value):,}.",
        )
        return False

    def _markdown_is_safe(self, node: yaml.Node, where: Where, value: str) -> bool:
        """Report every link that is not to a web page and every attribute list, each where it stands."""
        problems = markdown_problems(value)
        self.mark(node, where)
        for found in problems:
            self.report.error(
                position_within(self.source, node, found.fragment, found.line),
                f"{name(where)} contains {found.problem}; {found.expected}.",
            )
        return not problems

    def integer(self, node: yaml.Node, where: Where, minimum: int, maximum: int) -> int | None:
        """A whole number from ``minimum`` to ``maximum``; too many digits is refused before conversion."""
        expected = "a whole number"
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag == CORE_TAG + "str"
            and re.fullmatch(r"[0-9]+", node.value.strip())
        ):
            self.error(
                node,
                where,
                f"Expected {expected} for {name(where)} but received {describe(node)}. Remove the quotes.",
            )
            return None
        value = self.scalar(node, where, expected, accept=("int",))
        if value is None:
            return None
        if not re.fullmatch(r"[0-9]+", value):
            self.error(node, where, f"Expected {expected} for {name(where)} but received {describe(node)}.")
            return None
        digits = value.lstrip("0") or "0"
        number = int(digits) if len(digits) <= len(str(maximum)) else None
        if number is None or not minimum <= number <= maximum:
            received = digits if len(digits) <= SHORT else f"a number of {len(digits):,} digits"
            self.error(
                node,
                where,
                f"Expected {expected} from {minimum} to {maximum} for {name(where)} but received {received}.",
            )
            return None
        return number

    def boolean(self, node: yaml.Node, where: Where) -> bool | None:
        value = self.scalar(node, where, "true or false", accept=("bool",))
        if value is None:
            return None
        if value.lower() not in ("true", "false"):
            self.error(
                node, where, f"Expected true or false for {name(where)} but received {describe(node)}."
            )
            return None
        return value.lower() == "true"

    def slug(
        self, node: yaml.Node, where: Where, what: str = "identifier", example: str = "vmware-to-azure"
    ) -> str | None:
        """An id that becomes part of a URL and a file name."""
        value = self.scalar(node, where, f"an {what}" if what[0] in "aeiou" else f"a {what}")
        if value is None:
            return None
        if not SLUG.fullmatch(value):
            self.error(
                node,
                where,
                f"'{_shorten(value)}' is not a valid {what} for {name(where)}: {_slug_rule(example)}",
            )
            return None
        return value

    def key_slug(self, key_node: yaml.Node, where: Where, what: str, example: str) -> str | None:
        """A mapping key that must be an id (a scenario in per-scenario versions)."""
        key = str(key_node.value)
        if not SLUG.fullmatch(key):
            self.error(
                key_node,
                (*where, key),
                f"'{_shorten(key)}' is not a valid {what} in {name(where)}: {_slug_rule(example)}",
            )
            return None
        return key

    def url(self, node: yaml.Node, where: Where) -> str | None:
        value = self.scalar(node, where, "a URL")
        if value is None or not self._short_enough(node, where, value, MAX_URL_LENGTH):
            return None
        if URL.fullmatch(value):
            return value
        example = "such as https://support.microsoft.com/help/4485985"
        scheme = re.match(r"https?://", value)
        bad = next((char for char in value if not URL_CHARACTER.match(char)), None)
        if scheme is None:
            problem = f"expected an http(s) URL, {example}"
        elif bad is not None:
            problem = (
                f"it contains {_quote_character(bad)} at character {value.index(bad) + 1}, which a URL "
                "cannot hold (spaces, quotes and angle brackets must be percent-encoded); "
                f"expected a URL {example}"
            )
        else:
            problem = f"expected an http(s) URL with a host name, {example}"
        self.error(node, where, f"'{_shorten(value)}' is not a valid link for {name(where)}: {problem}")
        return None

    def version(self, node: yaml.Node, where: Where) -> Version | None:
        value = self.scalar(node, where, "a version")
        if value is None:
            return None
        try:
            return Version.parse(value)
        except ValueError:
            self.error(
                node,
                where,
                f"malformed version '{_shorten(value)}' for {name(where)}{_version_hint(value)}: "
                f"expected two to four numbers of at most {VERSION_PART_DIGITS} digits separated by dots, "
                "such as 9.21.5091.1",
            )
            return None

    def date(self, node: yaml.Node, where: Where) -> ReleaseDate | None:
        value = self.scalar(node, where, "a date", accept=("str", "timestamp", "int"))
        if value is None:
            return None
        match = DATE.fullmatch(value)
        try:
            if not match:
                raise ValueError(value)
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else None
            dt.date(year, month, day or 1)
        except ValueError:
            self.error(
                node,
                where,
                f"'{_shorten(value)}' is not a valid date for {name(where)}: expected YYYY-MM-DD, or YYYY-MM "
                "when only the month is known, such as 2019-01-08 or 2019-01",
            )
            return None
        return ReleaseDate(year, month, day)


def _slug_rule(example: str) -> str:
    return (
        "expected lower-case letters, digits, '-' and '_', starting with a letter or digit "
        f"(it becomes part of a URL), such as '{example}'"
    )


def _version_hint(value: str) -> str:
    if INVISIBLE.search(value):
        return f" (it contains the invisible character {_character_name(INVISIBLE.findall(value)[0])})"
    if any(char.isspace() for char in value):
        return " (it contains a space)"
    if value[:1] in "vV":
        return " (drop the leading 'v')"
    if ".." in value or value.endswith(".") or value.startswith("."):
        return " (it has an empty part between dots)"
    long = next((part for part in value.split(".") if len(part) > VERSION_PART_DIGITS), None)
    if long is not None and long.isdigit():
        return f" (a part has {len(long):,} digits)"
    return ""


def text_problem(value: str, *, markdown: bool) -> str:
    """What makes ``value`` unfit for a text field, or an empty string when it is fit.

    ``markdown``: a Markdown field, which may break lines; otherwise one line of plain text.
    """
    return surrogate_problem(value) or control_problem(value, one_line=not markdown) or unsafe_text(value)


def unsafe_text(value: str) -> str:
    """What makes ``value`` unsafe to put on a page, or an empty string when it is safe."""
    tag = HTML_TAG.search(value)
    if tag:
        return f"raw HTML ('{_shorten(tag.group(0))}'), which would be injected into every page that shows it"
    script = SCRIPT_LINK.search(value)
    if script:
        return f"a script link ('{script.group(0).strip()}'), which would run in the reader's browser"
    invisible = INVISIBLE.search(value)
    if invisible:
        return (
            f"the invisible character {_character_name(invisible.group(0))}, which can make text read "
            "differently from what it says; remove it"
        )
    return ""


def reindex(positions: dict[Where, T], dropped: dict[Where, list[int]]) -> dict[Where, T]:
    """Positions keyed by index in the model, where lists lost their unreadable elements."""
    for prefix in sorted(dropped, key=len, reverse=True):
        model_index = {file_index: index for index, file_index in enumerate(dropped[prefix])}
        depth = len(prefix)
        moved: dict[Where, T] = {}
        for where, position in positions.items():
            index = where[depth] if len(where) > depth and where[:depth] == prefix else None
            if isinstance(index, int):
                if index not in model_index:
                    continue
                where = (*prefix, model_index[index], *where[depth + 1 :])
            moved[where] = position
        positions = moved
    return positions
