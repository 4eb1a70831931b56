"""The house's map: ``generator/`` is one sub-package per pipeline stage, and imports run one way.

Read from the source with :mod:`ast` (type-only imports count too): a module
may import its own stage and the stages below it, never one above, and no
two modules import each other, directly or around a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

STAGES: dict[str, int] = {
    "catalog": 1,
    "policy": 2,
    "pages": 3,
    "outputs": 4,
    "site": 5,
    "adoption": 6,
    "checks": 6,
    "engine": 7,
    "publish": 8,
}
"""The pipeline from the bottom up; the command line (``cli``, ``__main__``) stands above them all."""
TOP = max(STAGES.values()) + 1

ADOPTION_PARTS = {"reading": 1, "importing": 2, "lint": 2, "commands": 3}
"""Inside ``adoption``: the import and the lint share the Markdown reading, never each other."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """The ``generator`` modules that module ``name`` imports, with the line of each import."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            if source.split(".")[0] != "generator":
                continue
            for alias in node.names:  # `from .pkg import module` imports the module
                candidate = f"{source}.{alias.name}"
                yield (candidate if candidate in known else source), node.lineno


def stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def rank(name: str) -> tuple[int, int]:
    parts = name.split(".")
    top = stage(name)
    if top is None:
        return (TOP, 0) if len(parts) > 1 else (0, 0)  # `generator` itself is the version only
    inner = ADOPTION_PARTS.get(parts[2], 0) if top == "adoption" and len(parts) > 2 else 0
    return STAGES[top], inner


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _ in imported(name, path)} - {name} for name, path in modules().items()}


def test_every_module_belongs_to_a_stage() -> None:
    loose = [
        name
        for name in modules()
        if stage(name) is None and name not in {"generator", "generator.cli", "generator.__main__"}
    ]
    assert loose == [], f"modules outside every stage's folder: {loose}"


def test_every_stage_says_what_it_owns_and_may_import() -> None:
    undocumented = []
    for path in sorted(PACKAGE.rglob("__init__.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if path.parent != PACKAGE and "May import" not in docstring:
            undocumented.append(module_name(path))
    assert undocumented == []


def goes_up(name: str, target: str) -> bool:
    """Whether ``name`` importing ``target`` goes against the pipeline (up, or sideways to a peer stage)."""
    if target == "generator":
        return False
    if stage(name) is None or stage(name) != stage(target):
        return rank(target)[0] > rank(name)[0] or (
            rank(target)[0] == rank(name)[0] and stage(target) != stage(name)
        )
    if stage(name) != "adoption":
        return False
    part, target_part = name.split(".")[2], target.split(".")[2]
    return rank(target)[1] > rank(name)[1] or (rank(target)[1] == rank(name)[1] and part != target_part)


def test_imports_never_go_up_a_stage() -> None:
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}"
        for name, path in modules().items()
        for target, line in imported(name, path)
        if goes_up(name, target)
    ]
    assert upward == []


def test_no_import_circles() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current walk, 2 done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..catalog.model import Catalog\n", ["generator.catalog.model"]),
        ("from ..policy import rules\n", ["generator.policy.rules"]),
        ("from . import answers\n", ["generator.pages.answers"]),
        ("from generator.site.files import site_files\n", ["generator.site.files"]),
        ("import json\nfrom markupsafe import Markup\n", []),
    ],
)
def test_the_reader_of_imports(tmp_path: Path, source: str, expected: list[str]) -> None:
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    assert [target for target, _ in imported("generator.pages.probe", path)] == expected


def test_a_circle_and_an_upward_import_are_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above can fail: a planted circle and a planted upward import are found."""
    planted = {
        "generator.catalog.model": {"generator.policy.rules"},
        "generator.policy.rules": {"generator.catalog.model"},
    }
    monkeypatch.setitem(globals(), "graph", lambda: planted)
    with pytest.raises(AssertionError):
        test_no_import_circles()
    assert goes_up("generator.catalog.consistency", "generator.policy.rules")
    assert goes_up("generator.checks.linkcheck", "generator.adoption.lint.lint")  # a peer stage
    assert goes_up("generator.adoption.importing.importer", "generator.adoption.lint.lint")
    assert not goes_up("generator.adoption.lint.lint", "generator.adoption.reading.prose")
    assert not goes_up("generator.cli", "generator.publish.staging")
