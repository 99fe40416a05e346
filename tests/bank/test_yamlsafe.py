"""The positioned YAML reader gives the values PyYAML's safe loader gives, with each key's own line and column."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.bank.yamlsafe import LList, LMap, YamlError, parse_yaml

# "<<" is YAML's merge key, which the parser refuses on purpose (tested below): never a plain key here.
texts = st.text(max_size=12).filter(lambda s: s != "<<")
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    texts, st.sampled_from(["yes", "No", "on", "OFF", "~", "null", "true", "Often",
                                                           "nully", "1.5", ".inf", "-3", "0x1F", "2001-01-01", ""]))
values = st.recursive(scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(scalars, c, max_size=4),
                      max_leaves=25)


def _same(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    if isinstance(theirs, float) and math.isnan(theirs):
        assert isinstance(ours, float) and math.isnan(ours)
        return
    assert type(ours) is (LMap if isinstance(theirs, dict) else LList if isinstance(theirs, list) else type(theirs))
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs)
        for key in theirs:
            _same(ours[key], theirs[key])
    elif isinstance(theirs, list):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            _same(a, b)
    else:
        assert ours == theirs


def _positions(ours, node: yaml.Node) -> None:  # type: ignore[no-untyped-def]
    """Every key and item is placed where PyYAML's composer puts its node."""
    assert (ours.pos.line, ours.pos.column) == (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for (key_node, value_node), key in zip(node.value, ours, strict=True):
            assert ours.where(key).as_tuple() == (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(value_node, yaml.MappingNode | yaml.SequenceNode):
                _positions(ours[key], value_node)
    elif isinstance(node, yaml.SequenceNode):
        for i, item_node in enumerate(node.value):
            assert ours.where(i).as_tuple() == (item_node.start_mark.line + 1, item_node.start_mark.column + 1)
            if isinstance(item_node, yaml.MappingNode | yaml.SequenceNode):
                _positions(ours[i], item_node)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda s: s != "<<"), values, min_size=1, max_size=5),
       st.booleans(), st.booleans())
def test_values_and_positions_match_pyyaml(doc: dict, flow: bool, canonical: bool) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, canonical=canonical, sort_keys=False)
    ours = parse_yaml(text)
    _same(ours, yaml.safe_load(text))
    _positions(ours, yaml.compose(text, Loader=yaml.SafeLoader))


def test_anchors_and_aliases_are_shared_values() -> None:
    data = parse_yaml("base: &b {a: 1, b: [x, y]}\nuse: *b\nlist: [&s text, *s]\n")
    assert data["use"] == {"a": 1, "b": ["x", "y"]} and data["list"] == ["text", "text"]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("a: 1\na: 2\n", "key 'a' repeated (first at line 1)", 2),
    ("? [a]\n: 1\n", "a key must be plain text", 1),
    ("k: &x [1]\n*x : 2\n", "a key must be plain text", 2),
    ("<<: {a: 1}\n", "merge keys (<<) are not supported", 1),
    ("a: !!python/object:os.system x\n", "could not determine a constructor", 1),
    ("a: 1\nb: !!python/tuple [1]\n", "unsupported YAML tag", 2),
    ("a: " + "[" * 70 + "]" * 70 + "\n", "nesting deeper than 64 levels", 1),
    ("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: &e [*d, *d]\nf: &f [*e, *e]\n"
     "g: &g [*f, *f]\nh: &h [*g, *g]\ni: &i [*h, *h]\nj: &j [*i, *i]\nk: &k [*j, *j]\nl: &l [*k, *k]\n"
     "m: &m [*l, *l]\nn: &n [*m, *m]\n", "too many aliases expanded", None),
])
def test_refusals_name_their_line(text: str, message: str, line: int | None) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert message in caught.value.message
    if line is not None:
        assert caught.value.line == line
