"""What an author is told: every question with an error is left out, every duplicate id is named, problems come
in line order, and the messages say how to fix the mistake (sources per folder, the range syntax)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.bank.types.short_answer import ShortAnswer

HEADER = "title: T\ntopic: t\nquestions:\n"
SOURCES = "src-a: {title: A, url: 'https://example.org/a'}\n"


def _folder(tmp_path: Path, name: str = "banks", sources: bool = True) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    if sources:
        (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return folder


def test_a_question_with_an_unknown_source_is_left_out(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bank.yaml").write_text(HEADER +
        "  - {id: good, type: true_false, prompt: Fine., answer: true, sources: [src-a]}\n"
        "  - {id: lost, type: true_false, prompt: Unsourced., answer: true, sources: [nowhere]}\n", encoding="utf-8")
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # parsed, then from the cache
        result = load_banks([folder], cache, lazy=cache is not None)
        assert [p.message for p in result.errors] == ["question 'lost': unknown source 'nowhere' (not in "
                                                      f"{folder / 'sources.yaml'} or the bank's own sources)"]
        assert set(result.questions) == {"good"}
        assert [q.id for q in result.banks[0].questions] == ["good"]


BROKEN = "  - {id: twin, type: numeric, prompt: How many?, answer: many, sources: [src-a]}\n"
FINE = "  - {id: twin, type: true_false, prompt: Fine., answer: true, sources: [src-a]}\n"


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("broken_first", [True, False])
def test_a_duplicate_id_is_reported_even_when_one_of_the_two_has_another_error(
        tmp_path: Path, broken_first: bool, cached: bool) -> None:
    folder = _folder(tmp_path)
    (folder / "a.yaml").write_text(HEADER + (BROKEN if broken_first else FINE), encoding="utf-8")
    (folder / "b.yaml").write_text(HEADER + (FINE if broken_first else BROKEN), encoding="utf-8")
    cache = tmp_path / "cache" if cached else None
    if cached:
        load_banks([folder], cache)  # fill the cache: the second load reads every file from it
    result = load_banks([folder], cache)
    duplicates = [p for p in result.errors if "duplicate id 'twin'" in p.message]
    assert len(duplicates) == 1, [str(p) for p in result.problems]
    (dup,) = duplicates
    assert dup.file.endswith("b.yaml") and dup.line == 4
    assert f"{folder / 'a.yaml'}:4" in dup.message
    # The first copy is kept if it is good; a good copy after a broken one is left out with the error.
    assert ("twin" in result.questions) is (not broken_first)


def test_a_duplicate_within_one_file_next_to_a_broken_twin(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bank.yaml").write_text(HEADER + BROKEN + FINE, encoding="utf-8")
    result = load_banks([folder])
    assert any(p.line == 5 and "duplicate id 'twin'" in p.message for p in result.errors)


def test_problems_come_in_the_order_of_their_lines(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bank.yaml").write_text(HEADER +
        "  - {id: a, type: true_false, prompt: One., answer: true, sources: [nowhere]}\n"     # line 4: error later
        "  - {id: b, type: true_false, prompt: Two., answer: true, sources: [src-a], colour: red}\n"  # 5: warning
        "  - {id: a, type: true_false, prompt: Three., answer: true, sources: [src-a]}\n"     # 6: duplicate
        "  - {id: c, type: essay, prompt: Four.}\n", encoding="utf-8")                         # 7: unknown type
    (folder / "later.yaml").write_text(HEADER + "  - {id: d, type: essay, prompt: Five.}\n", encoding="utf-8")
    result = load_banks([folder])
    where = [(Path(p.file).name, p.line, p.column) for p in result.problems]
    assert where == sorted(where, key=lambda w: (w[0] != "bank.yaml", w[1], w[2]))
    assert {line for name, line, _ in where if name == "bank.yaml"} == {4, 5, 6, 7}


def test_an_unknown_source_in_a_folder_without_sources_says_each_folder_needs_its_own(tmp_path: Path) -> None:
    shared = _folder(tmp_path, "shipped")
    mine = _folder(tmp_path, "mine", sources=False)
    (mine / "extra.yaml").write_text(
        HEADER + "  - {id: m, type: true_false, prompt: Mine., answer: true, sources: [src-a]}\n", encoding="utf-8")
    (message,) = [p.message for p in load_banks([mine]).errors]
    assert message.startswith("question 'm': unknown source 'src-a': ")
    assert f"{mine} has no sources.yaml" in message
    assert "each folder reads its own sources.yaml" in message
    assert "open the folders together" in message  # how to share one
    together = load_banks([mine, shared])  # opened with the folder whose sources.yaml defines it
    assert together.errors == [] and "m" in together.questions


@pytest.mark.parametrize("written", ["1-2", "1 - 2", "1–2", "1 to 2"])
def test_a_numeric_answer_written_as_a_range_points_at_the_range_syntax(tmp_path: Path, written: str) -> None:
    folder = _folder(tmp_path)
    (folder / "bank.yaml").write_text(HEADER + "  - id: n\n    type: numeric\n    prompt: How long?\n"
                                      f"    answer: {written}\n    sources: [src-a]\n", encoding="utf-8")
    (problem,) = load_banks([folder]).errors
    assert (problem.line, problem.column) == (7, 5)
    assert problem.message == ("question 'n': 'answer' must be a number, not text; for a range of accepted "
                               "values write 'range: [1, 2]'")


def test_a_typo_accepted_by_fuzzy_grading_is_told() -> None:
    q = ShortAnswer(answers=("barbiturate", "barbiturates"), fuzzy=0.85, id="s", prompt="p", topic="t")
    (part,) = grade(q, "barbiturats").parts
    assert part.ok and part.typo_of == "barbiturates"  # the accepted answer it was read as
    (exact,) = grade(q, "Barbiturates").parts
    assert exact.ok and exact.typo_of is None
