"""JSON Schema pieces the question types and the bank schema share (quizapp/bank/schema.py assembles them)."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
# YAML reads `1.5` or `2010` as numbers; the loader takes them as text where text is expected.
TEXTISH: dict[str, Any] = {"oneOf": [TEXT, {"type": "number"}]}
TEXTS: dict[str, Any] = {"type": "array", "items": TEXTISH}
TEXT_OR_TEXTS: dict[str, Any] = {"oneOf": [TEXTISH, TEXTS]}
NUMBER: dict[str, Any] = {"type": "number"}


def text_list(min_items: int) -> dict[str, Any]:
    return {"type": "array", "minItems": min_items, "items": TEXTISH}
