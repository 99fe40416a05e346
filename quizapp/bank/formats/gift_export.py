"""GIFT export: every question GIFT can express, in a form the GIFT importer reads back to the same meaning."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.formats.base import Exported, ExportFormat, Note, register_export
from quizapp.bank.formats.gift_lex import escape
from quizapp.bank.model import (
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)

if TYPE_CHECKING:
    from quizapp.bank.loader import LoadResult

# Moodle accepts only these grade percentages; 100/k is among them for k = 1..10
_MOODLE_PERCENTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5)


class Unexpressible(Exception):
    """A question GIFT has no construct for; the exporter notes it and goes on."""


def _percent(k: int) -> str:
    exact = 100 / k
    nearest = min(_MOODLE_PERCENTS, key=lambda p: abs(p - exact))
    return f"{nearest:g}"


def _num(x: float) -> str:
    return f"{x:.15g}"


def _feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text else ""


def question_to_gift(q: Question) -> tuple[str, list[str]]:
    """The GIFT text of one question, and what of it GIFT could not carry."""
    lost: list[str] = []
    head = f"::{escape(q.id)}::[markdown]"
    general = f"####{escape(q.explanation)}" if q.explanation else ""
    prompt = escape(q.prompt)
    if isinstance(q, ChoiceQuestion):
        if q.multiple:
            k = len(q.correct_indices())
            right, wrong = _percent(k), "-" + _percent(k)
            answers = [f"~%{right if c.correct else wrong}%{escape(c.text)}{_feedback(c.why)}" for c in q.choices]
        else:
            answers = [f"{'=' if c.correct else '~'}{escape(c.text)}{_feedback(c.why)}" for c in q.choices]
        if not q.shuffle:
            lost.append("the fixed choice order (Moodle's shuffle setting is not in GIFT)")
        body = "\n  ".join(answers)
        return f"{head}{prompt} {{\n  {body}\n  {general}\n}}".replace("\n  \n}", "\n}"), lost
    if isinstance(q, TrueFalse):
        return f"{head}{prompt} {{{'TRUE' if q.answer else 'FALSE'}{general}}}", lost
    if isinstance(q, ShortAnswer):
        if q.fuzzy is not None:
            lost.append("typo tolerance (fuzzy)")
        return f"{head}{prompt} {{{' '.join('=' + escape(a) for a in q.answers)}{general}}}", lost
    if isinstance(q, Numeric):
        return _numeric(q, head, prompt, general, lost)
    if isinstance(q, Matching):
        pairs = " ".join(f"={escape(left)} -> {escape(right)}" for left, right in q.pairs)
        return f"{head}{prompt} {{{pairs}{general}}}", lost
    if isinstance(q, Cloze):
        return _cloze(q, head, general, lost)
    if isinstance(q, Flashcard):
        raise Unexpressible("flashcards have no GIFT form (an essay would lose the answer)")
    if isinstance(q, Ordering):
        raise Unexpressible("ordering questions have no GIFT form")
    raise Unexpressible(f"{type(q).__name__} has no GIFT form")  # pragma: no cover


def _numeric(q: Numeric, head: str, prompt: str, general: str, lost: list[str]) -> tuple[str, list[str]]:
    if q.unit:
        lost.append(f"the unit '{q.unit}' (GIFT numbers have none; the prompt should name it)")
    width = (q.high - q.low) / 2
    if q.low == q.high:
        spec = _num(q.answer)
    elif abs(q.answer - (q.low + width)) <= 1e-9 * max(1.0, abs(q.answer)):
        spec = f"{_num(q.answer)}:{_num(width)}"
    else:
        spec = f"{_num(q.low)}..{_num(q.high)}"
        lost.append(f"the shown answer {_num(q.answer)} (GIFT ranges show their midpoint)")
    return f"{head}{prompt} {{#{spec}{general}}}", lost


def _cloze(q: Cloze, head: str, general: str, lost: list[str]) -> tuple[str, list[str]]:
    gaps = q.gaps
    if len(gaps) != 1:
        raise Unexpressible(f"a cloze with {len(gaps)} gaps (GIFT's missing word has one)")
    before, after = q.segments()
    if q.prompt:
        lost.append("the cloze instruction (kept as the first line of the text)")
    lead = escape(q.prompt + "\n") if q.prompt else ""
    answers = " ".join("=" + escape(a) for a in gaps[0])
    if not after.strip():
        # GIFT reads a block at the very end as a plain short answer, so the blank is written out
        lost.append("the gap at the end of the text (exported as a short answer after a blank)")
        return f"{head}{lead}{escape(before.rstrip())} _____ {{{answers}{general}}}", lost
    return f"{head}{lead}{escape(before)}{{{answers}{general}}}{escape(after)}", lost


def questions_to_gift(questions: list[Question], topic_of: dict[str, str]) -> tuple[str, int, list[Note]]:
    """A whole GIFT file: a $CATEGORY line per topic, a blank line between questions."""
    parts: list[str] = []
    notes: list[Note] = []
    written = 0
    category = None
    for q in questions:
        try:
            text, lost = question_to_gift(q)
        except Unexpressible as exc:
            notes.append(Note(0, f"'{q.id}' ({q.file}:{q.line}) not exported: {exc}"))
            continue
        for what in lost:
            notes.append(Note(0, f"'{q.id}': {what} not kept in GIFT"))
        cat = topic_of.get(q.topic, q.topic)
        if cat != category:
            parts.append(f"$CATEGORY: $course$/top/{cat.replace('/', '-')}")
            category = cat
        tags = " ".join(f"[tag:{t.replace(']', '')}]" for t in q.tags)
        parts.append((f"// {tags}\n" if tags else "") + text)
        written += 1
    return "\n\n".join(parts) + "\n", written, notes


@register_export
class GiftExport(ExportFormat):
    name = "gift"
    extension = ".gift"
    description = "Moodle GIFT text (choice, true/false, short answer, numeric, matching, one-gap cloze)"

    def export(self, loaded: LoadResult, out: Path) -> Exported:
        topics = {b.topic: b.topic for b in loaded.banks}
        text, written, notes = questions_to_gift(list(loaded.questions.values()), topics)
        out.write_text(text, encoding="utf-8")
        return Exported(out, written, notes)
