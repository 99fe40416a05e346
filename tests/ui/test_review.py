"""Studying in the real window: every question type by keyboard and by mouse, ratings stored, undo."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from quizapp.bank.types import QType
from quizapp.ui.main_window import MainWindow
from quizapp.ui.questions.base import QuestionWidget

# The fixture bank's questions, in bank order (new cards come in that order): one of every type.
ORDER = ["ui-001", "ui-002", "ui-003", "ui-004", "ui-005", "ui-006", "ui-007", "ui-008", "ui-009"]


def start_studying(qtbot, window: MainWindow, student) -> None:
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.click(window.home.study_now)


def current(window: MainWindow) -> QuestionWidget:
    assert window.review.widget is not None
    return window.review.widget


def answer_by_keyboard(student, w: QuestionWidget) -> None:
    """The right answer to `w` with keys only, starting from where the screen put the focus."""
    q = w.question
    kind = q.qtype
    if kind == QType.SINGLE_CHOICE:
        student.press("1")
    elif kind == QType.MULTIPLE_CHOICE:
        student.press("1")
        student.press("2")
    elif kind == QType.TRUE_FALSE:
        student.press("2")  # the statement is false
    elif kind == QType.CLOZE:
        student.type("CYP3A4")
        student.press(Qt.Key.Key_Tab)
        student.type("norketamine")
    elif kind == QType.SHORT_ANSWER:
        student.type("esketamine")
    elif kind == QType.NUMERIC:
        student.type("2.5")
    elif kind == QType.MATCHING:
        # A number key fills the focused row and moves to the next.
        for left in w.lefts:
            assert student.focused() is w.combos[left]
            student.press(str(w.rights.index(dict(q.pairs)[left]) + 1))
    elif kind == QType.ORDERING:
        for target, item in enumerate(q.items):
            now = w.response().index(item)
            student.press(str(now + 1))  # select it
            for _ in range(now - target):
                student.press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    student.press(Qt.Key.Key_Space if kind == QType.FLASHCARD else Qt.Key.Key_Return)


def answer_by_mouse(student, w: QuestionWidget, check_button) -> None:
    q = w.question
    kind = q.qtype
    if kind == QType.SINGLE_CHOICE:
        student.click(w.rows[0].label)  # the text of a choice is clickable too
    elif kind == QType.MULTIPLE_CHOICE:
        student.click(w.rows[0].button)
        student.click(w.rows[1])
    elif kind == QType.TRUE_FALSE:
        student.click(w.rows[1].button)
    elif kind == QType.CLOZE:
        for edit, text in zip(w.edits, ["cyp3a4", "Norketamine"], strict=True):
            student.click(edit)
            student.type(text)
    elif kind in (QType.SHORT_ANSWER, QType.NUMERIC):
        student.click(w.edit)
        student.type("S-ketamine" if kind == QType.SHORT_ANSWER else "2,4 h")
    elif kind == QType.MATCHING:
        for left, right in q.pairs:
            combo = w.combos[left]
            combo.showPopup()
            view = combo.view()
            student.qtbot.waitUntil(view.isVisible)
            index = combo.model().index(combo.findData(right), 0)
            student.click(view.viewport(), view.visualRect(index).center())
            student.qtbot.waitUntil(lambda v=view: not v.isVisible())
    elif kind == QType.ORDERING:
        for target, item in enumerate(q.items):
            now = w.response().index(item)
            student.click(w.list.viewport(), w.list.visualItemRect(w.list.item(now)).center())
            for _ in range(now - target):
                student.click(w.up)
    student.click(check_button)


def test_every_type_by_keyboard(qtbot, window: MainWindow, student) -> None:
    # Keyboard only, from the home screen on: "Study now" has the focus and Space starts.
    assert student.focused() is window.home.study_now
    with qtbot.waitSignal(window.review.question_shown):
        student.press(Qt.Key.Key_Space)
    review = window.review
    for expected_id in ORDER:
        w = current(window)
        assert w.question.id == expected_id
        answer_by_keyboard(student, w)
        assert review.revealed
        if w.question.qtype != QType.FLASHCARD:
            assert review.result is not None and review.result.correct, (expected_id, w.response())
            assert review.feedback.headline.text().startswith("✓")
        # The suggested rating has the focus and Space takes it.
        assert student.focused() is review.ratings.buttons[review.suggested or 3], (expected_id, student.focused())
        with qtbot.waitSignal(review.answered, timeout=5000) as blocker:
            student.press(Qt.Key.Key_Space)
        assert blocker.args == [expected_id]
    # All new cards are done; what follows, if anything, is a card still in its learning steps.
    assert review.step.item is None or review.step.item.kind == "learning"
    logged = student.review_log()
    assert [row[0] for row in logged] == ORDER
    assert all(row[2] == 1.0 for row in logged[:-1])  # auto-graded and right
    assert logged[-1][2] is None and json.loads(logged[-1][3]) is True  # flashcard: self-rated, knew it
    assert student.card("ui-001")["reps"] == 1
    student.press(Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_every_type_by_mouse(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    for expected_id in ORDER:
        w = current(window)
        assert w.question.id == expected_id
        if w.question.qtype not in (QType.FLASHCARD, QType.ORDERING):  # an order is always an answer
            assert not review.check.isEnabled()  # nothing given yet
        answer_by_mouse(student, w, review.check)
        assert review.revealed
        if w.question.qtype != QType.FLASHCARD:
            assert review.result is not None and review.result.correct, (expected_id, w.response())
        with qtbot.waitSignal(review.answered, timeout=5000):
            student.click(review.ratings.buttons[4])  # Easy
    qtbot.waitUntil(review.finished.isVisible)  # Easy graduates every card: nothing left today
    assert [row[1] for row in student.review_log()] == [4] * len(ORDER)


def test_a_wrong_answer_shows_why_and_the_student_picks_the_rating(qtbot, window: MainWindow,
                                                                   student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    student.press("3")  # μ-opioid: wrong
    student.press(Qt.Key.Key_Return)
    assert review.result is not None and not review.result.correct
    row = current(window).rows[2]
    assert row.verdict.text().startswith("✗") and "Opioid action is minor" in row.why.text()
    assert current(window).rows[0].verdict.text().startswith("✓")  # the right one is shown
    assert "NMDA receptor antagonist" in review.feedback.body.toPlainText()  # the explanation
    assert "StatPearls" in review.feedback.body.toPlainText()  # and the source
    assert review.suggested == 1 and student.focused() is review.ratings.buttons[1]
    with qtbot.waitSignal(review.answered):
        student.press("2")  # the student overrides the suggestion: Hard
    assert student.review_log()[0][:3] == ("ui-001", 2, 0.0)


def test_rating_buttons_show_the_next_intervals(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    student.press("1")
    student.press(Qt.Key.Key_Return)
    texts = [b.text() for b in window.review.ratings.buttons.values()]
    assert [t.split("\n")[0] for t in texts] == ["1  Again", "2  Hard", "3  Good", "4  Easy"]
    assert texts[0].endswith("m") and texts[3].endswith("d")  # minutes for Again, days for Easy


def test_undo_restores_the_card_and_shows_the_question_again(qtbot, window: MainWindow,
                                                              student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(review.question_shown):
        student.press("3")
    assert current(window).question.id == "ui-002"
    assert window.undo_action.isEnabled()
    assert student.card("ui-001")["reps"] == 1
    with qtbot.waitSignal(review.question_shown):
        window.undo_action.trigger()  # Edit ▸ Undo last answer
    assert current(window).question.id == "ui-001"
    assert student.review_log() == []
    assert student.card("ui-001")["reps"] == 0
    assert "undone" in review.status.text()


def test_ctrl_z_undoes_from_the_keyboard(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(window.review.question_shown):
        student.press("3")
    with qtbot.waitSignal(window.review.question_shown):
        student.press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert current(window).question.id == "ui-001"
    assert student.review_log() == []


def test_flag_bury_suspend_and_escape_home(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    student.press("*")
    qtbot.waitUntil(lambda: student.card("ui-001")["flagged"] == 1)
    assert "flagged" in review.bar.flag_mark.text()
    with qtbot.waitSignal(review.question_shown):
        student.press("-")
    assert current(window).question.id == "ui-002"
    assert student.card("ui-001")["buried_until"] > 0
    with qtbot.waitSignal(review.question_shown):
        student.press("@")
    assert current(window).question.id == "ui-003"
    assert student.card("ui-002")["suspended"] == 1
    student.press(Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    qtbot.waitUntil(lambda: window.home.overview.totals.new == 7)  # two of the nine put aside


def test_typing_in_an_answer_field_never_triggers_shortcuts(qtbot, window: MainWindow,
                                                            student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    while current(window).question.qtype != QType.SHORT_ANSWER:
        with qtbot.waitSignal(review.question_shown):
            student.click(review.bury_button)  # put aside what comes before
    student.type("-2 @*1 x")
    assert current(window).edit.text() == "-2 @*1 x"
    assert not review.revealed
    card = student.card("ui-005")
    assert (card["suspended"], card["flagged"], card["buried_until"]) == (0, 0, 0)


def test_shift_enter_marks_an_answer_unsure(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    student.press("1")  # right
    student.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert review.result is not None and review.result.correct
    assert review.suggested == 2  # a right guess suggests Hard, not Good or Easy
    with qtbot.waitSignal(review.answered):
        student.press(Qt.Key.Key_Space)
    with sqlite3.connect(student.data_dir / "progress.sqlite3") as conn:
        assert conn.execute("SELECT rating, confident, duration_ms >= 0 FROM review_log").fetchall() == [(2, 0, 1)]


def test_a_typo_accepted_by_fuzzy_grading_is_shown_to_the_student(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    while current(window).question.qtype != QType.SHORT_ANSWER:
        with qtbot.waitSignal(review.question_shown):
            student.click(review.bury_button)
    student.type("esketamin")
    student.press(Qt.Key.Key_Return)
    assert review.result is not None and review.result.correct
    text = review.feedback.headline.text()
    assert text.startswith("✓") and "you wrote ‘esketamin’" in text and "‘esketamine’" in text, text
    assert "you wrote ‘esketamin’" in current(window).expected.text()


def test_undo_keeps_the_session_count(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    assert "0 done · 9 left" in review.bar.counts.text()
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(review.question_shown):
        student.press("3")  # Good: the card stays in today's learning steps
    assert "1 done · 9 left" in review.bar.counts.text()
    with qtbot.waitSignal(review.question_shown):
        window.undo_action.trigger()
    assert "0 done · 9 left" in review.bar.counts.text(), review.bar.counts.text()
    assert current(window).question.id == "ui-001"
    # the question that was on screen when undoing comes next, not lost
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(review.question_shown):
        student.press("4")
    assert current(window).question.id == "ui-002"


def test_a_new_session_does_not_show_the_last_sessions_message(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(review.question_shown):
        student.press("3")
    assert review.status.text().startswith("Saved. Back in")
    student.press(Qt.Key.Key_Escape)
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    assert "Saved" not in review.status.text()


def test_every_review_action_has_a_key_that_works_while_typing(qtbot, window: MainWindow, student) -> None:
    from PySide6.QtWidgets import QLineEdit

    start_studying(qtbot, window, student)
    review = window.review
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    while current(window).question.qtype != QType.SHORT_ANSWER:
        with qtbot.waitSignal(review.question_shown):
            student.click(review.bury_button)
    student.type("esk")
    assert isinstance(student.focused(), QLineEdit)
    student.press(Qt.Key.Key_F, ctrl)  # flag
    qtbot.waitUntil(lambda: student.card("ui-005")["flagged"] == 1)
    assert current(window).edit.text() == "esk"
    with qtbot.waitSignal(review.question_shown):
        student.press(Qt.Key.Key_B, ctrl | shift)  # bury
    assert student.card("ui-005")["buried_until"] > 0
    assert current(window).question.qtype == QType.NUMERIC
    student.type("2")
    with qtbot.waitSignal(review.question_shown):
        student.press(Qt.Key.Key_J, ctrl)  # suspend
    assert student.card("ui-006")["suspended"] == 1
    # The buttons say which keys: the ones that work with a text field focused.
    assert "Ctrl+F" in review.flag_button.text()
    assert "Ctrl+Shift+B" in review.bury_button.text()
    assert "Ctrl+J" in review.suspend_button.text()


def test_ctrl_z_in_an_empty_answer_field_undoes_the_last_answer(qtbot, window: MainWindow, student) -> None:
    start_studying(qtbot, window, student)
    review = window.review
    while current(window).question.qtype != QType.CLOZE:
        with qtbot.waitSignal(review.question_shown):
            student.press("1")
            student.press(Qt.Key.Key_Return)
            student.press("3")
    answered = student.review_log()[-1][0]
    student.type("CY")
    student.press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes the typing first
    assert current(window).edits[0].text() == ""
    with qtbot.waitSignal(review.question_shown):
        student.press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # then the last answer
    assert current(window).question.id == answered
