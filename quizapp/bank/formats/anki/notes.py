"""Anki notes turned into questions, card by card, whether they come from a package or a text export.

A Basic card becomes a flashcard (front and back; a reversed card is a flashcard of its own), a card whose
front asks `{{type:Field}}` a short answer, and each card of a Cloze note (c1, c2, ...) a cloze question
whose gaps are that card's deletions (the others are shown as text, as Anki shows them). Fields are HTML:
they become the bank's markup; the first picture of the front becomes the question's image when the
file is at hand, and audio is dropped with a note.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quizapp.bank.formats.base import Imported
from quizapp.bank.formats.htmltext import html_to_markdown, image_sources, is_image_name, without_images
from quizapp.bank.markup import to_plain
from quizapp.bank.model import Question
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.short_answer import ShortAnswer

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
_REF = re.compile(r"\{\{([#^/]?)\s*([^}]*?)\s*\}\}")
_SPECIAL = {"FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"}
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_MARK = "QZGAP{}QZ"


@dataclass(frozen=True, slots=True)
class Template:
    """One card type of a note type: its number (`ord`) and its front and back templates."""

    ord: int
    qfmt: str
    afmt: str


@dataclass(slots=True)
class AnkiNote:
    """A note as the importers read it. `templates` None: not known (a text export), guessed from the note
    type's name; `cards` the card numbers Anki generated (None: every card the templates make)."""

    notetype: str
    fields: list[tuple[str, str]]
    cloze: bool = False
    templates: list[Template] | None = None
    cards: list[int] | None = None
    deck: str | None = None
    tags: tuple[str, ...] = ()
    line: int = 0
    html: bool = True
    label: str = ""  # how notes name it ("note 12")
    extra: dict[str, str] = field(default_factory=dict)


def _refs(fmt: str) -> list[tuple[list[str], str]]:
    """(filters, field name) of each field a template shows (conditionals and special fields aside)."""
    out = []
    for prefix, inner in _REF.findall(fmt):
        if prefix:
            continue
        *filters, name = inner.split(":")
        if name.strip() and name.strip() not in _SPECIAL:
            out.append(([f.strip() for f in filters], name.strip()))
    return out


def guessed_templates(note: AnkiNote) -> list[Template]:
    """The card types of a note from a text export, which names its note type but not its templates."""
    names = [n for n, _ in note.fields]
    if len(names) < 2:
        return [Template(0, "{{" + names[0] + "}}", "")] if names else []
    front, back = names[0], names[1]
    kind = note.notetype.casefold()
    if "type in" in kind or "type-in" in kind:
        return [Template(0, "{{" + front + "}}{{type:" + back + "}}", "{{FrontSide}}{{" + back + "}}")]
    cards = [Template(0, "{{" + front + "}}", "{{FrontSide}}{{" + back + "}}")]
    if "and reversed" in kind or ("optional reversed" in kind and len(note.fields) > 2 and note.fields[2][1].strip()):
        cards.append(Template(1, "{{" + back + "}}", "{{FrontSide}}{{" + front + "}}"))
    return cards


class NoteConverter:
    """Turns notes into questions, noting in `out` what it could not keep. `media` gives the bytes of a
    media file by name (None when the file is not at hand)."""

    def __init__(self, out: Imported, media: Callable[[str], bytes | None]) -> None:
        self.out = out
        self.media = media

    def _markdown(self, text: str, note: AnkiNote) -> str:
        if _SOUND.search(text):
            self.out.note(note.line, f"{note.label}audio ({', '.join(_SOUND.findall(text))}) not kept")
            text = _SOUND.sub("", text)
        if not note.html:
            return text.strip()
        markdown, lost = html_to_markdown(text.replace("&nbsp;", " "))
        for what in lost:
            self.out.note(note.line, f"{note.label}{what} in the HTML could not be kept")
        return markdown

    def _image(self, text: str, note: AnkiNote, side: str) -> tuple[str, str | None]:
        """The text without pictures, and the first picture's name when its file is at hand."""
        if not note.html:
            return text, None
        found = None
        for src in image_sources(text):
            data = self.media(src) if is_image_name(src) else None
            if side == "front" and found is None and data is not None:
                self.out.media[src] = data
                found = src
            elif side == "front" and found is None:
                self.out.note(note.line, f"{note.label}image '{src}' is not in the file; left out")
            else:
                where = "on the back (the app shows a question's image with its prompt)" if side == "back" \
                    else "(a question has one)"
                self.out.note(note.line, f"{note.label}image '{src}' {where} not kept")
        return without_images(text), found

    def questions(self, note: AnkiNote) -> list[tuple[int, Question]]:
        """(card number, question) for each card of the note that the app can ask."""
        values = dict(note.fields)
        if note.cloze or any(CLOZE_RE.search(v) for _, v in note.fields):
            return self._cloze(note, values)
        templates = note.templates if note.templates is not None else guessed_templates(note)
        out = []
        for t in templates:
            if note.cards is not None and t.ord not in note.cards:
                continue
            q = self._card(note, values, t)
            if q is not None:
                out.append((t.ord, q))
        return out

    def _common(self, note: AnkiNote, prompt_html: str) -> dict:
        prompt_html, image = self._image(prompt_html, note, "front")
        prompt = self._markdown(prompt_html, note)
        if image and not prompt:
            prompt = "See the image."
            self.out.note(note.line, f"{note.label}the card is only an image: its prompt reads '{prompt}'; write "
                                     "a stem that stands alone", "info")
        return {"id": "", "topic": "", "line": note.line, "prompt": prompt, "image": image,
                "tags": tuple(dict.fromkeys(t for t in note.tags if t))}

    def _card(self, note: AnkiNote, values: dict[str, str], t: Template) -> Question | None:
        front_refs = _refs(t.qfmt)
        typed = [name for filters, name in front_refs if "type" in filters]
        shown = [name for filters, name in front_refs if "type" not in filters and name in values]
        back = [name for _f, name in _refs(t.afmt) if name in values and name not in shown and name not in typed]
        prompt_html = "<br>".join(values[n] for n in shown if values[n].strip())
        if not prompt_html.strip():
            self.out.note(note.line, f"{note.label}card {t.ord + 1} has an empty front; skipped")
            return None
        common = self._common(note, prompt_html)
        rest = []
        for name in back:
            if values[name].strip():
                text, _image = self._image(values[name], note, "back")
                rest.append(self._markdown(text, note))
        rest = [r for r in rest if r]
        if typed and typed[0] in values:
            answer = to_plain(self._markdown(self._image(values[typed[0]], note, "back")[0], note))
            if not answer:
                self.out.note(note.line, f"{note.label}card {t.ord + 1} asks to type an empty answer; skipped")
                return None
            return ShortAnswer(answers=(answer,), explanation="\n\n".join(rest), **common)
        if not rest:
            self.out.note(note.line, f"{note.label}card {t.ord + 1} has an empty back; skipped")
            return None
        return Flashcard(back=rest[0], explanation="\n\n".join(rest[1:]), **common)

    def _cloze(self, note: AnkiNote, values: dict[str, str]) -> list[tuple[int, Question]]:
        text_name = next((n for n, v in note.fields if CLOZE_RE.search(v)), None)
        if text_name is None:
            self.out.note(note.line, f"{note.label}a cloze note without {{{{c1::...}}}} deletions; skipped")
            return []
        text = values[text_name]
        numbers = sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})
        extra_names = [n for n, v in note.fields if n != text_name and v.strip()]
        extra = "\n\n".join(self._markdown(self._image(values[n], note, "back")[0], note) for n in extra_names)
        hints = [m.group(3) for m in CLOZE_RE.finditer(text) if m.group(3)]
        if hints:
            self.out.note(note.line, f"{note.label}cloze hints ({', '.join(hints)}) not kept: a gap has no hint")
        out = []
        for number in numbers:
            if note.cards is not None and number - 1 not in note.cards:
                continue
            gaps: list[str] = []

            def mark(m: re.Match[str], number: int = number, gaps: list[str] = gaps) -> str:
                if int(m.group(1)) != number:
                    return m.group(2)  # another card's deletion: shown as text here
                gaps.append(m.group(2))
                return _MARK.format(len(gaps) - 1)

            marked = CLOZE_RE.sub(mark, text)
            common = self._common(note, marked)
            body = common.pop("prompt")
            answers = [to_plain(self._markdown(g, note)) if note.html else htmllib.unescape(g).strip() for g in gaps]
            if any(not a or any(s in a for s in ("|", "{{", "}}")) for a in answers):
                self.out.note(note.line, f"{note.label}card c{number}: a deletion is empty or holds '|' or braces; "
                                         "skipped")
                continue
            for i, a in enumerate(answers):
                body = body.replace(_MARK.format(i), "{{" + a + "}}")
            if "{{" not in body:
                self.out.note(note.line, f"{note.label}card c{number}: its deletion is lost in the text; skipped")
                continue
            out.append((number - 1, Cloze(text=body, prompt="", explanation=extra, **common)))
        return out
