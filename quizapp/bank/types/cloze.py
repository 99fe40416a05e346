"""Cloze: a passage with gaps to fill, written {{answer}} or {{answer|alternative}}.

Response: a list of the typed gaps, in order. `prompt` is an optional instruction. `any_order` says which
gaps form a list whose items may be given in any order ("lists {{nystagmus}} and {{diplopia}}"): each
such group is graded as a set, every answer in it matched to a different gap.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result, matches
from quizapp.bank.model import AnkiCard, GiftText, MoodleXml, Question, Render, Unexpressible
from quizapp.bank.types.info import TypeInfo

GAP_RE = re.compile(r"\{\{(.+?)\}\}")
BLANK = "_____"  # what Moodle shows in place of a missing word


@dataclass(kw_only=True, slots=True)
class Cloze(Question):
    type: ClassVar[str] = "cloze"
    own_fields: ClassVar[frozenset[str]] = frozenset({"text", "any_order"})
    prompt_required: ClassVar[bool] = False
    text: str
    any_order: tuple[tuple[int, ...], ...] = ()  # groups of gap indexes (from 0), each graded as a set

    @property
    def gaps(self) -> list[list[str]]:
        return [[alt.strip() for alt in m.group(1).split("|")] for m in GAP_RE.finditer(self.text)]

    def segments(self) -> list[str]:
        """The text between gaps: len(segments) == len(gaps) + 1."""
        return GAP_RE.split(self.text)[::2]

    def answer_fields(self) -> dict[str, Any]:
        # Not any_order: accepting a list in either order changes the grading, not what a student must
        # know, so marking a list must not flag the question as changed for those who studied it.
        return {"text": self.text}

    @classmethod
    def decode(cls, values: list[Any]) -> dict[str, Any]:
        out = Question.decode.__func__(cls, values)  # type: ignore[attr-defined]
        out["any_order"] = tuple(tuple(group) for group in out["any_order"])
        return out

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
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
        return cls(text=text, any_order=_groups(f, len(gaps)), **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        numbers = {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2}
        any_order = {"oneOf": [{"type": "boolean"}, numbers, {"type": "array", "items": numbers, "minItems": 1}],
                     "description": "Gaps answered in any order: true (all), [1, 2], or [[1, 2], [4, 5]]."}
        return {"text": {"type": "string", "pattern": r"\{\{.+?\}\}"}, "any_order": any_order}, ["text"]

    def grade(self, response: Any) -> Result:
        gaps = self.gaps
        given = list(response) if isinstance(response, list | tuple) else []
        given = [g if isinstance(g, str) else "" for g in given] + [""] * max(0, len(gaps) - len(given))
        given = given[:len(gaps)]
        ok = [matches(g, accepted, None) for g, accepted in zip(given, gaps, strict=True)]
        expected = [accepted[0] for accepted in gaps]
        for group in self.any_order:
            if max(group, default=len(gaps)) >= len(gaps):
                continue  # a group the text no longer has (the loader checks; a stale object does not)
            taken = _match_set([given[i] for i in group], [gaps[j] for j in group])
            unfilled = [group[j] for j in range(len(group)) if j not in taken.values()]
            for k, i in enumerate(group):
                j = taken.get(k)
                ok[i] = j is not None
                expected[i] = gaps[group[j]][0] if j is not None else gaps[unfilled.pop(0)][0]
        parts = tuple(Part(f"gap {i + 1}", g, e, right)
                      for i, (g, e, right) in enumerate(zip(given, expected, ok, strict=True)))
        answered = any(g.strip() for g in given)
        return Result(sum(p.ok for p in parts) / len(parts) if parts else 0.0, parts, answered)

    def order_note(self) -> str:
        """"in any order" (all gaps one set), "gaps 1, 2 in any order", or "" when every gap has its place."""
        if not self.any_order:
            return ""
        if self.any_order == (tuple(range(len(self.gaps))),):
            return "in any order"
        return "; ".join("gaps " + ", ".join(str(i + 1) for i in group) for group in self.any_order) + \
            " in any order"

    def yaml_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.any_order == (tuple(range(len(self.gaps))),):
            out["any_order"] = True
        elif self.any_order:
            out["any_order"] = [[i + 1 for i in group] for group in self.any_order]
        return out

    def anki(self, render: Render) -> AnkiCard:
        """Every gap is c1, so Anki makes one card per question, as the app asks it."""
        gaps = self.gaps
        marked = self.text
        for i in range(len(gaps)):
            marked = GAP_RE.sub(f"QZGAP{i}QZ", marked, count=1)
        out = render(marked)
        for i, alts in enumerate(gaps):
            out = out.replace(f"QZGAP{i}QZ", "{{c1::" + html.escape(alts[0]).replace("::", ":&#58;") + "}}")
        extra = [f"{html.escape(alts[0])}: also {', '.join(html.escape(a) for a in alts[1:])}"
                 for alts in gaps if len(alts) > 1]
        if self.any_order:  # Anki grades no cloze as a set; the note at least says so
            extra.append(html.escape(f"The answers may come {self.order_note()}."
                                     if self.order_note() == "in any order"
                                     else f"Answers to {self.order_note()}."))
        prompt = render(self.prompt) if self.prompt else ""
        return AnkiCard("deletions", {"text": f"{prompt}<p>{out}</p>" if prompt else out, "extra": "<br>".join(extra)})

    def _marked(self, render: Render) -> tuple[str, list[str]]:
        """The text rendered with a marker where each gap is, and the markers (markup may span a gap)."""
        marked = self.text
        markers = [f"QZGAP{i}QZ" for i in range(len(self.gaps))]
        for marker in markers:
            marked = GAP_RE.sub(marker, marked, count=1)
        return render(marked), markers

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        gaps = self.gaps
        if len(gaps) != 1:
            raise Unexpressible(f"a cloze with {len(gaps)} gaps (GIFT's missing word has one)")
        rendered, (marker,) = self._marked(text)
        before, after = rendered.split(marker)
        lost = ["the cloze instruction (kept as the first line of the text)"] if self.prompt else []
        lead = text(self.prompt) + "<br>" if self.prompt else ""
        answers = tuple("=" + plain(a).replace("*", "\\*") for a in gaps[0])
        if not after.strip():
            # GIFT reads a block at the very end as a plain short answer, so the blank is written out
            lost.append("the gap at the end of the text (exported as a short answer after a blank)")
            return GiftText(f"{lead}{before.rstrip()} {BLANK} ", answers, lost=tuple(lost))
        return GiftText(f"{lead}{before}", answers, after, lost=tuple(lost))

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        # Moodle's embedded answers (multianswer): each gap a case-insensitive SHORTANSWER whose spellings all
        # score 100%; inside the question's HTML, so '&' and '<' are entities, and '}', '#' and the wildcard '*'
        # are escaped with a backslash (Moodle's parser has no escape for '~')
        rendered, markers = self._marked(render)
        if any("~" in a for gap in self.gaps for a in gap):
            raise Unexpressible("a gap answer holds '~', which Moodle's embedded answers cannot hold")
        for marker, accepted in zip(markers, self.gaps, strict=True):
            alts = "~".join("=" + _embedded(html.escape(a, quote=False)) for a in accepted)
            rendered = rendered.replace(marker, f"{{1:SHORTANSWER:{alts}}}")
        head = f"<p>{render(self.prompt)}</p>" if self.prompt else ""
        body = rendered if rendered.startswith("<") else f"<p>{rendered}</p>"
        return MoodleXml("cloze", text=head + body)

    def response_text(self, response: Any) -> str:
        gaps = [g.strip() if isinstance(g, str) else "" for g in response] if isinstance(response, list) else []
        return " / ".join(g or "…" for g in gaps) if any(gaps) else ""

    def answer_text(self) -> str:
        text = " / ".join(accepted[0] for accepted in self.gaps)
        return f"{text} ({self.order_note()})" if self.any_order else text

    def report_text(self) -> str:
        """The passage with numbered blanks where the gaps are (the answers left out)."""
        segments = self.segments()
        return "".join(seg + (f" [{i + 1}] " if i < len(segments) - 1 else "") for i, seg in enumerate(segments))


def _embedded(answer: str) -> str:
    return re.sub(r"([}#*])", r"\\\1", answer)


_SHAPE = "'any_order' must be true, a list of gap numbers or a list of such lists"


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _groups(f: Fields, n_gaps: int) -> tuple[tuple[int, ...], ...]:
    """`any_order` as groups of gap indexes (from 0): true is every gap, [1, 2] one group, [[1, 2], ...] several."""
    raw = f.raw("any_order")
    if raw is None or raw is False:
        return ()

    def fail(message: str) -> None:
        f.report.add(f.where("any_order"), f"{f.what}: {message}")
        raise Missing

    if n_gaps < 2 and (raw is True or isinstance(raw, list)):
        fail("'any_order' needs at least two gaps")
    if raw is True:
        return (tuple(range(n_gaps)),)
    if not isinstance(raw, list) or not raw:
        fail(_SHAPE)
    groups = [raw] if all(_whole(n) for n in raw) else raw
    if not all(isinstance(g, list) and all(_whole(n) for n in g) for g in groups):
        fail(_SHAPE)
    seen: set[int] = set()
    out = []
    for group in groups:
        for k, n in enumerate(group):
            if n < 1:
                fail(f"'any_order' names gap {n}, but gaps are numbered from 1")
            if n > n_gaps:
                fail(f"'any_order' names gap {n}, but the text has {n_gaps} gaps")
            if n in group[:k]:
                fail(f"'any_order': gap {n} is named twice")
            if n in seen:
                fail(f"'any_order': gap {n} is in two groups")
        if len(group) < 2:
            fail("'any_order': a group needs at least two gaps")
        seen.update(group)
        out.append(tuple(sorted(n - 1 for n in group)))
    return tuple(sorted(out))


def _match_set(given: list[str], accepted: list[list[str]]) -> dict[int, int]:
    """The most answers matched to different gaps of a set: answer position -> gap position (Kuhn's
    augmenting paths; a set has a handful of gaps). An answer keeps its own gap when it fits there."""
    fits = [[j for j in sorted(range(len(accepted)), key=lambda j, k=k: j != k) if matches(g, accepted[j], None)]
            for k, g in enumerate(given)]
    owner: dict[int, int] = {}  # gap -> answer

    def place(k: int, tried: set[int]) -> bool:
        for j in fits[k]:
            if j in tried:
                continue
            tried.add(j)
            if j not in owner or place(owner[j], tried):
                owner[j] = k
                return True
        return False

    for k in range(len(given)):
        place(k, set())
    return {k: j for j, k in owner.items()}


TYPES = (TypeInfo("cloze", Cloze, "Cloze", "cloze", 50, "a passage with {{gaps}} to fill"),)
