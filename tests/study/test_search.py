"""Searching real banks loaded through the bank cache, against real progress: every operator, sorting,
and the text index kept in step with edited banks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from search_bank import PAIN, load_and_sync, write_banks

from quizapp.bank.loader import LoadResult
from quizapp.study import FakeClock, Rating, StudyService
from quizapp.study.search import Search, moment_of
from quizapp.study.search.index import index_path

PAIN_IDS = {"pain-001", "pain-002", "pain-003", "pain-004"}
PSYCH_IDS = {"psy-001", "psy-002", "psy-003", "psy-004"}


@dataclass
class Env:
    service: StudyService
    search: Search
    loaded: LoadResult
    data: Path
    banks: Path
    clock: FakeClock

    def find(self, query: str, **kwargs: object) -> list[str]:
        return self.search.find(query, moment_of(self.service), **kwargs)

    def ids(self, query: str) -> set[str]:
        return set(self.find(query))

    def answer(self, qid: str, rating: Rating) -> None:
        session = self.service.start_session(self.loaded.questions)
        session.answer(qid, True, None, rating, 4000)

    def reload(self) -> LoadResult:
        self.loaded = load_and_sync(self.service, self.search, self.banks, self.data)
        return self.loaded


@pytest.fixture
def env(tmp_path: Path, clock: FakeClock) -> Iterator[Env]:
    data = tmp_path / "data"
    service = StudyService.open(data, clock)
    service.settings.set("fuzz", False)
    search = Search(data)
    banks = write_banks(tmp_path / "banks")
    yield Env(service, search, load_and_sync(service, search, banks, data), data, banks, clock)
    search.close()
    service.close()


# ----- text ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("word", "expected"), [
    ("neuropathic", {"pain-001"}),  # prompt
    ("nicotinic", {"pain-001"}),  # a choice
    ("minor", {"pain-001"}),  # why a choice is wrong
    ("opioids", {"pain-002"}),  # an accepted answer
    ("hyperalgesia", {"pain-003"}),  # a cloze's text (it has no prompt)
    ("intravenous", {"pain-004"}),  # a matching pair, both sides
    ("minute", {"pain-004"}),
    ("observe", {"psy-003"}),  # an ordering item
    ("spravato", {"psy-001"}),  # a flashcard's back
    ("sensitisation", {"pain-001"}),  # an explanation
])
def test_a_word_is_found_in_every_kind_of_text_a_question_holds(env: Env, word: str, expected: set[str]) -> None:
    assert env.ids(word) == expected


def test_bookkeeping_is_not_text_topic_tags_ids_and_sources_have_their_own_filters(env: Env) -> None:
    assert env.ids("analgesia") == set()  # a tag only
    assert env.ids("statpearls") == set()  # a source key
    assert env.ids("psych") == set()  # a topic
    assert env.ids("001") == set()  # part of an id


def test_words_ignore_case_and_accents_both_ways(env: Env) -> None:
    assert env.ids("ANESTHESIE") == {"pain-002"}
    assert env.ids("anesthésie") == {"pain-002"}
    assert env.ids("Ketamine") == env.ids("kétamine") == env.ids("KÉTAMINE")
    assert len(env.ids("ketamine")) == 6


def test_words_must_all_be_there_but_anywhere(env: Env) -> None:
    assert env.ids("nmda blocker") == {"psy-002"}
    assert env.ids("blocker nmda") == {"psy-002"}


def test_a_phrase_needs_its_words_together_and_in_order(env: Env) -> None:
    assert env.ids('"nmda receptor"') == {"pain-001", "psy-002"}
    assert env.ids('"receptor nmda"') == set()
    assert env.ids('"under a minute"') == {"pain-004"}
    assert env.ids("μ-opioid") == {"pain-001"}  # a hyphenated word is a phrase of its parts


def test_a_star_finds_words_that_begin_so(env: Env) -> None:
    assert env.ids("hyperalg*") == {"pain-003"}
    assert env.ids("hyperalg") == set()
    assert env.ids('"uncompetitive open*"') == {"psy-002"}


# ----- filters ------------------------------------------------------------------------------------------
def test_topic_matches_whole_names_with_star_patterns_any_case(env: Env) -> None:
    assert env.ids("topic:pain") == PAIN_IDS
    assert env.ids("topic:PSYCH") == PSYCH_IDS
    assert env.ids("topic:p*") == PAIN_IDS | PSYCH_IDS
    assert env.ids("topic:pai") == set()


def test_tag_matches_ignoring_case_and_accents(env: Env) -> None:
    assert env.ids("tag:nmda") == {"pain-001", "psy-002"}
    assert env.ids("tag:depression") == {"psy-001", "psy-002"}  # the bank writes "Dépression"
    assert env.ids("tag:opioid*") == {"pain-002"}
    assert env.ids("tag:nothing-like-it") == set()


def test_type_matches_the_question_type(env: Env) -> None:
    assert env.ids("type:cloze") == {"pain-003"}
    assert env.ids("type:single_choice") == {"pain-001"}
    assert env.ids("type:*choice") == {"pain-001"}
    assert env.ids("type:true_false,numeric") == {"psy-002", "psy-004"}


def test_id_matches_exact_ids_lists_and_patterns(env: Env) -> None:
    assert env.ids("id:pain-001") == {"pain-001"}
    assert env.ids("id:PSY-00*") == PSYCH_IDS
    assert env.ids("id:pain-001,psy-004") == {"pain-001", "psy-004"}
    assert env.ids("id:pain_001") == set()  # `_` is a character here, not a wildcard


def test_difficulty_is_the_bank_level(env: Env) -> None:
    assert env.ids("difficulty:3") == {"pain-003", "psy-003"}
    assert env.ids("difficulty:1,2") == (PAIN_IDS | PSYCH_IDS) - {"pain-003", "psy-003"}


def test_is_new_learning_review_and_due_follow_the_answers(env: Env) -> None:
    everything = PAIN_IDS | PSYCH_IDS
    assert env.ids("is:new") == everything
    assert env.ids("is:due") == set()
    env.answer("pain-001", Rating.Easy)  # straight to review, due in some days
    env.answer("pain-002", Rating.Good)  # into the learning steps, due in minutes
    assert env.ids("is:new") == everything - {"pain-001", "pain-002"}
    assert env.ids("is:review") == {"pain-001"}
    assert env.ids("is:learning") == {"pain-002"}
    assert env.ids("is:due") == {"pain-002"}  # learning, due later today
    env.clock.advance(days=30)
    assert env.ids("is:due") == {"pain-001", "pain-002"}
    env.answer("pain-001", Rating.Again)  # a lapse: relearning is both learning and review
    assert env.ids("is:learning") == {"pain-001", "pain-002"}
    assert env.ids("is:review") == {"pain-001"}


def test_is_suspended_buried_flagged_and_leech(env: Env) -> None:
    env.service.suspend("pain-001")
    env.service.bury("pain-002")
    env.service.flag("psy-001")
    env.service.store.conn.execute("UPDATE cards SET leech = 1 WHERE question_id = 'psy-002'")
    assert env.ids("is:suspended") == {"pain-001"}
    assert env.ids("is:buried") == {"pain-002"}
    assert env.ids("is:flagged") == {"psy-001"}
    assert env.ids("is:leech") == {"psy-002"}
    env.answer("pain-003", Rating.Good)
    env.service.suspend("pain-003")
    assert "pain-003" not in env.ids("is:due")  # put aside: not offered today
    env.clock.advance(days=1)
    assert env.ids("is:buried") == set()  # back at the next study day


def test_rated_counts_study_days_and_ratings(env: Env) -> None:
    env.answer("pain-001", Rating.Again)
    env.clock.advance(days=1)
    env.answer("pain-002", Rating.Good)
    env.answer("pain-003", Rating.Again)
    assert env.ids("rated:1") == {"pain-002", "pain-003"}
    assert env.ids("rated:1:1") == {"pain-003"}
    assert env.ids("rated:2") == {"pain-001", "pain-002", "pain-003"}
    assert env.ids("rated:2:1") == {"pain-001", "pain-003"}
    assert env.ids("rated:2:4") == set()


def test_rated_counts_practice_answers_too(env: Env) -> None:
    from quizapp.study.custom import CustomStudy, start_custom

    session = start_custom(env.service, env.loaded.questions, env.search, CustomStudy("id:psy-004", reschedule=False))
    session.answer("psy-004", "2", None, Rating.Again, 3000)
    assert env.ids("rated:1:1") == {"psy-004"}
    assert env.ids("is:new") >= {"psy-004"}  # still new: practice moved nothing


def _set_card(env: Env, qid: str, **values: object) -> None:
    assignments = ", ".join(f"{k} = ?" for k in values)
    env.service.store.conn.execute(f"UPDATE cards SET {assignments} WHERE question_id = ?", (*values.values(), qid))


def test_prop_compares_lapses_reps_interval_stability_and_difficulty(env: Env) -> None:
    now = int(env.clock.now().timestamp())
    day = 86400
    _set_card(env, "pain-001", state=2, lapses=4, reps=9, stability=40.0, fsrs_difficulty=7.5, last_review=now - day,
              due=now + 30 * day)
    _set_card(env, "pain-002", state=2, lapses=1, reps=3, stability=5.0, fsrs_difficulty=3.0, last_review=now - day,
              due=now + 4 * day)
    assert env.ids("prop:lapses>3") == {"pain-001"}
    assert env.ids("prop:lapses>=1") == {"pain-001", "pain-002"}
    assert env.ids("prop:reps=3") == {"pain-002"}
    assert env.ids("prop:interval>=30") == {"pain-001"}
    assert env.ids("prop:ivl<10") == {"pain-002"}  # new cards have no interval
    assert env.ids("prop:stability>10") == {"pain-001"}
    assert env.ids("prop:difficulty<5") == {"pain-002"}
    assert env.ids("prop:lapses!=4") == (PAIN_IDS | PSYCH_IDS) - {"pain-001"}


def test_prop_due_counts_days_from_today(env: Env) -> None:
    start = int(moment_of(env.service).day_start)
    day = 86400
    _set_card(env, "pain-001", state=2, stability=10.0, last_review=start - day, due=start + day + 3600)  # tomorrow
    _set_card(env, "pain-002", state=2, stability=10.0, last_review=start - day, due=start + 3600)  # today
    _set_card(env, "pain-003", state=2, stability=10.0, last_review=start - 9 * day, due=start - 2 * day)  # overdue
    assert env.ids("prop:due=1") == {"pain-001"}
    assert env.ids("prop:due=0") == {"pain-002"}
    assert env.ids("prop:due<=1") == {"pain-001", "pain-002", "pain-003"}
    assert env.ids("prop:due<0") == {"pain-003"}


def test_prop_retrievability_follows_fsrs_forgetting_curve(env: Env) -> None:
    now = int(env.clock.now().timestamp())
    day = 86400
    _set_card(env, "pain-001", state=2, stability=100.0, last_review=now - day, due=now + 90 * day)  # fresh
    _set_card(env, "pain-002", state=2, stability=2.0, last_review=now - 20 * day, due=now - 18 * day)  # faded
    assert env.ids("prop:retrievability<0.8") == {"pain-002"}
    assert env.ids("prop:r>0.95") == {"pain-001"}
    card = env.service.card("pain-002")
    expected = env.service.srs().retrievability(card.srs, env.clock.now())
    line = env.search.lines(["pain-002"], moment_of(env.service))["pain-002"]
    assert line.retrievability == pytest.approx(expected)


def test_negation_or_and_parentheses(env: Env) -> None:
    assert env.ids("ketamine -nmda") == env.ids("ketamine") - env.ids("nmda")
    assert env.ids("-topic:pain") == PSYCH_IDS
    assert env.ids("spravato or hyperalgesia") == {"psy-001", "pain-003"}
    assert env.ids("(topic:pain or tag:esketamine) difficulty:3") == {"pain-003", "psy-003"}
    assert env.ids("-(topic:pain or topic:psych)") == set()
    assert env.ids("-prop:interval>5") == PAIN_IDS | PSYCH_IDS  # no card has an interval: none is excluded


def test_the_empty_query_finds_every_loaded_question_in_bank_order(env: Env) -> None:
    assert env.find("") == ["pain-001", "pain-002", "pain-003", "pain-004",
                            "psy-001", "psy-002", "psy-003", "psy-004"]


# ----- sorting ------------------------------------------------------------------------------------------
def test_results_sort_by_a_column_either_way_with_blanks_last(env: Env) -> None:
    now = int(env.clock.now().timestamp())
    for qid, days in (("psy-004", 3), ("pain-002", 1), ("psy-001", 9)):
        _set_card(env, qid, state=2, stability=float(days), last_review=now, due=now + days * 86400)
    assert env.find("", order="due")[:3] == ["pain-002", "psy-004", "psy-001"]
    assert env.find("", order="due", descending=True)[:3] == ["psy-001", "psy-004", "pain-002"]
    assert env.find("", order="interval")[:3] == ["pain-002", "psy-004", "psy-001"]
    prompts = [env.search.lines([q], moment_of(env.service))[q].shown for q in env.find("topic:psych", order="prompt")]
    assert prompts == sorted(prompts, key=str.casefold)
    assert env.find("topic:pain", order="type") == ["pain-003", "pain-004", "pain-002", "pain-001"]
    with pytest.raises(ValueError, match="cannot sort by 'colour'"):
        env.find("", order="colour")


def test_table_lines_give_the_shown_text_type_and_card_numbers(env: Env) -> None:
    env.answer("pain-001", Rating.Easy)
    env.service.flag("pain-001")
    lines = env.search.lines(["pain-001", "pain-003", "no-such-id"], moment_of(env.service))
    assert set(lines) == {"pain-001", "pain-003"}
    first = lines["pain-001"]
    assert first.shown == "Which receptor does ketamine block to ease neuropathic pain?"
    assert (first.topic, first.qtype, first.state, first.reps, first.flagged) == ("pain", "single_choice", 2, 1, True)
    assert first.interval is not None and first.interval >= 1 and first.due is not None
    cloze = lines["pain-003"]
    assert cloze.shown.startswith("Low-dose ketamine infusions reduce {{hyperalgesia}}")  # no prompt: its text
    assert cloze.due is None and cloze.interval is None and cloze.stability is None


# ----- keeping the index in step ------------------------------------------------------------------------
def test_an_unchanged_load_indexes_nothing_again(env: Env) -> None:
    report = env.search.sync(env.loaded.questions, env.data / "cache" / "banks", env.loaded.cache_keys)
    assert report.indexed == report.questions == report.dropped == 0
    fresh = Search(env.data)  # another process (quizapp search) on the same folder: the entries are there
    report = fresh.sync(env.loaded.questions, env.data / "cache" / "banks", env.loaded.cache_keys)
    assert report.indexed == 0 and fresh.find("spravato", moment_of(env.service)) == ["psy-001"]
    fresh.close()


def test_an_edited_bank_is_indexed_again_and_its_old_text_forgotten(env: Env) -> None:
    edited = PAIN.replace("Its opioid action is minor.", "Its opioid action is slight.")
    edited = edited.replace("  - id: pain-004", "  - id: pain-999").replace("Match each route", "Pair each route")
    (env.banks / "pain.yaml").write_text(edited, encoding="utf-8")
    before = env.search.index.current
    env.reload()
    after = env.search.index.current
    assert len(set(after) - set(before)) == 1  # only the edited bank's entry is new
    assert env.ids("minor") == set()
    assert env.ids("slight") == {"pain-001"}
    assert env.ids("pair") == {"pain-999"}
    assert "pain-004" not in env.ids("")  # gone from the banks: its card is inactive, not found
    conn = sqlite3.connect(index_path(env.data))
    assert conn.execute("SELECT COUNT(*) FROM banks").fetchone() == (2,)  # the old entry was dropped
    assert conn.execute("SELECT COUNT(*) FROM docs").fetchone() == (8,)
    conn.close()


def test_a_load_without_a_bank_cache_is_searchable_too(tmp_path: Path, clock: FakeClock) -> None:
    from quizapp.bank.loader import load_banks

    banks = write_banks(tmp_path / "banks")
    loaded = load_banks([banks])  # no cache: full questions in memory
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(loaded.questions)
        search = Search(tmp_path / "data")
        report = search.sync(loaded.questions)
        assert report.questions == 8
        assert search.find("hyperalgesia", moment_of(service)) == ["pain-003"]
        assert search.sync(loaded.questions).indexed == 0  # the same questions: nothing to redo
        search.close()


def test_a_damaged_index_is_rebuilt_and_progress_is_never_touched(env: Env) -> None:
    progress = (env.data / "progress.sqlite3").read_bytes()
    env.search.close()
    path = index_path(env.data)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    search = Search(env.data)
    report = search.sync(env.loaded.questions, env.data / "cache" / "banks", env.loaded.cache_keys)
    assert report.indexed == 2 and report.questions == 8
    assert search.find("spravato", moment_of(env.service)) == ["psy-001"]
    assert (env.data / "progress.sqlite3").read_bytes() == progress
    search.close()


def test_an_index_of_another_version_is_replaced(env: Env) -> None:
    env.search.close()
    conn = sqlite3.connect(index_path(env.data))
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    search = Search(env.data)
    assert search.sync(env.loaded.questions, env.data / "cache" / "banks", env.loaded.cache_keys).indexed == 2
    assert search.find("observe", moment_of(env.service)) == ["psy-003"]
    search.close()


def test_searching_while_a_session_writes_never_blocks_an_answer(env: Env) -> None:
    """The index's reading connection has the progress attached read-only; the study layer's own
    connection stays free of it, so an answer commits while a search statement is open."""
    cursor = env.search.conn.execute("SELECT question_id FROM p.cards")
    cursor.fetchone()  # a read in progress on the progress file
    env.clock.advance(timedelta(minutes=1))
    env.answer("pain-001", Rating.Good)
    assert env.service.card("pain-001").srs.reps == 1
    cursor.close()


# ----- how a query is run does not change what it finds ---------------------------------------------------
def test_a_common_word_with_a_filter_starts_from_the_cards_a_rare_one_from_the_word(env: Env) -> None:
    from quizapp.study.search import parse
    from quizapp.study.search.engine import statement

    env.answer("pain-001", Rating.Easy)
    common, rare = parse("ketamine -is:new"), parse("hyperalgesia is:new")
    scope = env.search.index.scope()
    sql, _ = statement(env.search.conn, common, scope, moment_of(env.service), None)
    assert sql.startswith("SELECT c.question_id FROM p.cards c")  # 6 of 8 questions hold the word
    sql, _ = statement(env.search.conn, rare, scope, moment_of(env.service), None)
    assert "FROM (SELECT rowid AS id FROM fts" in sql
    assert env.ids("ketamine -is:new") == {"pain-001"}
    assert env.ids("hyperalgesia is:new") == {"pain-003"}
    assert env.ids("ketamine is:new nmda") == {"pain-003", "psy-002"}


def test_bank_order_holds_after_an_edited_bank_is_indexed_again(env: Env) -> None:
    (env.banks / "pain.yaml").write_text(PAIN.replace("Match each route", "Pair each route"), encoding="utf-8")
    env.reload()
    assert list(env.search.index.current) != sorted(env.search.index.current)  # pain's entry is now the newest
    found = env.find("ketamine")
    assert found == [q for q in env.find("") if q in set(found)]  # bank order: pain's questions first
    assert found[0].startswith("pain-") and found[-1].startswith("psy-")
    assert env.find("ketamine", descending=True) == found[::-1]


def test_a_question_id_in_two_banks_is_found_once(env: Env) -> None:
    from search_bank import PSYCH

    twin = PSYCH.replace("id: psy-004", "id: pain-001")  # a load error: the first bank's question is kept
    (env.banks / "psych.yaml").write_text(twin, encoding="utf-8")
    from quizapp.bank.loader import load_banks

    cache = env.data / "cache" / "banks"
    loaded = load_banks([env.banks], cache, lazy=True)
    assert any("duplicate id 'pain-001'" in p.message for p in loaded.errors)
    env.service.sync(loaded.questions)
    env.search.sync(loaded.questions, cache, loaded.cache_keys)
    assert env.search.index.scope().hidden  # the twin's index row
    assert env.find("half-life") == []  # the dropped twin's text is not found under the kept question
    assert env.find("receptor") == ["pain-001", "psy-002"]
    assert env.find("receptor", order="prompt") == ["psy-002", "pain-001"]  # once each, sorted too
