"""Anki .apkg export: one deck per topic, cloze notes for cloze, choice notes with the reasons, tags kept."""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.formats.base import Exported, ExportFormat, Note, register_export
from quizapp.bank.model import (
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    Source,
    TrueFalse,
)

if TYPE_CHECKING:
    import genanki
    from markdown_it import MarkdownIt

    from quizapp.bank.loader import LoadResult

# Fixed ids: Anki recognises a re-exported note type (and its notes, by guid) and updates them in place.
QA_MODEL_ID = 1_730_519_040_101
CHOICE_MODEL_ID = 1_730_519_040_102
CLOZE_MODEL_ID = 1_730_519_040_103
DEFAULT_ROOT = "quizapp"
_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.why { color: #555; } .sources { font-size: 14px; color: #666; margin-top: 1em; }
.explanation { margin-top: 1em; }"""
_BACK_TAIL = ('{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
              '{{#Sources}}<div class="sources">{{Sources}}</div>{{/Sources}}')
@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Built on first export only: registering the format (every `quizapp` command does) stays cheap."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})

_SUB_RE = re.compile(r"~([^~\s<>](?:[^~<>]*?[^~\s<>])?)~")
_SUP_RE = re.compile(r"\^([^\^\s<>](?:[^\^<>]*?[^\^\s<>])?)\^")


def markdown_html(text: str) -> str:
    """The bank's Markdown subset as HTML; a single paragraph loses its <p> so fields stay compact."""
    out = _markdown().render(text).strip()
    out = _SUP_RE.sub(r"<sup>\1</sup>", _SUB_RE.sub(r"<sub>\1</sub>", out))
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def _models() -> dict[str, genanki.Model]:
    import genanki

    qa = genanki.Model(QA_MODEL_ID, "quizapp question",
                       fields=[{"name": n} for n in ("Front", "Back", "Explanation", "Sources", "Id")],
                       templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                                   "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + _BACK_TAIL}], css=_CSS)
    choice = genanki.Model(CHOICE_MODEL_ID, "quizapp choice",
                           fields=[{"name": n} for n in ("Question", "Choices", "Answer", "Explanation",
                                                         "Sources", "Id")],
                           templates=[{"name": "Card 1", "qfmt": "{{Question}}{{Choices}}",
                                       "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}' + _BACK_TAIL}],
                           css=_CSS)
    cloze = genanki.Model(CLOZE_MODEL_ID, "quizapp cloze",
                          fields=[{"name": n} for n in ("Text", "Extra", "Explanation", "Sources", "Id")],
                          templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                                      "afmt": "{{cloze:Text}}{{#Extra}}<div>{{Extra}}</div>{{/Extra}}"
                                              + _BACK_TAIL}],
                          css=_CSS, model_type=genanki.Model.CLOZE)
    return {"qa": qa, "choice": choice, "cloze": cloze}


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _choice_fields(q: ChoiceQuestion) -> tuple[str, str]:
    hint = "<p><i>Select all that apply.</i></p>" if q.multiple else ""
    shown = "".join(f"<li><b>{_letter(i)}.</b> {markdown_html(c.text)}</li>" for i, c in enumerate(q.choices))
    answer = []
    for i, c in enumerate(q.choices):
        mark = "✔" if c.correct else "✘"
        why = f' <span class="why">— {markdown_html(c.why)}</span>' if c.why else ""
        answer.append(f"<li>{mark} <b>{_letter(i)}.</b> {markdown_html(c.text)}{why}</li>")
    return f'{hint}<ul class="choices">{shown}</ul>', f'<ul class="answer">{"".join(answer)}</ul>'


def _qa_back(q: Question) -> tuple[str, str]:
    """Front extra (what to answer with) and the back, for the types shown as question/answer cards."""
    if isinstance(q, Flashcard):
        return "", markdown_html(q.back)
    if isinstance(q, TrueFalse):
        return "<p><i>True or false?</i></p>", "<b>True</b>" if q.answer else "<b>False</b>"
    if isinstance(q, ShortAnswer):
        also = (f"<br>Also accepted: {', '.join(html.escape(a) for a in q.answers[1:])}"
                if len(q.answers) > 1 else "")
        return "", f"<b>{html.escape(q.answers[0])}</b>{also}"
    if isinstance(q, Numeric):
        unit = f" {html.escape(q.unit)}" if q.unit else ""
        span = "" if q.low == q.high else f" (accepted {q.low:g}–{q.high:g})"
        return "", f"<b>{q.answer:g}{unit}</b>{span}"
    if isinstance(q, Matching):
        lefts = "".join(f"<li>{markdown_html(left)}</li>" for left, _ in q.pairs)
        rows = "".join(f"<tr><td>{markdown_html(left)}</td><td>→ {markdown_html(right)}</td></tr>"
                       for left, right in q.pairs)
        return f"<ul>{lefts}</ul>", f"<table>{rows}</table>"
    if isinstance(q, Ordering):
        shuffled = "".join(f"<li>{markdown_html(i)}</li>" for i in sorted(q.items, key=str.casefold))
        ordered = "".join(f"<li>{markdown_html(i)}</li>" for i in q.items)
        return f"<p><i>Put in order:</i></p><ul>{shuffled}</ul>", f"<ol>{ordered}</ol>"
    raise TypeError(f"no Anki card for {type(q).__name__}")  # pragma: no cover


def cloze_text(q: Cloze) -> tuple[str, str]:
    """Anki cloze text (every gap c1, so one card per question as in the app) and the alternatives."""
    gaps = q.gaps
    marked = q.text
    for i in range(len(gaps)):
        marked = re.sub(r"\{\{(.+?)\}\}", f"QZGAP{i}QZ", marked, count=1)
    out = markdown_html(marked)
    for i, alts in enumerate(gaps):
        out = out.replace(f"QZGAP{i}QZ", "{{c1::" + html.escape(alts[0]).replace("::", ":&#58;") + "}}")
    extra = [f"{html.escape(alts[0])}: also {', '.join(html.escape(a) for a in alts[1:])}"
             for alts in gaps if len(alts) > 1]
    prompt = markdown_html(q.prompt) if q.prompt else ""
    return (f"{prompt}<p>{out}</p>" if prompt else out), "<br>".join(extra)


def _sources_html(q: Question, sources: dict[str, Source]) -> str:
    items = []
    for key in q.sources:
        src = sources.get(key)
        if src is None:
            items.append(html.escape(key))
        elif src.link:
            items.append(f'<a href="{html.escape(src.link)}">{html.escape(src.citation())}</a>')
        else:
            items.append(html.escape(src.citation()))
    return "Sources: " + "; ".join(items) if items else ""


def _stable_id(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def anki_tags(tags: tuple[str, ...]) -> list[str]:
    """Anki tags cannot hold spaces; a space becomes '_'."""
    return [re.sub(r"\s+", "_", t.strip()) for t in tags if t.strip()]


@register_export
class AnkiExport(ExportFormat):
    name = "anki"
    extension = ".apkg"
    description = "Anki package (.apkg): a deck per topic"

    def __init__(self, root: str = DEFAULT_ROOT) -> None:
        self.root = root

    def deck_names(self, loaded: LoadResult) -> dict[str, str]:
        """topic -> deck name `root::bank title` (the first bank of a topic names it)."""
        names: dict[str, str] = {}
        for bank in loaded.banks:
            names.setdefault(bank.topic, f"{self.root}::{bank.title.replace('::', ':')}")
        return names

    def export(self, loaded: LoadResult, out: Path) -> Exported:
        import genanki

        models = _models()
        names = self.deck_names(loaded)
        decks: dict[str, genanki.Deck] = {}
        media: dict[str, str] = {}
        result = Exported(out)
        for q in loaded.questions.values():
            name = names.get(q.topic, f"{self.root}::{q.topic}")
            deck = decks.setdefault(name, genanki.Deck(_stable_id(name), name))
            image = self._image(q, media, result.notes)
            note = self._note(q, models, loaded.sources, image)
            deck.add_note(note)
            result.written += 1
        genanki.Package(list(decks.values()), media_files=list(media.values())).write_to_file(str(out))
        return result

    def _image(self, q: Question, media: dict[str, str], notes: list[Note]) -> str:
        if not q.image:
            return ""
        name = Path(q.image).name
        if media.setdefault(name, q.image) != q.image:
            notes.append(Note(0, f"'{q.id}': another image is also called '{name}'; its image was left out"))
            return ""
        return f'<div><img src="{html.escape(name)}"></div>'

    def _note(self, q: Question, models: dict[str, genanki.Model], sources: dict[str, Source],
              image: str) -> genanki.Note:
        import genanki

        explanation = markdown_html(q.explanation) if q.explanation else ""
        cited = _sources_html(q, sources)
        guid = genanki.guid_for("quizapp", q.id)
        tags = anki_tags(q.tags)
        if isinstance(q, Cloze):
            text, extra = cloze_text(q)
            fields = [image + text, extra, explanation, cited, q.id]
            return genanki.Note(models["cloze"], fields, tags=tags, guid=guid)
        prompt = image + markdown_html(q.prompt)
        if isinstance(q, ChoiceQuestion):
            shown, answer = _choice_fields(q)
            return genanki.Note(models["choice"], [prompt, shown, answer, explanation, cited, q.id],
                                tags=tags, guid=guid)
        front_extra, back = _qa_back(q)
        return genanki.Note(models["qa"], [prompt + front_extra, back, explanation, cited, q.id],
                            tags=tags, guid=guid)
