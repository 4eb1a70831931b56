"""``rollups import`` of a hand-written page, ``rollups lint`` of ``content/``, ``rollups new``."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

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
    if output is not None and output.exists() and not args.force:
        print(f"error: {output} exists; pass --force to overwrite it", file=sys.stderr)
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
        output.write_text(result.text, encoding="utf-8")
    verdict = "it validates" if result.catalog_errors == 0 else f"{result.catalog_errors} validation errors"
    print(
        f"imported {result.rollups} rollups, {result.components} components and {result.scenarios} "
        f"scenarios from {args.page}{f' into {output}' if output else ''}: {verdict}",
        file=sys.stderr,
    )
    return EXIT_OK if result.catalog_errors == 0 else EXIT_INPUT


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint.lint import lint_content

    report = lint_content(args.content, load_catalog(args))
    output = FORMATTERS[args.format](report)
    if output:
        print(output)
    elif args.format == "text":
        print(f"{args.content}: ok")
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
    print(f"created {', '.join(written)} in {args.directory}/")
    print(f"next: cd {shlex.quote(str(args.directory))} && rollups validate && rollups build -d site")
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
