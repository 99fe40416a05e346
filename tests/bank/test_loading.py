"""Loading valid banks: every type parses into the typed model with its fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import QType, load_banks
from quizapp.bank.lazy import QuestionHead, QuestionStore
from quizapp.bank.loader import all_cached
from quizapp.bank.types.choice import ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.ordering import Ordering


def test_sample_folder_loads_clean(valid_dir: Path) -> None:
    result = load_banks([valid_dir])
    assert result.problems == []
    assert {q.qtype for q in result.questions.values()} == set(QType)
    assert len(result.banks) == 1 and result.banks[0].topic == "sample"


def test_fields_of_each_type(valid_dir: Path) -> None:
    qs = load_banks([valid_dir]).questions
    single = qs["s-single"]
    assert isinstance(single, ChoiceQuestion) and not single.multiple
    assert single.correct_indices() == {0}
    assert single.choices[1].why.startswith("Propofol")
    assert single.image and Path(single.image).is_file()
    assert isinstance(qs["s-multi"], ChoiceQuestion) and qs["s-multi"].qtype == QType.MULTIPLE_CHOICE
    cloze = qs["s-cloze"]
    assert isinstance(cloze, Cloze) and cloze.gaps == [["1962"], ["Calvin Stevens", "Stevens"]]
    assert cloze.segments() == ["Ketamine was first synthesised in ", " by ", "."]
    num = qs["s-numeric"]
    assert isinstance(num, Numeric) and (num.low, num.high, num.unit) == (237.23, 238.23, "g/mol")
    rng = qs["s-numeric-range"]
    assert isinstance(rng, Numeric) and (rng.low, rng.answer, rng.high) == (2.0, 2.5, 3.0)
    match = qs["s-match"]
    assert isinstance(match, Matching) and match.pairs[0] == ("Ketamine", "NMDA receptor")
    order = qs["s-order"]
    assert isinstance(order, Ordering) and order.items[-1] == "US Schedule III"
    assert qs["s-tf"].line == 37  # the line where the question starts, for messages


def test_percentage_tolerance(load_text) -> None:
    result = load_text("""
        title: T
        topic: t
        questions:
          - {id: n1, type: numeric, prompt: p, answer: 200, tolerance: 5%, unit: mg, sources: [src-a]}
    """)
    q = result.questions["n1"]
    assert (q.low, q.high) == (190.0, 210.0)


def test_single_file_uses_its_folder_sources(valid_dir: Path) -> None:
    result = load_banks([valid_dir / "every_type.yaml"])
    assert result.errors == []
    assert "gao-2016" in result.sources


def test_content_hash_changes_with_answer_not_with_explanation(load_text) -> None:
    base = """
        title: T
        topic: t
        questions:
          - id: q1
            type: true_false
            prompt: Ketamine is an NMDA antagonist.
            answer: {answer}
            explanation: {expl}
            sources: [src-a]
    """
    h1 = load_text(base.format(answer="true", expl="one")).questions["q1"].content_hash
    h2 = load_text(base.format(answer="true", expl="two")).questions["q1"].content_hash
    h3 = load_text(base.format(answer="false", expl="one")).questions["q1"].content_hash
    assert h1 == h2 != h3


def test_cache_gives_same_questions_and_is_not_trusted_blindly(valid_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_banks([valid_dir], cache_dir=cache)
    entries = list(cache.glob("*.json"))
    assert len(entries) == 1
    warm = load_banks([valid_dir], cache_dir=cache)
    assert warm.questions == cold.questions
    assert [q.content_hash for q in warm.questions.values()] == [q.content_hash for q in cold.questions.values()]
    first, question, *rest = entries[0].read_bytes().split(b"\n")
    tampered = b'["Evil","rm -rf /"]'.ljust(len(question))  # an unknown class, at the same length
    entries[0].write_bytes(b"\n".join([first, tampered, *rest]))
    again = load_banks([valid_dir], cache_dir=cache)
    assert again.questions == cold.questions
    assert len(list(cache.glob("*.json"))) == 1  # the damaged entry was replaced


def test_a_lazy_load_reads_question_text_from_the_cache_only_when_asked(valid_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    full = load_banks([valid_dir], cache_dir=cache)
    lazy = load_banks([valid_dir], cache_dir=cache, lazy=True)
    assert isinstance(lazy.questions, QuestionStore)
    heads = lazy.questions.heads()
    assert all(isinstance(h, QuestionHead) for h in heads.values())  # nothing read yet
    assert {qid: (h.qtype, h.topic, h.tags, h.difficulty, h.content_hash) for qid, h in heads.items()} == {
        qid: (q.qtype, q.topic, q.tags, q.difficulty, q.content_hash) for qid, q in full.questions.items()}
    assert dict(lazy.questions) == dict(full.questions)  # each one read on demand is the full question
    assert lazy.banks[0].questions and [h.id for h in lazy.banks[0].questions] == list(full.questions)
    [entry] = cache.glob("*.json")
    entry.write_bytes(entry.read_bytes()[:2000])  # the cache file is cut short while the app runs
    fresh = load_banks([valid_dir], cache_dir=cache, lazy=True)  # re-parsed, so it loads as before
    assert dict(fresh.questions) == dict(full.questions)


def test_a_question_whose_entry_went_away_is_missing_not_a_crash(valid_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_banks([valid_dir], cache_dir=cache)
    lazy = load_banks([valid_dir], cache_dir=cache, lazy=True)
    qid = next(iter(lazy.questions))
    for entry in cache.glob("*.json"):
        entry.unlink()
    assert qid in lazy.questions and lazy.questions.get(qid) is None
    with pytest.raises(KeyError):
        lazy.questions[qid]


def test_edited_file_is_reparsed_not_served_from_cache(load_text, tmp_path: Path) -> None:
    cache = tmp_path / "c"
    text = "title: T\ntopic: t\nquestions:\n  - {id: a, type: true_false, prompt: p, answer: %s, sources: [src-a]}\n"
    (tmp_path / "sources.yaml").write_text("src-a: {title: A, url: 'https://e.org'}\n")
    (tmp_path / "bank.yaml").write_text(text % "true")
    assert load_banks([tmp_path], cache_dir=cache).questions["a"].answer is True
    (tmp_path / "bank.yaml").write_text(text % "false")
    assert load_banks([tmp_path], cache_dir=cache).questions["a"].answer is False


def test_all_cached_tells_whether_a_load_will_parse(valid_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert not all_cached([valid_dir], cache)
    load_banks([valid_dir], cache_dir=cache)
    assert all_cached([valid_dir], cache)
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in valid_dir.glob("*.yaml"):
        (copy / f.name).write_text(f.read_text())
    assert not all_cached([copy], cache)  # entries belong to a folder's files and their content


def test_conflicting_source_definitions_are_warned(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("s: {title: A, url: 'https://a.org'}\n")
    (tmp_path / "b.yaml").write_text(
        "title: T\ntopic: t\nsources:\n  s: {title: B, url: 'https://b.org'}\n"
        "questions:\n  - {id: q, type: true_false, prompt: p, answer: true, sources: [s]}\n")
    result = load_banks([tmp_path])
    assert result.sources["s"].title == "A"
    assert any("defined differently" in p.message and p.file.endswith("b.yaml") for p in result.warnings)


def test_a_topic_is_named_by_its_largest_bank(tmp_path: Path) -> None:
    head = "sources:\n  s: {title: S, url: 'https://example.org'}\nquestions:\n"
    one = "  - {id: %s, type: true_false, prompt: 'Statement %s.', answer: true, explanation: e, sources: [s]}\n"
    (tmp_path / "pk-figures.yaml").write_text("title: PK figures\ntopic: pk\n" + head + one % ("f1", "f1"),
                                              encoding="utf-8")
    (tmp_path / "pk.yaml").write_text("title: Pharmacokinetics\ntopic: pk\n" + head +
                                      "".join(one % (f"p{i}", f"p{i}") for i in range(3)), encoding="utf-8")
    loaded = load_banks([tmp_path])
    assert [b.title for b in loaded.banks] == ["PK figures", "Pharmacokinetics"]  # file order puts it first
    assert loaded.topic_titles() == {"pk": "Pharmacokinetics"}
