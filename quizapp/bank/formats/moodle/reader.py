"""Moodle XML import: every type Moodle core has an equivalent of in the app, with a note for all the rest.

What Moodle writes (question/format/xml/format.php): a `<quiz>` of `<question type="...">` elements;
`category` questions start a category (here, a bank: its idnumber, when set, is the topic); text fields are
`<x format="html"><text>...</text></x>` with their pictures as base64 `<file>` elements, shown as
`@@PLUGINFILE@@/name`; `<idnumber>` becomes the question id when it is a valid one, so importing again
finds the same questions and a student's progress follows them.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Any

from quizapp.bank.formats import wildcards
from quizapp.bank.formats.base import Imported, ImportFormat, Section, register_import
from quizapp.bank.formats.gift import category_title, tag_for_category
from quizapp.bank.formats.htmltext import html_to_markdown, images, is_image_name, without_images
from quizapp.bank.formats.moodle import embedded
from quizapp.bank.formats.moodle.tree import Node, parse_xml
from quizapp.bank.formats.moodle.writer import PLUGINFILE, SOURCES_CLASS
from quizapp.bank.model import Question
from quizapp.bank.parse import ID_RE
from quizapp.bank.types.categorise import MAX_GROUPS, MAX_ITEMS, MIN_GROUPS, MIN_ITEMS, Categorise, Item
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.ordering import Ordering
from quizapp.bank.types.short_answer import DEFAULT_FUZZY, ShortAnswer
from quizapp.bank.types.true_false import TrueFalse

_SOURCES_RE = re.compile(rf'<p class="{SOURCES_CLASS}">.*?</p>', re.S)
_MARK = "QZGAP{}QZ"
_PARAGRAPHS = re.compile(r"\n\s*\n")
_NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NUMERICAL_ALT = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")  # Moodle's NUMERICAL_ALTERNATIVE_REGEX
_NO_EQUIVALENT = {
    "description": "a description (text without a question)",
    "calculated": "a calculated question (values drawn at random)",
    "calculatedsimple": "a simple calculated question (values drawn at random)",
    "calculatedmulti": "a calculated multichoice question (values drawn at random)",
    "ddwtos": "drag and drop into text", "gapselect": "select missing words",
    "ddimageortext": "drag and drop onto image", "ddmarker": "drag and drop markers",
    "randomsamatch": "random short-answer matching", "random": "a random question",
}


class Skip(Exception):
    """A question left out; the message says why."""


def _truthy(text: str, default: bool) -> bool:
    text = text.strip().casefold()
    return default if not text else text not in ("false", "0", "no")


def _fraction(node: Node) -> float:
    try:
        return float(node.attrs.get("fraction", "0").replace(",", "."))
    except ValueError:
        return 0.0


@register_import
class MoodleXmlFormat(ImportFormat):
    name = "moodle-xml"
    extension = ".xml"
    description = "Moodle XML (Moodle's own full export: cloze, ordering, matching, numerical with units...)"
    binary = True  # XML says its own encoding
    # Moodle embeds pictures as base64: a bank with many runs to tens of MB (parsing takes ≈3x in memory)
    max_bytes = 64 * 2**20

    def parse(self, text: str, file: str = "<input>") -> Imported:
        return self.parse_bytes(text.encode("utf-8"), file)

    def parse_file(self, path: Path, shown: str) -> Imported:
        return self.parse_bytes(path.read_bytes(), shown)

    def parse_bytes(self, data: bytes, file: str) -> Imported:
        quiz = parse_xml(data, file)
        out = Imported()
        self.cited = 0  # questions whose feedback lists sources (as quizapp's own export writes them)
        self.alts: dict[str, str] = {}  # picture file -> the alt text its <img> gave
        section: Section | None = None
        for q in quiz.all("question"):
            qtype = q.attrs.get("type", "")
            if qtype == "category":
                section = self._category(q)
                continue
            label = f"'{q.value('name', 'text')}': " if q.value("name", "text") else ""
            try:
                question = self._question(q, qtype, out, label)
            except Skip as exc:
                out.note(q.line, f"{label}{exc}; skipped")
                continue
            out.add(question, section)
        if self.cited:
            out.note(0, f"{self.cited} question(s) list their sources in the feedback; those are left out of the "
                        "explanation and not kept as sources: cite them in the bank's sources", "info")
        return out

    def _category(self, q: Node) -> Section:
        path = q.value("category", "text")
        idnumber = q.value("idnumber")
        topic = idnumber if idnumber and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", idnumber) else tag_for_category(path)
        info, _fmt = q.field_text("info")
        description = html_to_markdown(info)[0] if info else ""
        return Section(path, category_title(path), topic or "imported", q.line, description)

    # --- text, pictures, the parts every question has -------------------------------------------------
    def _markdown(self, text: str, fmt: str, line: int, label: str, out: Imported) -> str:
        if fmt in ("plain_text", "markdown", "wiki_like") or (fmt == "moodle_auto_format" and "<" not in text):
            return text.strip()
        markdown, lost = html_to_markdown(text)
        for what in lost:
            out.note(line, f"{label}{what} in the HTML could not be kept")
        return markdown

    def _field(self, q: Node, tag: str, out: Imported, label: str,
               text: str | None = None) -> tuple[str, str | None]:
        """A text field as bank Markdown, and the name of the first picture it embeds (kept in `out.media`);
        `text` stands for the field's own text (a cloze's, with its gaps marked)."""
        node = q.first(tag)
        if node is None:
            return "", None
        own, fmt = q.field_text(tag)
        text = own if text is None else text
        files: dict[str, bytes] = {}
        for f in node.all("file"):
            try:
                files[f.attrs.get("name", "")] = base64.b64decode(f.text, validate=False)
            except (binascii.Error, ValueError):
                out.note(f.line, f"{label}the file '{f.attrs.get('name', '')}' is not valid base64; left out")
        image = None
        for src, alt in images(text):
            name = src.removeprefix(PLUGINFILE)
            if image is None and src.startswith(PLUGINFILE) and name in files and is_image_name(name):
                image = name
                out.media[name] = files[name]
                self.alts[name] = alt  # the words for it, where Moodle's editor was given them
            elif image is None:
                out.note(node.line, f"{label}image '{src}' is not in the file; left out")
            else:
                out.note(node.line, f"{label}a second image '{src}' not kept (a question has one)")
        return self._markdown(without_images(text), fmt, node.line, label, out), image

    def _common(self, q: Node, out: Imported, label: str, prompt: str | None = None) -> dict[str, Any]:
        if prompt is None:
            prompt, image = self._field(q, "questiontext", out, label)
        else:
            image = None
        feedback_node = q.first("generalfeedback")
        explanation, shown = "", "prompt"
        if feedback_node is not None:
            html, _fmt = q.field_text("generalfeedback")
            if _SOURCES_RE.search(html):
                self.cited += 1
            explanation, feedback_image = self._field(q, "generalfeedback", out, label, text=_SOURCES_RE.sub("", html))
            if image is None and feedback_image is not None:  # a picture shown with the feedback, as ours export
                image, shown = feedback_image, "feedback"
        if image and not prompt.strip():
            prompt = "See the image."
            out.note(q.line, f"{label}the question is only an image: its prompt reads '{prompt}'; write a stem "
                             "that stands alone", "info")
        idnumber = q.value("idnumber")
        qid = idnumber if idnumber and ID_RE.match(idnumber) else ""
        tags_node = q.first("tags")
        tags = tuple(dict.fromkeys(t.value("text") for t in tags_node.all("tag") if t.value("text"))) \
            if tags_node is not None else ()
        return {"id": qid, "topic": "", "line": q.line, "prompt": prompt, "explanation": explanation,
                "image": image, "image_alt": self.alts.get(image, "") if image else "", "image_shown": shown,
                "tags": tags}

    # --- the types --------------------------------------------------------------------------------------
    def _question(self, q: Node, qtype: str, out: Imported, label: str) -> Question:
        readers = {"multichoice": self._multichoice, "truefalse": self._truefalse, "shortanswer": self._short,
                   "numerical": self._numerical, "matching": self._matching, "match": self._matching,
                   "cloze": self._cloze, "multianswer": self._cloze, "ordering": self._ordering,
                   "essay": self._essay}
        if qtype in readers:
            return readers[qtype](q, out, label)
        raise Skip(f"{_NO_EQUIVALENT.get(qtype, f'the question type {qtype!r}')} has no equivalent in the app")

    def _answers(self, q: Node) -> list[Node]:
        answers = q.all("answer")
        if not answers:
            raise Skip("it has no answers")
        return answers

    def _answer_text(self, a: Node, out: Imported, label: str, html: bool = True) -> str:
        text = a.value("text")
        fmt = a.attrs.get("format", "html" if html else "plain_text")
        return self._markdown(text, fmt if html else "plain_text", a.line, label, out)

    def _multichoice(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        single = _truthy(q.value("single"), True)
        choices = []
        fractions = []
        for a in self._answers(q):
            fraction = _fraction(a)
            fractions.append(fraction)
            correct = fraction >= 100 - 1e-6 if single else fraction > 0
            if single and 0 < fraction < 100 - 1e-6:
                out.note(a.line, f"{label}{fraction:g}% credit for '{a.value('text')}' not kept; it counts as wrong")
            feedback, ffmt = a.field_text("feedback")
            why = self._markdown(feedback, ffmt, a.line, label, out) if feedback else None
            choices.append(Choice(self._answer_text(a, out, label), correct, why or None))
        if not any(c.correct for c in choices):
            raise Skip("no answer has full credit")
        if single and sum(c.correct for c in choices) > 1:
            raise Skip("several answers with 100% in a one-answer question (any of them right) cannot be "
                       "expressed")
        if not single and len({f for f in fractions if f > 0}) > 1:
            out.note(q.line, f"{label}unequal weights become equal credit for each right choice")
        return ChoiceQuestion(choices=tuple(choices), multiple=not single,
                              shuffle=_truthy(q.value("shuffleanswers"), True), **common)

    def _truefalse(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        answer = None
        for a in self._answers(q):
            if a.value("text").casefold() == "true":
                answer = _fraction(a) >= 100 - 1e-6
            elif a.value("text").casefold() == "false" and answer is None:
                answer = _fraction(a) < 100 - 1e-6
            if a.value("feedback", "text"):
                out.note(a.line, f"{label}feedback on '{a.value('text')}' not kept (the explanation holds one text)")
        if answer is None:
            raise Skip("its answers are not 'true' and 'false'")
        return TrueFalse(answer=answer, **common)

    def _full_credit(self, q: Node, out: Imported, label: str) -> list[Node]:
        full = []
        for a in self._answers(q):
            fraction = _fraction(a)
            if fraction >= 100 - 1e-6:
                full.append(a)
                if a.value("feedback", "text"):
                    out.note(a.line, f"{label}feedback on answer '{a.value('text')}' not kept (no place for it)")
            elif fraction > 0:
                out.note(a.line, f"{label}partial-credit answer '{a.value('text')}' ({fraction:g}%) not kept")
            elif a.value("text") != "*":
                out.note(a.line, f"{label}wrong answer '{a.value('text')}' not kept")
        if not full:
            raise Skip("no answer has full credit")
        return full

    def _short(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        texts = [a.value("text") for a in self._full_credit(q, out, label)]
        if _truthy(q.value("usecase"), False):
            out.note(q.line, f"{label}case-sensitive matching becomes case-insensitive (the app ignores case)")
        converted = wildcards.convert(texts)
        for message in converted.notes:
            out.note(q.line, f"{label}{message}")
        if not converted.answers:
            raise Skip("no answer is left to compare with")
        return ShortAnswer(answers=tuple(converted.answers), fuzzy=DEFAULT_FUZZY if converted.fuzzy else None,
                           **common)

    def _numerical(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        full = self._full_credit(q, out, label)
        for a in full[1:]:
            out.note(a.line, f"{label}a second fully-correct answer '{a.value('text')}' not kept; the first is")
        a = full[0]
        try:
            value = float(a.value("text").replace(",", "."))
            width = abs(float(a.value("tolerance", default="0").replace(",", ".") or "0"))
        except ValueError:
            raise Skip(f"'{a.value('text')}' is not a number") from None
        if value != value or width != width or abs(value) == float("inf") or width == float("inf"):
            raise Skip(f"'{a.value('text')}' is not a finite number")
        if a.value("tolerancetype") not in ("", "2", "nominal"):
            out.note(a.line, f"{label}a relative or geometric tolerance is read as an absolute one")
        units = [(u.value("unit_name"), u.value("multiplier", default="1")) for u in q.first("units").all("unit")] \
            if q.first("units") is not None else []
        unit = next((name for name, m in units if name and m.replace(",", ".") in ("1", "1.0", "1.0000000")), "")
        for name, m in units:
            if name and name != unit:
                out.note(q.line, f"{label}the unit '{name}' (×{m}) not kept; answers are in '{unit or 'no unit'}'")
        if q.value("unitgradingtype") not in ("", "0"):
            out.note(q.line, f"{label}a penalty for a missing unit is not kept: the unit is optional")
        return Numeric(answer=value, low=value - width, high=value + width, unit=unit, **common)

    def _matching(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        pairs: list[tuple[str, str]] = []
        spare: list[str] = []
        for sub in q.all("subquestion"):
            item = self._markdown(sub.value("text"), sub.attrs.get("format", "html"), sub.line, label, out)
            answer = sub.value("answer", "text")
            if not answer:
                continue
            if not item:
                spare.append(answer)  # Moodle's extra answer: a right side no item leads to
            else:
                pairs.append((item, answer))
        if len(pairs) < 2:
            raise Skip("a matching needs at least two items with answers")
        rights = list(dict.fromkeys(r for _, r in pairs))
        if len(rights) < len(pairs):  # items share answers: a sorting into groups
            groups = [*rights, *(r for r in dict.fromkeys(spare) if r not in rights)]
            if not (MIN_GROUPS <= len(groups) <= MAX_GROUPS and MIN_ITEMS <= len(pairs) <= MAX_ITEMS):
                raise Skip(f"items share answers (a sorting into {len(groups)} groups of {len(pairs)} items), but a "
                           f"categorise question takes {MIN_GROUPS}-{MAX_GROUPS} groups and {MIN_ITEMS}-{MAX_ITEMS} "
                           "items")
            return Categorise(groups=tuple(groups), items=tuple(Item(i, g) for i, g in pairs), **common)
        for extra in spare:
            out.note(q.line, f"{label}extra answer '{extra}' (a distractor with no item) not kept")
        return Matching(pairs=tuple(pairs), **common)

    def _ordering(self, q: Node, out: Imported, label: str) -> Question:
        common = self._common(q, out, label)
        answers = sorted(self._answers(q), key=_fraction)  # Moodle keeps the order in `fraction`
        items = [self._answer_text(a, out, label) for a in answers]
        if q.value("selecttype") not in ("", "ALL", "0") or (
                q.value("selectcount").isdigit() and 0 < int(q.value("selectcount")) < len(items)):
            out.note(q.line, f"{label}Moodle shows a subset of the items; the app shows them all")
        if q.value("gradingtype") not in ("", "RELATIVE_NEXT_EXCLUDE_LAST", "1"):
            out.note(q.line, f"{label}grading '{q.value('gradingtype')}' becomes credit per correct neighbouring pair",
                     "info")
        return Ordering(items=tuple(items), **common)

    def _essay(self, q: Node, out: Imported, label: str) -> Question:
        info, fmt = q.field_text("graderinfo")
        back = self._markdown(info, fmt, q.line, label, out) if info else ""
        if not back:
            raise Skip("an essay without information for graders has no answer to learn")
        common = self._common(q, out, label)
        out.note(q.line, f"{label}essay imported as a flashcard: its information for graders is the back", "info")
        return Flashcard(back=back, **common)

    def _cloze(self, q: Node, out: Imported, label: str) -> Question:
        html, _fmt = q.field_text("questiontext")
        found = embedded.find(html)
        if not found:
            raise Skip("a cloze without embedded answers ({1:SHORTANSWER:=...})")
        gaps: list[str] = []
        marked, last = [], 0
        for n, (m, emb) in enumerate(found):
            gaps.append(self._gap(n + 1, emb, q.line, out, label))
            marked.append(html[last:m.start()] + _MARK.format(n))
            last = m.end()
        marked.append(html[last:])
        common_text, image = self._field(q, "questiontext", out, label, text="".join(marked))
        for n, gap in enumerate(gaps):
            common_text = common_text.replace(_MARK.format(n), "{{" + gap + "}}")
        # leading paragraphs with no gap are the instruction ("Fill in the gaps."): the cloze's prompt
        paragraphs = _PARAGRAPHS.split(common_text)
        lead = 0
        while lead < len(paragraphs) - 1 and "{{" not in paragraphs[lead]:
            lead += 1
        prompt, text = "\n\n".join(paragraphs[:lead]), "\n\n".join(paragraphs[lead:])
        common = self._common(q, out, label, prompt=prompt)
        if image is not None:
            common.update(image=image, image_alt=self.alts.get(image, ""), image_shown="prompt")
        return Cloze(text=text, **common)

    def _gap(self, n: int, emb: embedded.Embedded, line: int, out: Imported, label: str) -> str:
        kind = emb.kind
        if kind in embedded.MULTIRESPONSE:
            raise Skip(f"gap {n} takes several answers ({kind}), which a cloze gap cannot")
        right = [a for a in emb.alternatives if a.fraction >= 1 - 1e-9]
        for a in emb.alternatives:
            if 0 < a.fraction < 1 - 1e-9:
                out.note(line, f"{label}gap {n}: partial-credit answer '{a.text}' ({a.fraction * 100:g}%) not kept")
        if not right:
            raise Skip(f"gap {n} has no answer with full credit")
        texts = [html_to_markdown(a.text)[0] for a in right]
        if kind in embedded.MULTICHOICE:
            wrong = [a.text for a in emb.alternatives if a.fraction <= 0]
            out.note(line, f"{label}gap {n}: the menu of choices becomes a typed gap"
                           + (f" ({', '.join(wrong)} no longer offered)" if wrong else ""))
        elif kind in embedded.NUMERICAL:
            values = []
            for t in texts:
                m = _NUMERICAL_ALT.match(t.strip())
                if m is None:
                    raise Skip(f"gap {n}: '{t}' is not a number or number:tolerance")
                value, tol = m.group(1), m.group(2)
                if tol and float(tol.replace(",", ".")) != 0:
                    out.note(line, f"{label}gap {n}: tolerance ±{tol} not kept; the gap accepts {value} exactly")
                values.append(value)
            texts = values
        else:
            if kind in embedded.SHORT_CASE:
                out.note(line, f"{label}gap {n}: case-sensitive matching becomes case-insensitive")
            converted = wildcards.convert(texts, can_fuzzy=False)
            for message in converted.notes:
                out.note(line, f"{label}gap {n}: {message}")
            texts = converted.answers
        texts = [t for t in dict.fromkeys(texts) if t]
        if not texts or any(s in t for t in texts for s in ("|", "{{", "}}")):
            raise Skip(f"gap {n}'s answers cannot be written as a cloze gap (empty, or holding '|' or braces)")
        return "|".join(texts)
