"""The home screen's numbers per topic, and the weak-topics drill."""

from __future__ import annotations

from dataclasses import replace

from quizapp.study import Rating, Selection, StudyService
from quizapp.study.counts import TopicCounts


def test_counts_per_topic_follow_the_answers(service, questions, clock, drain):
    service.settings.set("new_per_day", 6)
    assert {t: (c.total, c.new, c.due, c.learning) for t, c in service.counts().items()} == {
        "pd": (20, 20, 0, 0), "pk": (20, 20, 0, 0)}
    s = service.start_session(questions, Selection.of(topics=["pk"]), seed=0)
    first = s.next().question_id
    s.answer(first, True, None, Rating.Again, 1000)  # stays in learning
    for item in iter(s.next, None):
        if item.question_id != first:
            s.answer(item.question_id, True, None, Rating.Easy, 1000)
        else:
            s.forget(first)
    pk = service.counts()["pk"]
    assert (pk.new, pk.learning, pk.studied) == (14, 1, 6)
    assert 0 < pk.mastery < 1 and pk.recall == 1.0
    assert pk.next_due is not None and pk.next_due > clock.now()
    clock.advance(days=365)
    later = service.counts()["pk"]
    assert later.due == 5 and later.recall < 0.9
    assert service.totals().total == 40
    assert service.counts(Selection.of(topics=["pd"])).keys() == {"pd"}


def test_weak_topics_drill_starts_with_the_least_remembered(service, questions, clock):
    service.settings.set("new_per_day", 40)
    s = service.start_session(questions, seed=0)
    for item in iter(s.next, None):
        rating = Rating.Hard if questions[item.question_id].topic == "pd" else Rating.Easy
        s.answer(item.question_id, True, None, rating, 1000)
        if s.remaining.learning:  # take Hard cards through their steps
            clock.advance(minutes=15)
    clock.advance(days=20)
    weakest = service.weak_topics(1)
    assert [c.topic for c in weakest] == ["pd"]
    drill = service.start_drill(questions, size=5, seed=0)
    assert drill.remaining.review == 5
    assert all(questions[drill.next().question_id].topic == "pd" for _ in range(5))


def test_counts_per_tag_in_one_query_match_a_selection_of_that_tag(tmp_path, clock, question_maker):
    questions = question_maker(30, topics=("a", "b", "c"))  # every topic holds both tags
    with StudyService.open(tmp_path / "tags", clock) as service:
        service.sync(questions)
        s = service.start_session(questions, seed=3)
        for rating in [Rating.Again, Rating.Good, Rating.Easy, Rating.Hard, Rating.Good, Rating.Again]:
            item = s.next()
            s.answer(item.question_id, True, None, rating, 1000)
        service.suspend(s.next().question_id)
        clock.advance(days=3)
        by_tag = service.tag_counts()
        assert {topic: set(tags) for topic, tags in by_tag.items()} == {topic: {"even", "odd"} for topic in "abc"}
        for tag in ("even", "odd"):
            expected = service.counts(Selection.of(tags=[tag]))
            assert {topic: _rounded(by_tag[topic][tag]) for topic in expected} == {
                topic: _rounded(c) for topic, c in expected.items()}
        assert sum(c.studied for tags in by_tag.values() for c in tags.values()) == 6  # one tag per question
        assert sum(c.suspended for tags in by_tag.values() for c in tags.values()) == 1


def _rounded(c: TopicCounts) -> TopicCounts:
    """Sums of retrievability added up in another order differ in the last bits."""
    return replace(c, mastery=round(c.mastery, 9), recall=None if c.recall is None else round(c.recall, 9))
