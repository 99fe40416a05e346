"""GIFT export: every question GIFT can express, as `[html]` rendered by the app's own markup renderer (the one
the Anki export uses), in a form the GIFT importer reads back to the same meaning."""

from __future__ import annotations

import os
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


def figure_text(q: Question) -> str:
    """What stands for a question's figure in GIFT: the file's name and its alt text ("" without a figure).

    GIFT holds text only. Moodle keeps a question's pictures in its own file store, linked as
    @@PLUGINFILE@@/name, which only its XML import and its editor fill. A data: URI would need [html]
    text (which this export writes) and shows only while Moodle leaves question text
    uncleaned: with "Content cleaning everywhere" ($CFG->forceclean, also forced in "log in as"
    sessions) HTML Purifier runs, and purify_html (lib/weblib.php) allows no data: scheme. So the
    question goes out with its figure in words, the alt text written to be answered from, and the
    export's notes name the file to add in Moodle's question editor."""
    return f"Figure ({figure_name(q)}, not included): {q.image_alt}" if q.image else ""


def figure_name(q: Question) -> str:
    """The figure's file as the bank names it (relative to the bank's folder)."""
    assert q.image
    try:
        return Path(os.path.relpath(q.image, Path(q.file).parent)).as_posix() if q.file else Path(q.image).name
    except ValueError:  # on another drive (Windows)
        return Path(q.image).name


def question_to_gift(q: Question) -> tuple[str, list[str]]:
    """The GIFT text of one question, and what of it GIFT could not carry (Unexpressible if nothing)."""
    gift = q.gift(gift_html, escape)
    head = f"::{escape(q.id)}::[html]"
    before, explanation, lost = gift.before, q.explanation, list(gift.lost)
    figure = figure_text(q)
    if figure:  # in words where the app shows it: before the prompt, or with the feedback
        if q.image_shown == "feedback":
            explanation = f"{explanation}\n\n{figure}" if explanation else figure
        else:
            before = f"<p>{gift_html(figure)}</p>" + before  # its own paragraph, before the prompt
        lost.append(f"the picture '{figure_name(q)}' (its alt text stands in the text; add the file in "
                    "Moodle's question editor)")
    general = f"####{gift_html(explanation)}" if explanation else ""
    if gift.multiline:
        lines = [*gift.answers, *([general] if general else [])]
        block = "\n" + "".join(f"  {line}\n" for line in lines)
    else:
        block = " ".join(gift.answers) + general
    return f"{head}{before}{{{block}}}{gift.after}", lost


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
