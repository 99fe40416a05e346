"""Two small banks written to disk for the search tests: every question type, text in every kind of field,
accents in text and tags; and a helper that loads them as the app does (lazily, from the bank cache)."""

from __future__ import annotations

from pathlib import Path

from quizapp.bank.loader import LoadResult, load_banks
from quizapp.study import StudyService
from quizapp.study.search import Search

SOURCES = """\
statpearls-ketamine:
  title: Ketamine
  url: https://www.ncbi.nlm.nih.gov/books/NBK470357/
"""
PAIN = """\
title: Pain (search test bank)
topic: pain
questions:
  - id: pain-001
    type: single_choice
    prompt: Which receptor does ketamine block to ease neuropathic pain?
    choices:
      - {text: NMDA receptor, correct: true}
      - {text: μ-opioid receptor, why: Its opioid action is minor.}
      - {text: Nicotinic receptor, why: That is how neuromuscular blockers work.}
    explanation: Ketamine blocks the NMDA receptor channel, which reduces central sensitisation.
    sources: [statpearls-ketamine]
    tags: [nmda, analgesia]
    difficulty: 1
  - id: pain-002
    type: short_answer
    prompt: Which class of drugs can low-dose ketamine spare after surgery?
    answers: [opioids]
    explanation: Perioperative ketamine lowers opioid use; in French texts, anesthésie dissociative.
    sources: [statpearls-ketamine]
    tags: [opioid-sparing]
    difficulty: 2
  - id: pain-003
    type: cloze
    text: Low-dose ketamine infusions reduce {{hyperalgesia}} after surgery.
    explanation: Blocking NMDA receptors dampens wind-up in the spinal cord.
    sources: [statpearls-ketamine]
    tags: [analgesia]
    difficulty: 3
  - id: pain-004
    type: matching
    prompt: Match each route with a typical onset.
    pairs:
      Intravenous: under a minute
      Oral: 15-30 minutes
    explanation: Intravenous onset is fastest; oral absorption is slow, with much first-pass loss.
    sources: [statpearls-ketamine]
    tags: [routes]
    difficulty: 2
"""
PSYCH = """\
title: Psychiatry (search test bank)
topic: psych
questions:
  - id: psy-001
    type: flashcard
    prompt: Under what brand name is esketamine nasal spray sold?
    back: Spravato®
    explanation: Esketamine is the S-enantiomer of ketamine.
    sources: [statpearls-ketamine]
    tags: [Dépression]
    difficulty: 1
  - id: psy-002
    type: true_false
    prompt: Ketamine is a competitive antagonist at the glutamate site of the NMDA receptor.
    answer: false
    explanation: It is an uncompetitive open-channel blocker.
    sources: [statpearls-ketamine]
    tags: [nmda, Dépression]
    difficulty: 2
  - id: psy-003
    type: ordering
    prompt: Put the steps of an esketamine treatment session in order.
    items: [Check blood pressure, Give the nasal spray, Observe the patient]
    explanation: Blood pressure is checked before dosing and the patient observed afterwards.
    sources: [statpearls-ketamine]
    tags: [esketamine]
    difficulty: 3
  - id: psy-004
    type: numeric
    prompt: What is the elimination half-life of ketamine in adults, in hours?
    answer: 2.5
    range: [2, 3]
    unit: h
    explanation: About 2.5 hours.
    sources: [statpearls-ketamine]
    tags: [pharmacokinetics]
    difficulty: 2
"""


def write_banks(folder: Path, pain: str = PAIN, psych: str = PSYCH) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "pain.yaml").write_text(pain, encoding="utf-8")
    (folder / "psych.yaml").write_text(psych, encoding="utf-8")
    return folder


def load_and_sync(service: StudyService, search: Search, banks: Path, data: Path) -> LoadResult:
    """Load `banks` lazily through the bank cache in `data`, then sync the cards and the index (as the app)."""
    cache = data / "cache" / "banks"
    loaded = load_banks([banks], cache, lazy=True)
    assert not loaded.errors, loaded.errors
    service.sync(loaded.questions)
    search.sync(loaded.questions, cache, loaded.cache_keys)
    return loaded
