"""What a chart is given: series of bars, lines of points, reference lines and the value and date axes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from PySide6.QtGui import QColor

from quizapp.ui.i18n import tr
from quizapp.ui.theme import Colors

# Series colours used in turn when a series names none: on a light background, and lighter ones on a dark one.
PALETTE = ("#2f66d0", "#d9822b", "#1b9e77", "#c2185b", "#7b61c9", "#8a6d3b")
DARK_PALETTE = ("#6d9eff", "#f0a35e", "#4fd1a5", "#f06292", "#a48ff0", "#c9a66b")

X = date | datetime | float


@dataclass(frozen=True)
class Series:
    """One set of bars, a value per category. Bars at `highlight` are drawn in `highlight_color` and get
    their own legend entry `highlight_name` (e.g. the weakest topics)."""

    name: str
    values: Sequence[float]
    color: str = ""
    highlight: frozenset[int] = field(default_factory=frozenset)
    highlight_color: str = ""
    highlight_name: str = ""


@dataclass(frozen=True)
class Line:
    """Points joined in order of x (dates, moments or numbers); `notes` adds a line per point to its tooltip."""

    name: str
    points: Sequence[tuple[X, float]]
    color: str = ""
    dashed: bool = False
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the plot at `value` (a target, a threshold), with a legend entry."""

    name: str
    value: float
    color: str = ""
    dashed: bool = True


@dataclass(frozen=True)
class ValueAxis:
    """A value axis from 0: `percent` is 0..100 labelled "n %"; `integer` takes whole-number steps (counts).
    The top is a round number at or above the largest value and `top`."""

    title: str = ""
    percent: bool = False
    integer: bool = False
    top: float = 0.0

    def format(self, value: float) -> str:
        if self.percent:
            return tr("{:.0f} %").format(value)
        if self.integer or float(value).is_integer():
            return f"{value:.0f}"
        return f"{value:.3g}"


@dataclass(frozen=True)
class DateAxis:
    """An axis of dates or moments, ticked at whole days, weeks, months or years."""

    title: str = ""


def palette(colors: Colors) -> tuple[str, ...]:
    """The series colours for a theme: the light palette, or the dark one on a dark background."""
    return DARK_PALETTE if QColor(colors.base).lightnessF() < 0.5 else PALETTE


def color_of(color: str, k: int, colors: Colors) -> str:
    """`color`, or the theme palette's k-th colour when none is given."""
    return color or palette(colors)[k % len(PALETTE)]
