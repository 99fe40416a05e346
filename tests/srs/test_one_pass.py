"""The one-pass scheduler (Srs.outcomes) against fsrs's own review_card, the plain path: the same card
after every rating, in every state and (re)learning step, with and without fuzz, and the outcomes made
when a question is shown still exact when it is answered later on the same day count. On top of fsrs,
Anki's rule that Hard < Good < Easy in whole days (`spread` below) is expected too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from random import Random

from fsrs import Card, Rating, State
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.srs import LEARNING, NEW, RELEARNING, REVIEW, CardState, Srs, SrsConfig

NOW = datetime(2025, 3, 10, 9, 0, 0, 123456, tzinfo=UTC)
STEPS = st.sampled_from([(), (1.0,), (1.0, 10.0), (5.0, 30.0, 240.0)])


def plain(srs: Srs, card: CardState, rating: Rating, now: datetime, seed: str) -> CardState:
    """How the app scheduled an answer before the one pass: fsrs.Scheduler.review_card on a converted card,
    its fuzz seeded per card and review."""
    when = now.astimezone(UTC)
    if card.state == NEW:
        fsrs_card = Card(card_id=0, state=State.Learning, step=0, due=when)
    else:
        def utc(ts: int) -> datetime:
            return datetime.fromtimestamp(ts, UTC)

        fsrs_card = Card(card_id=0, state=State(card.state), step=card.step, stability=card.stability,
                         difficulty=card.difficulty, due=utc(card.due),
                         last_review=utc(card.last_review) if card.last_review is not None else None)
    scheduler = srs._scheduler
    scheduler.rng = Random(f"{seed}:{card.reps}")
    after, _ = scheduler.review_card(fsrs_card, rating, when)
    lapsed = card.state == REVIEW and rating == Rating.Again
    return CardState(int(after.state), after.step, after.stability, after.difficulty, int(after.due.timestamp()),
                     int(when.timestamp()), card.reps + 1, card.lapses + (1 if lapsed else 0))


def spread(after: dict[Rating, CardState], now: datetime, maximum: int) -> dict[Rating, CardState]:
    """Anki's rule (passing_fsrs_review_intervals) applied to fsrs's results, written out independently:
    each passing rating that ends in review comes back at least a day after the one below it."""
    base = int(now.timestamp())
    out = dict(after)
    below = None
    for rating in (Rating.Hard, Rating.Good, Rating.Easy):
        card = out[rating]
        if card.state != REVIEW:
            continue
        days = (card.due - base) // 86400
        if below is not None and days <= below and days < maximum:
            days = min(below + 1, maximum)
            out[rating] = CardState(card.state, card.step, card.stability, card.difficulty, base + days * 86400,
                                    card.last_review, card.reps, card.lapses)
        below = days
    return out


@st.composite
def cards(draw: st.DrawFn) -> CardState:
    state = draw(st.sampled_from([NEW, LEARNING, REVIEW, RELEARNING]))
    if state == NEW:
        return CardState(reps=draw(st.integers(0, 3)))
    last = int(NOW.timestamp()) - draw(st.integers(0, 400 * 86400))
    step = draw(st.integers(0, 4)) if state in (LEARNING, RELEARNING) else None
    fresh = state == LEARNING and draw(st.booleans())  # a learning card without a memory state yet
    return CardState(state, step, None if fresh else draw(st.floats(0.01, 3000)),
                     None if fresh else draw(st.floats(1, 10)), last + draw(st.integers(60, 90 * 86400)),
                     None if fresh and draw(st.booleans()) else last, draw(st.integers(1, 40)), draw(st.integers(0, 9)))


@settings(max_examples=600, deadline=None)
@given(card=cards(), learning=STEPS, relearning=STEPS, fuzz=st.booleans(), seed=st.text(max_size=8),
       maximum=st.sampled_from([36500, 30]), retention=st.sampled_from([0.9, 0.8, 0.97]))
def test_every_rating_gives_what_fsrs_review_card_gives(card, learning, relearning, fuzz, seed, maximum, retention):
    srs = Srs(SrsConfig(learning_steps_min=learning, relearning_steps_min=relearning, fuzz=fuzz,
                        maximum_interval_days=maximum, desired_retention=retention))
    outcomes = srs.outcomes(card, NOW, seed)
    intervals = outcomes.intervals(NOW)
    expect = spread({rating: plain(srs, card, rating, NOW, seed) for rating in Rating}, NOW, maximum)
    for rating in Rating:
        expected = expect[rating]
        assert outcomes.after(card, rating, NOW) == expected
        assert srs.review(card, rating, NOW, seed) == expected
        assert intervals[rating] == timedelta(seconds=expected.due - int(NOW.timestamp()))


@settings(max_examples=300, deadline=None)
@given(card=cards(), seconds=st.integers(1, 3 * 86400), fuzz=st.booleans())
def test_outcomes_made_when_shown_are_exact_at_the_answer_on_the_same_day_count(card, seconds, fuzz):
    srs = Srs(SrsConfig(fuzz=fuzz))
    shown, answered = NOW, NOW + timedelta(seconds=seconds, microseconds=seconds % 997)
    outcomes = srs.outcomes(card, shown, "q1")
    same_day_count = card.state == NEW or card.last_review is None or (
        (answered - datetime.fromtimestamp(card.last_review, UTC)).days
        == (shown - datetime.fromtimestamp(card.last_review, UTC)).days)
    expect = spread({rating: plain(srs, card, rating, answered, "q1") for rating in Rating}, answered, 36500)
    for rating in Rating:
        reused = outcomes.after(card, rating, answered)
        if same_day_count:
            assert reused == expect[rating]
        else:
            assert reused is None  # another day count: the caller schedules afresh
    other = CardState(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review,
                      card.reps + 1, card.lapses)
    assert outcomes.after(other, Rating.Good, shown) is None  # made for another card state


@settings(max_examples=400, deadline=None)
@given(card=cards(), fuzz=st.booleans(), seed=st.text(max_size=8), maximum=st.sampled_from([36500, 30]))
def test_a_better_rating_never_brings_a_card_back_on_the_same_day_or_sooner(card, fuzz, seed, maximum):
    """The buttons' intervals: Hard, Good and Easy that end in review differ by at least a day (as in
    Anki), unless the maximum interval caps them."""
    srs = Srs(SrsConfig(fuzz=fuzz, maximum_interval_days=maximum))
    outcomes = srs.outcomes(card, NOW, seed)
    intervals = outcomes.intervals(NOW)
    passing = [intervals[r].days for r in (Rating.Hard, Rating.Good, Rating.Easy)
               if outcomes.after(card, r, NOW).state == REVIEW]
    for lower, higher in pairwise(passing):
        assert higher > lower or higher == lower == maximum
