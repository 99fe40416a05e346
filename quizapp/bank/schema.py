"""The JSON Schema of the bank format, printed by `quizapp schema` for editors that validate YAML.

Assembled from the question-type registry: each type gives the schema of its own keys, so the schema
and the loader describe the same format. What a schema cannot say (two choices with the same text,
an answer outside its range) only the loader checks.
"""

from __future__ import annotations

from typing import Any

from quizapp.bank import types
from quizapp.bank.images import SHOWN
from quizapp.bank.parse import ID_RE
from quizapp.bank.schema_parts import TEXT, TEXT_OR_TEXTS, TEXTISH
from quizapp.bank.types.info import TypeInfo

_COMMON: dict[str, Any] = {
    "id": {"type": "string", "pattern": ID_RE.pattern,
           "description": "Stable id, unique across all banks; progress is keyed on it."},
    "type": {"enum": types.names()},
    "prompt": TEXTISH,
    "explanation": TEXTISH,
    "sources": TEXT_OR_TEXTS,
    "tags": TEXT_OR_TEXTS,
    "difficulty": {"enum": [1, 2, 3]},
    "image": {"type": "object", "required": ["file", "alt"], "additionalProperties": False,
              "description": "A figure: SVG, PNG or JPEG inside the bank folder, with alt text.",
              "properties": {"file": {**TEXT, "description": "Path relative to the bank folder."},
                             "alt": {**TEXT, "pattern": r"\S", "description": "What the figure shows, in words."},
                             "shown": {"enum": list(SHOWN), "description": "Under the prompt (default), "
                                                                           "or only with the feedback."}}},
    "replaces": {**TEXT_OR_TEXTS, "description": "Old ids whose progress this question takes over."},
    "lint": {"type": "object", "additionalProperties": TEXT,
             "description": "Item-writing rules this question waives: rule name -> the reason."},
    "fact": {**TEXTISH, "description": "Questions with the same fact key are siblings: one of them a day."},
}


def _question_variant(kind: TypeInfo) -> dict[str, Any]:
    props, required = kind.cls.schema(kind.name)
    needed = ["id", "type", *required] + (["prompt"] if kind.cls.prompt_required else [])
    return {
        "if": {"properties": {"type": {"const": kind.name}}, "required": ["type"]},
        "then": {"properties": {**_COMMON, **props}, "required": needed, "additionalProperties": False,
                 "description": f"{kind.label}: {kind.summary}"},
    }


def bank_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for one bank file."""
    # a source without url or doi loads with a warning, so the schema lets it through too
    source = {"type": "object", "required": ["title"], "additionalProperties": False,
              "description": "Give a url (https) or a doi: without one the loader warns.",
              "properties": {"title": TEXT, "url": {"type": "string", "pattern": "^https?://"}, "doi": TEXT,
                             "authors": TEXT, "year": {"type": "integer"}, "publisher": TEXT,
                             "note": TEXT}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizapp.invalid/schema/bank.json",
        "title": "quizapp question bank",
        "type": "object",
        "required": ["title", "topic", "questions"],
        "additionalProperties": False,
        "properties": {
            "title": TEXT,
            "topic": TEXT,
            "description": {"type": "string"},
            "sources": {"type": "object", "additionalProperties": source},
            "questions": {
                "type": "array",
                "items": {"type": "object", "required": ["id", "type"],
                          "properties": {"type": {"enum": types.names()}},
                          "allOf": [_question_variant(t) for t in types.TYPES]},
            },
        },
    }
