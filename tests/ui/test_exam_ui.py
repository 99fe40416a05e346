"""Exam mode in the real window, by keyboard: a short exam end to end, results, drill, export, expiry, resume."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from quizapp.bank.types import QType
from quizapp.study import FakeClock
from quizapp.ui import background
from quizapp.ui.exam.confirm import SubmitDialog
from quizapp.ui.exam.flow import ExamFlow
from quizapp.ui.main_window import MainWindow
from quizapp.ui.questions.base import QuestionWidget

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
BLUEPRINT = """\
title: Short test
time_limit: 5
pass_mark: 60
sections:
  - {topic: pharmacology, count: 8}
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def exam_bank(bank_dir: Path) -> Path:
    (bank_dir / "exams").mkdir()
    (bank_dir / "exams" / "short.yaml").write_text(BLUEPRINT, encoding="utf-8")
    return bank_dir


@pytest.fixture
def open_app(launch, data_dir: Path, exam_bank: Path, clock: FakeClock) -> Callable[[], MainWindow]:
    """Start the app on the exam bank with the fake clock (closed after the test by `launch`)."""
    return lambda: launch([exam_bank], data_dir, clock=clock)


def exam(window: MainWindow) -> ExamFlow:
    return window.exam


def begin_exam(qtbot, window: MainWindow, student) -> None:
    """Ctrl+E, then Enter on the (only) blueprint."""
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    flow = exam(window)
    qtbot.waitUntil(lambda: flow.setup.blueprints.count() == 1 and flow.setup.blueprints.hasFocus())
    with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
        student.press(Qt.Key.Key_Return)
    assert window.stack.currentWidget() is flow.screen


def on_screen(window: MainWindow) -> QuestionWidget:
    widget = exam(window).screen.widget
    assert widget is not None
    return widget


def answer(student, w: QuestionWidget) -> None:
    """The right answer with keys only, from where the screen put the focus (no Enter)."""
    q = w.question
    kind = q.qtype
    if kind == QType.SINGLE_CHOICE:
        student.press(str(w.order.index(0) + 1))
    elif kind == QType.MULTIPLE_CHOICE:
        for original in (0, 1):
            student.press(str(w.order.index(original) + 1))
    elif kind == QType.TRUE_FALSE:
        student.press("2")
    elif kind == QType.CLOZE:
        student.type("CYP3A4")
        student.press(Qt.Key.Key_Tab)
        student.type("norketamine")
    elif kind == QType.SHORT_ANSWER:
        student.type("esketamine")
    elif kind == QType.NUMERIC:
        student.type("2.5")
    elif kind == QType.MATCHING:
        for left in w.lefts:
            student.press(str(w.rights.index(dict(q.pairs)[left]) + 1))
    elif kind == QType.ORDERING:
        for target, item in enumerate(q.items):
            now = w.response().index(item)
            student.press(str(now + 1))
            for _ in range(now - target):
                student.press(Qt.Key.Key_Up, ALT)


def stored_attempts(data_dir: Path) -> list[dict]:
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM exam_attempts ORDER BY id")]


def test_short_exam_end_to_end_by_keyboard(qtbot, open_app, student, data_dir, tmp_path, monkeypatch) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    flow = exam(window)
    screen = flow.screen
    assert screen.countdown.text() == "5:00 left"
    skipped = flagged = None
    for n in range(8):
        w = on_screen(window)
        assert screen.position.text() == f"Question {n + 1} of 8"
        if w.question.qtype == QType.NUMERIC:
            skipped = n  # left blank: the confirmation must list it
        else:
            answer(student, w)
        if n == 1:
            flagged = n
            student.press(Qt.Key.Key_F, CTRL)
            assert screen.flag_mark.text() == "⚑ flagged"
        if n == 2:  # back and forth: the earlier answer is still there, then on again
            given = w.response()
            with qtbot.waitSignal(screen.question_shown):
                student.press(Qt.Key.Key_Left, ALT)
            with qtbot.waitSignal(screen.question_shown):
                student.press(Qt.Key.Key_Right, ALT)
            assert on_screen(window).response() == given
        if n < 7:
            with qtbot.waitSignal(screen.question_shown):
                student.press(Qt.Key.Key_Return)
    assert screen.tally.text() == "7 answered · 1 unanswered\n1 flagged for review"

    student.press(Qt.Key.Key_Return)  # Enter on the last question asks to submit
    dialog = screen.findChild(SubmitDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.unanswered_text.text() == f"Unanswered: {skipped + 1}"
    assert dialog.flagged_text.text() == f"Flagged for review: {flagged + 1}"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.submit_button)
    student.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is flow.results, timeout=5000)

    results = flow.results
    assert results.score.text() == "7 / 8 marks · 88%"
    assert results.verdict.text() == "✓ PASSED"
    assert results.by_topic.topLevelItem(0).text(0) == "Ketamine pharmacology (UI test bank)"
    assert results.items.topLevelItemCount() == 8
    (attempt,) = stored_attempts(data_dir)
    assert attempt["finished_at"] is not None and attempt["score"] == 7 and attempt["passed"] == 1
    responses = json.loads(attempt["responses"])
    assert responses["ui-005"] == "esketamine" and responses["ui-006"] is None

    # Review: the blank numeric question shows the correct answer and the explanation.
    student.press(Qt.Key.Key_2, CTRL)
    for _ in range(skipped):
        student.press(Qt.Key.Key_Down)
    assert results.widget is not None and results.widget.question.id == "ui-006"
    assert results.feedback.headline.text() == "✗ No answer given"
    assert "half-life" in results.feedback.body.toPlainText()

    student.press(Qt.Key.Key_D, CTRL)  # drill my mistakes
    qtbot.waitUntil(lambda: results.study_button.isVisible(), timeout=5000)
    assert results.drill_button.text() == "Mistakes scheduled for review ✓"
    assert student.review_log() == [("ui-006", 1, 0.0, "null")]

    saved = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    student.press(Qt.Key.Key_S, CTRL)
    assert saved.read_bytes().startswith(b"%PDF")
    html = tmp_path / "report.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(html), ""))
    student.press(Qt.Key.Key_S, CTRL)
    page = html.read_text(encoding="utf-8")
    assert "Short test" in page and "7 / 8 marks" in page and page.count("<h3>") == 8

    student.press(Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: results.history.list.topLevelItemCount() == 1)
    assert results.history.list.topLevelItem(0).text(2) == "88% ✓"

    # "Review them now": a session of exactly the missed question, at once (it is not due for a minute).
    assert results.study_button.text() == "Review them now"
    qtbot.mouseClick(results.study_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review.widget is not None, timeout=5000)
    assert window.stack.currentWidget() is window.review
    assert window.review.widget.question.id == "ui-006"
    assert window.review.step.remaining.total == 0  # nothing else: only the one mistake


def test_time_running_out_submits_the_exam(qtbot, open_app, student, clock, data_dir) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    flow = exam(window)
    answer(student, on_screen(window))
    clock.advance(minutes=4, seconds=30)
    flow.screen.ticker.timeout.emit()  # the next tick of the countdown's one-second timer, without the wait
    assert flow.screen.countdown.text() == "0:30 left"
    clock.advance(seconds=31)
    flow.screen.ticker.timeout.emit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is flow.results, timeout=5000)
    assert flow.results.message.text() == "Time ran out: the exam was submitted automatically."
    (attempt,) = stored_attempts(data_dir)
    assert attempt["finished_at"] == int(clock.now().timestamp()) - 1  # at the deadline
    assert json.loads(attempt["meta"])["result"]["timed_out"] is True


def test_interrupted_exam_resumes_after_restart(qtbot, open_app, student, clock) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    flow = exam(window)
    answer(student, on_screen(window))
    with qtbot.waitSignal(flow.screen.question_shown):
        student.press(Qt.Key.Key_Return)
    answer(student, on_screen(window))
    clock.advance(seconds=80)
    first = [i.question_id for i in flow.run.items]
    given = on_screen(window).response()
    window.close()
    background.wait_all()

    clock.advance(hours=2)  # closed for two hours: that time does not count
    again = open_app()
    qtbot.waitUntil(lambda: (box := again.findChild(QMessageBox)) is not None and box.isVisible())
    box = again.findChild(QMessageBox)
    assert "2 of 8 answered" in box.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.defaultButton())
    with qtbot.waitSignal(exam(again).screen.question_shown, timeout=5000):
        student.press(Qt.Key.Key_Return)
    resumed = exam(again)
    assert [i.question_id for i in resumed.run.items] == first
    assert resumed.screen.position.text() == "Question 2 of 8"
    assert on_screen(again).response() == given
    assert resumed.screen.tally.text() == "2 answered · 6 unanswered\n0 flagged for review"
    assert resumed.screen.countdown.text() == "3:40 left"


def test_leaving_stops_the_clock_and_the_exams_page_offers_resume(qtbot, open_app, student, clock) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    flow = exam(window)
    clock.advance(seconds=20)
    student.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: flow.setup.banner.isVisible() and flow.setup.resume_button.hasFocus())
    assert "0 of 8 answered, 4:40 left" in flow.setup.banner_text.text()
    clock.advance(minutes=30)
    with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
        student.press(Qt.Key.Key_Return)
    assert flow.screen.countdown.text() == "4:40 left"


def test_custom_exam_and_navigator_by_keyboard(qtbot, open_app, student) -> None:
    window = open_app()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    flow = exam(window)
    qtbot.waitUntil(lambda: flow.setup.blueprints.count() == 1 and flow.setup.blueprints.hasFocus())
    student.press(Qt.Key.Key_Q, ALT)  # the Questions field
    student.press(Qt.Key.Key_A, CTRL)
    student.type("3")
    student.press(Qt.Key.Key_M, ALT)  # Minutes: 0 is no limit
    student.press(Qt.Key.Key_A, CTRL)
    student.type("0")
    with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
        student.press(Qt.Key.Key_C, ALT)  # Start custom exam
    screen = flow.screen
    assert screen.title.text() == "Custom exam" and screen.position.text() == "Question 1 of 3"
    assert screen.countdown.text() == "0:00 elapsed"

    student.press(Qt.Key.Key_G, CTRL)  # the navigator: arrows move, Enter opens
    assert screen.navigator.hasFocus()
    student.press(Qt.Key.Key_Right)
    student.press(Qt.Key.Key_Right)
    with qtbot.waitSignal(screen.question_shown):
        student.press(Qt.Key.Key_Return)
    assert screen.position.text() == "Question 3 of 3"

    student.press(Qt.Key.Key_Return, CTRL)
    dialog = screen.findChild(SubmitDialog)
    assert dialog.unanswered_text.text() == "Unanswered: 1, 2, 3"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.submit_button)
    student.press(Qt.Key.Key_Tab)
    assert student.focused() is dialog.review_button and dialog.review_button.text() == "Go to question 1"
    with qtbot.waitSignal(screen.question_shown):
        student.press(Qt.Key.Key_Space)
    assert screen.position.text() == "Question 1 of 3" and screen.run.submitted_at is None


def test_a_long_sitting_keeps_python_intact(qtbot, open_app, student) -> None:
    """Guards the PySide6 pin: 6.12.0 on Python 3.11 dropped a reference to None per Qt call returning
    nothing, so moving through an exam a few hundred times aborted the app (none_dealloc)."""
    window = open_app()
    begin_exam(qtbot, window, student)
    screen = exam(window).screen
    before = sys.getrefcount(None)
    for _ in range(10):
        for key in (Qt.Key.Key_PageDown,) * 7 + (Qt.Key.Key_PageUp,) * 7:
            student.press(key)
    assert screen.position.text() == "Question 1 of 8"
    assert sys.getrefcount(None) > before - 1000  # 6.12.0 lost about 30 000 here


def test_moving_on_never_shows_two_questions_at_once(qtbot, open_app, student) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    screen = exam(window).screen
    first = screen.widget
    screen.next()  # straight from code: no event loop pass, so the old widget is not deleted yet
    shown = [w for w in screen.findChildren(QuestionWidget) if w.isVisible()]
    assert shown == [screen.widget] and screen.widget is not first


MATCHING_BANK = """title: Pain studies
topic: pain
questions:
  - id: pain-match
    type: matching
    prompt: Match each study with the adverse finding it reported for ketamine given for pain.
    pairs:
      Sigtermans 2009 (CRPS, multi-day infusion): Mild to moderate psychomimetic effects during the infusion
      Hardy 2012 (cancer pain, subcutaneous): Adverse events almost doubled (rate ratio 1.95)
      PODCAST 2017 (older surgical patients): More hallucinations and nightmares with higher doses
      Noppers 2011 (repeated CRPS infusions): Liver injury in three of six patients
    explanation: Four trials, four different adverse findings.
    sources: [s]
  - {id: pain-tf, type: true_false, prompt: Ketamine is used in chronic pain., answer: true, explanation: It is.,
     sources: [s]}
sources:
  s: {title: S, url: "https://example.org/s"}
"""
MATCHING_EXAM = "title: Matching\ntime_limit: 5\npass_mark: 50\nsections:\n  - {topic: pain, count: 2}\n"


@pytest.mark.parametrize(("size", "points"), [((1280, 800), 16), ((800, 600), 22)])
def test_a_matching_question_in_an_exam_fits_its_card(qtbot, launch, tmp_path: Path, student, size, points) -> None:
    folder = tmp_path / "pain"
    (folder / "exams").mkdir(parents=True)
    (folder / "pain.yaml").write_text(MATCHING_BANK, encoding="utf-8")
    (folder / "exams" / "m.yaml").write_text(MATCHING_EXAM, encoding="utf-8")
    window = launch([folder])
    with qtbot.waitSignal(window.settings_applied):
        window.save_settings({"font_size": points})
    window.resize(*size)
    begin_exam(qtbot, window, student)
    screen = exam(window).screen
    if on_screen(window).question.qtype != QType.MATCHING:
        with qtbot.waitSignal(screen.question_shown):
            screen.next()
    w = on_screen(window)
    QApplication.processEvents()
    assert not screen.scroll.horizontalScrollBar().isVisible()
    card_right = screen.card.mapTo(window, screen.card.rect().topRight()).x()
    grid = next(iter(w.combos.values())).parentWidget()
    for left, combo in w.combos.items():
        assert combo.mapTo(window, combo.rect().topRight()).x() <= card_right, left  # no dropdown off the card
        label = grid.layout().itemAtPosition(list(w.combos).index(left), 0).widget()
        assert label.width() >= 0.3 * grid.width(), (label.width(), grid.width())  # room for the prompts
    combo = next(iter(w.combos.values()))
    longest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.view().minimumWidth() >= longest  # the open list shows every answer whole


def test_the_flag_message_does_not_follow_to_the_next_question(qtbot, open_app, student) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    screen = exam(window).screen
    student.press(Qt.Key.Key_F, CTRL)
    assert screen.status.text() == "Flagged for review."
    with qtbot.waitSignal(screen.question_shown):
        screen.next()
    assert "Flagged" not in screen.status.text()
    assert screen.flag_mark.text() == ""


def test_results_round_marks_and_say_plurals(qtbot, open_app, student) -> None:
    window = open_app()
    begin_exam(qtbot, window, student)
    flow = exam(window)
    screen = flow.screen
    for n in range(8):
        w = on_screen(window)
        if w.question.qtype == QType.MATCHING:  # two of three pairs right: 2/3 of a mark
            first, second = w.lefts[:2]
            for left in (first, second):
                w.combos[left].setCurrentIndex(w.combos[left].findData(dict(w.question.pairs)[left]))
        elif w.question.qtype != QType.NUMERIC:  # the numeric one is left blank: one mistake
            answer(student, w)
        if n < 7:
            with qtbot.waitSignal(screen.question_shown):
                screen.next()
    screen.submit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is flow.results, timeout=5000)
    results = flow.results
    assert results.score.text() == "6.67 / 8 marks · 83%"
    assert "2 mistakes" in results.details.text() and "mistake(s)" not in results.details.text()
    marks = [results.items.topLevelItem(i).text(2) for i in range(results.items.topLevelItemCount())]
    assert "0.67" in marks and not any(len(m) > 4 for m in marks), marks
    assert results.by_topic.topLevelItem(0).text(2) == "6.67"
    row = marks.index("0.67")
    results.show_tab(1)
    results.items.setCurrentItem(results.items.topLevelItem(row))
    assert "0.67 marks" in results.item_heading.text() and "mark(s)" not in results.item_heading.text()
    assert results.drill_button.text() == "Drill my 2 mistakes (Ctrl+D)"


def test_the_review_list_shows_every_column(qtbot, open_app, student) -> None:
    window = open_app()
    with qtbot.waitSignal(window.settings_applied):
        window.save_settings({"font_size": 16})
    begin_exam(qtbot, window, student)
    flow = exam(window)
    flow.screen.submit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is flow.results, timeout=5000)
    results = flow.results
    results.show_tab(1)
    QApplication.processEvents()
    header = results.items.header()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= results.items.viewport().width()
    assert not results.items.horizontalScrollBar().isVisible()


def test_exam_topic_counts_say_why_they_differ_from_home(qtbot, open_app, student) -> None:
    window = open_app()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    setup = exam(window).setup
    qtbot.waitUntil(lambda: setup.topics.count() == 1)
    home_new = window.home.overview.topics["pharmacology"].total
    assert home_new == 9
    assert setup.topics.item(0).text().endswith("(8 of 9)")  # the flashcard is not examined
    assert setup.topic_note.isVisible() and "flashcards" in setup.topic_note.text()
