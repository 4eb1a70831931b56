"""Problems found in user input, reported all at once with file, line and column.

Every stage that reads user input (the catalog, a legacy page, prose in
``content/``) collects :class:`Diagnostic` objects into a :class:`Report`
instead of raising on the first problem; the command line prints them in one
of three formats and exits once.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from .characters import escaped, escaped_lines


class RollupsError(Exception):
    """Base exception of the project: a problem a user can act on.

    It becomes the engine's own error type only at the engine boundary.
    """


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file; ``line`` and ``col`` count from 1.

    Shown as ``PATH:LINE:COL``, the path :func:`~.characters.escaped`: a file name with a line feed or
    an escape sequence in it would otherwise forge report lines or colour the terminal.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{escaped(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how bad it is and what to do about it.

    A message may span several lines (an example to follow); the values it names are escaped where
    they are written in, and it is shown with :func:`~.characters.escaped_lines`, so that nothing in
    it can colour the terminal or return to the start of a line.
    """

    position: Position
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity.value}: {escaped_lines(self.message)}"


@dataclass
class Report:
    """An ordered collection of diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, message: str) -> None:
        self.diagnostics.append(Diagnostic(position, Severity.ERROR, message))

    def warning(self, position: Position, message: str) -> None:
        self.diagnostics.append(Diagnostic(position, Severity.WARNING, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order, then in the order they were found."""
        indexed = list(enumerate(self.diagnostics))
        indexed.sort(key=lambda item: (item[1].position, item[0]))
        return [diagnostic for _, diagnostic in indexed]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


class InvalidInput(RollupsError):
    """Raised once, after every problem of an input was collected."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(format_text(report))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " Did you mean 'x'?" suffix, or an empty string when nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def declared_hint(word: str, kind: str, declared: Sequence[str]) -> str:
    """`` Did you mean 'x'? Declared components: a, b`` for an undeclared id (``none`` when empty)."""
    return f"{did_you_mean(word, declared)} Declared {kind}: {', '.join(declared) or 'none'}"


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def printable(text: str) -> str:
    """``text`` with any lone surrogate (no character, so no UTF-8) shown as its escape, ``\\ud800``.

    Messages quote catalog values escaped already; this is the output's own guarantee.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def format_text(report: Report) -> str:
    lines = [str(d) for d in report]
    if report.diagnostics:
        lines.append(summary(report))
    return printable("\n".join(lines))


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands (``::error file=...::message``)."""
    lines = []
    for d in report:
        props = ",".join(
            [
                f"file={_github_escape(escaped(d.position.path), property_value=True)}",
                f"line={d.position.line}",
                f"col={d.position.col}",
            ]
        )
        lines.append(f"::{d.severity.value} {props}::{_github_escape(escaped_lines(d.message))}")
    return printable("\n".join(lines))


def format_json(report: Report) -> str:
    items = []
    for d in report:
        item = asdict(d.position)
        item.update(severity=d.severity.value, message=d.message)
        items.append(item)
    payload = {
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "diagnostics": items,
    }
    return json.dumps(payload, indent=2)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
