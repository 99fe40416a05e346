"""Moodle GIFT import: every documented construct becomes a question or a note naming its line.

Each `$CATEGORY` starts a section (a bank of its own unless the caller merges them); Moodle's short-answer
wildcards become typo tolerance, with a note; an image (`@@PLUGINFILE@@/x.png` or `x.png`) is kept when
the file lies beside the GIFT file, and a question that is nothing but a missing image is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from quizapp.bank.formats import wildcards
from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, LineError, Note, Section, register_import
from quizapp.bank.formats.gift_lex import (
    Answer,
    Record,
    parse_number,
    protect,
    records,
    restore,
    split_answers,
)
from quizapp.bank.formats.htmltext import (
    html_to_markdown,
    image_sources,
    is_image_name,
    looks_like_html,
    without_images,
)
from quizapp.bank.model import Question
from quizapp.bank.types.categorise import MAX_GROUPS, MAX_ITEMS, MIN_GROUPS, MIN_ITEMS, Categorise, Item
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.short_answer import DEFAULT_FUZZY, ShortAnswer
from quizapp.bank.types.true_false import TrueFalse

BLANK = "_____"  # what Moodle shows in place of a missing word
_FORMAT_RE = re.compile(r"^\s*\[(markdown|html|plain|moodle)\]")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CLOZE_UNSAFE = ("|", "{{", "}}")
_GAP = "\ue010"  # stands for the gap while the sentence around it is cleaned


def category_title(category: str) -> str:
    """`$course$/top/Ketamine/Side effects` -> `Side effects` (its last part; `top` is Moodle's root)."""
    parts = [p.strip() for p in category.split("/") if p.strip() and not p.strip().startswith("$")]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts[-1] if parts else category.strip()


def tag_for_category(category: str) -> str:
    """`$course$/top/Ketamine/Side effects` -> `side-effects` (the last part, as a tag or topic)."""
    return re.sub(r"[^a-z0-9]+", "-", category_title(category).casefold()).strip("-")


def category_section(category: str, line: int, topic: str | None = None) -> Section:
    return Section(category, category_title(category), topic or tag_for_category(category) or "imported", line)


@dataclass(slots=True)
class _Block:
    """One record taken apart: its title, text before/after the answers, the answers, general feedback."""

    record: Record
    title: str | None
    fmt: str
    before: str
    after: str
    body: str
    body_start: int
    general: str

    @property
    def line(self) -> int:
        return self.record.first_line

    @property
    def missing_word(self) -> bool:
        return bool(self.after.strip())

    def label(self) -> str:
        """A prefix naming the question by its title, when it has one."""
        return f"'{self.title}': " if self.title else ""


@register_import
class GiftFormat(ImportFormat):
    name = "gift"
    extension = ".gift"
    other_extensions = (".txt",)  # how Moodle names its GIFT export
    description = "Moodle GIFT text format"

    def parse(self, text: str, file: str = "<input>") -> Imported:
        out = Imported()
        errors: list[Note] = []
        section: Section | None = None
        for record in records(text):
            try:
                section = self._record(record, out, section)
            except LineError as exc:
                errors.append(Note(exc.line, exc.message, "error"))
        if errors:
            raise FormatError(file, errors)
        return out

    def _record(self, record: Record, out: Imported, section: Section | None) -> Section | None:
        raw = protect(record.text)
        start = len(raw) - len(raw.lstrip())
        if raw.strip().startswith("$CATEGORY:"):
            found = restore(raw.strip()[len("$CATEGORY:"):]).strip()
            return category_section(found, record.first_line)
        block = self._split(record, raw, start, out)
        if block is None:
            return section
        question = self._question(block, out)
        if question is not None:
            question.tags = tuple(dict.fromkeys(record.tags))
            out.add(question, section)
        return section

    def _split(self, record: Record, raw: str, start: int, out: Imported) -> _Block | None:
        title = None
        if raw.startswith("::", start):
            end = raw.find("::", start + 2)
            if end < 0:
                raise LineError(record.line_at(start), "the title's '::' is never closed with '::'")
            title = restore(raw[start + 2:end]).strip()
            start = end + 2
        opening, closing = raw.find("{", start), raw.find("}", start)
        if opening < 0 and closing < 0:
            what = f" '{title}'" if title else ""
            out.note(record.first_line, f"description item{what} (text without answers) skipped: "
                                        "the app has no place for it")
            return None
        if opening < 0 or 0 <= closing < opening:
            raise LineError(record.line_at(closing), "'}' without an opening '{' (write \\} for a brace)")
        if closing < 0:
            raise LineError(record.line_at(opening), "'{' is never closed with '}' "
                                                       "(a blank line ends a question)")
        inner = raw.find("{", opening + 1, closing)
        if inner >= 0:
            raise LineError(record.line_at(inner), "a second '{' inside the answers (write \\{ for a brace)")
        extra = min((i for i in (raw.find("{", closing + 1), raw.find("}", closing + 1)) if i >= 0), default=-1)
        if extra >= 0:
            raise LineError(record.line_at(extra), "a question has one answer block; this brace starts "
                                                     "another (write \\{ or \\} for a brace)")
        before = raw[start:opening]
        fmt = "moodle"
        m = _FORMAT_RE.match(before)
        if m:
            fmt, before = m.group(1), before[m.end():]
        body = raw[opening + 1:closing]
        general = ""
        cut = body.rfind("####")
        if cut >= 0:
            body, general = body[:cut], body[cut + 4:]
        return _Block(record, title, fmt, before, raw[closing + 1:], body, opening + 1, general)

    def _text(self, raw: str, block: _Block, out: Imported) -> str:
        text = restore(raw)
        if block.fmt == "html" or (block.fmt == "moodle" and looks_like_html(text)):
            text, lost = html_to_markdown(text)
            for what in lost:
                out.note(block.line, f"{block.label()}{what} in the HTML could not be kept")
        lines = [line.strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

    def _images(self, raw: str, block: _Block, out: Imported) -> tuple[str, str | None] | None:
        """The text without its images, and the name of the first image found beside the GIFT file;
        None when the question is nothing but images none of which is there (it is then skipped)."""
        text = restore(raw)
        if block.fmt not in ("html", "moodle") or not looks_like_html(text):
            return raw, None
        sources = image_sources(text)
        if not sources:
            return raw, None
        found = None
        for src in sources:
            name = re.split(r"[/\\]", src.removeprefix("@@PLUGINFILE@@/"))[-1]
            path = self.beside / name if self.beside and is_image_name(name) else None
            if found is None and path is not None and path.is_file():
                out.media[name] = path.read_bytes()
                found = name
            elif found is None:
                out.note(block.line, f"{block.label()}image '{src}' is not in the GIFT file (GIFT holds no "
                                     f"images); put '{name}' beside the file to import it")
            else:
                out.note(block.line, f"{block.label()}a second image '{src}' not kept (a question has one)")
        rest = protect(without_images(text))
        if found is None and not html_to_markdown(restore(rest))[0].strip():
            return None
        return rest, found

    def _question(self, block: _Block, out: Imported) -> Question | None:
        body = block.body.strip()
        if not body:
            out.note(block.line, f"{block.label()}essay questions are not supported; skipped")
            return None
        images = self._images(block.before, block, out)
        if images is None:
            out.note(block.line, f"{block.label()}the question is only an image that is not here; skipped")
            return None
        block.before, image = images
        prompt_raw = block.before + (BLANK + block.after if block.missing_word else "")
        prompt = self._text(prompt_raw, block, out)
        if image and not prompt.strip():
            prompt = "See the image."
            out.note(block.line, f"{block.label()}the question is only an image: its prompt reads '{prompt}'; "
                                 "write a stem that stands alone", "info")
        common: dict[str, Any] = {
            "id": "", "topic": "", "line": block.line, "prompt": prompt, "image": image,
            "explanation": self._text(block.general, block, out),
        }
        if body.startswith("#"):
            return self._numeric(block, out, common)
        if "~" in body:
            return self._choice(block, out, common)
        if "=" in body and "->" in body:
            return self._matching(block, out, common)
        head = body.split("#", 1)[0].strip().upper()
        if head in _TF:
            return self._true_false(block, head, out, common)
        return self._short(block, out, common)

    def _answers(self, block: _Block, body: str | None = None, start: int | None = None) -> list[Answer]:
        answers = split_answers(block.body if body is None else body,
                                block.body_start if start is None else start, block.record)
        for a in answers:
            if not a.text:
                raise LineError(block.record.line_at(a.offset), f"empty answer after '{a.marker}'")
        return answers

    def _dropped_feedback(self, block: _Block, answers: list[Answer], out: Imported) -> None:
        for a in answers:
            if a.feedback:
                out.note(block.record.line_at(a.offset), f"{block.label()}feedback on answer "
                                                         f"'{restore(a.text)}' not kept (no place for it)")

    def _choice(self, block: _Block, out: Imported, common: dict[str, Any]) -> Question | None:
        answers = self._answers(block)
        single = any(a.marker == "=" for a in answers)
        choices = []
        for a in answers:
            line = block.record.line_at(a.offset)
            if single:
                correct = a.marker == "="
                if a.weight not in (None, 100) and (correct or a.weight > 0):
                    out.note(line, f"{block.label()}{a.weight:g}% credit for '{restore(a.text)}' not kept; "
                                   f"it counts as {'right' if correct else 'wrong'}")
            else:
                correct = (a.weight or 0) > 0
            why = self._text(a.feedback, block, out) if a.feedback else None
            choices.append(Choice(self._text(a.text, block, out), correct, why or None))
        correct_n = sum(c.correct for c in choices)
        if correct_n == 0:
            raise LineError(block.line, "no correct answer: mark one with '=' or give right answers "
                                          "a positive %weight%")
        if single and correct_n > 1:
            out.note(block.line, f"{block.label()}several '=' answers in one single-answer question "
                                 "(any of them right) cannot be expressed; skipped")
            return None
        positive = {a.weight for a in answers if (a.weight or 0) > 0}
        if not single and len(positive) > 1:
            out.note(block.line, f"{block.label()}unequal weights become equal credit for each right choice")
        return ChoiceQuestion(choices=tuple(choices), multiple=not single, **common)

    def _true_false(self, block: _Block, head: str, out: Imported, common: dict[str, Any]) -> Question:
        bits = [self._text(b, block, out) for b in block.body.split("#")[1:3]]
        texts = [t for t in (common["explanation"], *bits) if t]
        common["explanation"] = texts[0] if texts else ""
        for extra in texts[1:]:
            out.note(block.line, f"{block.label()}true/false feedback '{extra[:40]}' not kept "
                                 "(the explanation holds one text)")
        return TrueFalse(answer=_TF[head], **common)

    def _short(self, block: _Block, out: Imported, common: dict[str, Any]) -> Question:
        answers = self._answers(block)
        accepted = self._full_credit(block, answers, out)
        self._dropped_feedback(block, accepted, out)
        texts = [self._text(a.text, block, out) for a in accepted]
        if block.missing_word:
            if not any(s in t for t in texts for s in _CLOZE_UNSAFE):
                gap = self._literal(texts, block, out, can_fuzzy=False)
                if gap is None:
                    return None
                text = self._text(block.before + _GAP + block.after, block, out)
                common["prompt"] = ""
                return Cloze(text=text.replace(_GAP, "{{" + "|".join(gap.answers) + "}}"), **common)
            out.note(block.line, f"{block.label()}an answer holds '|' or braces, so the missing word "
                                 "stays a short answer")
        literal = self._literal(texts, block, out)
        if literal is None:
            return None
        return ShortAnswer(answers=tuple(literal.answers), fuzzy=DEFAULT_FUZZY if literal.fuzzy else None, **common)

    def _literal(self, texts: list[str], block: _Block, out: Imported,
                 can_fuzzy: bool = True) -> wildcards.Converted | None:
        converted = wildcards.convert(texts, can_fuzzy)
        for message in converted.notes:
            out.note(block.line, f"{block.label()}{message}")
        if not converted.answers:
            out.note(block.line, f"{block.label()}no answer is left to compare with; skipped")
            return None
        return converted

    def _full_credit(self, block: _Block, answers: list[Answer], out: Imported) -> list[Answer]:
        full = [a for a in answers if a.marker == "=" and a.weight in (None, 100)]
        for a in answers:
            if a.marker == "~":
                out.note(block.record.line_at(a.offset), f"{block.label()}wrong answer '{restore(a.text)}' "
                                                         "not kept")
            elif a.weight not in (None, 100):
                out.note(block.record.line_at(a.offset), f"{block.label()}partial-credit answer "
                                                         f"'{restore(a.text)}' ({a.weight:g}%) not kept")
        if not full:
            raise LineError(block.line, "no answer with full credit ('=' without a %weight%, or %100%)")
        return full

    def _numeric(self, block: _Block, out: Imported, common: dict[str, Any]) -> Question:
        body = block.body
        hash_at = body.index("#")
        rest, start = body[hash_at + 1:], block.body_start + hash_at + 1
        if "=" in rest or "~" in rest:
            answers = self._answers(block, rest, start)
        else:
            text, sep, feedback = rest.partition("#")
            answers = [Answer("=", text.strip(), None, feedback.strip() if sep else None, start)]
            if not answers[0].text:
                raise LineError(block.record.line_at(start), "numeric answer is empty after '#'")
        accepted = self._full_credit(block, answers, out)
        self._dropped_feedback(block, accepted, out)
        for a in answers:
            _bounds(a.text, block.record.line_at(a.offset))  # every number is checked, kept or not
        for a in accepted[1:]:
            out.note(block.record.line_at(a.offset), f"{block.label()}a second fully-correct numeric "
                                                     f"answer '{restore(a.text)}' not kept; the first is")
        value, low, high = _bounds(accepted[0].text, block.record.line_at(accepted[0].offset))
        return Numeric(answer=value, low=low, high=high, **common)

    def _matching(self, block: _Block, out: Imported, common: dict[str, Any]) -> Question:
        answers = self._answers(block)
        pairs: list[tuple[str, str]] = []
        spare: list[str] = []  # right sides with no left: Moodle's distractors
        for a in answers:
            line = block.record.line_at(a.offset)
            left, arrow, right = a.text.partition("->")
            if a.marker != "=" or not arrow:
                raise LineError(line, "a matching question holds only '=left -> right' pairs")
            if not right.strip():
                raise LineError(line, "matching pair with nothing after '->'")
            if not left.strip():
                spare.append(self._text(right, block, out))
                continue
            pairs.append((self._text(left, block, out), self._text(right, block, out)))
        self._dropped_feedback(block, answers, out)
        rights = list(dict.fromkeys(r for _, r in pairs))
        if len(rights) < len(pairs):
            # several items share an answer: a sorting into groups, which our matching cannot hold
            return self._categorise(block, pairs, [*rights, *(r for r in spare if r not in rights)], common)
        for extra in spare:
            out.note(block.line, f"{block.label()}extra right side '{extra}' (a distractor with no left) not kept")
        return Matching(pairs=tuple(pairs), **common)

    def _categorise(self, block: _Block, pairs: list[tuple[str, str]], groups: list[str],
                    common: dict[str, Any]) -> Question:
        if not (MIN_GROUPS <= len(groups) <= MAX_GROUPS and MIN_ITEMS <= len(pairs) <= MAX_ITEMS):
            raise LineError(block.line, "two pairs share a right-hand side, so matching is ambiguous")
        return Categorise(groups=tuple(groups), items=tuple(Item(left, right) for left, right in pairs), **common)


def _bounds(text: str, line: int) -> tuple[float, float, float]:
    """GIFT numeric answer `value`, `value:tolerance` or `min..max` as (answer, low, high)."""
    if ".." in text:
        lo, hi = text.split("..", 1)
        low, high = parse_number(lo, line), parse_number(hi, line)
        if low > high:
            raise LineError(line, f"range {low:g}..{high:g} runs backwards")
        return (low + high) / 2, low, high
    value_text, colon, tol_text = text.partition(":")
    value = parse_number(value_text, line)
    tol = abs(parse_number(tol_text, line)) if colon else 0.0
    return value, value - tol, value + tol
