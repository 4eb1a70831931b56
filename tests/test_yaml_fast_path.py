"""The libyaml fast path composes exactly the tree the reference composer does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.yamlsource import _compose_fast, _SafeComposer

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
        "",
    ],
)
def test_fast_path_declines_what_the_reference_must_word(text: str) -> None:
    assert _compose_fast(text) is None
