"""Turning one positioned YAML question mapping into a typed Question, per type."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.bank.fields import Fields, Missing, Report
from quizapp.bank.model import (
    GAP_RE,
    Choice,
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    QType,
    Question,
    ShortAnswer,
    TrueFalse,
)
from quizapp.bank.yamlsafe import LList, LMap

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
COMMON = {
    "id", "type", "prompt", "explanation", "sources", "tags", "difficulty", "image", "replaces",
}
TYPE_FIELDS: dict[QType, set[str]] = {
    QType.FLASHCARD: {"back"},
    QType.SINGLE_CHOICE: {"choices", "shuffle"},
    QType.MULTIPLE_CHOICE: {"choices", "shuffle"},
    QType.TRUE_FALSE: {"answer"},
    QType.CLOZE: {"text"},
    QType.SHORT_ANSWER: {"answers", "fuzzy"},
    QType.NUMERIC: {"answer", "tolerance", "range", "unit"},
    QType.MATCHING: {"pairs"},
    QType.ORDERING: {"items"},
}
TOLERANCE_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)\s*$")


def parse_question(data: Any, pos_of_item: Any, topic: str, file: str, bank_dir: Path | None,
                   report: Report) -> Question | None:
    """Parse one question; on any error record it in `report` and return None."""
    if not isinstance(data, LMap):
        report.add(pos_of_item, "a question must be a mapping of fields (id, type, prompt, ...)")
        return None
    label = f"question '{data.get('id')}'" if isinstance(data.get("id"), str) else "question"
    f = Fields(data, report, label)
    try:
        qid = f.text("id", allow_numbers=False)
        assert qid is not None
        if not ID_RE.match(qid):
            report.add(f.where("id"), f"{label}: id may hold only letters, digits and . _ : - (max 100)")
            raise Missing
        type_name = f.text("type")
        try:
            qtype = QType(type_name)
        except ValueError:
            options = ", ".join(t.value for t in QType)
            report.add(f.where("type"), f"{label}: unknown type '{type_name}' (one of: {options})")
            raise Missing from None
        common = _common(f, qtype, topic, file, bank_dir)
        question = _BUILDERS[qtype](f, qtype, common)
        f.check_unknown(COMMON | TYPE_FIELDS[qtype])
        question.content_hash = question.compute_hash()
        return question
    except Missing:
        return None


def _common(f: Fields, qtype: QType, topic: str, file: str, bank_dir: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.text("id"),
        "prompt": f.text("prompt", required=qtype is not QType.CLOZE) or "",
        "topic": topic,
        "file": file,
        "line": f.data.pos.line,
        "explanation": f.text("explanation", required=False) or "",
        "sources": f.text_list("sources"),
        "tags": f.text_list("tags"),
        "replaces": f.text_list("replaces"),
        "where": {k: f.where(k).as_tuple() for k in ("id", "sources", "replaces") if f.has(k)},
    }
    if not out["explanation"]:
        f.report.add(f.data.pos, f"{f.what}: no 'explanation' (students learn most from it)", "warning")
    if not out["sources"]:
        f.report.add(f.data.pos, f"{f.what}: no 'sources'", "warning")
    if f.has("difficulty"):
        d = f.raw("difficulty")
        if isinstance(d, bool) or d not in (1, 2, 3):
            f.report.add(f.where("difficulty"), f"{f.what}: 'difficulty' must be 1, 2 or 3")
            raise Missing
        out["difficulty"] = d
    image = f.text("image", required=False)
    if image:
        out["image"] = _image_path(f, image, bank_dir)
    return out


def _image_path(f: Fields, image: str, bank_dir: Path | None) -> str | None:
    if bank_dir is None:
        return None
    rel = Path(image)
    if rel.is_absolute() or image.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", image) or "://" in image:
        f.report.add(f.where("image"), f"{f.what}: image must be a path relative to the bank folder")
        raise Missing
    root = bank_dir.resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root):
        f.report.add(f.where("image"), f"{f.what}: image path '{image}' leaves the bank folder")
        raise Missing
    if not target.is_file():
        f.report.add(f.where("image"), f"{f.what}: image '{image}' not found")
        raise Missing
    return str(target)


def _flashcard(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    return Flashcard(back=f.text("back") or "", **common)


def _choice(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    raw = f.raw("choices")
    if not isinstance(raw, LList) or len(raw) < 2:
        f.report.add(f.where("choices"), f"{f.what}: 'choices' must be a list of at least 2 choices")
        raise Missing
    choices = []
    for i, item in enumerate(raw):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            item_map = LMap(raw.where(i))
            item_map["text"] = str(item)
            item = item_map
        if not isinstance(item, LMap):
            f.report.add(raw.where(i), f"{f.what}: choice {i + 1} must be text or {{text: ..., correct: true}}")
            raise Missing
        cf = Fields(item, f.report, f"{f.what}, choice {i + 1}")
        choices.append(Choice(cf.text("text") or "", cf.flag("correct", False), cf.text("why", required=False)))
        cf.check_unknown({"text", "correct", "why"})
    texts = [c.text.casefold() for c in choices]
    if len(set(texts)) != len(texts):
        f.report.add(f.where("choices"), f"{f.what}: two choices have the same text")
        raise Missing
    n_correct = sum(c.correct for c in choices)
    if n_correct == 0:
        f.report.add(f.where("choices"), f"{f.what}: no choice is marked 'correct: true'")
        raise Missing
    if qtype is QType.SINGLE_CHOICE and n_correct > 1:
        f.report.add(f.where("choices"),
                     f"{f.what}: single_choice has {n_correct} correct choices; use multiple_choice")
        raise Missing
    for i, c in enumerate(choices):
        if not c.correct and not c.why:
            f.report.add(raw.where(i), f"{f.what}: wrong choice {i + 1} has no 'why'", "warning")
    return ChoiceQuestion(choices=tuple(choices), shuffle=f.flag("shuffle", True),
                          multiple=qtype is QType.MULTIPLE_CHOICE, **common)


def _true_false(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    value = f.raw("answer")
    if not isinstance(value, bool):
        f.report.add(f.where("answer"), f"{f.what}: 'answer' must be true or false")
        raise Missing
    return TrueFalse(answer=value, **common)


def _cloze(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    text = f.text("text") or ""
    gaps = GAP_RE.findall(text)
    if not gaps:
        f.report.add(f.where("text"), f"{f.what}: cloze text has no gaps; mark them as {{{{answer}}}}")
        raise Missing
    if any(not alt.strip() for gap in gaps for alt in gap.split("|")):
        f.report.add(f.where("text"), f"{f.what}: a cloze gap (or one of its alternatives) is empty")
        raise Missing
    if "{{" in GAP_RE.sub("", text) or "}}" in GAP_RE.sub("", text):
        f.report.add(f.where("text"), f"{f.what}: unbalanced '{{{{' or '}}}}' in cloze text")
        raise Missing
    return Cloze(text=text, **common)


def _short_answer(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    answers = f.text_list("answers", required=True, min_items=1)
    fuzzy = f.raw("fuzzy")
    if fuzzy is True:
        fuzzy = 0.85
    elif fuzzy is False:
        fuzzy = None
    elif fuzzy is not None and (isinstance(fuzzy, bool) or not isinstance(fuzzy, int | float)
                                or not 0.5 <= fuzzy <= 1):
        f.report.add(f.where("fuzzy"), f"{f.what}: 'fuzzy' must be true/false or a similarity from 0.5 to 1")
        raise Missing
    return ShortAnswer(answers=answers, fuzzy=fuzzy, **common)


def _numeric(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    unit = f.text("unit", required=False) or ""
    if f.has("range"):
        rng = f.raw("range")
        if (not isinstance(rng, LList) or len(rng) != 2
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in rng) or rng[0] > rng[1]):
            f.report.add(f.where("range"), f"{f.what}: 'range' must be [low, high] with low <= high")
            raise Missing
        low, high = float(rng[0]), float(rng[1])
        answer = f.number("answer", required=False)
        if answer is None:
            answer = (low + high) / 2
        elif not low <= answer <= high:
            f.report.add(f.where("answer"), f"{f.what}: 'answer' lies outside 'range'")
            raise Missing
        return Numeric(answer=answer, low=low, high=high, unit=unit, **common)
    answer = f.number("answer")
    assert answer is not None
    tol = f.raw("tolerance")
    width = 0.0
    if tol is not None:
        if isinstance(tol, bool):
            f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' must be a number or a percentage")
            raise Missing
        if isinstance(tol, int | float):
            width = float(tol)
        else:
            m = TOLERANCE_RE.match(str(tol))
            if not m:
                f.report.add(f.where("tolerance"),
                             f"{f.what}: tolerance '{tol}' is not a number or a percentage like '5%'")
                raise Missing
            width = float(m.group(1)) * (abs(answer) / 100 if m.group(2) else 1)
        if width < 0:
            f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' cannot be negative")
            raise Missing
    return Numeric(answer=answer, low=answer - width, high=answer + width, unit=unit, **common)


def _matching(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    raw = f.raw("pairs")
    if not isinstance(raw, LMap) or len(raw) < 2:
        f.report.add(f.where("pairs"), f"{f.what}: 'pairs' must be a mapping of at least 2 'left: right' lines")
        raise Missing
    pairs = []
    for left, right in raw.items():
        if isinstance(right, bool) or not isinstance(right, str | int | float) or not str(right).strip():
            f.report.add(raw.where(left), f"{f.what}: pair '{left}' needs a text on its right")
            raise Missing
        pairs.append((str(left).strip(), str(right).strip()))
    rights = [r.casefold() for _, r in pairs]
    if len(set(rights)) != len(rights):
        f.report.add(f.where("pairs"), f"{f.what}: two pairs share a right-hand side, so matching is ambiguous")
        raise Missing
    return Matching(pairs=tuple(pairs), **common)


def _ordering(f: Fields, qtype: QType, common: dict[str, Any]) -> Question:
    items = f.text_list("items", required=True, min_items=2)
    if len({i.casefold() for i in items}) != len(items):
        f.report.add(f.where("items"), f"{f.what}: two items are the same")
        raise Missing
    return Ordering(items=items, **common)


_BUILDERS: dict[QType, Callable[[Fields, QType, dict[str, Any]], Question]] = {
    QType.FLASHCARD: _flashcard,
    QType.SINGLE_CHOICE: _choice,
    QType.MULTIPLE_CHOICE: _choice,
    QType.TRUE_FALSE: _true_false,
    QType.CLOZE: _cloze,
    QType.SHORT_ANSWER: _short_answer,
    QType.NUMERIC: _numeric,
    QType.MATCHING: _matching,
    QType.ORDERING: _ordering,
}
