"""Reading typed fields out of a positioned YAML mapping, reporting each mistake at its key."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.bank.problems import Problem, Severity
from quizapp.bank.yamlsafe import LList, LMap, Pos


class Missing(Exception):
    """Raised inside one question's parse to abandon it after its problem was recorded."""


@dataclass(slots=True)
class Report:
    """Collects problems for one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    # (id, line of the question, line and column of its id) of questions left out for errors: their ids
    # still count when ids are compared, so a duplicate is reported even when one copy is broken
    rejected: list[tuple[str, int, int, int]] = field(default_factory=list)

    def add(self, pos: Pos, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.file, pos.line, pos.column, message, severity))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", list: "a list", dict: "a mapping"}


@dataclass(slots=True)
class Fields:
    """One mapping under inspection; `used` tracks keys so unknown ones can be reported."""

    data: LMap
    report: Report
    what: str
    used: set[str] = field(default_factory=set)

    def where(self, key: str) -> Pos:
        return self.data.where(key)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def _fail(self, key: str, message: str) -> None:
        self.report.add(self.where(key), f"{self.what}: {message}")
        raise Missing

    def text(self, key: str, required: bool = True, allow_numbers: bool = True) -> str | None:
        value = self.raw(key)
        if value is None:
            if required:
                self._fail(key, f"missing '{key}'" if key not in self.data else f"'{key}' is empty")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self._fail(key, f"'{key}' must be text, not {_describe(value)}")
        if not isinstance(value, str) and not allow_numbers:
            self._fail(key, f"'{key}' must be text, not {_describe(value)}")
        text = str(value).strip()
        if _INVISIBLE.search(text):
            # Bidirectional overrides and zero-width characters can make a prompt read differently from
            # what the file says (or hide words); they have no place in study text.
            text = _INVISIBLE.sub("", text)
            self.report.add(self.where(key), f"{self.what}: invisible or right-to-left override characters "
                                             f"removed from '{key}'", "warning")
        if not text and required:
            self._fail(key, f"'{key}' is empty")
        return text or None

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._fail(key, f"'{key}' must be true or false, not {_describe(value)}")
        return value

    def number(self, key: str, required: bool = True) -> float | None:
        value = self.raw(key)
        if value is None:
            if required:
                self._fail(key, f"missing '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._fail(key, f"'{key}' must be a number, not {_describe(value)}")
        number = finite(value)
        if number is None:  # .nan is never equal to an answer, .inf beyond every one
            self._fail(key, f"'{key}' must be a finite number, not {value}")
        return number

    def text_list(self, key: str, required: bool = False, min_items: int = 0) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            if required:
                self._fail(key, f"missing '{key}'")
            return ()
        if isinstance(value, str):
            value = [value]  # a single tag or source may be written without brackets
        elif not isinstance(value, LList):
            self._fail(key, f"'{key}' must be a list of text, not {_describe(value)}")
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
                pos = value.where(i) if isinstance(value, LList) else self.where(key)
                self.report.add(pos, f"{self.what}: every item of '{key}' must be non-empty text")
                raise Missing
            out.append(str(item).strip())
        if len(out) < min_items:
            self._fail(key, f"'{key}' needs at least {min_items} items, has {len(out)}")
        return tuple(out)

    def check_unknown(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                hint = _closest(str(key), known)
                more = f" (did you mean '{hint}'?)" if hint else ""
                if self.data[key] is None and not hint:
                    more = " (a comma inside {...} ends a value: put quotes around text with commas)"
                self.report.add(self.where(key), f"{self.what}: unknown field '{key}'{more}", "warning")


def _describe(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, float):
        return "a number"
    return type(value).__name__


def _closest(word: str, options: set[str]) -> str | None:
    from difflib import get_close_matches

    found = get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return found[0] if found else None


def finite(value: int | float) -> float | None:
    """The value as a float, or None for NaN, an infinity, or an integer beyond a float's range."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
