"""A Moodle XML file read into a small element tree that remembers each element's line (for FILE:LINE notes).

Parsed with the standard library's expat; a DOCTYPE (and so any entity definition, the way to an entity
expansion bomb) is refused, and no external resource is ever fetched.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

from quizapp.bank.formats.base import FormatError, Note


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def value(self, *path: str, default: str = "") -> str:
        """The trimmed text at a path of child tags (`value("name", "text")`), Moodle's getpath."""
        node: Node | None = self
        for tag in path:
            node = node.first(tag) if node is not None else None
        return node.text.strip() if node is not None else default

    def field_text(self, tag: str) -> tuple[str, str]:
        """A text field `<tag format="..."><text>...</text></tag>`: (text, format)."""
        node = self.first(tag)
        if node is None:
            return "", "html"
        return node.value("text"), node.attrs.get("format", "html")


def parse_xml(data: bytes, file: str) -> Node:
    """The root element; FormatError with the line of the first well-formedness error."""
    parser = xml.parsers.expat.ParserCreate()
    stack: list[Node] = []
    root: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def doctype(*_args: object) -> None:
        raise ValueError("a DOCTYPE is not allowed in a Moodle XML file (Moodle writes none)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise FormatError(file, [Note(exc.lineno, f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}",
                                      "error")]) from None
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python does not know
        raise FormatError(file, [Note(1, f"the XML declaration names an unknown encoding ({exc})", "error")]) from None
    except ValueError as exc:
        raise FormatError(file, [Note(parser.CurrentLineNumber, str(exc), "error")]) from None
    if not root or root[0].tag != "quiz":
        raise FormatError(file, [Note(root[0].line if root else 1, "not a Moodle XML file: its root element is "
                                      f"<{root[0].tag if root else ''}>, not <quiz>", "error")])
    return root[0]
