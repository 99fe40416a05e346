"""The statistics window's tabs, built from one Stats value: each chart and table, in the current theme."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from PySide6.QtCharts import QCategoryAxis, QDateTimeAxis
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from quizapp.study.stats.model import Stats
from quizapp.ui.i18n import tr
from quizapp.ui.stats.charts import ChartView, attach, bar_chart, line, style_axis, themed_chart, value_axis
from quizapp.ui.stats.heatmap import HeatmapView
from quizapp.ui.stats.panels import ExamDateBox, MisconceptionRow, QuestionTable, Tiles, card, html, label
from quizapp.ui.theme import Colors

PALETTE = ("#2f66d0", "#d9822b", "#1b9e77", "#c2185b", "#7b61c9", "#8a6d3b")  # exam lines, readable on both


@dataclass
class Actions:
    """What the pages ask the window to do."""

    drill_ids: Callable[[tuple[str, ...]], None]
    drill_topics: Callable[[tuple[str, ...]], None]
    set_exam_date: Callable[[object], None]


@dataclass
class Pages:
    tabs: list[tuple[str, QWidget]] = field(default_factory=list)
    charts: dict[str, ChartView] = field(default_factory=dict)
    widgets: dict[str, QWidget] = field(default_factory=dict)


def _page(grid_items: list[tuple[QWidget, int, int, int, int]]) -> QScrollArea:
    inner = QWidget()
    inner.setObjectName("page")
    grid = QGridLayout(inner)
    for widget, row, col, rows, cols in grid_items:
        grid.addWidget(widget, row, col, rows, cols)
    grid.setRowStretch(max((r + rs - 1 for _, r, _, rs, _ in grid_items), default=0), 1)  # the last row grows
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


def _columns(*columns: list[QWidget]) -> QScrollArea:
    """Side-by-side columns, each packed at the top (a grid would stretch a short panel to its row)."""
    inner = QWidget()
    inner.setObjectName("page")
    row = QHBoxLayout(inner)
    for widgets in columns:
        col = QVBoxLayout()
        for w in widgets:
            col.addWidget(w)
        col.addStretch(1)
        row.addLayout(col, 1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


def build_pages(stats: Stats, colors: Colors, actions: Actions, titles: Mapping[str, str] | None = None) -> Pages:
    """Every tab; topics are shown by their banks' `titles` (topic -> title), as elsewhere in the app."""
    pages = Pages()
    named = titles or {}

    def title(topic: str) -> str:
        return named.get(topic, topic)

    pages.tabs = [(tr("Overview"), _overview(stats, colors, pages)),
                  (tr("Topics"), _topics(stats, colors, pages, actions, title)),
                  (tr("Questions"), _questions(stats, colors, pages, actions, title)),
                  (tr("Exams"), _exams(stats, colors, pages))]
    return pages


def _overview(s: Stats, colors: Colors, pages: Pages) -> QWidget:
    tiles = pages.widgets["tiles"] = Tiles(s)
    heat = pages.charts["calendar"] = HeatmapView(s.calendar, colors)
    total = sum(d.count for d in s.forecast)
    forecast = pages.charts["forecast"] = ChartView(bar_chart(
        tr("Due per day, next 30 days ({} in all)").format(total), [d.day.isoformat() for d in s.forecast],
        [(tr("due"), [d.count for d in s.forecast], colors.accent)], colors, tr("questions"),
        day_title=tr("days from today (0 = today, with anything overdue)")))
    retention = pages.charts["retention"] = _retention(s, colors)
    return _page([(tiles, 0, 0, 1, 2), (heat, 1, 0, 1, 2), (forecast, 2, 0, 1, 1), (retention, 2, 1, 1, 1)])


def _retention(s: Stats, colors: Colors) -> ChartView:
    chart = themed_chart(tr("True retention by week (desired {:.0f} %)").format(100 * s.desired_retention), colors,
                         legend=True)
    first = next((k for k, w in enumerate(s.retention) if w.reviews), len(s.retention) - 1)
    weeks = s.retention[max(0, first):]  # from the first week with reviews: the empty ones say nothing
    x_axis = QCategoryAxis()
    x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    x_axis.setRange(0, max(1, len(weeks) - 1))
    step = max(1, len(weeks) // 6)
    for k in range(0, len(weeks), step):
        x_axis.append(weeks[k].week.strftime("%d %b"), k)
    style_axis(x_axis, colors, tr("week starting"))
    y_axis = value_axis(colors, 100, tr("passed"), percent=True)
    points = [(k, 100 * w.retention) for k, w in enumerate(weeks) if w.retention is not None]
    attach(chart, line(tr("retention"), points, colors.accent), x_axis, y_axis)
    desired = [(0, 100 * s.desired_retention), (max(1, len(weeks) - 1), 100 * s.desired_retention)]
    attach(chart, line(tr("desired"), desired, colors.good, 1.5, dashed=True), x_axis, y_axis)
    return ChartView(chart)


def _topics(s: Stats, colors: Colors, pages: Pages, actions: Actions, title: Callable[[str], str]) -> QWidget:
    topics = [m.topic for m in s.mastery]
    weak = [k for k, m in enumerate(s.mastery) if m.weak]
    chart = bar_chart(tr("Mastery per topic (weakest studied in red)"), [title(t) for t in topics],
                      [(tr("mastery (all questions)"), [100 * m.mastery for m in s.mastery], colors.accent),
                       (tr("recall (studied questions)"), [100 * (m.recall or 0) for m in s.mastery], colors.good)],
                      colors, percent=True, horizontal=True, highlight=weak, highlight_color=colors.bad)
    mastery = pages.charts["mastery"] = ChartView(chart, height=max(260, 44 * len(topics) + 90))
    for bar_set in chart.series()[0].barSets():
        bar_set.clicked.connect(lambda index: actions.drill_topics((topics[index],)))
    mastery.setToolTip(tr("Click a bar to drill that topic"))
    drill = pages.widgets["drill_weak"] = QPushButton(tr("Drill the weakest topics: {}").format(
        ", ".join(map(title, s.weak_topics)) or tr("none studied yet")))
    drill.setProperty("role", "primary")
    drill.setEnabled(bool(s.weak_topics))
    drill.clicked.connect(lambda: actions.drill_topics(s.weak_topics))
    exam = pages.widgets["exam_date"] = ExamDateBox(s, title)
    exam.date_chosen.connect(actions.set_exam_date)
    exam.drill.connect(actions.drill_ids)
    right: list[QWidget] = [exam]
    if s.exam_plan is not None:
        plan = s.exam_plan
        predicted = pages.charts["prediction"] = ChartView(bar_chart(
            tr("Predicted score on {} per topic").format(plan.exam_date.isoformat()),
            [title(t.topic) for t in plan.topics],
            [(tr("now"), [100 * t.predicted for t in plan.topics], colors.accent),
             (tr("after today's study"), [100 * t.after_today for t in plan.topics], colors.good)],
            colors, percent=True, horizontal=True), height=max(260, 44 * len(plan.topics) + 90))
        right.append(predicted)
    return _columns([mastery, drill], right)


def _questions(s: Stats, colors: Colors, pages: Pages, actions: Actions, title: Callable[[str], str]) -> QWidget:
    difficulty = pages.charts["difficulty"] = ChartView(bar_chart(
        tr("FSRS difficulty of studied questions"), [b.label for b in s.difficulty],
        [(tr("questions"), [b.count for b in s.difficulty], colors.accent)], colors, tr("questions")))
    stability = pages.charts["stability"] = ChartView(bar_chart(
        tr("FSRS stability: days until recall falls to 90 %"), [b.label for b in s.stability],
        [(tr("questions"), [b.count for b in s.stability], colors.good)], colors, tr("questions"),
        x_title=tr("d days, w weeks, m months, y years")))
    leeches = pages.widgets["leeches"] = QuestionTable(s.leeches, title)
    hardest = pages.widgets["hardest"] = QuestionTable(s.hardest, title)
    for table in (leeches, hardest):
        table.open_question.connect(lambda qid: actions.drill_ids((qid,)))
    mis = QWidget()
    box = QVBoxLayout(mis)
    box.setContentsMargins(0, 0, 0, 0)
    rows = [MisconceptionRow(m, title) for m in s.misconceptions]
    for row in rows:
        row.drill.connect(actions.drill_ids)
        box.addWidget(row)
    if not rows:
        box.addWidget(label(tr("No wrong answer given more than once in this time range."), "muted"))
    pages.widgets["misconceptions"] = mis
    hint = tr("Double-click a question (or select it and press Enter) to study it now.")
    return _page([(difficulty, 0, 0, 1, 1), (stability, 0, 1, 1, 1),
                  (card(mis, title=tr("Misconceptions: wrong answers you give again and again")), 1, 0, 1, 2),
                  (card(label(hint, "muted"), hardest, title=tr("Hardest questions (highest FSRS difficulty)")),
                   2, 0, 1, 2),
                  (card(leeches, title=tr("Leeches ({}): questions forgotten again and again").format(
                      len(s.leeches))), 3, 0, 1, 2)])


def _exams(s: Stats, colors: Colors, pages: Pages) -> QWidget:
    sittings = sum(len(e.sittings) for e in s.exams)
    chart = themed_chart(tr("Mock exam scores over time ({} sitting(s))").format(sittings), colors, legend=True)
    x_axis = QDateTimeAxis()
    x_axis.setFormat("dd MMM")
    when = [x.finished for e in s.exams for x in e.sittings] or [datetime.combine(s.generated_at.date(), time())]
    lo, hi = min(when), max(when)
    pad = max((hi - lo) / 20, timedelta(days=1))
    x_axis.setRange(lo - pad, hi + pad)
    style_axis(x_axis, colors)
    y_axis = value_axis(colors, 100, tr("score"), percent=True)
    for k, exam in enumerate(s.exams):
        points = [(x.finished.timestamp() * 1000, x.percent) for x in exam.sittings]
        series = line(exam.blueprint, points, PALETTE[k % len(PALETTE)])
        series.setPointsVisible(True)
        attach(chart, series, x_axis, y_axis)
    if not s.exams:
        attach(chart, line(tr("no sittings yet"), [], colors.muted), x_axis, y_axis)
    view = pages.charts["exams"] = ChartView(chart, height=320)
    summary = "<br>".join(tr("<b>{}</b>: {} sitting(s), latest {:.0f} %, best {:.0f} %").format(
        html(e.blueprint), len(e.sittings), e.latest, e.best) for e in s.exams)
    summary = summary or tr("No mock exams in this time range.")
    return _page([(card(label(summary, wrap=True, rich=True), title=tr("Per blueprint")), 0, 0, 1, 1),
                  (view, 1, 0, 1, 1)])
