"""Studying one topic beyond today's new-card limit: Anki's "extra new cards today for this topic"."""

from __future__ import annotations

from quizapp.study import Rating, Selection, StudyService


def _shown(session, n: int) -> list[str]:
    out = []
    while len(out) < n and (item := session.next()) is not None:
        out.append(item.question_id)
        session.answer(item.question_id, True, None, Rating.Easy, 3000)
    return out


def test_extra_new_cards_for_one_topic_go_beyond_todays_limit(tmp_path, clock, question_maker) -> None:
    questions = question_maker(30, topics=("pk", "pd", "history"))
    with StudyService.open(tmp_path / "d", clock) as svc:
        svc.sync(questions)
        svc.settings.set("new_per_day", 3)
        _shown(svc.start_session(questions, seed=1), 3)  # today's limit is used up
        topic = Selection.of(topics=["history"])
        assert svc.start_session(questions, topic).remaining.new == 0
        session = svc.start_session(questions, topic, extra_new=4)
        assert session.remaining.new == 4
        shown = _shown(session, 10)
        assert len(shown) == 4 and all(questions[q].topic == "history" for q in shown)
        assert svc.start_session(questions).remaining.new == 0  # the extra was for that session only
