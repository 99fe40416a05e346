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
        self._marks: dict[Any, int] = {}  # key -> packed line/column (turned into a Pos when asked)

    def where(self, key: Any) -> Pos:
        mark = self._marks.get(key)
        return self.pos if mark is None else _mark_pos(mark)


class LList(list):
    """A sequence that knows its own position and the position of each item."""

    __slots__ = ("_marks", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._marks: list[int] = []

    def where(self, index: int) -> Pos:
        return _mark_pos(self._marks[index]) if 0 <= index < len(self._marks) else self.pos


def _pos(event: Any) -> Pos:
    return _mark_pos(_pack(event.start_mark))


def _pack(mark: Any) -> int:
    # One int per key or item instead of PyYAML's Mark object (≈10x smaller, kept for every key).
    return (mark.line << 32) | mark.column


def _mark_pos(packed: int) -> Pos:
    return Pos((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


class _Builder:
    """Builds LMap/LList/scalars straight from the parser's events.

    PyYAML's composed node tree costs about 40 bytes of memory per byte of text (a node and two
    Mark objects per scalar); building from events never holds it, so a big bank needs a few
    times its size, not dozens.
    """

    def __init__(self, loader: Any, text_length: int) -> None:
        self.loader = loader
        # Without aliases every node costs at least one character of text, so more visits than
        # characters means aliases are being expanded over and over.
        self.budget = text_length * MAX_EXPANSION_FACTOR + MAX_EXTRA_NODES
        self.visits = 0
        self.anchors: dict[str, tuple[Any, int, Any]] = {}  # anchor -> (value, nodes in it, mark)
        self.constructor = yaml.constructor.SafeConstructor()

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        first = loader.get_event()  # document start
        value, _ = self.node(0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", first.start_mark,
                                              "but found another document", loader.get_event().start_mark)
        return value

    def _count(self, event: Any, nodes: int, depth: int) -> None:
        self.visits += nodes
        if self.visits > self.budget:
            self._refuse(event, "too many aliases expanded (alias bomb?); file refused")
        if depth > MAX_DEPTH:
            self._refuse(event, f"nesting deeper than {MAX_DEPTH} levels")

    @staticmethod
    def _refuse(event: Any, message: str) -> None:
        p = _pos(event)
        raise YamlError(message, p.line, p.column)

    def node(self, depth: int) -> tuple[Any, int]:
        """(value, nodes it holds) of the next node in the stream."""
        event = self.loader.get_event()
        kind = type(event)
        if kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                  event.start_mark)
            value, nodes, _ = self.anchors[event.anchor]
            self._count(event, nodes, depth)  # each use of an alias costs what it stands for
            return value, nodes
        self._count(event, 1, depth)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                              self.anchors[anchor][2], "second occurrence", event.start_mark)
        if kind is yaml.ScalarEvent:
            value, nodes = self._scalar(event), 1
        elif kind is yaml.SequenceStartEvent:
            value, nodes = self._sequence(event, depth)
        else:
            value, nodes = self._mapping(event, depth)
        if anchor is not None:
            self.anchors[anchor] = (value, nodes, event.start_mark)
        return value, nodes

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self._refuse(event, f"bad value: {getattr(exc, 'problem', exc)}")

    def _collection_tag(self, event: Any, kind: type) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        if tag not in _PLAIN_TAGS:
            self._refuse(event, f"unsupported YAML tag '{tag}' (tags are not allowed)")

    def _sequence(self, event: Any, depth: int) -> tuple[LList, int]:
        self._collection_tag(event, yaml.SequenceNode)
        loader, seq, nodes = self.loader, LList(_pos(event)), 1
        while not loader.check_event(yaml.SequenceEndEvent):
            seq._marks.append(_pack(loader.peek_event().start_mark))
            value, n = self.node(depth + 1)
            seq.append(value)
            nodes += n
        loader.get_event()
        return seq, nodes

    def _mapping(self, event: Any, depth: int) -> tuple[LMap, int]:
        self._collection_tag(event, yaml.MappingNode)
        loader, mapping, nodes = self.loader, LMap(_pos(event)), 1
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.peek_event()
            if type(key_event) is yaml.ScalarEvent:
                if key_event.value == "<<" and key_event.tag is None:
                    self._refuse(key_event, "merge keys (<<) are not supported")
            elif type(key_event) is not yaml.AliasEvent:
                self._refuse(key_event, "a key must be plain text")
            key, n = self.node(depth + 1)
            if isinstance(key, LMap | LList):
                self._refuse(key_event, "a key must be plain text")
            if key in mapping:
                self._refuse(key_event, f"key '{key}' repeated (first at line {mapping.where(key).line})")
            mapping._marks[key] = _pack(key_event.start_mark)
            value, m = self.node(depth + 1)
            mapping[key] = value
            nodes += n + m
        loader.get_event()
        return mapping, nodes


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into LMap/LList/scalars. Raises YamlError with a position."""
    loader = _Loader(text)
    # The tree is acyclic and short-lived: the cyclic collector only slows building it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Builder(loader, len(text)).document()
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
    finally:
        if was_enabled:
            gc.enable()
        loader.dispose()
