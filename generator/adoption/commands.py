"""``rollups import`` of a hand-written page, ``rollups lint`` of ``content/``, ``rollups new``."""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import shutil
import sys
from pathlib import Path

from ..catalog.characters import escaped, shown
from ..catalog.diagnostics import FORMATTERS
from ..catalog.options import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    command,
    content_option,
    format_option,
    load_catalog,
)


def cmd_import(args: argparse.Namespace) -> int:
    output: Path | None = args.output
    if output is not None and os.path.lexists(output) and not args.force:  # a link, even dangling, too
        print(f"error: {shown(output)} exists; pass --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    from .importing.importer import import_page  # the importer's parsers load only for an import

    result = import_page(args.page, catalog_name=str(output) if output else "<stdout>")
    diagnostics = FORMATTERS[args.format](result.report)
    if diagnostics:
        print(diagnostics, file=sys.stderr)
    if result.text is None:
        return EXIT_INPUT
    if output is None:
        sys.stdout.write(result.text)
    else:
        write_output(output, result.text.encode("utf-8"), force=args.force)
    verdict = "it validates" if result.catalog_errors == 0 else f"{result.catalog_errors} validation errors"
    print(
        f"imported {result.rollups} rollups, {result.components} components and {result.scenarios} "
        f"scenarios from {shown(args.page)}{f' into {shown(output)}' if output else ''}: {verdict}",
        file=sys.stderr,
    )
    return EXIT_OK if result.catalog_errors == 0 else EXIT_INPUT


def write_output(output: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` to ``output``, a file of its own or the replacement of a file, whole or not at all.

    Without ``force`` the file is created, never opened through a symbolic link nor over a file that
    appeared since the check. With ``force`` a file (or the file a link names) is replaced by a complete
    copy written beside it and renamed over it, with the same permissions, so that a full disk leaves
    the previous file as it was; a device or a pipe (``/dev/stdout``) is written to. A failed write
    removes what it created.
    """
    if not force:
        _write_new(output, data)
        return
    real = Path(os.path.realpath(output))
    if not real.is_file():  # a device, a pipe, or nothing yet: written to as it is
        with output.open("wb") as out:
            out.write(data)
        return
    temporary = real.with_name(f".{real.name}.{secrets.token_hex(8)}.tmp")
    _write_new(temporary, data)
    try:
        shutil.copymode(real, temporary)
        os.replace(temporary, real)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (``O_EXCL``: never an existing file, never through a link) holding ``data``."""
    out = path.open("xb")  # nothing is created when this fails
    try:
        with out:
            out.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint.lint import lint_content

    report = lint_content(args.content, load_catalog(args))
    output = FORMATTERS[args.format](report)
    if output:
        print(output)
    elif args.format == "text":
        print(f"{shown(args.content)}: ok")
    if report.has_errors or (args.strict and report.diagnostics):
        return EXIT_INPUT
    return EXIT_OK


def add_import(commands: Commands) -> None:
    imports = command(
        commands,
        "import",
        cmd_import,
        "Read a hand-written service-updates page, write the catalog it implies and report every "
        "defect of the page with its line. Exit status: 0 when the catalog validates (the page's "
        "defects are reported, not fatal), 1 when it does not or nothing could be imported.",
        "rollups import service-updates.md -o data/rollups.yaml",
        catalog=False,
    )
    imports.add_argument("page", type=Path, metavar="PAGE.md", help="the hand-written Markdown page")
    imports.add_argument(
        "-o", "--output", type=Path, metavar="CATALOG.yaml", help="write the catalog here (default: stdout)"
    )
    imports.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    format_option(imports, "diagnostics format (default: text)")


def add_lint(commands: Commands) -> None:
    lint = command(
        commands,
        "lint",
        cmd_lint,
        "Check the prose in content/ against the catalog: typed numbers that disagree with it, tables "
        "and callouts that will not render, dead internal links and anchors.",
        "rollups lint --content content --strict",
    )
    content_option(lint, "the folder of Markdown pages")
    format_option(lint)
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def cmd_new(args: argparse.Namespace) -> int:
    from .new.project import create_project

    written = [p.relative_to(args.directory).as_posix() for p in create_project(args.directory)]
    print(f"created {', '.join(written)} in {shown(args.directory)}/")
    # A folder named with a control character is shown escaped: the line cannot then be pasted as it is,
    # but it cannot forge a line or colour the terminal either.
    folder = escaped(shlex.quote(str(args.directory)))
    print(f"next: cd {folder} && rollups validate && rollups build -d site")
    return EXIT_OK


def add_new(commands: Commands) -> None:
    new = command(
        commands,
        "new",
        cmd_new,
        "Write a new site project for another product: mkdocs.yml, a commented example "
        "data/rollups.yaml and content/index.md, and a .gitignore for what a build writes. "
        "DIR must be absent or empty.",
        "rollups new my-product",
        catalog=False,
    )
    new.add_argument("directory", type=Path, metavar="DIR", help="the project folder to create")
