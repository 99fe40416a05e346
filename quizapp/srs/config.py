"""The scheduling settings in one typed value, as the study layer reads them from the settings table."""

from __future__ import annotations

from dataclasses import dataclass

from fsrs.scheduler import DEFAULT_PARAMETERS


@dataclass(frozen=True, slots=True)
class SrsConfig:
    desired_retention: float = 0.9
    learning_steps_min: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_min: tuple[float, ...] = (10.0,)
    maximum_interval_days: int = 36500
    fuzz: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4  # the study day starts at 4 am local time, as in Anki
    leech_lapses: int = 8
    leech_suspends: bool = False
    fast_answer_s: float = 10.0  # a right answer faster than this suggests Easy
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
