"""FSRS scheduling of one card: review it, preview each rating's interval, estimate recall.

The algorithm is the `fsrs` package's Scheduler; this module only converts between the stored
card state and fsrs.Card, and makes the interval fuzz reproducible per card and review, so the
interval shown before answering is the one the answer gets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from random import Random

from fsrs import Rating, Scheduler
from fsrs.scheduler import FUZZ_RANGES, MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

from quizapp.srs.config import SrsConfig

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class CardState:
    """What scheduling needs of a card. Times are Unix seconds (UTC)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int = 0
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0


_FUZZ = tuple((r["start"], r["end"], r["factor"]) for r in FUZZ_RANGES)
_fuzz_ranges: dict[tuple[int, int], tuple[int, int]] = {}  # (days, maximum) -> (low, high): a few hundred


def fuzzed(interval: timedelta, u: float, maximum: int) -> timedelta:
    """fsrs's interval fuzz (its FUZZ_RANGES) with `u`, a uniform draw in [0, 1), as its random number."""
    days = interval.days
    if days < 2.5:
        return interval
    bounds = _fuzz_ranges.get((days, maximum))
    if bounds is None:
        spread = 0.0
        for start, end, factor in _FUZZ:
            spread += factor * max(min(float(days), end) - start, 0.0)
        delta = 1.0 + spread
        high = min(round(days + delta), maximum)
        bounds = _fuzz_ranges[days, maximum] = (min(max(2, round(days - delta)), high), high)
    low, high = bounds
    return timedelta(days=min(round(u * (high - low + 1) + low), maximum))


class _ReproducibleFuzzScheduler(Scheduler):
    """fsrs's Scheduler with the fuzz drawn from a per-review seed instead of the global RNG."""

    rng: Random

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        # Same ranges as fsrs (FUZZ_RANGES); only the source of randomness differs. Draws only when it
        # fuzzes, so the draw is always the seed's first number (Srs.outcomes relies on that).
        if interval.days < 2.5:
            return interval
        return fuzzed(interval, self.rng.random(), self.maximum_interval)


def _utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


_RATINGS = tuple(Rating)
_RECALLED = (Rating.Hard, Rating.Good, Rating.Easy)


class Outcomes:
    """A card's state after each rating, worked out once (one scheduler pass) at some moment.

    FSRS depends on the time of the answer only through the whole days since the last review, and
    the new due time is the answer's time plus the interval: so the outcomes made when a question is
    shown are exact for an answer given later, as long as the day count is the same (`after` checks).
    """

    __slots__ = ("_card", "_days", "_states")

    def __init__(self, card: CardState, days: int | None,
                 states: dict[Rating, tuple[int, int | None, float, float, timedelta]]) -> None:
        self._card, self._days, self._states = card, days, states

    def intervals(self, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card comes back after each rating, answered at `now` (whole seconds)."""
        base = int(now.timestamp())
        when = now.astimezone(UTC)
        return {r: timedelta(seconds=int((when + v[4]).timestamp()) - base) for r, v in self._states.items()}

    def valid(self, card: CardState, now: datetime) -> bool:
        """True if these outcomes hold for `card` answered at `now` (same state, same day count)."""
        return card == self._card and _elapsed_days(card, now.astimezone(UTC)) == self._days

    def after(self, card: CardState, rating: Rating, now: datetime) -> CardState | None:
        """The card after `rating` at `now`; None if these outcomes are not valid for it (another
        card state, or another whole number of days since its last review)."""
        if card != self._card or _elapsed_days(card, now.astimezone(UTC)) != self._days:
            return None
        state, step, stability, difficulty, interval = self._states[rating]
        when = now.astimezone(UTC)
        lapsed = card.state == REVIEW and rating == Rating.Again
        return CardState(state=state, step=step, stability=stability, difficulty=difficulty,
                         due=int((when + interval).timestamp()), last_review=int(when.timestamp()),
                         reps=card.reps + 1, lapses=card.lapses + (1 if lapsed else 0))


def _elapsed_days(card: CardState, when: datetime) -> int | None:
    if card.state == NEW or card.last_review is None:
        return None
    return (when - _utc(card.last_review)).days


class _Constants:
    """What fsrs's formulas share across cards, from one Scheduler."""

    __slots__ = ("d_easy", "decay", "factor", "interval_k", "p")

    def __init__(self, sch: Scheduler) -> None:
        self.p = tuple(sch.parameters)
        self.decay, self.factor = sch._DECAY, sch._FACTOR
        self.interval_k = (sch.desired_retention ** (1 / sch._DECAY)) - 1
        self.d_easy = self.p[4] - (math.e ** (self.p[5] * (4 - 1))) + 1  # _initial_difficulty(Easy, clamp=False)


class Srs:
    """Scheduling under one SrsConfig."""

    def __init__(self, config: SrsConfig) -> None:
        self.config = config
        self._scheduler = _ReproducibleFuzzScheduler(
            parameters=config.parameters,
            desired_retention=config.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in config.learning_steps_min),
            relearning_steps=tuple(timedelta(minutes=m) for m in config.relearning_steps_min),
            maximum_interval=config.maximum_interval_days,
            enable_fuzzing=config.fuzz,
        )
        self.decay = -self._scheduler.parameters[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self._w = _Constants(self._scheduler)
        p = self._w.p
        # A card without a memory state yet: fsrs's _initial_stability and _initial_difficulty(clamp=True)
        self._initial = [(max(p[r - 1], STABILITY_MIN),
                          min(max(p[4] - (math.e ** (p[5] * (r - 1))) + 1, MIN_DIFFICULTY), MAX_DIFFICULTY))
                         for r in (1, 2, 3, 4)]

    def outcomes(self, card: CardState, now: datetime, seed: str = "") -> Outcomes:
        """All four ratings' results in one pass: fsrs's formulas and its review_card's state machine
        (learning and relearning steps, fuzz), with the card converted, the elapsed days, the
        retrievability and each formula's rating-independent part worked out once, and the fuzz's seeded
        number drawn once (every rating's fuzz is the first number of the same seed). Each expression is
        fsrs's own, in its order of operations, so the results are bit for bit those of fsrs's
        review_card: tests/srs/test_one_pass.py compares every state, step, rating and day count."""
        sch = self._scheduler
        w = self._w
        when = now.astimezone(UTC)
        if card.state == NEW:
            state, step, stability, difficulty, last = LEARNING, 0, None, None, None
        else:
            state, step, stability, difficulty, last = (card.state, card.step, card.stability, card.difficulty,
                                                        card.last_review)
        days = _elapsed_days(card, when)
        if stability is None or difficulty is None:
            if state != LEARNING:
                raise ValueError(f"a card in state {state} needs a stability and a difficulty")
            memory = self._initial
        else:
            memory = self._memory(stability, difficulty, days, last)
        u: float | None = None
        states = {}
        for rating in _RATINGS:
            s, d = memory[rating - 1]
            if state == REVIEW:
                if rating == 1 and sch.relearning_steps:
                    new_state, new_step, interval = RELEARNING, 0, sch.relearning_steps[0]
                else:
                    new_state, new_step, interval = REVIEW, None, None
            else:
                steps = sch.learning_steps if state == LEARNING else sch.relearning_steps
                new_state, new_step, interval = _stepped(steps, step or 0, rating, state)
            if interval is None:  # fsrs's _next_interval: whole days, at least 1, at most the maximum
                interval = timedelta(days=min(max(round((s / w.factor) * w.interval_k), 1), sch.maximum_interval))
            if new_state == REVIEW and sch.enable_fuzzing and interval.days >= 2.5:
                if u is None:
                    u = Random(f"{seed}:{card.reps}").random()
                interval = fuzzed(interval, u, sch.maximum_interval)
            states[rating] = (new_state, new_step, s, d, interval)
        _spread(states, sch.maximum_interval)
        return Outcomes(card, days, states)

    def _memory(self, stability: float, difficulty: float, days: int | None, last: int | None
                ) -> list[tuple[float, float]]:
        """(stability, difficulty) after Again, Hard, Good, Easy for a card with a memory state (fsrs's
        _short_term_stability / _next_stability and _next_difficulty, their shared parts computed once)."""
        w = self._w
        p = w.p
        e = math.e
        difficulties = []
        for rating in (1, 2, 3, 4):
            delta = -(p[6] * (rating - 3))
            next_d = p[7] * w.d_easy + (1 - p[7]) * (difficulty + (10.0 - difficulty) * delta / 9.0)
            difficulties.append(min(max(next_d, MIN_DIFFICULTY), MAX_DIFFICULTY))
        if days is not None and days < 1:  # the same day: fsrs's short-term stability
            scale = stability ** -p[19]
            out = []
            for rating in (1, 2, 3, 4):
                increase = (e ** (p[17] * (rating - 3 + p[18]))) * scale
                if rating > 1:
                    increase = max(increase, 1.0)
                out.append((max(stability * increase, STABILITY_MIN), difficulties[rating - 1]))
            return out
        recall = 0.0 if last is None else (1 + w.factor * max(0, days or 0) / stability) ** w.decay
        long_term = p[11] * (difficulty ** -p[12]) * (((stability + 1) ** (p[13])) - 1) * (e ** ((1 - recall) * p[14]))
        forget = min(long_term, stability / (e ** (p[17] * p[18])))
        grow = (e ** (p[8])) * (11 - difficulty) * (stability ** -p[9]) * ((e ** ((1 - recall) * p[10])) - 1)
        return [(max(forget, STABILITY_MIN), difficulties[0]),
                (max(stability * (1 + grow * p[15] * 1), STABILITY_MIN), difficulties[1]),
                (max(stability * (1 + grow * 1 * 1), STABILITY_MIN), difficulties[2]),
                (max(stability * (1 + grow * 1 * p[16]), STABILITY_MIN), difficulties[3])]

    def review(self, card: CardState, rating: Rating, now: datetime, seed: str = "") -> CardState:
        """The card after answering with `rating` at `now`. `seed` names the card (its question id)."""
        after = self.outcomes(card, now, seed).after(card, Rating(rating), now)
        assert after is not None  # made for this very moment
        return after

    def preview(self, card: CardState, now: datetime, seed: str = "") -> dict[Rating, timedelta]:
        """How long until the card comes back, for each rating, if answered at `now`."""
        return self.outcomes(card, now, seed).intervals(now)

    def retrievability(self, card: CardState, now: datetime) -> float:
        """FSRS's predicted probability of recall at `now` (0 for a card never answered)."""
        if card.last_review is None or card.stability is None:
            return 0.0
        elapsed_days = max(0, (int(now.timestamp()) - card.last_review) // 86400)
        return (1 + self.factor * elapsed_days / card.stability) ** self.decay

    def with_config(self, **changes: object) -> Srs:
        return Srs(replace(self.config, **changes))


def _spread(states: dict[Rating, tuple[int, int | None, float, float, timedelta]], maximum: int) -> None:
    """Anki's rule on top of fsrs: a better rating never brings a card back sooner or on the same day.

    Each rating that ends in review gets at least one day more than the rating below it that also does
    (Hard < Good < Easy), as Anki's passing_fsrs_review_intervals makes them; fsrs alone can give Hard
    and Good the same day count after rounding and fuzz, which reads as a mistake on the buttons. The
    maximum interval still caps every one of them.
    """
    below: int | None = None
    for rating in _RECALLED:
        new_state, new_step, s, d, interval = states[rating]
        if new_state != REVIEW:
            continue
        if below is not None and interval.days <= below:
            interval = timedelta(days=max(interval.days, min(below + 1, maximum)))
            states[rating] = (new_state, new_step, s, d, interval)
        below = interval.days


def _stepped(steps: tuple[timedelta, ...], step: int, rating: Rating, state: int
             ) -> tuple[int, int | None, timedelta | None]:
    """(state, step, interval) after a (re)learning step, as fsrs's review_card moves through `steps`;
    interval None: the card graduates to review, with FSRS's interval."""
    if not steps or (step >= len(steps) and rating in _RECALLED):
        return REVIEW, None, None
    if rating == Rating.Again:
        return state, 0, steps[0]
    if rating == Rating.Hard:
        if step == 0 and len(steps) == 1:
            return state, step, steps[0] * 1.5
        if step == 0 and len(steps) >= 2:
            return state, step, (steps[0] + steps[1]) / 2.0
        return state, step, steps[step]
    if rating == Rating.Good:
        if step + 1 == len(steps):
            return REVIEW, None, None
        return state, step + 1, steps[step + 1]
    return REVIEW, None, None
