"""What of a question is searchable: every str it holds, found by walking its fields, whatever its type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizapp.bank.model import Question
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.matching import Matching
from quizapp.study.search.text import fold, searchable_text, shown_text


def test_choices_their_whys_and_the_explanation_are_text_bookkeeping_is_not() -> None:
    q = ChoiceQuestion(id="q1", prompt="Which receptor?", topic="pharm", tags=("nmda",), sources=("src",),
                       file="bank.yaml", explanation="Because.",
                       choices=(Choice("NMDA", True), Choice("GABA", False, "Not this one.")))
    assert searchable_text(q) == ["Which receptor?", "NMDA", "GABA", "Not this one.", "Because."]


def test_pairs_inside_tuples_are_walked() -> None:
    q = Matching(id="m", prompt="Match.", topic="t", pairs=(("IV", "seconds"), ("oral", "minutes")))
    assert searchable_text(q) == ["Match.", "IV", "seconds", "oral", "minutes"]


def test_a_new_question_type_is_searchable_without_any_change() -> None:
    @dataclass(kw_only=True, slots=True)
    class Hotspot(Question):  # a type this module has never heard of
        type: ClassVar[str] = "hotspot"
        regions: tuple[tuple[str, int], ...]
        legend: str = ""

    q = Hotspot(id="h", prompt="Point at the site.", topic="t", regions=(("PCP site", 3), ("glycine site", 1)),
                legend="A channel diagram", explanation="Inside the pore.")
    assert searchable_text(q) == ["Point at the site.", "PCP site", "glycine site", "A channel diagram",
                                  "Inside the pore."]


def test_the_shown_line_is_the_first_text_without_markup_or_line_breaks() -> None:
    assert shown_text(["What is an *emergence\nreaction*?", "back"]) == "What is an emergence reaction?"
    assert shown_text(["**Bold** and `code`, but 2*3*4 stays"]) == "Bold and code, but 2*3*4 stays"
    assert shown_text([]) == ""
    assert len(shown_text(["word " * 100])) == 240


def test_folding_drops_case_and_accents() -> None:
    assert fold("Dépression") == fold("DEPRESSION") == "depression"
    assert fold("Ångström") == "angstrom"
