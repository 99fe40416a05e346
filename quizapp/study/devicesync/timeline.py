"""Which scheduling settings were in force when: the merged setting events as a timeline of FSRS configurations.

A replay schedules each answer with the settings in force at its time (in event order), so recomputing a
card gives what the student saw when answering, and a change of settings does not reschedule the past.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from quizapp.srs.config import SrsConfig
from quizapp.srs.scheduling import Srs
from quizapp.study.settings import SETTINGS, SPECS, coerce, srs_config_of

# The settings a replay depends on; a change of any other (daily limits, the theme) leaves card states alone.
REPLAY_KEYS = ("desired_retention", "learning_steps", "relearning_steps", "maximum_interval", "fuzz",
               "fsrs_parameters", "leech_lapses", "leech_action")

Key = tuple[int, str]  # (time, event id): the order of the merged log
BEFORE_ALL: Key = (-1, "")


@dataclass(frozen=True, slots=True)
class Rules:
    """What scheduling one answer needs: FSRS under the settings of its time, and the leech rule."""

    srs: Srs
    leech_lapses: int
    leech_suspends: bool


class Timeline:
    """The replay-relevant setting events, oldest first; `at(key)` gives the rules in force at `key`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        values: dict[str, Any] = {s.key: s.default for s in SETTINGS}
        marks = ", ".join("?" for _ in REPLAY_KEYS)
        rows = conn.execute(f"SELECT at, id, ref, body FROM sync_events WHERE kind = 'setting' AND ref IN ({marks}) "
                            "ORDER BY at, id", REPLAY_KEYS).fetchall()
        cache: dict[SrsConfig, Rules] = {}
        self._keys: list[Key] = [BEFORE_ALL]
        self._rules: list[Rules] = [self._make(srs_config_of(values), cache)]
        for at, event_id, key, body in rows:
            try:
                values[key] = coerce(SPECS[key], json.loads(body)["value"])
            except (ValueError, TypeError, KeyError):
                continue  # a value this version cannot use changes nothing
            self._keys.append((at, event_id))
            self._rules.append(self._make(srs_config_of(values), cache))

    @staticmethod
    def _make(config: SrsConfig, cache: dict[SrsConfig, Rules]) -> Rules:
        if config not in cache:
            cache[config] = Rules(Srs(config), config.leech_lapses, config.leech_suspends)
        return cache[config]

    def at(self, key: Key) -> Rules:
        return self._rules[bisect.bisect_right(self._keys, key) - 1]

    @property
    def changes(self) -> int:
        return len(self._keys) - 1
