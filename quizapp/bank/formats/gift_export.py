"""GIFT export: every question GIFT can express, as `[html]` rendered by the app's own markup renderer (the one
the Anki export uses), in a form the GIFT importer reads back to the same meaning."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.formats.base import Exported, ExportFormat, Note, register_export
from quizapp.bank.formats.gift_lex import escape
from quizapp.bank.formats.htmltext import foreign_html
from quizapp.bank.model import Question, Unexpressible

if TYPE_CHECKING:
    from quizapp.bank.loader import LoadResult


def gift_html(text: str) -> str:
    """Bank Markdown as GIFT writes it under [html]: rendered (Moodle would show Markdown's ~ and ^
    literally), then escaped."""
    return escape(foreign_html(text))


def question_to_gift(q: Question) -> tuple[str, list[str]]:
    """The GIFT text of one question, and what of it GIFT could not carry (Unexpressible if nothing)."""
    gift = q.gift(gift_html, escape)
    head = f"::{escape(q.id)}::[html]"
    general = f"####{gift_html(q.explanation)}" if q.explanation else ""
    if gift.multiline:
        lines = [*gift.answers, *([general] if general else [])]
        block = "\n" + "".join(f"  {line}\n" for line in lines)
    else:
        block = " ".join(gift.answers) + general
    return f"{head}{gift.before}{{{block}}}{gift.after}", list(gift.lost)


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
    description = "Moodle GIFT text (every question GIFT can hold; the others are listed)"

    def export(self, loaded: LoadResult, out: Path) -> Exported:
        topics = {b.topic: b.topic for b in loaded.banks}
        text, written, notes = questions_to_gift(list(loaded.questions.values()), topics)
        out.write_text(text, encoding="utf-8")
        return Exported(out, written, notes)
