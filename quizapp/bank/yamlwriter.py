"""Writing questions back as clean, readable bank YAML that `load_banks` reads to the same questions."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from quizapp.bank.model import Question, Source

WIDTH = 110
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}:#")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _printable(ch: str) -> bool:
    # what YAML allows unescaped: no C0/C1 controls (tab aside), no BOM, no line or paragraph separators
    code = ord(ch)
    if ch == "\t":
        return True
    return not (code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029\ufeff" or 0xD800 <= code <= 0xDFFF
                or code in (0xFFFE, 0xFFFF))


def _plain(text: str, flow: bool) -> bool:
    """Whether `text` may be written unquoted and still read back as exactly this string."""
    if (not text or text != text.strip() or text[0] in _INDICATORS or "\n" in text or "\t" in text
            or ": " in text or " #" in text or text.endswith(":") or len(text) > 400):
        return False
    if flow and any(c in _FLOW_UNSAFE for c in text):
        return False
    if not all(_printable(c) for c in text):
        return False
    # "yes", "null", "1.5", "2010-01-01"... would come back as something other than text
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def _quoted(text: str) -> str:
    if "'" not in text and "\n" not in text and all(_printable(c) and c != "\t" for c in text):
        return f"'{text}'"
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        text = f"{mantissa}e{exp if exp[0] in '+-' else '+' + exp}"
    return text


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar on one line: booleans, numbers, and text (plain when safe, quoted otherwise)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    text = str(value)
    return text if _plain(text, flow) else _quoted(text)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (len(lines) > 1 and not text.startswith((" ", "\t")) and all(_printable(c) or c == "\n" for c in text)
            and "\r" not in text and all(line == line.rstrip() for line in lines))


def _value_lines(prefix: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, str) and _literal_ok(value):
        body = value.rstrip("\n")
        trailing = len(value) - len(body)
        chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
        pad = " " * indent
        lines = [pad + line if line else "" for line in body.split("\n")]
        return [f"{prefix}|{chomp}", *lines, *([""] * max(0, trailing - 1))]
    return [prefix + scalar(value)]


def _flow(value: Any) -> str | None:
    """A one-line flow form for a list of scalars or a mapping of scalars; None if it has nesting."""
    if isinstance(value, list):
        parts = []
        for v in value:
            inner = _flow(v) if isinstance(v, list) else None  # a list of short lists stays on one line
            if isinstance(v, dict) or (isinstance(v, list) and inner is None):
                return None
            parts.append(inner if inner is not None else scalar(v, flow=True))
        return "[" + ", ".join(parts) + "]"
    if isinstance(value, dict):
        if any(isinstance(v, dict | list) or (isinstance(v, str) and "\n" in v) for v in value.values()):
            return None
        return "{" + ", ".join(f"{scalar(k, flow=True)}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    return None


def _mapping_lines(mapping: Mapping[str, Any], indent: int, flow_lists: bool = True) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        head = f"{pad}{scalar(key)}:"
        if isinstance(value, dict):
            lines.append(head)
            lines.extend(_mapping_lines(value, indent + 2))
        elif isinstance(value, list):
            flow = _flow(value) if flow_lists and key not in ("items", "choices") else None
            if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
                lines.append(f"{head} {flow}")
            else:
                lines.append(head)
                lines.extend(_sequence_lines(value, indent + 2))
        else:
            lines.extend(_value_lines(head + " ", value, indent + 2))
    return lines


def _sequence_lines(seq: list[Any], indent: int, flow_maps: bool = True) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in seq:
        if isinstance(item, dict):
            flow = _flow(item) if flow_maps else None
            if flow is not None and len(pad) + 2 + len(flow) <= WIDTH:
                lines.append(f"{pad}- {flow}")
            else:
                sub = _mapping_lines(item, indent + 2)
                lines.append(f"{pad}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
        elif isinstance(item, list) and _flow(item) is not None:
            lines.append(f"{pad}- {_flow(item)}")
        else:
            lines.extend(_value_lines(f"{pad}- ", item, indent + 2))
    return lines


def question_fields(q: Question, bank_dir: Path | None = None) -> dict[str, Any]:
    """The question as the ordered mapping an author would write (only non-default fields)."""
    out: dict[str, Any] = {"id": q.id, "type": str(q.qtype)}
    if q.prompt:
        out["prompt"] = q.prompt
    out.update(q.yaml_fields())
    if q.explanation:
        out["explanation"] = q.explanation
    if q.sources:
        out["sources"] = list(q.sources)
    if q.tags:
        out["tags"] = list(q.tags)
    if q.difficulty is not None:
        out["difficulty"] = q.difficulty
    if q.fact:
        out["fact"] = q.fact
    if q.image:
        image = {"file": Path(os.path.relpath(q.image, bank_dir)).as_posix() if bank_dir else q.image,
                 "alt": q.image_alt}
        if q.image_shown != "prompt":
            image["shown"] = q.image_shown
        out["image"] = image
    if q.replaces:
        out["replaces"] = list(q.replaces)
    return out


def source_fields(s: Source) -> dict[str, Any]:
    fields = {"title": s.title, "authors": s.authors, "publisher": s.publisher, "year": s.year,
              "url": s.url, "doi": s.doi}
    return {k: v for k, v in fields.items() if v is not None}


def dump_questions(questions: Iterable[Question], indent: int = 2, bank_dir: Path | None = None) -> str:
    """The items of a `questions:` list, a blank line between questions (for appending to a bank)."""
    blocks = ["\n".join(_sequence_lines([question_fields(q, bank_dir)], indent, flow_maps=False)) for q in questions]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def dump_bank(title: str, topic: str, questions: Iterable[Question], *, description: str = "",
              sources: Mapping[str, Source] | None = None, comment: str = "",
              bank_dir: Path | None = None) -> str:
    """A whole bank file: header comment, title, topic, description, sources, then the questions."""
    head: dict[str, Any] = {"title": title, "topic": topic}
    if description:
        head["description"] = description
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines.extend(_mapping_lines(head, 0))
    if sources:
        lines.append("sources:")
        for key, src in sources.items():
            lines.append(f"  {scalar(key)}:")
            lines.extend(_mapping_lines(source_fields(src), 4))
    items = dump_questions(questions, 2, bank_dir)
    lines.append("questions:" if items else "questions: []")
    return "\n".join(lines) + "\n" + items
