"""Where a build finds the prose folder of an MkDocs configuration before the engine is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.prose_folder import MAX_INHERITANCE, configured_docs_dir


def _config(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_name: x\ndocs_dir: pages\n", "pages"),
        ("site_name: x\n", "docs"),  # MkDocs' default
        ("docs_dir: ../shared/prose\n", "../shared/prose"),
        # Material's usual tags are read past, never constructed.
        (
            "site_name: !ENV [SITE_NAME, x]\ndocs_dir: content\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
            "content",
        ),
    ],
)
def test_docs_dir_as_mkdocs_resolves_it(tmp_path: Path, text: str, expected: str) -> None:
    assert configured_docs_dir(_config(tmp_path, text)) == tmp_path / expected


def test_an_absolute_docs_dir(tmp_path: Path) -> None:
    prose = tmp_path / "elsewhere"
    assert configured_docs_dir(_config(tmp_path, f"docs_dir: {prose}\n")) == prose


def test_an_inherited_docs_dir_is_relative_to_the_child(tmp_path: Path) -> None:
    _config(tmp_path / "base", "INHERIT: ../root.yml\n", "parent.yml")
    _config(tmp_path, "docs_dir: prose\n", "root.yml")
    child = _config(tmp_path / "site", "INHERIT: ../base/parent.yml\nsite_name: x\n")
    assert configured_docs_dir(child) == tmp_path / "site" / "prose"


@pytest.mark.parametrize(
    "text",
    [
        "docs_dir: !ENV DOCS\n",  # only the engine knows
        "docs_dir: [a, b]\n",
        "- a list\n",
        "key: [unclosed\n",
        "INHERIT: missing.yml\n",
        "INHERIT: mkdocs.yml\n",  # itself, for ever: cut at MAX_INHERITANCE
    ],
)
def test_what_cannot_be_told_here_is_none(tmp_path: Path, text: str) -> None:
    assert configured_docs_dir(_config(tmp_path, text)) is None


def test_a_missing_or_endless_configuration_is_none(tmp_path: Path) -> None:
    assert MAX_INHERITANCE > 0
    assert configured_docs_dir(tmp_path / "absent.yml") is None
    assert configured_docs_dir(_config(tmp_path, "#" * (2 << 20))) is None
