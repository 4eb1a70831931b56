"""A content page as Markdown sees it once Jinja has run, with a map back to the written lines.

Content pages are Jinja templates (``trim_blocks``, ``lstrip_blocks``,
comments ``{## ... ##}`` since ``{#id}`` is a heading's anchor). Before the
lint reads one:

* a line that holds only statements or comments (``{% if ... %}``) is
  dropped, as the rendering drops it, so that ``> [!NOTE]`` followed by
  ``{% if %}`` and ``> text`` is still one quote;
* an expression ``{{ ... }}`` becomes ``{{`` + spaces + ``}}``: its value is
  data, never judged as prose, and a link whose target holds one is not a
  link the lint can check;
* the bodies of ``!!!`` admonitions lose their indentation, so that what is
  inside reads as the Markdown it is.

:class:`Prepared` maps every position back to the line and column as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...catalog.diagnostics import Diagnostic, Position
from ..reading.callouts import admonition_depths

STATEMENT = re.compile(r"\{%.*?%\}|\{##.*?##\}", re.DOTALL)
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)


@dataclass(frozen=True)
class Prepared:
    """The prepared text and, per prepared line, its written line number and the columns removed."""

    text: str
    undented: str
    """The same before admonition bodies lose their indentation."""
    kept: str
    """The written text of the kept lines (Jinja still in), line for line with ``text``."""
    lines: tuple[int, ...]
    shifts: tuple[int, ...]

    def original(self, diagnostic: Diagnostic, *, dedented: bool = True) -> Diagnostic:
        """``diagnostic`` (found in ``text``, or in ``undented``) moved back to the page as written."""
        at = diagnostic.position
        if not 0 < at.line <= len(self.lines):
            return diagnostic
        index = at.line - 1
        shift = self.shifts[index] if dedented else 0
        moved = Position(at.path, self.lines[index], at.col + shift)
        return Diagnostic(moved, diagnostic.severity, diagnostic.message)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _hollow(match: re.Match[str]) -> str:
    inner = match.group(0)[2:-2]
    return "{{" + re.sub(r"[^\n]", " ", inner) + "}}"


def prepare(text: str) -> Prepared:
    """``text`` (a content page) as Markdown sees it after Jinja; see the module docstring."""
    written = text.split("\n")
    touched: set[int] = set()
    for match in STATEMENT.finditer(text):
        first = text.count("\n", 0, match.start())
        touched.update(range(first, first + match.group(0).count("\n") + 1))
    blanked = STATEMENT.sub(_blank, text).split("\n")
    keep = [i for i, line in enumerate(blanked) if i not in touched or line.strip()]
    masked = EXPRESSION.sub(_hollow, "\n".join(blanked[i] for i in keep)).split("\n")
    depths = admonition_depths(masked)
    out: list[str] = []
    shifts: list[int] = []
    for line, depth in zip(masked, depths, strict=True):
        cut = min(len(line) - len(line.lstrip(" ")), 4 * depth)
        out.append(line[cut:])
        shifts.append(cut)
    return Prepared(
        "\n".join(out),
        "\n".join(masked),
        "\n".join(written[i] for i in keep),
        tuple(i + 1 for i in keep),
        tuple(shifts),
    )
