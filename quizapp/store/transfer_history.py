"""Review history from another tool (Anki's revlog) as progress: the same data a progress file holds.

Each question's answers are replayed, oldest first, through the app's own FSRS scheduling, so the card
ends where the app itself would have put it after those answers; the answers become review-log rows. The
result goes through `transfer.plan_import` / `apply_import` like any progress file: a backup first,
nothing newer on this computer replaced unless the student says so, importing twice adds nothing twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from quizapp import __version__
from quizapp.srs.scheduling import CardState
from quizapp.store import transfer, transfer_check

if TYPE_CHECKING:
    from quizapp.srs.scheduling import Srs

_STATE_FIELDS = tuple(f.name for f in fields(CardState))


class Answer(Protocol):
    at: int  # Unix seconds
    rating: int  # 1-4: Again, Hard, Good, Easy
    duration_ms: int | None


def _snapshot(state: CardState) -> str:
    """The card before an answer, as the app's own log rows keep it (what undo restores)."""
    return json.dumps({**{name: getattr(state, name) for name in _STATE_FIELDS}, "suspended": False, "leech": False})


def history_progress(histories: Mapping[str, Sequence[Answer]], srs: Srs, now: datetime,
                     source: str = "") -> dict[str, Any]:
    """A progress file's data holding, per question id, its card after `histories` and their log rows."""
    from fsrs import Rating

    cards, log = [], []
    latest = int(now.timestamp())
    for qid, answers in histories.items():
        state = CardState()
        for answer in sorted(answers, key=lambda a: a.at):
            if not 1 <= answer.rating <= 4 or not 0 <= answer.at <= latest:
                continue  # a rating FSRS has no name for, or a clock that ran ahead: not an answer to replay
            log.append({"question_id": qid, "reviewed_at": answer.at, "rating": answer.rating, "score": None,
                        "response": None, "duration_ms": answer.duration_ms, "confident": None,
                        "state_before": state.state, "card_before": _snapshot(state)})
            state = srs.review(state, Rating(answer.rating), datetime.fromtimestamp(answer.at, UTC), seed=qid)
        if state.reps:
            cards.append({"question_id": qid, "state": state.state, "step": state.step,
                          "stability": state.stability, "fsrs_difficulty": state.difficulty, "due": state.due,
                          "last_review": state.last_review, "reps": state.reps, "lapses": state.lapses})
    data = {"format": transfer.FORMAT, "version": transfer.VERSION, "app_version": __version__, "schema": None,
            "exported_at": now.isoformat(), "source": source, **{part: [] for part in transfer.PARTS},
            "cards": cards, "review_log": log, "settings": {}}
    found = transfer_check.problems(data, now, lambda _record: None)
    if found:  # the replay made something the store would refuse: a bug here, never the student's data
        raise transfer.TransferError(f"The review history cannot be imported: {found[0][1]}")
    return data
