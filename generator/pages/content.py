"""The hand-written pages of ``content/``: read them, and turn GitHub callouts into admonitions.

Prose pages are Markdown with Jinja expressions for every figure that
follows from the data (rendered by :mod:`.render`). Authors may write
callouts the GitHub way::

    > [!IMPORTANT]
    > All versions below N-4 are out of support.

and they become admonitions (``!!! important "Important"``) that MkDocs
renders as Material callouts. Files other than Markdown (images) are assets,
copied as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.diagnostics import InvalidInput, Position, Report, did_you_mean

CALLOUT_KINDS = {
    "NOTE": ("note", "Note"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("important", "Important"),
    "WARNING": ("warning", "Warning"),
    "CAUTION": ("danger", "Caution"),
}
_CALLOUT = re.compile(r"^>\s*\[!(?P<kind>[A-Za-z]+)\]\s*(?P<title>.*)$")
_QUOTE = re.compile(r"^>\s?(?P<text>.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class ContentFiles:
    """The prose pages (docs path -> text) and the other files (docs path -> file) of ``content/``."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)


def read_content(content_dir: Path | None) -> ContentFiles:
    """Every file under ``content_dir``, pages and assets apart; hidden files are skipped."""
    found = ContentFiles()
    if content_dir is None:
        return found
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.suffix == ".md":
            found.pages[relative] = path.read_text(encoding="utf-8")
        else:
            found.assets[relative] = path
    return found


def split_front_matter(text: str) -> tuple[str, str]:
    """``(front matter, body)``; the front matter (with its ``---`` lines) is empty when absent."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return "", text
    return match.group(0), text[match.end() :]


def convert_callouts(markdown: str, display: str, first_line: int = 1) -> str:
    """GitHub-style ``> [!NOTE]`` callouts as admonitions; an unknown kind is an error.

    ``first_line`` is the line of ``display`` that ``markdown`` starts on (after front matter).
    """
    report = Report()
    lines = markdown.split("\n")
    out: list[str] = []
    in_fence = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _CALLOUT.match(line)
        if match is None:
            out.append(line)
            index += 1
            continue
        kind = match.group("kind").upper()
        if kind not in CALLOUT_KINDS:
            column = line.index("[") + 1
            report.error(
                Position(display, first_line + index, column),
                f"'[!{match.group('kind')}]' is not a callout kind.{did_you_mean(kind, CALLOUT_KINDS)} "
                f"Valid kinds: {', '.join(CALLOUT_KINDS)}.",
            )
        css, title = CALLOUT_KINDS.get(kind, ("note", "Note"))
        title = match.group("title").strip() or title
        out.append(f'!!! {css} "{title}"')
        index += 1
        while index < len(lines) and (quoted := _QUOTE.match(lines[index])):
            text = quoted.group("text")
            out.append(f"    {text}" if text.strip() else "")
            index += 1
        out.append("")
    if report.has_errors:
        raise InvalidInput(report)
    return "\n".join(out)
