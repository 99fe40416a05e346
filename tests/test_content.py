"""The shipped ketamine banks follow the content rules a program can check (issue 4)."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from quizapp.bank.grading import normalise
from quizapp.bank.loader import load_banks
from quizapp.bank.types.choice import ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.ordering import Ordering
from quizapp.bank.types.short_answer import ShortAnswer

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
TOPICS = {"history", "chemistry", "mechanism", "pharmacokinetics", "anaesthesia", "depression", "pain",
          "psychiatry-research", "adverse-effects", "future"}
# Acquisition and recreational-use wording that has no place in a clinical study bank.
FORBIDDEN = [
    r"\bbuy(ing)?\b", r"\bpurchas", r"\bwhere to (get|find|obtain)\b", r"\bdark ?web\b", r"\bdealer",
    r"\bstreet price", r"\bhow to (get|obtain|make|synthesi[sz]e|cook|extract)\b", r"\bdrug market(place)?s?\b",
    r"\bfor (a|the) better (high|trip)\b", r"\benhanc\w* (the )?(high|trip|effects?)\b", r"\bsnort(ing)?\b",
    r"\brecreational dose", r"\bbump\b", r"\bget(ting)? high\b", r"\bsafer? (way|ways) to use\b",
]


@pytest.fixture(scope="module")
def bank():
    return load_banks([QUESTIONS])


def _texts(q) -> list[str]:
    out = [q.prompt, q.explanation]
    if isinstance(q, ChoiceQuestion):
        out += [c.text for c in q.choices] + [c.why or "" for c in q.choices]
    elif isinstance(q, Flashcard):
        out.append(q.back)
    elif isinstance(q, Cloze):
        out.append(q.text)
    elif isinstance(q, ShortAnswer):
        out += list(q.answers)
    elif isinstance(q, Matching):
        out += [x for pair in q.pairs for x in pair]
    elif isinstance(q, Ordering):
        out += list(q.items)
    return out


def test_banks_load_clean(bank) -> None:
    assert [str(p) for p in bank.problems] == []


def test_coverage_per_topic_and_type(bank) -> None:
    qs = list(bank.questions.values())
    assert len(qs) >= 400
    per_topic = Counter(q.topic for q in qs)
    assert set(per_topic) == TOPICS
    assert min(per_topic.values()) >= 25, per_topic
    per_type = Counter(q.qtype for q in qs)
    assert sum(n >= 15 for n in per_type.values()) >= 7, per_type


def test_difficulty_spread(bank) -> None:
    spread = Counter(q.difficulty for q in bank.questions.values())
    total = sum(spread.values())
    assert set(spread) == {1, 2, 3}
    assert all(n / total >= 0.2 for n in spread.values()), spread


def test_every_question_is_complete(bank) -> None:
    incomplete = [q.id for q in bank.questions.values()
                  if not q.explanation or not q.sources or not q.tags or q.difficulty is None]
    assert incomplete == []


def test_every_source_resolves_to_a_public_reference(bank) -> None:
    used = {key for q in bank.questions.values() for key in q.sources}
    assert used <= set(bank.sources)
    assert [k for k in used if not bank.sources[k].link] == []
    assert [k for k in used if (bank.sources[k].url or "").startswith("http://")] == []


def test_every_wrong_choice_says_why(bank) -> None:
    missing = [f"{q.id}: {c.text}" for q in bank.questions.values() if isinstance(q, ChoiceQuestion)
               for c in q.choices if not c.correct and not (c.why or "").strip()]
    assert missing == []


def test_no_near_duplicate_prompts(bank) -> None:
    prompts = [(q.id, normalise(q.prompt or q.text)) for q in bank.questions.values()]  # type: ignore[attr-defined]
    dupes = [(a, b) for (a, pa), (b, pb) in combinations(prompts, 2)
             if len(pa) > 20 and fuzz.ratio(pa, pb) >= 92]
    assert dupes == []


def test_no_acquisition_or_recreational_wording(bank) -> None:
    hits = [(q.id, pattern) for q in bank.questions.values() for text in _texts(q) for pattern in FORBIDDEN
            if re.search(pattern, text, re.I)]
    assert hits == []


def test_each_source_cited_once_and_used(bank) -> None:
    used = {key for q in bank.questions.values() for key in q.sources}
    assert sorted(set(bank.sources) - used) == []
    seen: dict[str, str] = {}
    twice = []
    for key, src in bank.sources.items():
        for locator in filter(None, [src.doi, (src.url or "").rstrip("/").replace("www.", "")]):
            if locator.lower() in seen:
                twice.append((seen[locator.lower()], key))
            seen[locator.lower()] = key
    assert twice == []
