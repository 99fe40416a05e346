"""The statistics window's tabs, built from one Stats value: each chart and table, in the current theme."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from quizapp.study.stats.model import Stats
from quizapp.ui.charts import BarChart, CalendarHeatmap, Chart, DateAxis, Line, LineChart, Reference, Series, ValueAxis
from quizapp.ui.i18n import tr
from quizapp.ui.stats.panels import ExamDateBox, MisconceptionRow, QuestionTable, Tiles, card, html, label
from quizapp.ui.theme import Colors


@dataclass
class Actions:
    """What the pages ask the window to do."""

    drill_ids: Callable[[tuple[str, ...]], None]
    drill_topics: Callable[[tuple[str, ...]], None]
    set_exam_date: Callable[[object], None]


@dataclass
class Pages:
    tabs: list[tuple[str, QWidget]] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
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


class _Columns(QWidget):
    """Side-by-side columns, each packed at the top (a grid would stretch a short panel to its row); one
    under the other when the window is too narrow for both (large fonts, a small window)."""

    def __init__(self, columns: tuple[list[QWidget], ...]) -> None:
        super().__init__()
        self.setObjectName("page")
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.holders: list[QWidget] = []
        for widgets in columns:
            holder = QWidget()
            col = QVBoxLayout(holder)
            col.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                col.addWidget(w)
            col.addStretch(1)
            self.row.addWidget(holder, 1)
            self.holders.append(holder)
        self.setMinimumWidth(max(h.minimumSizeHint().width() for h in self.holders) + 24)

    def resizeEvent(self, event: QResizeEvent) -> None:
        spacing = self.row.spacing() * (len(self.holders) - 1) + 24
        wide = event.size().width() >= sum(h.minimumSizeHint().width() for h in self.holders) + spacing
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != direction:
            self.row.setDirection(direction)
        super().resizeEvent(event)


def _columns(*columns: list[QWidget]) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(_Columns(columns))
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
    total = sum(d.count for d in s.calendar)
    heat = pages.charts["calendar"] = CalendarHeatmap(
        tr("Answers per day, past year ({} in all)").format(total), [(d.day, d.count) for d in s.calendar], colors,
        unit=tr("{} answer(s)"))
    total = sum(d.count for d in s.forecast)
    forecast = pages.charts["forecast"] = BarChart(
        tr("Due per day, next 30 days ({} in all)").format(total), [d.day for d in s.forecast],
        [Series(tr("due"), [d.count for d in s.forecast], colors.accent)], colors,
        value_axis=ValueAxis(tr("questions"), integer=True),
        category_title=tr("due date (today's bar includes anything overdue)"))
    retention = pages.charts["retention"] = _retention(s, colors)
    return _page([(tiles, 0, 0, 1, 2), (heat, 1, 0, 1, 2), (forecast, 2, 0, 1, 1), (retention, 2, 1, 1, 1)])


def _retention(s: Stats, colors: Colors) -> LineChart:
    weeks = [w for w in s.retention if w.retention is not None]  # a week without reviews has no point
    line = Line(tr("retention"), [(w.week, 100 * w.retention) for w in weeks], colors.accent,
                notes=[tr("{} of {} reviews passed").format(w.passed, w.reviews) for w in weeks])
    return LineChart(tr("True retention by week (desired {:.0f} %)").format(100 * s.desired_retention), [line],
                     colors, y_axis=ValueAxis(tr("passed"), percent=True), x_axis=DateAxis(tr("week starting")),
                     references=[Reference(tr("desired"), 100 * s.desired_retention, colors.good)],
                     empty_text=tr("No reviews in this time range."))


def _topics(s: Stats, colors: Colors, pages: Pages, actions: Actions, title: Callable[[str], str]) -> QWidget:
    topics = [m.topic for m in s.mastery]
    weak = frozenset(k for k, m in enumerate(s.mastery) if m.weak)
    mastery = pages.charts["mastery"] = BarChart(
        tr("Mastery per topic (weakest studied in red)"), [title(t) for t in topics],
        [Series(tr("mastery (all questions)"), [100 * m.mastery for m in s.mastery], colors.accent, highlight=weak,
                highlight_color=colors.bad, highlight_name=tr("weakest studied")),
         Series(tr("recall (studied questions)"), [100 * (m.recall or 0) for m in s.mastery], colors.good)],
        colors, value_axis=ValueAxis(percent=True), horizontal=True, click_hint=tr("Click to drill this topic"))
    mastery.activated.connect(lambda _series, index: actions.drill_topics((topics[index],)))
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
        predicted = pages.charts["prediction"] = BarChart(
            tr("Predicted score on {} per topic").format(plan.exam_date.isoformat()),
            [title(t.topic) for t in plan.topics],
            [Series(tr("now"), [100 * t.predicted for t in plan.topics], colors.accent),
             Series(tr("after today's study"), [100 * t.after_today for t in plan.topics], colors.good)],
            colors, value_axis=ValueAxis(percent=True), horizontal=True)
        right.append(predicted)
    return _columns([mastery, drill], right)


def _questions(s: Stats, colors: Colors, pages: Pages, actions: Actions, title: Callable[[str], str]) -> QWidget:
    count = ValueAxis(tr("questions"), integer=True)
    difficulty = pages.charts["difficulty"] = BarChart(
        tr("FSRS difficulty of studied questions"), [b.label for b in s.difficulty],
        [Series(tr("questions"), [b.count for b in s.difficulty], colors.accent)], colors, value_axis=count,
        category_title=tr("difficulty, 1 (easy) to 10 (hard)"))
    stability = pages.charts["stability"] = BarChart(
        tr("FSRS stability: days until recall falls to 90 %"), [b.label for b in s.stability],
        [Series(tr("questions"), [b.count for b in s.stability], colors.good)], colors, value_axis=count,
        category_title=tr("d days, w weeks, m months, y years"))
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
    lines = [Line(e.blueprint, [(x.finished, x.percent) for x in e.sittings],
                  notes=[_passed(x.passed) for x in e.sittings]) for e in s.exams]
    view = pages.charts["exams"] = LineChart(
        tr("Mock exam scores over time ({} sitting(s))").format(sittings), lines, colors,
        y_axis=ValueAxis(tr("score"), percent=True), x_axis=DateAxis(tr("date")),
        empty_text=tr("No mock exams in this time range."))
    view.setMinimumHeight(round(view.line_height() * 18))
    summary = "<br>".join(tr("<b>{}</b>: {} sitting(s), latest {:.0f} %, best {:.0f} %").format(
        html(e.blueprint), len(e.sittings), e.latest, e.best) for e in s.exams)
    summary = summary or tr("No mock exams in this time range.")
    return _page([(card(label(summary, wrap=True, rich=True), title=tr("Per blueprint")), 0, 0, 1, 1),
                  (view, 1, 0, 1, 1)])


def _passed(passed: bool | None) -> str:
    return "" if passed is None else tr("passed") if passed else tr("not passed")
