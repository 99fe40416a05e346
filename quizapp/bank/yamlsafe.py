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

    __slots__ = ("_marks", "_packed")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self._packed = ((pos.line - 1) << 32) | (pos.column - 1)
        self._marks: dict[Any, int] = {}  # key -> packed line/column (turned into a Pos when asked)

    @classmethod
    def _at(cls, packed: int) -> LMap:
        mapping = cls.__new__(cls)
        mapping._packed, mapping._marks = packed, {}
        return mapping

    @property
    def pos(self) -> Pos:
        return _mark_pos(self._packed)

    def where(self, key: Any) -> Pos:
        mark = self._marks.get(key)
        return _mark_pos(self._packed if mark is None else mark)


class LList(list):
    """A sequence that knows its own position and the position of each item."""

    __slots__ = ("_marks", "_packed")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self._packed = ((pos.line - 1) << 32) | (pos.column - 1)
        self._marks: list[int] = []

    @classmethod
    def _at(cls, packed: int) -> LList:
        seq = cls.__new__(cls)
        seq._packed, seq._marks = packed, []
        return seq

    @property
    def pos(self) -> Pos:
        return _mark_pos(self._packed)

    def where(self, index: int) -> Pos:
        return _mark_pos(self._marks[index] if 0 <= index < len(self._marks) else self._packed)


def _pos(event: Any) -> Pos:
    return _mark_pos(_pack(event.start_mark))


def _pack(mark: Any) -> int:
    # One int per key or item instead of PyYAML's Mark object (≈10x smaller, kept for every key).
    return (mark.line << 32) | mark.column


def _mark_pos(packed: int) -> Pos:
    return Pos((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


_NO_KEY = object()
# Plain scalars starting with one of these letters are a bool or null only when they are one of
# `_WORDS` (PyYAML's YAML 1.1 resolvers); anything else starting with them is text.
_WORDS = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"})
_WORD_STARTS = frozenset("yYnNtTfFoO")


class _Builder:
    """Builds LMap/LList/scalars straight from the parser's events, in one loop with an explicit stack.

    PyYAML's composed node tree costs about 40 bytes of memory per byte of text (a node and two
    Mark objects per scalar); building from events never holds it, so a big bank needs a few
    times its size, not dozens. One loop instead of a call per node cuts the time spent above
    libyaml by about 40% (a 10,000-question file: 0.52 s -> 0.39 s, of which libyaml's events 0.21 s).
    """

    def __init__(self, loader: Any, text_length: int) -> None:
        self.loader = loader
        # Without aliases every node costs at least one character of text, so more visits than
        # characters means aliases are being expanded over and over.
        self.budget = text_length * MAX_EXPANSION_FACTOR + MAX_EXTRA_NODES
        self.anchors: dict[str, tuple[Any, int, Any]] = {}  # anchor -> (value, nodes in it, mark)
        self.constructor = yaml.constructor.SafeConstructor()

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        first = loader.get_event()  # document start
        value = self._build()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", first.start_mark,
                                              "but found another document", loader.get_event().start_mark)
        return value

    @staticmethod
    def _refuse(event: Any, message: str) -> None:
        p = _pos(event)
        raise YamlError(message, p.line, p.column)

    def _build(self) -> Any:  # one loop on purpose (see the class docstring)
        get_event, anchors, budget = self.loader.get_event, self.anchors, self.budget
        special, word_starts, words = _Loader._may_be_special, _WORD_STARTS, _WORDS
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        # The innermost open mapping or sequence, in locals; the ones around it wait on `stack`.
        cur: Any = None
        marks: Any = None
        in_map = False
        key: Any = _NO_KEY  # in a mapping: the key whose value comes next
        key_mark = 0
        depth = visits = 0
        stack: list[tuple] = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                visits += 1
                if visits > budget:
                    self._refuse(event, "too many aliases expanded (alias bomb?); file refused")
                if depth > MAX_DEPTH:
                    self._refuse(event, f"nesting deeper than {MAX_DEPTH} levels")
                value = event.value
                if in_map and key is _NO_KEY and value == "<<" and event.tag is None:
                    self._refuse(event, "merge keys (<<) are not supported")
                anchor = event.anchor
                if anchor is not None and anchor in anchors:
                    raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                                      anchors[anchor][2], "second occurrence", mark)
                # Quoted text, and plain text that cannot be a number, bool or null, is a string:
                # no resolver call (most keys and prose start with a letter that might begin "true").
                if event.tag is not None or (event.implicit[0] and (
                        not value or (value[0] in special and (value[0] not in word_starts or value in words)))):
                    value = self._scalar(event)
                if anchor is not None:
                    anchors[anchor] = (value, 1, mark)
            elif kind is mapping_start or kind is sequence_start:
                if in_map and key is _NO_KEY:
                    self._refuse(event, "a key must be plain text")
                visits += 1
                if visits > budget:
                    self._refuse(event, "too many aliases expanded (alias bomb?); file refused")
                if depth > MAX_DEPTH:
                    self._refuse(event, f"nesting deeper than {MAX_DEPTH} levels")
                anchor = event.anchor
                if anchor is not None and anchor in anchors:
                    raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                                      anchors[anchor][2], "second occurrence", event.start_mark)
                if event.tag is not None:
                    self._collection_tag(event, yaml.MappingNode if kind is mapping_start else yaml.SequenceNode)
                mark = event.start_mark
                stack.append((cur, marks, in_map, key, key_mark, mark, anchor, visits - 1))
                in_map = kind is mapping_start
                packed = (mark.line << 32) | mark.column
                cur = LMap._at(packed) if in_map else LList._at(packed)
                marks, key, depth = cur._marks, _NO_KEY, depth + 1
                continue
            elif kind is alias_event:
                mark = event.start_mark
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
                value, nodes, _ = anchors[event.anchor]
                visits += nodes  # each use of an alias costs what it stands for
                if visits > budget:
                    self._refuse(event, "too many aliases expanded (alias bomb?); file refused")
                if depth > MAX_DEPTH:
                    self._refuse(event, f"nesting deeper than {MAX_DEPTH} levels")
            else:  # the end of the innermost mapping or sequence
                value = cur
                cur, marks, in_map, key, key_mark, mark, anchor, start = stack.pop()
                depth -= 1
                if anchor is not None:
                    anchors[anchor] = (value, visits - start, mark)
            if cur is None:
                return value
            if not in_map:
                marks.append((mark.line << 32) | mark.column)
                cur.append(value)
            elif key is _NO_KEY:
                if isinstance(value, LMap | LList):
                    self._refuse(event, "a key must be plain text")
                if value in cur:
                    self._refuse(event, f"key '{value}' repeated (first at line {cur.where(value).line})")
                key, key_mark = value, (mark.line << 32) | mark.column
            else:
                marks[key] = key_mark
                cur[key] = value
                key = _NO_KEY

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
