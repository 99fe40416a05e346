"""Safe YAML reading that remembers where every key and item was written.

Only PyYAML's safe composer is used (its C version when present), so no tag can run code. Aliases are
followed with a budget, so an alias bomb ("billion laughs") is refused quickly instead of filling memory.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader whose tag resolver skips the regex tests for text that cannot be a number/bool/null."""

    _may_be_special = frozenset(k for k in yaml.SafeLoader.yaml_implicit_resolvers if k)

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self._may_be_special:
            return _STR
        return super().resolve(kind, value, implicit)

MAX_DEPTH = 64
_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
MAX_EXPANSION_FACTOR = 4
MAX_EXTRA_NODES = 10_000


class YamlError(Exception):
    """A file that cannot be read as YAML; carries the 1-based line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(slots=True)
class Pos:
    line: int
    column: int

    def as_tuple(self) -> tuple[int, int]:
        return (self.line, self.column)


class LMap(dict):
    """A mapping that knows its own position and the position of each key."""

    __slots__ = ("_marks", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._marks: dict[Any, Any] = {}  # key -> YAML mark (turned into a Pos only when asked)

    def where(self, key: Any) -> Pos:
        mark = self._marks.get(key)
        return self.pos if mark is None else _mark_pos(mark)


class LList(list):
    """A sequence that knows its own position and the position of each item."""

    __slots__ = ("_marks", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._marks: list[Any] = []

    def where(self, index: int) -> Pos:
        return _mark_pos(self._marks[index]) if 0 <= index < len(self._marks) else self.pos


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _mark_pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, text_length: int) -> None:
        # Without aliases every node costs at least one character of text, so more visits than
        # characters means aliases are being expanded over and over.
        self.budget = text_length * MAX_EXPANSION_FACTOR + MAX_EXTRA_NODES
        self.visits = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.visits += 1
        if self.visits > self.budget:
            p = _pos(node)
            raise YamlError("too many aliases expanded (alias bomb?); file refused", p.line, p.column)
        if depth > MAX_DEPTH:
            p = _pos(node)
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", p.line, p.column)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            try:
                return self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                p = _pos(node)
                raise YamlError(f"bad value: {getattr(exc, 'problem', exc)}", p.line, p.column) from None
        if node.tag not in _PLAIN_TAGS and not isinstance(node, yaml.ScalarNode):
            p = _pos(node)
            raise YamlError(f"unsupported YAML tag '{node.tag}' (tags are not allowed)", p.line, p.column)
        if isinstance(node, yaml.SequenceNode):
            seq = LList(_pos(node))
            marks = seq._marks
            for child in node.value:
                marks.append(child.start_mark)
                seq.append(self.build(child, depth + 1))
            return seq
        if isinstance(node, yaml.MappingNode):
            mapping = LMap(_pos(node))
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    p = _pos(knode)
                    raise YamlError("a key must be plain text", p.line, p.column)
                key = self.build(knode, depth + 1)
                if knode.value == "<<":
                    p = _pos(knode)
                    raise YamlError("merge keys (<<) are not supported", p.line, p.column)
                if key in mapping:
                    p = _pos(knode)
                    first = mapping.where(key)
                    raise YamlError(f"key '{key}' repeated (first at line {first.line})", p.line, p.column)
                mapping._marks[key] = knode.start_mark
                mapping[key] = self.build(vnode, depth + 1)
            return mapping
        raise YamlError("unsupported YAML node")  # pragma: no cover


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into LMap/LList/scalars. Raises YamlError with a position."""
    try:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            root = yaml.compose(text, Loader=_Loader)
        finally:
            if was_enabled:
                gc.enable()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        if exc.context and exc.context_mark and exc.problem:
            problem += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise YamlError(f"YAML syntax error: {problem}", line, col) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise YamlError(f"character #x{exc.character:04x} is not allowed in YAML text ({exc.reason})", line,
                        col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels") from None
    if root is None:
        return None
    # The tree is acyclic and short-lived: the cyclic collector only slows building it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Builder(len(text)).build(root)
    finally:
        if was_enabled:
            gc.enable()
