"""The QPainter charts (quizapp/ui/charts): what they paint, in both themes, at twice the font size and in a
window as small as they allow; round ticks; the value under the mouse and the keys; words for screen readers."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from itertools import combinations, pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from quizapp.ui import theme
from quizapp.ui.charts import BarChart, CalendarHeatmap, Chart, DateAxis, Line, LineChart, Reference, Series, ValueAxis
from quizapp.ui.charts.ticks import date_ticks, day_number, value_scale

TOPICS = ["adverse-effects", "anaesthesia", "chemistry", "depression", "future", "history", "mechanism", "pain",
          "pharmacokinetics", "psychiatry-research"]
START = date(2026, 11, 30)


def is_round(step: float) -> bool:
    """1, 2 or 5 × 10^n."""
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 5))


def forecast(colors: theme.Colors) -> BarChart:
    counts = [6, 13, 13, 12, 6, 6, 7, 7, 9, 5, 6, 10, 13, 4, 10, 9, 5, 12, 9, 1, 7, 8, 3, 3, 3, 7, 4, 5, 2, 0]
    return BarChart("Due per day", [START + timedelta(days=k) for k in range(30)], [Series("due", counts)], colors,
                    value_axis=ValueAxis("questions", integer=True), category_title="due date")


def mastery(colors: theme.Colors) -> BarChart:
    return BarChart("Mastery per topic", TOPICS,
                    [Series("mastery", [95, 40, 96, 95, 94, 96, 95, 96, 97, 12], colors.accent,
                            highlight=frozenset({9}), highlight_color=colors.bad, highlight_name="weakest"),
                     Series("recall", [96, 50, 97, 95, 94, 96, 95, 96, 97, 30], colors.good)],
                    colors, value_axis=ValueAxis(percent=True), horizontal=True)


def bins(colors: theme.Colors) -> BarChart:
    return BarChart("Stability", ["0–1d", "1–3d", "3–7d", "1–2w", "2–4w", "1–3m", "3–6m", "6–12m", "1y+"],
                    [Series("questions", [0, 3, 10, 12, 72, 171, 144, 67, 3])], colors,
                    value_axis=ValueAxis("questions", integer=True), category_title="d days, w weeks, m months")


def retention(colors: theme.Colors) -> LineChart:
    weeks = [START - timedelta(weeks=17 - k) for k in range(18)]
    values = [87, 80, 93, 87, 84, 82, 86, 83, 89, 94, 88, 94, 87, 87, 94, 87, 91, 94]
    return LineChart("True retention by week", [Line("retention", list(zip(weeks, values, strict=True)),
                                                     notes=[f"{v} of 100 reviews passed" for v in values])],
                     colors, y_axis=ValueAxis("passed", percent=True), x_axis=DateAxis("week starting"),
                     references=[Reference("desired", 90)])


def exams(colors: theme.Colors) -> LineChart:
    now = datetime(2026, 12, 3, 15, 0)
    return LineChart("Mock exams", [Line("Comprehensive", [(now - timedelta(days=45 - 10 * k), 48 + 12 * k)
                                                           for k in range(3)]),
                                    Line("Quick quiz", [(now - timedelta(days=35 - 10 * k), 60 + 25 * k)
                                                        for k in range(2)])],
                     colors, y_axis=ValueAxis("score", percent=True))


def calendar(colors: theme.Colors) -> CalendarHeatmap:
    first = date(2025, 12, 4)
    days = [(first + timedelta(days=k), (k * 7) % 23 if k > 240 else 0) for k in range(365)]
    return CalendarHeatmap("Answers per day", days, colors)


KINDS = [forecast, mastery, bins, retention, exams, calendar]


def shown(qtbot, chart: Chart, size: QSize | tuple[int, int] | None = None, scale: float = 1.0) -> Chart:
    if scale != 1.0:
        font = chart.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        chart.setFont(font)
    qtbot.addWidget(chart)
    size = size or chart.sizeHint()
    chart.resize(*(size if isinstance(size, tuple) else (size.width(), size.height())))
    chart.show()
    qtbot.waitExposed(chart)
    chart.activateWindow()  # the mouse goes to the window on top
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chart)
    chart.grab()  # paints, which records where each text went
    return chart


def assert_legible(chart: Chart) -> None:
    """No two texts overlap (title, legend, ticks, labels, axis titles) and each lies inside the widget."""
    inside = QRectF(chart.rect()).adjusted(-1, -1, 1, 1)
    drawn = [(role, text, rect) for role, text, rect in chart.texts if role != "empty"]
    assert drawn, "nothing was written"
    for role, text, rect in drawn:
        assert inside.contains(rect), f"{role} {text!r} at {rect} is outside {chart.size()}"
    for (r1, t1, a), (r2, t2, b) in combinations(drawn, 2):
        assert not a.adjusted(1, 1, -1, -1).intersects(b.adjusted(1, 1, -1, -1)), f"{r1} {t1!r} overlaps {r2} {t2!r}"


def value_ticks(chart: Chart) -> list[float]:
    return [float(re.sub(r"[^\d.]", "", t)) for role, t, _ in chart.texts if role == "value"]


# ----- ticks


@given(top=st.floats(0, 1e7, allow_nan=False), max_ticks=st.integers(2, 14), integer=st.booleans())
def test_value_axes_take_round_steps_and_cover_the_data(top: float, max_ticks: int, integer: bool) -> None:
    scale = value_scale(top, max_ticks, integer=integer)
    ticks = scale.ticks()
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= max(max_ticks, 2)
    assert is_round(scale.step)
    if integer:
        assert scale.step >= 1 and all(float(t).is_integer() for t in ticks)


@given(max_ticks=st.integers(2, 14))
def test_percent_axes_run_from_0_to_100_in_round_steps(max_ticks: int) -> None:
    scale = value_scale(37, max_ticks, percent=True)
    assert scale.high == 100 and scale.step in (10, 20, 50, 100) and len(scale.ticks()) <= max_ticks
    assert scale.label(50) == "50 %"


def test_counts_never_tick_at_odd_steps() -> None:
    assert value_scale(12, 6, integer=True).ticks() == [0, 5, 10, 15]
    assert value_scale(3, 8, integer=True).ticks() == [0, 1, 2, 3]  # no 0.5 questions
    assert value_scale(171, 5, integer=True).ticks() == [0, 50, 100, 150, 200]
    assert value_scale(0.37, 5).ticks() == [0, 0.1, 0.2, 0.3, 0.4]


@given(first=st.dates(date(2000, 1, 1), date(2040, 1, 1)), days=st.integers(0, 4000), max_ticks=st.integers(2, 12))
def test_date_ticks_are_round_dates_inside_the_range(first: date, days: int, max_ticks: int) -> None:
    last = first + timedelta(days=days)
    ticks, unit = date_ticks(day_number(first), day_number(last), max_ticks)
    assert len(ticks) <= max_ticks and ticks == sorted(ticks)
    assert all(first <= t <= last for t in ticks)
    gaps = {(b - a).days for a, b in pairwise(ticks)}
    if unit == "day":
        assert gaps <= {1} or gaps <= {2} or ((gaps <= {7} or gaps <= {14}) and all(t.weekday() == 0 for t in ticks))
    elif unit == "month":
        assert all(t.day == 1 for t in ticks)
    else:
        assert all((t.month, t.day) == (1, 1) for t in ticks)


def test_a_month_of_days_is_labelled_at_mondays() -> None:
    ticks, unit = date_ticks(day_number(START), day_number(START + timedelta(days=29)), 6)
    assert unit == "day" and ticks == [START + timedelta(days=7 * k) for k in range(5)]  # START is a Monday


# ----- what is drawn


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("name", ["light", "dark"])
def test_each_chart_is_drawn_in_the_theme_and_legible(qtbot, kind, name: str) -> None:
    colors = theme.DARK if name == "dark" else theme.LIGHT
    chart = shown(qtbot, kind(colors))
    image = chart.grab().toImage()
    assert image.pixelColor(4, chart.height() // 2).name() == colors.base
    assert any(role == "title" and text == chart.title for role, text, _ in chart.texts)
    assert_legible(chart)
    assert chart.targets, "nothing to point at"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@pytest.mark.parametrize("scale", [1.0, 2.0], ids=["100%", "200%"])
def test_each_chart_stays_legible_at_its_smallest_and_at_twice_the_font(qtbot, kind, scale: float) -> None:
    chart = shown(qtbot, kind(theme.LIGHT), scale=scale)
    chart.resize(chart.minimumSizeHint())
    chart.grab()
    assert_legible(chart)
    big = shown(qtbot, kind(theme.LIGHT), scale=scale)
    assert_legible(big)
    if scale == 2.0:
        assert big.sizeHint().height() > kind(theme.LIGHT).sizeHint().height() or isinstance(big, CalendarHeatmap)


def test_bars_are_as_tall_as_their_values_in_their_colour(qtbot) -> None:
    chart = shown(qtbot, bins(theme.LIGHT), (600, 320))
    image = chart.grab().toImage()
    bars = {i: rect for rect, _, _, i in chart._bars}
    assert bars[5].height() > bars[6].height() > bars[4].height() > bars[1].height() > 0 == bars[0].height()
    assert math.isclose(bars[5].height() / bars[6].height(), 171 / 144, rel_tol=0.02)
    centre = bars[5].center()
    assert image.pixelColor(round(centre.x()), round(centre.y())).name() == "#2f66d0"  # the palette's first
    ticks = value_ticks(chart)
    assert ticks[0] == 0 and ticks[-1] >= 171 and is_round(ticks[1] - ticks[0])
    assert next(t for role, t, _ in chart.texts if role == "category") == "0–1d"
    assert chart.bar_values() == [[0, 3, 10, 12, 72, 171, 144, 67, 3]]


def test_labels_thin_out_in_a_narrow_chart(qtbot) -> None:
    wide = shown(qtbot, bins(theme.LIGHT), (800, 300))
    narrow = shown(qtbot, bins(theme.LIGHT), (260, 300))
    assert len([t for r, t, _ in wide.texts if r == "category"]) == 9
    shown_narrow = [t for r, t, _ in narrow.texts if r == "category"]
    assert 1 < len(shown_narrow) < 9 and shown_narrow[0] == "0–1d"
    assert_legible(narrow)


def test_days_are_labelled_by_date(qtbot) -> None:
    chart = shown(qtbot, forecast(theme.LIGHT), (600, 320))
    dates = [t for r, t, _ in chart.texts if r == "date"]
    assert dates[:2] == ["30 Nov", "7 Dec"]
    assert all(is_round(b - a) for a, b in zip(value_ticks(chart), value_ticks(chart)[1:], strict=False))


def test_horizontal_bars_list_the_first_category_at_the_top_and_mark_the_highlight(qtbot) -> None:
    chart = shown(qtbot, mastery(theme.LIGHT), (560, 520))
    labels = [(t, rect.top()) for r, t, rect in chart.texts if r == "category"]
    assert [t for t, _ in labels] == TOPICS and [y for _, y in labels] == sorted(y for _, y in labels)
    colours = {(s, i): c.name() for _, c, s, i in chart._bars}
    assert colours[(0, 9)] == theme.LIGHT.bad and colours[(0, 0)] == theme.LIGHT.accent
    assert colours[(1, 9)] == theme.LIGHT.good
    assert [t for r, t, _ in chart.texts if r == "legend"] == ["mastery", "recall", "weakest"]
    assert value_ticks(chart)[-1] == 100


def test_stacked_bars_stand_on_each_other(qtbot) -> None:
    chart = shown(qtbot, BarChart("Answers per item", ["q1", "q2"], [Series("right", [8, 2]), Series("wrong", [2, 8])],
                                  theme.LIGHT, stacked=True, value_axis=ValueAxis(integer=True)), (400, 300))
    rect = {(s, i): r for r, _, s, i in chart._bars}
    assert math.isclose(rect[(1, 0)].bottom(), rect[(0, 0)].top(), abs_tol=0.01)
    assert math.isclose(rect[(0, 0)].height() + rect[(1, 0)].height(), rect[(0, 1)].height() + rect[(1, 1)].height(),
                        rel_tol=1e-6)  # both columns total 10
    assert value_ticks(chart)[-1] >= 10


def test_lines_go_through_their_points_over_round_dates(qtbot) -> None:
    chart = shown(qtbot, retention(theme.LIGHT), (600, 340))
    points = sorted((t.rect.center().x(), t.rect.center().y()) for t in chart.targets if t.series == 0)
    xs = [x for x, _ in points]
    assert len(points) == 18 and xs == sorted(xs) and len(set(xs)) == 18
    y87, y94 = chart.to_y(87), chart.to_y(94)
    assert y94 < y87  # higher values higher up
    dates = [t for r, t, _ in chart.texts if r == "date"]
    assert dates and all(re.fullmatch(r"(\d+ )?[A-Z][a-z]{2}( \d{4})?", d) for d in dates)
    assert value_ticks(chart) == [0, 20, 40, 60, 80, 100]
    assert [t for r, t, _ in chart.texts if r == "legend"] == ["retention", "desired"]


def test_a_line_chart_without_points_says_so(qtbot) -> None:
    chart = shown(qtbot, LineChart("Mock exams", [], theme.LIGHT, y_axis=ValueAxis(percent=True),
                                   empty_text="No mock exams yet."), (400, 300))
    assert ("empty", "No mock exams yet.") in [(r, t) for r, t, _ in chart.texts]


def test_the_calendar_shades_busier_days_darker(qtbot) -> None:
    chart = shown(qtbot, calendar(theme.LIGHT), (1060, 220))
    image = chart.grab().toImage()
    counts = chart.counts()
    shade = {}
    for t in chart.targets:
        centre = t.rect.center()
        shade[counts[t.index]] = QColor(image.pixelColor(round(centre.x()), round(centre.y()))).lightnessF()
    assert shade[0] > shade[min(c for c in counts if c)] > shade[max(counts)]
    assert [t for r, t, _ in chart.texts if r == "weekday"] == ["Mon", "Wed", "Fri"]
    months = [t for r, t, _ in chart.texts if r == "month"]
    assert "Jan 2026" in months and "Jun" in months


# ----- the mouse, the keys and screen readers


def test_hovering_a_bar_tells_its_value_and_a_click_activates_it(qtbot) -> None:
    chart = shown(qtbot, mastery(theme.LIGHT), (560, 520))
    target = next(t for t in chart.targets if (t.series, t.index) == (0, 9))
    qtbot.mouseMove(chart, target.rect.center().toPoint())
    assert chart.hover_text == "psychiatry-research\nmastery: 12 % (weakest)"
    assert chart.hovered_item() == (0, 9)
    with qtbot.waitSignal(chart.activated) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=target.rect.center().toPoint())
    assert blocker.args == [0, 9]


def test_hovering_a_point_tells_its_date_value_and_note(qtbot) -> None:
    chart = shown(qtbot, retention(theme.LIGHT), (600, 340))
    target = next(t for t in chart.targets if (t.series, t.index) == (0, 17))
    qtbot.mouseMove(chart, target.rect.center().toPoint())
    assert chart.hover_text == "retention\n30 Nov 2026: 94 %\n94 of 100 reviews passed"
    qtbot.mouseMove(chart, QPointF(chart._plot.center().x(), chart.to_y(90)).toPoint())
    assert chart.hover_text in ("desired: 90 %",) or chart.hover_text.startswith("retention\n")


def test_the_keys_walk_through_the_items(qtbot) -> None:
    chart = shown(qtbot, forecast(theme.LIGHT), (600, 320))
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.hover_text == "30 Nov\ndue: 6"
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.hover_text == "1 Dec\ndue: 13"
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.hover_text == "29 Dec\ndue: 0"
    with qtbot.waitSignal(chart.activated) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert blocker.args == [0, 29]
    qtbot.keyClick(chart, Qt.Key.Key_Escape)
    assert chart.hover_text == ""


def test_screen_readers_get_the_title_and_the_data_in_words(qtbot) -> None:
    chart = mastery(theme.LIGHT)
    qtbot.addWidget(chart)
    assert chart.accessibleName() == "Mastery per topic"
    words = chart.accessibleDescription()
    assert "adverse-effects 95 %" in words and "psychiatry-research 30 %" in words and words.startswith(chart.title)
    line = retention(theme.LIGHT)
    qtbot.addWidget(line)
    assert "30 Nov 2026 94 %" in line.accessibleDescription() and "desired: 90 %" in line.accessibleDescription()
    heat = calendar(theme.LIGHT)
    qtbot.addWidget(heat)
    assert f"{sum(heat.counts())} in all" in heat.accessibleDescription()
