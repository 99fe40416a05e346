"""Every user setting declared once (type, default, range, description), and their storage.

The settings dialog builds itself from SETTINGS; values are JSON in the `settings` table. A change of a
setting marked `synced` is also recorded as an event, so the student's other computers take it over.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fsrs.scheduler import DEFAULT_PARAMETERS, Scheduler

from quizapp.srs.config import SrsConfig
from quizapp.store.store import Store
from quizapp.study.classroom.credentials import check_server_address
from quizapp.study.clock import Clock, SystemClock
from quizapp.study.devicesync import record

Kind = Literal["int", "float", "bool", "choice", "minutes", "floats", "folder", "text"]


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    kind: Kind  # "minutes": a list of durations in minutes; "floats": a list of numbers; "folder": a path or ""
    default: Any
    label: str
    description: str
    group: str  # "scheduling" | "limits" | "answers" | "backups" | "sync" | "appearance" | "class" | "advanced"
    minimum: float | None = None
    maximum: float | None = None  # "text": the most characters
    choices: tuple[str, ...] = ()
    hidden: bool = False  # kept by the app, not shown in the dialog
    synced: bool = True  # the same on all the student's computers (False: this computer's own, e.g. a path)
    check: Callable[[str], str] | None = None  # "text": tidies a non-empty value, ValueError saying what is wrong
    example: str = ""  # "text": shown in the empty field


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("desired_retention", "float", 0.9, "Desired retention",
                "Probability of remembering a card when it comes back. Higher means more reviews.",
                "scheduling", 0.70, 0.99),
    SettingSpec("learning_steps", "minutes", [1.0, 10.0], "Learning steps (minutes)",
                "Delays before a new card graduates to day-long intervals.", "scheduling", 0.0, 1440.0),
    SettingSpec("relearning_steps", "minutes", [10.0], "Relearning steps (minutes)",
                "Delays for a forgotten card before it returns to day-long intervals.", "scheduling", 0.0, 1440.0),
    SettingSpec("maximum_interval", "int", 36500, "Maximum interval (days)",
                "The longest a card can wait between reviews.", "scheduling", 1, 36500),
    SettingSpec("fuzz", "bool", True, "Spread intervals",
                "Add a little randomness to intervals so cards learnt together do not stay together.",
                "scheduling"),
    SettingSpec("new_per_day", "int", 20, "New cards per day",
                "How many unseen questions a day's study may introduce.", "limits", 0, 9999),
    SettingSpec("reviews_per_day", "int", 200, "Reviews per day",
                "The most due reviews shown in one study day.", "limits", 0, 99999),
    SettingSpec("rollover_hour", "int", 4, "New day starts at (hour)",
                "Local hour at which a study day ends: late-night study counts for the day before.",
                "limits", 0, 23),
    SettingSpec("new_order", "choice", "interleaved", "Order of new cards",
                "Interleaved: the topics in turn, each in bank order. Bank: one bank after another. "
                "Random: shuffled.", "limits", choices=("interleaved", "bank", "random")),
    SettingSpec("leech_lapses", "int", 8, "Leech threshold (lapses)",
                "A card forgotten this many times is marked as a leech.", "answers", 1, 99),
    SettingSpec("leech_action", "choice", "tag", "When a card becomes a leech",
                "Only mark it, or also suspend it.", "answers", choices=("tag", "suspend")),
    SettingSpec("ask_confidence", "bool", True, "Ask “sure / unsure”",
                "Ask how sure you were on auto-graded questions; it adjusts the suggested rating.", "answers"),
    SettingSpec("fast_answer_seconds", "float", 10.0, "Fast answer (seconds)",
                "A right answer faster than this suggests Easy.", "answers", 1.0, 600.0),
    SettingSpec("backup_keep", "int", 7, "Daily backups to keep",
                "A copy of your progress is made each day; older copies beyond this number are removed.",
                "backups", 1, 365, synced=False),
    SettingSpec("sync_folder", "folder", "", "Sync folder",
                "A folder your computers already share (Syncthing, Nextcloud, Dropbox, OneDrive, a USB stick). "
                "Progress is synced through it on start, after each session, on quit and when it changes. "
                "Empty: no sync.", "sync", synced=False),
    SettingSpec("theme", "choice", "system", "Theme", "Colour scheme of the app.", "appearance",
                choices=("system", "light", "dark"), synced=False),
    SettingSpec("font_size", "int", 11, "Font size (points)", "Text size for questions and answers.",
                "appearance", 8, 32, synced=False),
    SettingSpec("class_server", "text", "", "Class server",
                "The address your instructor gave you. After each session your answers go there: the question, "
                "your response, rating and time, nothing else. Empty: nothing leaves this computer.", "class",
                maximum=500, check=check_server_address, example="postgresql://dbhost:5432/ketclass"),
    SettingSpec("class_student", "text", "", "Your class login",
                "The login the instructor gave you (or your name as the instructor typed it).", "class",
                maximum=63, example="ketclass_ada_lovelace"),
    SettingSpec("fsrs_parameters", "floats", [], "FSRS parameters",
                "Fitted to your reviews by the optimizer; empty means the defaults.", "advanced", hidden=True),
)
SPECS: Mapping[str, SettingSpec] = {s.key: s for s in SETTINGS}


def coerce(spec: SettingSpec, value: Any) -> Any:
    """The value in its declared type; ValueError with a readable message when it does not fit."""
    def in_range(x: float) -> float:
        if not math.isfinite(x):
            raise ValueError(f"{spec.label}: {x} is not a finite number")
        if (spec.minimum is not None and x < spec.minimum) or (spec.maximum is not None and x > spec.maximum):
            raise ValueError(f"{spec.label}: {x} is outside {spec.minimum}–{spec.maximum}")
        return x

    try:
        if spec.kind == "bool":
            if not isinstance(value, bool):
                raise TypeError
            return value
        if spec.kind == "int":
            if isinstance(value, bool) or int(value) != value:
                raise TypeError
            return int(in_range(int(value)))
        if spec.kind == "float":
            return float(in_range(float(value)))
        if spec.kind == "choice":
            if value not in spec.choices:
                raise ValueError(f"{spec.label}: choose one of {', '.join(spec.choices)}")
            return value
        if spec.kind == "text":
            return _text(spec, value)
        if spec.kind == "minutes":
            return [float(in_range(float(v))) for v in value]
        if spec.kind == "folder":
            if not isinstance(value, str) or len(value) > 4096 or "\0" in value:
                raise TypeError
            return value.strip()
        floats = [float(v) for v in value]  # floats: FSRS parameters, checked by fsrs itself
        if not all(math.isfinite(f) for f in floats):
            raise ValueError
        if floats:
            Scheduler(parameters=floats)  # ValueError: wrong count, or out of fsrs's bounds
        return floats
    except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: int() of an infinity
        if isinstance(exc, ValueError) and str(exc).startswith(spec.label):
            raise
        raise ValueError(f"{spec.label}: {value!r} is not a valid {spec.kind}") from exc


def _text(spec: SettingSpec, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    value = " ".join(value.split())
    if spec.maximum is not None and len(value) > spec.maximum:
        raise ValueError(f"{spec.label}: longer than {spec.maximum:g} characters")
    if value and spec.check is not None:
        try:
            return spec.check(value)
        except ValueError as exc:
            raise ValueError(f"{spec.label}: {exc}") from None
    return value


class Settings:
    """Setting values over the store; unknown keys raise KeyError, bad values ValueError."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self._store = store
        self._clock = clock or SystemClock()
        # Plain SQL (the `settings` table of quizapp.store.models): opening needs no ORM.
        stored = dict(store.conn.execute("SELECT key, value FROM settings").fetchall())
        self._values = {s.key: s.default for s in SETTINGS}
        for key, raw in stored.items():
            if key in SPECS:
                try:
                    self._values[key] = coerce(SPECS[key], json.loads(raw))
                except Exception:  # whatever the value, the folder must still open
                    pass  # a value this version cannot use keeps the default rather than failing to open

    def get(self, key: str) -> Any:
        return self._values[SPECS[key].key]

    def values(self) -> dict[str, Any]:
        return dict(self._values)

    def set(self, key: str, value: Any) -> Any:
        """Validate, store and commit; returns the value as stored."""
        spec = SPECS[key]
        value = coerce(spec, value)
        with self._store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))
            if spec.synced:
                record.setting_changed(conn, key, value, int(self._clock.now().timestamp()))
        self._values[key] = value
        return value

    def reset(self, key: str) -> Any:
        return self.set(key, SPECS[key].default)

    def srs_config(self) -> SrsConfig:
        return srs_config_of(self._values)


def srs_config_of(v: Mapping[str, Any]) -> SrsConfig:
    """The scheduling configuration that setting values (every key of SETTINGS) describe."""
    params = tuple(v["fsrs_parameters"]) or DEFAULT_PARAMETERS
    return SrsConfig(
        desired_retention=v["desired_retention"], learning_steps_min=tuple(v["learning_steps"]),
        relearning_steps_min=tuple(v["relearning_steps"]), maximum_interval_days=v["maximum_interval"],
        fuzz=v["fuzz"], new_per_day=v["new_per_day"], reviews_per_day=v["reviews_per_day"],
        rollover_hour=v["rollover_hour"], leech_lapses=v["leech_lapses"],
        leech_suspends=v["leech_action"] == "suspend", fast_answer_s=v["fast_answer_seconds"],
        parameters=params)
