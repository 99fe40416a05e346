"""Cloze: a passage with gaps to fill, written {{answer}} or {{answer|alternative}}.

Response: a list of the typed gaps, in order. `prompt` is an optional instruction.
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
    own_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    prompt_required: ClassVar[bool] = False
    text: str

    @property
    def gaps(self) -> list[list[str]]:
        return [[alt.strip() for alt in m.group(1).split("|")] for m in GAP_RE.finditer(self.text)]

    def segments(self) -> list[str]:
        """The text between gaps: len(segments) == len(gaps) + 1."""
        return GAP_RE.split(self.text)[::2]

    def answer_fields(self) -> dict[str, Any]:
        return {"text": self.text}

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
        return cls(text=text, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"text": {"type": "string", "pattern": r"\{\{.+?\}\}"}}, ["text"]

    def grade(self, response: Any) -> Result:
        gaps = self.gaps
        given = list(response) if isinstance(response, list | tuple) else []
        given = [g if isinstance(g, str) else "" for g in given] + [""] * max(0, len(gaps) - len(given))
        parts = tuple(Part(f"gap {i + 1}", g, accepted[0], matches(g, accepted, None))
                      for i, (g, accepted) in enumerate(zip(given, gaps, strict=False)))
        answered = any(g.strip() for g in given)
        return Result(sum(p.ok for p in parts) / len(parts) if parts else 0.0, parts, answered)

    def yaml_fields(self) -> dict[str, Any]:
        return {"text": self.text}

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
        return " / ".join(accepted[0] for accepted in self.gaps)

    def report_text(self) -> str:
        """The passage with numbered blanks where the gaps are (the answers left out)."""
        segments = self.segments()
        return "".join(seg + (f" [{i + 1}] " if i < len(segments) - 1 else "") for i, seg in enumerate(segments))


def _embedded(answer: str) -> str:
    return re.sub(r"([}#*])", r"\\\1", answer)


TYPES = (TypeInfo("cloze", Cloze, "Cloze", "cloze", 50, "a passage with {{gaps}} to fill"),)
