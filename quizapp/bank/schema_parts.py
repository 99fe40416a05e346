"""JSON Schema pieces the question types and the bank schema share (quizapp/bank/schema.py assembles them)."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
# YAML reads `1.5` or `2010` as numbers; the loader takes them as text where text is expected.
TEXTISH: dict[str, Any] = {"oneOf": [TEXT, {"type": "number"}]}
TEXTS: dict[str, Any] = {"type": "array", "items": TEXTISH}
TEXT_OR_TEXTS: dict[str, Any] = {"oneOf": [TEXTISH, TEXTS]}
# A finite number: YAML's .inf is a number to a validator, but no answer or tolerance (NaN cannot be said in
# JSON Schema; the loader refuses it).
FINITE = 1.7976931348623157e308
NUMBER: dict[str, Any] = {"type": "number", "minimum": -FINITE, "maximum": FINITE}


def text_list(min_items: int) -> dict[str, Any]:
    return {"type": "array", "minItems": min_items, "items": TEXTISH}
