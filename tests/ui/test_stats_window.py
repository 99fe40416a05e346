"""The Statistics window: opened from the View menu on a temporary data folder with some history, it shows
every chart with the numbers `quizapp stats --json` prints, follows filters and the theme, and starts drills."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from quizapp.bank.loader import load_banks
from quizapp.cli import main
from quizapp.srs.scheduling import REVIEW
from quizapp.store.models import ExamAttempt
from quizapp.study import StudyService
from quizapp.study.stats import stats_json
from quizapp.ui import theme
from quizapp.ui.charts import Chart
from quizapp.ui.main_window import MainWindow
from quizapp.ui.stats.panels import MisconceptionRow
from quizapp.ui.stats.window import StatsWindow

CHARTS = {"Overview": {"calendar", "forecast", "retention"}, "Topics": {"mastery"},
          "Questions": {"difficulty", "stability"}, "Exams": {"exams"}}


def seed(data_dir: Path, bank_dir: Path) -> None:
    """Ten days of answers (ui-001 wrongly answered "GABA-A" three times), two studied cards, one mock exam."""
    now = datetime.now().astimezone()
    with StudyService.open(data_dir) as service:
        service.sync(load_banks([bank_dir]).questions)
        conn = service.store.conn
        rows = [("ui-001", 1, 0.0, 1), ("ui-001", 1, 0.0, 1), ("ui-001", 1, 0.0, 1), ("ui-001", 3, 1.0, 0),
                ("ui-003", 3, 1.0, False), ("ui-003", 1, 0.0, True)]
        for days_ago, (qid, rating, score, response) in enumerate(rows * 2):
            conn.execute("INSERT INTO review_log (question_id, reviewed_at, rating, score, response, duration_ms, "
                         "state_before, card_before) VALUES (?, ?, ?, ?, ?, 9000, ?, '{}')",
                         (qid, int((now - timedelta(days=days_ago, minutes=5)).timestamp()), rating, score,
                          json.dumps(response), REVIEW))
        ts = int(now.timestamp())
        for qid, due_days in (("ui-001", 2), ("ui-003", 5)):
            conn.execute("UPDATE cards SET state = ?, stability = 4.0, fsrs_difficulty = 7.5, last_review = ?, "
                         "due = ?, reps = 6, lapses = 2 WHERE question_id = ?", (REVIEW, ts - 86400,
                                                                                ts + due_days * 86400, qid))
        with service.store.session() as orm:
            orm.add(ExamAttempt(started_at=ts - 7200, finished_at=ts - 6000, score=7.0, max_score=10.0, passed=True,
                                meta=json.dumps({"result": {"title": "UI mock"}})))
            orm.commit()


@pytest.fixture
def stats_window(qtbot, launch: Callable[..., MainWindow], bank_dir: Path, data_dir: Path) -> Iterator[StatsWindow]:
    seed(data_dir, bank_dir)
    window = launch([bank_dir])
    action = next(a for a in window.menuBar().actions() if a.text() == "&View").menu().actions()
    statistics = next(a for a in action if a.text() == "&Statistics…")
    statistics.trigger()
    stats = window.findChild(StatsWindow)
    assert stats is not None and stats.isVisible()
    with qtbot.waitSignal(stats.computed, timeout=10_000):
        pass
    yield stats
    stats.close()  # a window of its own: it would stay on screen (and take the mouse) after the main one


def test_the_window_shows_each_chart_on_its_tab(stats_window: StatsWindow) -> None:
    stats = stats_window.stats
    tabs = [stats_window.tabs.tabText(i) for i in range(stats_window.tabs.count())]
    assert tabs == list(CHARTS)
    for index, names in enumerate(CHARTS.values()):
        stats_window.tabs.setCurrentIndex(index)
        for name in names:
            view = stats_window.pages.charts[name]
            view.ensure_arranged()
            assert view.isVisible() and view.targets, name  # something drawn that tells its value on hover
    assert stats.today.reviewed == 1 and stats.streak.current >= 10
    assert sum(stats_window.pages.charts["calendar"].counts()) == 12
    assert stats_window.pages.widgets["tiles"].values["reviewed"][0] == "1"


def test_cli_json_equals_the_windows_numbers(stats_window: StatsWindow, data_dir: Path, bank_dir: Path,
                                             capsys) -> None:
    assert main(["--data-dir", str(data_dir), "stats", "--no-shipped-banks", "--banks", str(bank_dir), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    shown = stats_json(stats_window.stats)
    printed.pop("generated_at"), shown.pop("generated_at")
    assert printed == shown
    charts = stats_window.pages.charts
    assert charts["forecast"].bar_values() == [[float(d["count"]) for d in printed["forecast"]]]
    assert charts["calendar"].counts() == [d["count"] for d in printed["calendar"]]
    assert charts["difficulty"].bar_values() == [[float(b["count"]) for b in printed["difficulty"]]]
    assert charts["stability"].bar_values() == [[float(b["count"]) for b in printed["stability"]]]
    mastery = charts["mastery"].bar_values()[0]  # horizontal: the first topic is drawn at the top
    assert mastery == pytest.approx([100 * m["mastery"] for m in printed["mastery"]], abs=1e-3)
    assert [m["topic"] for m in printed["mastery"]] == ["pharmacology"]
    assert charts["mastery"].categories == ["Ketamine pharmacology (UI test bank)"]  # the bank's title
    retention = [p[1] for p in charts["retention"].line_points()[0]]
    weeks = [100 * w["retention"] for w in printed["retention"] if w["retention"] is not None]
    assert retention == pytest.approx(weeks, abs=1e-3)  # the JSON rounds to 4 places
    assert [(m["given"], m["count"]) for m in printed["misconceptions"]] == [("GABA~A~ receptor", 6), ("true", 2)]
    assert [e["blueprint"] for e in printed["exams"]] == ["UI mock"]


def test_filters_recompute_the_numbers(qtbot, stats_window: StatsWindow) -> None:
    with qtbot.waitSignal(stats_window.computed) as blocker:
        stats_window.range_box.setCurrentIndex(stats_window.range_box.findText("1 month"))
    assert blocker.args[0].filter.days == 30
    with qtbot.waitSignal(stats_window.computed) as blocker:
        stats_window.topic_box.setCurrentIndex(stats_window.topic_box.findData("pharmacology"))
    assert blocker.args[0].filter.topics == ("pharmacology",)
    assert [m.topic for m in blocker.args[0].mastery] == ["pharmacology"]


def test_setting_the_exam_date_shows_the_prediction(qtbot, stats_window: StatsWindow, student) -> None:
    stats_window.tabs.setCurrentIndex(1)
    box = stats_window.pages.widgets["exam_date"]
    with qtbot.waitSignal(stats_window.computed, timeout=5000) as blocker:
        student.click(box.set_button)
    plan = blocker.args[0].exam_plan
    assert plan is not None and plan.days_left == 30
    assert student.setting("exam_date") == plan.exam_date.isoformat()
    view = stats_window.pages.charts["prediction"]
    assert view.isVisible() and len(view.bar_values()[0]) == len(plan.topics)
    assert stats_window.pages.widgets["exam_date"].drill_button.isVisible()


def test_a_misconception_drill_opens_its_question_in_the_review_screen(qtbot, stats_window: StatsWindow,
                                                                      student) -> None:
    window = stats_window.parent()
    stats_window.tabs.setCurrentIndex(2)
    rows = stats_window.pages.widgets["misconceptions"].findChildren(MisconceptionRow)
    row = next(r for r in rows if r.misconception.question_ids == ("ui-001",))
    button = row.findChild(QPushButton)
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.click(button)
    assert window.stack.currentWidget() is window.review
    assert window.review.widget.question.id == "ui-001"


def _painted(view: Chart) -> tuple[str, set[str]]:
    """The chart's background colour (beside the plot) and the colours of its title's pixels, as drawn."""
    image = view.grab().toImage()
    view.ensure_arranged()
    title = view._title_rect.toAlignedRect()
    colours = {image.pixelColor(x, y).name() for x in range(title.left(), title.right(), 2)
               for y in range(title.top(), title.bottom())}
    return image.pixelColor(4, view.height() // 2).name(), colours


def test_charts_follow_the_theme(qtbot, stats_window: StatsWindow) -> None:
    window = stats_window.parent()
    with qtbot.waitSignal(window.settings_applied, timeout=5000):
        window.save_settings({"theme": "dark"})
    background, title = _painted(stats_window.pages.charts["forecast"])
    assert background == theme.DARK.base
    assert theme.DARK.text in title
    with qtbot.waitSignal(window.settings_applied, timeout=5000):
        window.save_settings({"theme": "light"})
    background, title = _painted(stats_window.pages.charts["forecast"])
    assert background == theme.LIGHT.base and theme.LIGHT.text in title


def test_clicking_a_mastery_bar_drills_its_topic(qtbot, stats_window: StatsWindow) -> None:
    window = stats_window.parent()
    stats_window.tabs.setCurrentIndex(1)
    chart = stats_window.pages.charts["mastery"]
    chart.ensure_arranged()
    target = next(t for t in chart.targets if chart.categories[t.index] == "Ketamine pharmacology (UI test bank)")
    assert target.text.startswith("Ketamine pharmacology (UI test bank)\n")
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=target.rect.center().toPoint())
    assert window.review.widget.question.topic == "pharmacology"


def test_hardest_question_opens_on_double_click(qtbot, stats_window: StatsWindow) -> None:
    window = stats_window.parent()
    stats_window.tabs.setCurrentIndex(2)
    table = stats_window.pages.widgets["hardest"]
    assert table.rowCount() == 2
    rect = table.visualItemRect(table.item(0, 0))
    opened: list[str] = []
    table.open_question.connect(opened.append)
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        # as a hand does it: the first click of a double-click selects the row
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [table.rows[0].question_id]  # one drill, not one per signal
    assert window.review.widget.question.id == table.rows[0].question_id


def test_count_axes_step_by_whole_numbers() -> None:
    from quizapp.ui.charts.ticks import value_scale

    for value in range(1, 3000):
        for ticks in (3, 5, 8):
            scale = value_scale(value, ticks, integer=True)
            assert scale.high >= value and scale.step == int(scale.step), (value, ticks, scale)  # never 2.5


def test_the_window_shows_titles_no_timing_and_obeys_the_keyboard(qtbot, stats_window: StatsWindow,
                                                                  student) -> None:
    title = "Ketamine pharmacology (UI test bank)"
    assert stats_window.topic_box.itemText(1) == title  # the bank's title, as on the home screen
    stats_window.tabs.setCurrentIndex(1)
    assert stats_window.pages.charts["mastery"].categories == [title]
    assert "ms" not in stats_window.status.text()  # no debugging figures in a student's window
    stats_window.activateWindow()
    qtbot.waitUntil(lambda: stats_window.isActiveWindow())
    stats_window.tabs.setCurrentIndex(0)
    stats_window.tabs.currentWidget().setFocus()
    student.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert stats_window.tabs.currentIndex() == 1
    student.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stats_window.tabs.currentIndex() == 0
    student.press(Qt.Key.Key_Escape)
    assert not stats_window.isVisible()


def test_study_now_and_statistics_have_their_own_keys(qtbot, window: MainWindow, student) -> None:
    from quizapp.ui.shortcuts import keys

    assert keys("study_now") and keys("statistics")
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.review
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    stats = window.findChild(StatsWindow)
    assert stats is not None and stats.isVisible()
    with qtbot.waitSignal(stats.computed, timeout=10_000):
        pass


def test_no_two_shortcuts_clash() -> None:
    from quizapp.ui.shortcuts import SHORTCUTS

    # A key for "Anywhere" (the main window) is used by none of the main window's screens: both would be
    # ambiguous there and neither would fire. (Other windows have their own keys.)
    anywhere = {k for s in SHORTCUTS if s.where == "Anywhere" for k in s.keys}
    for where in ("Review", "Exam", "Exam results"):
        used = [k for s in SHORTCUTS if s.where == where and s.name != "number" and not s.name.endswith("_choose")
                for k in s.keys]
        assert not set(used) & anywhere, where
