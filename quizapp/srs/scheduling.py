"""FSRS scheduling of one card: review it, preview each rating's interval, estimate recall.

The algorithm is the `fsrs` package's Scheduler; this module only converts between the stored
card state and fsrs.Card, and makes the interval fuzz reproducible per card and review, so the
interval shown before answering is the one the answer gets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from random import Random

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

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


class _ReproducibleFuzzScheduler(Scheduler):
    """fsrs's Scheduler with the fuzz drawn from a per-review seed instead of the global RNG."""

    seed: str = ""
    _rng: Random | None = None

    def reseed(self, seed: str) -> None:
        # Seeding from a string hashes it (≈8 µs); most reviews (learning steps) draw no fuzz at all.
        self.seed, self._rng = seed, None

    @property
    def rng(self) -> Random:
        if self._rng is None:
            self._rng = Random(self.seed)
        return self._rng

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        # Same ranges as fsrs (FUZZ_RANGES); only the source of randomness differs.
        days = interval.days
        if days < 2.5:
            return interval
        delta = 1.0 + sum(r["factor"] * max(min(float(days), r["end"]) - r["start"], 0.0) for r in FUZZ_RANGES)
        high = min(round(days + delta), self.maximum_interval)
        low = min(max(2, round(days - delta)), high)
        fuzzed = round(self.rng.random() * (high - low + 1) + low)
        return timedelta(days=min(fuzzed, self.maximum_interval))


def _utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


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

    def _to_fsrs(self, card: CardState, now: datetime) -> Card:
        if card.state == NEW:
            # card_id given: fsrs.Card() would otherwise sleep 1 ms to make a unique id.
            return Card(card_id=0, state=State.Learning, step=0, due=now)
        return Card(card_id=0, state=State(card.state), step=card.step, stability=card.stability,
                    difficulty=card.difficulty, due=_utc(card.due),
                    last_review=_utc(card.last_review) if card.last_review is not None else None)

    def review(self, card: CardState, rating: Rating, now: datetime, seed: str = "") -> CardState:
        """The card after answering with `rating` at `now`. `seed` names the card (its question id)."""
        when = now.astimezone(UTC)
        self._scheduler.reseed(f"{seed}:{card.reps}")
        after, _log = self._scheduler.review_card(self._to_fsrs(card, when), rating, when)
        lapsed = card.state == REVIEW and rating == Rating.Again
        return CardState(
            state=int(after.state), step=after.step, stability=after.stability, difficulty=after.difficulty,
            due=int(after.due.timestamp()), last_review=int(when.timestamp()),
            reps=card.reps + 1, lapses=card.lapses + (1 if lapsed else 0))

    def preview(self, card: CardState, now: datetime, seed: str = "") -> dict[Rating, timedelta]:
        """How long until the card comes back, for each rating, if answered at `now`."""
        base = int(now.timestamp())
        return {r: timedelta(seconds=self.review(card, r, now, seed).due - base) for r in Rating}

    def retrievability(self, card: CardState, now: datetime) -> float:
        """FSRS's predicted probability of recall at `now` (0 for a card never answered)."""
        if card.last_review is None or card.stability is None:
            return 0.0
        elapsed_days = max(0, (int(now.timestamp()) - card.last_review) // 86400)
        return (1 + self.factor * elapsed_days / card.stability) ** self.decay

    def with_config(self, **changes: object) -> Srs:
        return Srs(replace(self.config, **changes))
