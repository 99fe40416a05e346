"""Cloze gaps that may come in any order (`any_order`): graded as a set, read, checked, cached and written back."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.bank.schema import bank_schema
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.yamlwriter import dump_bank

COMMON = {"id": "q", "prompt": "", "topic": "t"}
EYES = "The label lists {{nystagmus}} and {{diplopia|double vision}} among its effects."


def eyes(any_order: tuple[tuple[int, ...], ...] = ((0, 1),)) -> Cloze:
    return Cloze(text=EYES, any_order=any_order, **COMMON)


def test_a_list_answered_in_the_other_order_is_right() -> None:
    assert grade(eyes(), ["diplopia", "nystagmus"]).correct
    assert grade(eyes(), ["Double  vision", "NYSTAGMUS"]).correct  # alternatives and normalising still apply
    assert grade(eyes(), ["nystagmus", "diplopia"]).correct


def test_without_any_order_the_gaps_stay_positional() -> None:
    assert grade(eyes(()), ["diplopia", "nystagmus"]).score == 0.0


def test_one_answer_cannot_fill_two_gaps_of_a_set() -> None:
    result = grade(eyes(), ["nystagmus", "nystagmus"])
    assert result.score == pytest.approx(0.5)
    # The repeated answer is wrong where it stands, and the correction names the gap still unfilled.
    assert [(p.ok, p.expected) for p in result.parts] == [(True, "nystagmus"), (False, "diplopia")]


def test_a_wrong_answer_in_a_set_is_shown_the_gap_nobody_filled() -> None:
    result = grade(eyes(), ["miosis", "nystagmus"])
    assert [(p.given, p.ok, p.expected) for p in result.parts] == [
        ("miosis", False, "diplopia"), ("nystagmus", True, "nystagmus")]


def test_only_the_named_group_is_a_set() -> None:
    q = Cloze(text="{{CYP2B6}} and {{CYP3A4}} make {{norketamine}}, then {{hydroxynorketamine}}.",
              any_order=((0, 1),), **COMMON)
    assert grade(q, ["cyp3a4", "cyp2b6", "norketamine", "hydroxynorketamine"]).correct
    # gaps 3 and 4 are in sequence: swapping them is wrong
    assert grade(q, ["cyp2b6", "cyp3a4", "hydroxynorketamine", "norketamine"]).score == pytest.approx(0.5)


def _load(tmp_path: Path, any_order: str, text: str = EYES):
    (tmp_path / "sources.yaml").write_text("s:\n  title: S\n  url: https://example.org/s\n", encoding="utf-8")
    (tmp_path / "bank.yaml").write_text(
        "title: T\ntopic: t\nquestions:\n"
        "  - id: c1\n    type: cloze\n"
        f"    text: \"{text}\"\n"
        f"    any_order: {any_order}\n"
        "    explanation: Both are eye signs.\n    sources: [s]\n", encoding="utf-8")
    return load_banks([tmp_path], tmp_path / "cache")


@pytest.mark.parametrize(("written", "groups"), [
    ("true", ((0, 1),)), ("[1, 2]", ((0, 1),)), ("[[1, 2]]", ((0, 1),)), ("false", ()),
])
def test_the_bank_says_which_gaps_may_come_in_any_order(tmp_path: Path, written: str, groups) -> None:
    result = _load(tmp_path, written)
    assert result.problems == []
    assert result.questions["c1"].any_order == groups


@pytest.mark.parametrize(("written", "message"), [
    ("[[1, 3]]", "'any_order' names gap 3, but the text has 2 gaps"),
    ("[[1]]", "'any_order': a group needs at least two gaps"),
    ("[[1, 2], [2, 1]]", "'any_order': gap 2 is in two groups"),
    ("sometimes", "'any_order' must be true, a list of gap numbers or a list of such lists"),
    ("[[0, 1]]", "'any_order' names gap 0, but gaps are numbered from 1"),
])
def test_a_wrong_any_order_is_reported_at_its_line(tmp_path: Path, written: str, message: str) -> None:
    result = _load(tmp_path, written)
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'bank.yaml'}:7:5: error: question 'c1': {message}"]
    assert "c1" not in result.questions  # left out, as every question with an error


def test_any_order_on_a_single_gap_is_an_error(tmp_path: Path) -> None:
    result = _load(tmp_path, "true", "Ketamine blocks the {{NMDA}} receptor.")
    assert [p.message for p in result.problems] == ["question 'c1': 'any_order' needs at least two gaps"]


def test_any_order_survives_the_cache_and_a_lazy_load(tmp_path: Path) -> None:
    first = _load(tmp_path, "[[1, 2]]")
    again = load_banks([tmp_path], tmp_path / "cache")  # from the cache this time
    lazy = load_banks([tmp_path], tmp_path / "cache", lazy=True)
    assert first.questions["c1"].any_order == again.questions["c1"].any_order == lazy.questions["c1"].any_order
    assert lazy.questions["c1"].any_order == ((0, 1),)
    assert grade(lazy.questions["c1"], ["diplopia", "nystagmus"]).correct


def test_the_writer_keeps_any_order(tmp_path: Path) -> None:
    q = Cloze(text="{{a}}, {{b}} and {{c}} then {{d}}.", any_order=((0, 1, 2),), id="w", prompt="", topic="t")
    text = dump_bank("T", "t", [q])
    assert "any_order: [[1, 2, 3]]" in text
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    back = load_banks([tmp_path / "b.yaml"]).questions["w"]
    assert back.any_order == ((0, 1, 2),)
    whole = dump_bank("T", "t", [eyes()])
    assert "any_order: true" in whole  # every gap one set: the short form


def test_the_schema_accepts_what_the_loader_accepts(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(bank_schema())
    for written in ("true", "[1, 2]", "[[1, 2]]"):
        _load(tmp_path, written)
        data = yaml.safe_load((tmp_path / "bank.yaml").read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], written
    _load(tmp_path, "sometimes")
    data = yaml.safe_load((tmp_path / "bank.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data))


def test_anki_and_the_report_say_the_order_is_free() -> None:
    card = eyes().anki(lambda s: s)
    assert "any order" in card.fields["extra"]
    assert "any order" in eyes().answer_text()
    assert "any order" not in eyes(()).answer_text()
