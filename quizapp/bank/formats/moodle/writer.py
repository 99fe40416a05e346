"""Moodle XML export: each question's `moodle_xml` hook in Moodle's element layout (as qformat_xml writes it),
one category per bank, images embedded as base64 `file` elements, idnumber = our id."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.formats.base import Exported, ExportFormat, Note, register_export
from quizapp.bank.formats.htmltext import foreign_html
from quizapp.bank.markup import to_plain
from quizapp.bank.model import MoodleAnswer, MoodleRich, MoodleXml, Question, Source, Unexpressible

if TYPE_CHECKING:
    from quizapp.bank.loader import LoadResult

PLUGINFILE = "@@PLUGINFILE@@/"
SOURCES_CLASS = "quizapp-sources"  # the paragraph of the general feedback that lists the sources
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _clean(text)
    return el


def _text_element(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """`<tag format="html"><text>...</text></tag>`, Moodle's shape for every text field."""
    el = _sub(parent, tag, format="html")
    _sub(el, "text", text)
    return el


def _fraction(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _sources_html(q: Question, sources: dict[str, Source]) -> str:
    items = []
    for key in q.sources:
        src = sources.get(key)
        if src is None:
            continue
        cite = html.escape(src.citation() or key)
        items.append(f'<a href="{html.escape(src.link)}">{cite}</a>' if src.link else cite)
    return f'<p class="{SOURCES_CLASS}">Sources: {"; ".join(items)}</p>' if items else ""


def _answer(parent: ET.Element, a: MoodleAnswer) -> None:
    el = _sub(parent, "answer", fraction=_fraction(a.fraction), format="html" if a.html else "moodle_auto_format")
    _sub(el, "text", a.text)
    _text_element(el, "feedback", a.feedback)
    for tag, value in a.extra:
        _sub(el, tag, value)


def question_element(q: Question, sources: dict[str, Source], image: tuple[str, bytes] | None) -> tuple[
        ET.Element, tuple[str, ...]]:
    """The `<question>` element of one question and what Moodle could not hold (Unexpressible if nothing)."""
    form: MoodleXml = q.moodle_xml(foreign_html, to_plain)
    el = ET.Element("question", {"type": form.qtype})
    _sub(_sub(el, "name"), "text", q.id)
    text = form.text if form.text is not None else (f"<p>{foreign_html(q.prompt)}</p>" if q.prompt else "")
    tag = (f'<p><img src="{PLUGINFILE}{html.escape(image[0])}" alt="{html.escape(q.image_alt or "")}"></p>'
           if image is not None else "")
    in_feedback = image is not None and q.image_shown == "feedback"  # shown after answering, as in the app
    qtext = _text_element(el, "questiontext", text if in_feedback else tag + text)
    feedback = (f"<p>{foreign_html(q.explanation)}</p>" if q.explanation else "") + _sources_html(q, sources)
    general = _text_element(el, "generalfeedback", tag + feedback if in_feedback else feedback)
    if image is not None:
        _sub(general if in_feedback else qtext, "file", base64.b64encode(image[1]).decode("ascii"), name=image[0],
             path="/", encoding="base64")
    if form.qtype != "cloze":  # Moodle writes no defaultgrade for a cloze: its gaps carry the marks
        _sub(el, "defaultgrade", "1")
    _sub(el, "penalty", "0.3333333")
    _sub(el, "hidden", "0")
    _sub(el, "idnumber", q.id)
    for tag, value in form.options:
        if isinstance(value, MoodleRich):
            _text_element(el, tag, value.html)
        else:
            _sub(el, tag, value)
    for a in form.answers:
        _answer(el, a)
    for item, answer in form.subquestions:
        sub = _text_element(el, "subquestion", item)
        _sub(_sub(sub, "answer"), "text", answer)
    if form.units:
        units = _sub(el, "units")
        for unit, multiplier in form.units:
            u = _sub(units, "unit")
            _sub(u, "multiplier", _fraction(multiplier))
            _sub(u, "unit_name", unit)
    for tag, value in form.after:
        _sub(el, tag, value)
    if q.tags:
        tags = _sub(el, "tags")
        for tag in q.tags:
            _sub(_sub(tags, "tag"), "text", tag)
    return el, form.lost


def _category(quiz: ET.Element, title: str, topic: str, description: str) -> None:
    el = _sub(quiz, "question", type="category")
    _sub(_sub(el, "category"), "text", f"$course$/top/{title.replace('/', '-')}")
    _text_element(el, "info", html.escape(description) if description else "")
    _sub(el, "idnumber", topic)  # the bank's topic id, read back as the topic


def questions_to_xml(loaded: LoadResult) -> tuple[str, int, list[Note]]:
    """The whole file: a category per bank, then its questions; notes for what Moodle cannot hold."""
    quiz = ET.Element("quiz")
    notes: list[Note] = []
    written = 0
    for bank in loaded.banks:
        ids = [q.id for q in bank.questions]
        questions = [loaded.questions[i] for i in ids if i in loaded.questions]
        if not questions:
            continue
        _category(quiz, bank.title, bank.topic, bank.description)
        for q in questions:
            image = None
            if q.image:
                try:
                    image = (Path(q.image).name, Path(q.image).read_bytes())
                except OSError as exc:
                    notes.append(Note(0, f"'{q.id}': its image cannot be read ({exc.strerror}); left out"))
            try:
                el, lost = question_element(q, loaded.sources, image)
            except Unexpressible as exc:
                notes.append(Note(0, f"'{q.id}' ({q.file}:{q.line}) not exported: {exc}"))
                continue
            notes.extend(Note(0, f"'{q.id}': {what} not kept in Moodle XML") for what in lost)
            quiz.append(el)
            written += 1
    ET.indent(quiz, "  ")
    body = ET.tostring(quiz, encoding="unicode", short_empty_elements=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", written, notes


@register_export
class MoodleXmlExport(ExportFormat):
    name = "moodle-xml"
    extension = ".xml"
    description = "Moodle XML (every type Moodle core has: cloze, ordering, matching, numerical with units...)"

    def export(self, loaded: LoadResult, out: Path) -> Exported:
        text, written, notes = questions_to_xml(loaded)
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
        return Exported(out, written, notes)
