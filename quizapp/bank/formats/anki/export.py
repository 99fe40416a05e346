"""Anki .apkg export: one deck per topic, Anki's gap-fill notes where a question has gaps, choice notes with
the reasons, tags kept."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.formats.base import Exported, ExportFormat, Note, register_export
from quizapp.bank.markup import to_fragment
from quizapp.bank.model import Question, Source

if TYPE_CHECKING:
    import genanki

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
def markdown_html(text: str) -> str:
    """The bank's markup as the HTML of a note field (the app's own renderer)."""
    return to_fragment(text)


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
        """topic -> deck name `root::topic title` (LoadResult.topic_titles: the topic's main bank names it)."""
        return {topic: f"{self.root}::{title.replace('::', ':')}" for topic, title in loaded.topic_titles().items()}

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
            note = self._note(q, models, loaded.sources, image, q.image_shown == "feedback")
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
        # An SVG's neutral ink is currentColor, which an <img> resolves to the file's own mid grey: it reads
        # on Anki's light and night modes alike. The alt text is the picture's accessible name and tooltip.
        alt = html.escape(q.image_alt)
        return f'<div><img src="{html.escape(name)}" alt="{alt}" title="{alt}"></div>'

    def _note(self, q: Question, models: dict[str, genanki.Model], sources: dict[str, Source],
              image: str, on_back: bool = False) -> genanki.Note:
        import genanki

        explanation = markdown_html(q.explanation) if q.explanation else ""
        if on_back:  # shown with the feedback: on the answer side, above the explanation, as in the app
            explanation, image = image + explanation, ""
        cited = _sources_html(q, sources)
        guid = genanki.guid_for("quizapp", q.id)
        tags = anki_tags(q.tags)
        card = q.anki(markdown_html)
        if card.kind == "deletions":  # Anki's own gap-fill notes
            fields = [image + card.fields["text"], card.fields["extra"], explanation, cited, q.id]
            return genanki.Note(models["cloze"], fields, tags=tags, guid=guid)
        prompt = image + markdown_html(q.prompt)
        if card.kind == "choice":
            return genanki.Note(models["choice"], [prompt, card.fields["choices"], card.fields["answer"],
                                                   explanation, cited, q.id], tags=tags, guid=guid)
        return genanki.Note(models["qa"], [prompt + card.fields["front_extra"], card.fields["back"], explanation,
                                           cited, q.id], tags=tags, guid=guid)
