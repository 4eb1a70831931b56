"""The libyaml fast path composes exactly the tree the reference composer does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.catalog.yamlsource import _compose_fast, _SafeComposer

ROOT = Path(__file__).resolve().parent.parent


def _shape(node: yaml.Node) -> object:
    """A node tree as plain data: kind, tag, value and where it starts."""
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style or "", where)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, where, [_shape(item) for item in node.value])
    assert isinstance(node, yaml.MappingNode)
    return ("map", node.tag, where, [(_shape(k), _shape(v)) for k, v in node.value])


@pytest.mark.parametrize("path", ["data/rollups.yaml", "tests/data/synthetic.yaml"])
def test_fast_path_matches_reference(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    fast = _compose_fast(text)
    assert fast is not None, "a clean catalog takes the fast path"
    reference = _SafeComposer(text).get_single_node()
    assert reference is not None
    assert _shape(fast) == _shape(reference)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!python/object:os.system x\n",
        "a: [\n",
        "a: 1\n---\nb: 2\n",
        "[" * 40 + "]" * 40,
        "\r".join("  " * level + f"k{level}:" for level in range(40)) + "\r",  # old Mac line ends
        "\u2028".join("  " * level + f"k{level}:" for level in range(40)) + "\n",
        "a: **bold**\n",  # an alias to an undefined anchor: the reference words the error
        "",
    ],
)
def test_fast_path_declines_what_the_reference_must_word(text: str) -> None:
    assert _compose_fast(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a:\n" + "".join(" " * (level + 1) + f"k{level}:\n" for level in range(40)) + " " * 41 + "x: 1\n",
        "a: [1,\n  [2, [3]]]\n",  # a flow collection over several lines is scanned, not bounded
        "a: x & y\n",
        "a: !!str 9.20\n",
    ],
)
def test_documents_that_need_a_scan_or_the_reference(text: str) -> None:
    from generator.catalog.yamlsource import _plainly_acceptable

    assert not _plainly_acceptable(text)


def test_markdown_bold_in_a_value_takes_the_fast_path() -> None:
    from generator.catalog.yamlsource import _plainly_acceptable

    text = "steps:\n  - Go to **Protected items** > **Replicated items**.\n"
    assert _plainly_acceptable(text)
    node = _compose_fast(text)
    assert node is not None
    reference = _SafeComposer(text).get_single_node()
    assert reference is not None and _shape(node) == _shape(reference)


def test_windows_line_ends_take_the_fast_path() -> None:
    text = (ROOT / "tests/data/synthetic.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    fast = _compose_fast(text)
    assert fast is not None
    reference = _SafeComposer(text).get_single_node()
    assert reference is not None and _shape(fast) == _shape(reference)
