"""StudyService.home(): the home screen's figures from one scan are those of the separate calls."""

from __future__ import annotations

from dataclasses import replace

from quizapp.bank.types.flashcard import Flashcard
from quizapp.study import Rating, StudyService, TopicCounts


def _rounded(c: TopicCounts) -> TopicCounts:
    """Sums of retrievability added up in another order differ in the last bits."""
    return replace(c, mastery=round(c.mastery, 9), recall=None if c.recall is None else round(c.recall, 9))


def test_home_numbers_match_counts_tag_counts_weak_topics_and_today(tmp_path, clock):
    questions = {}
    for i in range(45):  # several tags per card, some none, topics of different sizes
        tags = [("even", "odd")[i % 2], *(["x"] if i % 3 == 0 else [])] if i % 7 else []
        q = Flashcard(id=f"q{i:03d}", prompt=f"P{i}", back=f"B{i}", topic=("a", "b", "c", "d")[i % 4 if i < 40 else 0],
                      tags=tuple(tags), difficulty=1)
        q.content_hash = q.compute_hash()
        questions[q.id] = q
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(questions)
        s = service.start_session(questions, seed=5)
        for k in range(14):
            item = s.next()
            s.answer(item.question_id, True, None, Rating(1 + k % 4), 1000)
        service.suspend(s.next().question_id)
        service.bury(s.next().question_id)
        clock.advance(days=2)
        home = service.home()
        assert {t: _rounded(c) for t, c in home.topics.items()} == {t: _rounded(c) for t, c in service.counts().items()}
        assert {t: {g: _rounded(c) for g, c in tags.items()} for t, tags in home.tags.items()} == {
            t: {g: _rounded(c) for g, c in tags.items()} for t, tags in service.tag_counts().items()}
        assert home.weak == tuple(c.topic for c in service.weak_topics())
        assert home.today == service.today()
        assert sum(c.total for c in home.topics.values()) == 45
