"""Small windows and large text: at 800×600 with the text at 200 %, buttons wrap instead of overlapping and
no button's text is cut, in review (before and after answering) and in the exam; the question's first line
stays in view after answering; at 1920 px the text keeps a reading width; zooming never resizes the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_check import layout_problems
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from quizapp.study.settings import SPECS
from quizapp.ui import fmt
from quizapp.ui.main_window import MainWindow

DOUBLE = 2 * SPECS["font_size"].default  # 200 %
BLUEPRINT = "title: Layout check\ntime_limit: 5\npass_mark: 60\nsections:\n  - {topic: pharmacology, count: 8}\n"


def _sized(qtbot, window: MainWindow, width: int, height: int, font_size: int = DOUBLE) -> None:
    with qtbot.waitSignal(window.settings_applied):
        window.save_settings({"font_size": font_size})
    window.resize(width, height)
    qtbot.wait(50)


def _check(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    QApplication.processEvents()
    assert (window.width(), window.height()) == size  # the window kept its size: nothing forced it wider
    problems = layout_problems(window)
    assert problems == [], "\n".join(problems)


@pytest.fixture
def small(qtbot, window: MainWindow) -> MainWindow:
    _sized(qtbot, window, 800, 600)
    return window


def test_review_at_800_by_600_and_double_text(qtbot, small: MainWindow, student) -> None:
    review = small.review
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        student.click(small.home.study_now)
    _check(qtbot, small, (800, 600))
    assert review.check.isVisible() and review.flag_button.isVisible()
    student.press("1")
    student.press(Qt.Key.Key_Return)
    assert review.ratings.isVisible()
    _check(qtbot, small, (800, 600))
    for value, button in review.ratings.buttons.items():  # every button shows its interval
        assert fmt.interval(review.step.intervals[value]) in button.text()


def test_the_question_stays_in_view_after_answering(qtbot, small: MainWindow, student) -> None:
    review = small.review
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        student.click(small.home.study_now)
    student.press("1")
    student.press(Qt.Key.Key_Return)
    QApplication.processEvents()
    prompt = review.widget.prompt_view
    viewport = review.scroll.viewport()
    top = prompt.mapTo(viewport, QPoint(0, 0)).y()
    line = prompt.fontMetrics().height()
    assert top >= 0 and top + line <= viewport.height(), (top, viewport.height())
    headline = review.feedback.headline
    shown = headline.mapTo(viewport, QPoint(0, headline.height())).y() <= viewport.height()
    assert shown or review.status.text().startswith(headline.text())  # the verdict is in sight either way


def test_exam_at_800_by_600_and_double_text(qtbot, launch, bank_dir: Path, student) -> None:
    (bank_dir / "exams").mkdir()
    (bank_dir / "exams" / "layout.yaml").write_text(BLUEPRINT, encoding="utf-8")
    window = launch([bank_dir])
    _sized(qtbot, window, 800, 600)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    flow = window.exam
    qtbot.waitUntil(lambda: flow.setup.blueprints.count() == 1 and flow.setup.blueprints.hasFocus())
    _check(qtbot, window, (800, 600))
    with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
        student.press(Qt.Key.Key_Return)
    for _ in range(len(flow.screen.run.items)):  # every question of the sitting, each type's widget
        _check(qtbot, window, (800, 600))
        with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
            flow.screen.next() if flow.screen.run.current + 1 < len(flow.screen.run.items) else flow.screen.go(0)


def test_text_keeps_a_reading_width_on_a_wide_screen(qtbot, window: MainWindow, student) -> None:
    _sized(qtbot, window, 1920, 1080, SPECS["font_size"].default)
    review = window.review
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    student.press("1")
    student.press(Qt.Key.Key_Return)
    QApplication.processEvents()
    for view in (review.widget.prompt_view, review.feedback.body):
        chars = view.width() / view.fontMetrics().averageCharWidth()
        assert 40 < chars <= 100, (view, chars)  # a line of text a reader can follow back


def test_zooming_never_resizes_the_window(qtbot, small: MainWindow, student) -> None:
    with qtbot.waitSignal(small.review.question_shown, timeout=5000):
        student.click(small.home.study_now)
    for _ in range(4):
        student.press(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert (small.width(), small.height()) == (800, 600)
    student.press(Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert (small.width(), small.height()) == (800, 600)
