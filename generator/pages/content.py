"""The hand-written pages of ``content/``: read them, and turn GitHub callouts into admonitions.

Prose pages are Markdown with Jinja expressions for every figure that
follows from the data (rendered by :mod:`.render`). Authors may write
callouts the GitHub way::

    > [!IMPORTANT]
    > All versions below N-4 are out of support.

and they become admonitions (``!!! important "Important"``) that MkDocs
renders as Material callouts. Files other than Markdown (images) are assets,
copied as they are.

What the folder may hold is checked before anything in it is read, by us or
by MkDocs (which walks ``docs_dir`` following symbolic links, hidden folders
too, and publishes what it finds): :func:`prose_files` refuses a symbolic link
that leads out of the folder (``x.md -> /etc/passwd`` would be published), to
nothing, or round to a folder that holds it, and anything that is neither a
folder nor a regular file (a named pipe or a device would be read for ever).
A link to a file or a folder inside the folder is fine.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.characters import escaped
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
    """Every file under ``content_dir``, pages and assets apart; hidden files are skipped.

    Raises :class:`~.diagnostics.InvalidInput`, before reading any file, with every entry of the folder
    that :func:`prose_files` refuses.
    """
    found = ContentFiles()
    if content_dir is None:
        return found
    report = Report()
    files = prose_files(content_dir, report)
    if report.has_errors:
        raise InvalidInput(report)
    for relative in files:
        path = content_dir / relative
        if path.suffix == ".md":
            found.pages[relative] = path.read_text(encoding="utf-8")
        else:
            found.assets[relative] = path
    return found


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def prose_files(content_dir: Path, report: Report) -> list[str]:
    """The files of ``content_dir`` to publish, as sorted POSIX paths relative to it (hidden ones left out):
    regular files inside the folder, reached through folders or links that stay inside it.

    Every entry that must not be there is reported instead, each at its path: a symbolic link out of the
    folder, to nothing or to a folder that holds it (hidden ones too: MkDocs walks hidden folders), and
    anything but a folder or a regular file. Nothing is read but the folders' listings.
    """
    if not content_dir.is_dir():
        return []  # no prose: the generated pages only
    root = Path(os.path.realpath(content_dir))
    files: list[str] = []
    _walk(_Walk(content_dir, root, report, files), content_dir, "", (root,))
    return sorted(files)


@dataclass(frozen=True)
class _Walk:
    content_dir: Path
    root: Path
    """The folder's real path: a link's target must be inside it."""
    report: Report
    files: list[str]
    reported: set[Path] = field(default_factory=set)
    """The links reported, by their real place."""


def _walk(walk: _Walk, directory: Path, prefix: str, real_parents: tuple[Path, ...]) -> None:
    """Visit ``directory`` (``prefix`` under the folder; ``real_parents``: the real paths of the folders
    walked down to it, itself included)."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        walk.report.error(_position(walk, prefix.rstrip("/")), f"the folder cannot be read ({exc.strerror})")
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        hidden = any(part.startswith(".") for part in relative.split("/"))
        path = Path(entry.path)
        try:
            mode = os.stat(path).st_mode  # through a link: what MkDocs would find there
        except OSError:
            mode = None
        if entry.is_symlink():
            problem = _link_problem(walk.root, path, mode, real_parents, hidden)
            if problem:
                _report_link(walk, path, relative, problem)
                continue
        if mode is not None and stat.S_ISDIR(mode):
            _walk(walk, path, f"{relative}/", (*real_parents, Path(os.path.realpath(path))))
        elif mode is not None and stat.S_ISREG(mode):
            if not hidden:
                walk.files.append(relative)
        elif not hidden and mode is not None:
            kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
            walk.report.error(
                _position(walk, relative),
                f"{kind}, not a file: it would be read for ever; expected a page or a file, remove it",
            )


def _link_problem(
    root: Path, link: Path, mode: int | None, real_parents: tuple[Path, ...], hidden: bool
) -> str | None:
    """What is wrong with the symbolic link ``link`` in the prose folder (real path ``root``), if anything."""
    target = Path(os.path.realpath(link))
    shown = escaped(str(target))
    if not target.is_relative_to(root):
        return (
            f"a symbolic link to {shown}, outside the prose folder: it would be published; "
            "copy what it should show into the folder, or remove the link"
        )
    if mode is None:
        return None if hidden else f"a symbolic link to {shown}, which does not exist; remove the link"
    if stat.S_ISDIR(mode) and any(parent.is_relative_to(target) for parent in real_parents):
        return (
            f"a symbolic link to {shown}, which leads back to a folder it is in: the folder would be walked "
            "round and round; remove the link"
        )
    return None


def _report_link(walk: _Walk, link: Path, relative: str, problem: str) -> None:
    """Report a link once, at its own place (a walk through other links may reach it more than once)."""
    place = Path(os.path.realpath(link.parent)) / link.name
    if place in walk.reported:
        return
    walk.reported.add(place)
    if place.is_relative_to(walk.root):
        relative = place.relative_to(walk.root).as_posix()
    walk.report.error(_position(walk, relative), problem)


def _position(walk: _Walk, relative: str) -> Position:
    return Position(escaped(str(walk.content_dir / relative) if relative else str(walk.content_dir)))


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
