"""The YAML writer: every type written and loaded back to the same question; scalars that need quoting."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.bank.loader import load_banks
from quizapp.bank.model import Question, Source
from quizapp.bank.types import QType
from quizapp.bank.yamlsafe import parse_yaml
from quizapp.bank.yamlwriter import dump_bank, scalar

FIXTURES = Path(__file__).parent.parent / "fixtures" / "valid"
REPO_BANKS = Path(__file__).parents[3] / "questions"


def _same(q: Question) -> Question:
    image = Path(q.image).name if q.image else None  # the copy lives in another folder
    return dataclasses.replace(q, file="", line=0, where={}, image=image)


def _rewrite(folder: Path, tmp_path: Path) -> tuple[dict[str, Question], dict[str, Question]]:
    """Load a folder, write each bank with the writer into tmp_path, load that back."""
    before = load_banks([folder])
    out = tmp_path / folder.name
    out.mkdir()
    if (folder / "sources.yaml").exists():
        (out / "sources.yaml").write_bytes((folder / "sources.yaml").read_bytes())
    for pictures in ("images", "figures"):  # the folders the banks' images live in
        if (folder / pictures).is_dir():
            shutil.copytree(folder / pictures, out / pictures)
    for i, bank in enumerate(before.banks):
        local = {k: s for k, s in before.sources.items()
                 if any(k in q.sources for q in bank.questions)}
        text = dump_bank(bank.title, bank.topic, bank.questions, description=bank.description, sources=local,
                         bank_dir=folder.resolve())
        (out / f"bank{i}.yaml").write_text(text, encoding="utf-8")
    after = load_banks([out])
    assert not after.errors, after.errors
    return before.questions, after.questions


def test_every_type_reads_back_identically(tmp_path: Path) -> None:
    before, after = _rewrite(FIXTURES, tmp_path)
    assert {q.qtype for q in before.values()} == set(QType)
    assert list(after) == list(before)
    for qid, q in before.items():
        assert _same(after[qid]) == _same(q), qid
        assert after[qid].content_hash == q.content_hash


@pytest.mark.skipif(not REPO_BANKS.is_dir(), reason="no shipped banks")
def test_shipped_banks_read_back_identically(tmp_path: Path) -> None:
    before, after = _rewrite(REPO_BANKS, tmp_path)
    assert before, "the shipped banks hold questions"
    assert {qid: _same(q) for qid, q in after.items()} == {qid: _same(q) for qid, q in before.items()}


def test_written_bank_looks_like_a_hand_written_one() -> None:
    from quizapp.bank.types.choice import Choice, ChoiceQuestion

    q = ChoiceQuestion(id="h-001", topic="history", prompt="Which company employed Calvin Stevens?",
                       choices=(Choice("Parke-Davis", True), Choice("Janssen", why="Janssen came later.")),
                       explanation="Parke-Davis.", sources=("domino",), tags=("history",), difficulty=1)
    text = dump_bank("History", "history", [q], sources={"domino": Source("domino", "Taming the tiger",
                                                                            url="https://example.org")})
    assert text == (
        "title: History\n"
        "topic: history\n"
        "sources:\n"
        "  domino:\n"
        "    title: Taming the tiger\n"
        "    url: https://example.org\n"
        "questions:\n"
        "  - id: h-001\n"
        "    type: single_choice\n"
        "    prompt: Which company employed Calvin Stevens?\n"
        "    choices:\n"
        "      - {text: Parke-Davis, correct: true}\n"
        "      - {text: Janssen, why: Janssen came later.}\n"
        "    explanation: Parke-Davis.\n"
        "    sources: [domino]\n"
        "    tags: [history]\n"
        "    difficulty: 1\n")


@pytest.mark.parametrize("text", ["yes", "no", "null", "~", "1.5", "2010", "0x1F", "1e3", "true", "- item",
                                  "a: b", "x #y", "[list]", "{map}", "'quoted'", '"dq"', "*alias", "&anchor",
                                  "!tag", "%pct", "@at", "`tick`", "line\nbreak", "  padded ", "tab\there",
                                  "2010-01-01", "ends:", "", "ünïcödé ✓", "back\\slash", "\x07bell", "\u2028"])
def test_scalars_that_need_care_come_back_as_the_same_text(text: str) -> None:
    for flow in (False, True):
        written = scalar(text, flow=flow)
        doc = f"k: [{written}]" if flow else f"k: {written}"
        value = parse_yaml(doc)["k"]
        assert (value[0] if flow else value) == text, written


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_survives_as_a_value_a_list_item_and_a_key(text: str) -> None:
    assert parse_yaml(f"k: {scalar(text)}")["k"] == text
    assert parse_yaml(f"k: [{scalar(text, flow=True)}]")["k"] == [text]
    if "\n" not in text and text != "<<":  # the loader refuses a '<<' key however it is quoted
        assert list(parse_yaml(f"{scalar(text)}: v")) == [text]


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_come_back_equal(x: float) -> None:
    assert parse_yaml(f"k: {scalar(x)}")["k"] == x
