"""The JSON Schema of the bank format, printed by `quizapp schema` for editors that validate YAML."""

from __future__ import annotations

from typing import Any

from quizapp.bank.model import QType

_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT}
_CHOICE = {
    "oneOf": [
        _TEXT,
        {"type": "object", "required": ["text"], "additionalProperties": False,
         "properties": {"text": _TEXT, "correct": {"type": "boolean"}, "why": _TEXT}},
    ]
}
_COMMON: dict[str, Any] = {
    "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$",
           "description": "Stable id, unique across all banks; progress is keyed on it."},
    "type": {"enum": [t.value for t in QType]},
    "prompt": _TEXT,
    "explanation": _TEXT,
    "sources": {"oneOf": [_TEXT, _TEXTS]},
    "tags": {"oneOf": [_TEXT, _TEXTS]},
    "difficulty": {"enum": [1, 2, 3]},
    "image": {"type": "string", "description": "Path relative to the bank folder."},
    "replaces": {"oneOf": [_TEXT, _TEXTS], "description": "Old ids whose progress this question takes over."},
}
_TYPE_PROPS: dict[QType, tuple[dict[str, Any], list[str]]] = {
    QType.FLASHCARD: ({"back": _TEXT}, ["back"]),
    QType.SINGLE_CHOICE: ({"choices": {"type": "array", "minItems": 2, "items": _CHOICE},
                           "shuffle": {"type": "boolean"}}, ["choices"]),
    QType.MULTIPLE_CHOICE: ({"choices": {"type": "array", "minItems": 2, "items": _CHOICE},
                             "shuffle": {"type": "boolean"}}, ["choices"]),
    QType.TRUE_FALSE: ({"answer": {"type": "boolean"}}, ["answer"]),
    QType.CLOZE: ({"text": {"type": "string", "pattern": r"\{\{.+?\}\}"}}, ["text"]),
    QType.SHORT_ANSWER: ({"answers": {"type": "array", "minItems": 1, "items": _TEXT},
                          "fuzzy": {"oneOf": [{"type": "boolean"},
                                              {"type": "number", "minimum": 0.5, "maximum": 1}]}},
                         ["answers"]),
    QType.NUMERIC: ({"answer": {"type": "number"},
                     "tolerance": {"oneOf": [{"type": "number", "minimum": 0},
                                             {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$"}]},
                     "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                     "unit": {"type": "string"}}, []),
    QType.MATCHING: ({"pairs": {"type": "object", "minProperties": 2,
                                "additionalProperties": {"type": ["string", "number"]}}}, ["pairs"]),
    QType.ORDERING: ({"items": {"type": "array", "minItems": 2, "items": _TEXT}}, ["items"]),
}


def _question_variant(qtype: QType) -> dict[str, Any]:
    props, required = _TYPE_PROPS[qtype]
    needed = ["id", "type", *required] + ([] if qtype is QType.CLOZE else ["prompt"])
    return {
        "if": {"properties": {"type": {"const": qtype.value}}, "required": ["type"]},
        "then": {"properties": {**_COMMON, **props}, "required": needed, "additionalProperties": False},
    }


def bank_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for one bank file."""
    source = {"type": "object", "required": ["title"], "anyOf": [{"required": ["url"]}, {"required": ["doi"]}],
              "properties": {"title": _TEXT, "url": {"type": "string", "pattern": "^https?://"}, "doi": _TEXT,
                             "authors": _TEXT, "year": {"type": "integer"}, "publisher": _TEXT,
                             "note": _TEXT}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizapp.invalid/schema/bank.json",
        "title": "quizapp question bank",
        "type": "object",
        "required": ["title", "topic", "questions"],
        "additionalProperties": False,
        "properties": {
            "title": _TEXT,
            "topic": _TEXT,
            "description": {"type": "string"},
            "sources": {"type": "object", "additionalProperties": source},
            "questions": {
                "type": "array",
                "items": {"type": "object", "required": ["id", "type"],
                          "allOf": [_question_variant(t) for t in QType]},
            },
        },
    }
