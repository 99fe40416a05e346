"""The Browse window driven as a student would: Ctrl+B, search, sort, preview, card info, bulk actions and
undo, reschedule, open the bank file; and custom study from the home screen and from Browse."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp.study import FakeClock, Rating, StudyService
from quizapp.ui.browse.custom_dialog import CustomStudyDialog
from quizapp.ui.browse.model import COLUMNS
from quizapp.ui.browse.window import BrowseWindow, RescheduleDialog
from quizapp.ui.main_window import MainWindow
from quizapp.ui.questions.choice import ChoiceWidget

ALL = ["ui-001", "ui-002", "ui-003", "ui-004", "ui-005", "ui-006", "ui-007", "ui-008", "ui-009"]


def _studied(data_dir: Path, bank_dir: Path, answers: list[tuple[str, Rating]], clock: FakeClock | None = None) -> None:
    """Progress made before the app starts, as an earlier day of study would leave it."""
    from quizapp.bank.loader import load_banks

    loaded = load_banks([bank_dir])
    with StudyService.open(data_dir, clock) as service:
        service.sync(loaded.questions)
        session = service.start_session(loaded.questions)
        for qid, rating in answers:
            session.answer(qid, None, None, rating, 4200)
            if clock is not None:
                clock.advance(minutes=11)


def _browse(qtbot, window: MainWindow, student) -> BrowseWindow:
    """Ctrl+B from the main window; returns the Browse window once its first search is shown."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    student.press(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    browser = window.browse.browser
    assert browser is not None
    qtbot.waitUntil(lambda: browser.model.rowCount() > 0 and browser.moment is not None, timeout=10_000)
    browser.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is browser)
    return browser


def _search(qtbot, browser: BrowseWindow, query: str) -> None:
    browser.search.setFocus()
    browser.search.selectAll()
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.keyClicks(browser.search, query)
        qtbot.keyClick(browser.search, Qt.Key.Key_Return)


def _column(browser: BrowseWindow, key: str) -> list[str]:
    c = [k for k, _ in COLUMNS].index(key)
    return [browser.model.data(browser.model.index(r, c)) for r in range(browser.model.rowCount())]


def _select(qtbot, browser: BrowseWindow, ids: list[str]) -> None:
    browser.table.clearSelection()
    for qid in ids:
        row = browser.model.ids.index(qid)
        rect = browser.table.visualRect(browser.model.index(row, 0))
        qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         rect.center())
    assert sorted(browser.selected_ids()) == sorted(ids)


def _key(qtbot, browser: BrowseWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A shortcut typed in the table (once a closed dialog has handed the focus back to the window)."""
    browser.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is browser)
    qtbot.keyClick(browser.table, key, modifiers)


def test_ctrl_b_opens_browse_with_every_question_and_a_search_narrows_it(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    assert browser.model.ids == ALL
    assert "9 question(s)" in browser.status.text()
    _search(qtbot, browser, "nmda")
    assert browser.model.ids == ["ui-001", "ui-003"]
    assert _column(browser, "type") == ["single choice", "true false"]
    _search(qtbot, browser, "type:cloze or tag:depression")
    assert browser.model.ids == ["ui-004", "ui-005"]
    _search(qtbot, browser, "ANAESTHÉSIA")  # case and accents do not matter
    assert "ui-001" in browser.model.ids


def test_a_malformed_search_says_where_and_keeps_the_last_results(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    _search(qtbot, browser, "nmda")
    _search(qtbot, browser, 'nmda "open')
    assert browser.status.text().startswith("Column 6: this quote is never closed")
    assert browser.status.property("state") == "wrong"
    assert browser.model.ids == ["ui-001", "ui-003"]
    assert browser.search.cursorPosition() == 5  # on the quote


def test_clicking_a_header_sorts_and_clicking_again_reverses(qtbot, launch, bank_dir, data_dir, student) -> None:
    _studied(data_dir, bank_dir, [("ui-006", Rating.Easy), ("ui-002", Rating.Good), ("ui-009", Rating.Hard)])
    browser = _browse(qtbot, launch([bank_dir]), student)
    header = browser.table.horizontalHeader()
    prompt = [k for k, _ in COLUMNS].index("prompt")
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, prompt))
    shown = _column(browser, "prompt")
    assert shown == sorted(shown, key=str.casefold)
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, prompt))
    assert _column(browser, "prompt") == sorted(shown, key=str.casefold, reverse=True)
    due = [k for k, _ in COLUMNS].index("due")
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, due))
    assert _column(browser, "due")[3:] == ["new"] * 6  # new cards have no due date: last
    assert set(browser.model.ids[:2]) == {"ui-002", "ui-009"}  # in learning, due in minutes
    assert browser.model.ids[2] == "ui-006"  # a review, due in days


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


@pytest.fixture
def studied_window(launch: Callable[..., MainWindow], bank_dir: Path, data_dir: Path) -> MainWindow:
    clock = FakeClock()
    _studied(data_dir, bank_dir, [("ui-001", Rating.Good), ("ui-001", Rating.Good), ("ui-001", Rating.Again),
                                  ("ui-005", Rating.Easy)], clock)
    clock.advance(minutes=30)
    return launch([bank_dir], clock=clock)


def test_selecting_a_question_shows_its_preview_and_card_info(qtbot, studied_window, student) -> None:
    browser = _browse(qtbot, studied_window, student)
    _search(qtbot, browser, "id:ui-001")
    with qtbot.waitSignal(browser.info_shown, timeout=10_000):
        _key(qtbot, browser, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        browser.show_timer.start()
    assert browser.tabs.currentWidget() is browser.info
    history = browser.info.history
    assert history.topLevelItemCount() == 3
    newest = [history.topLevelItem(0).text(c) for c in range(history.columnCount())]
    assert newest[1] == "Again" and newest[2] == "4.2s" and newest[4] == "relearning"
    assert history.topLevelItem(2).text(4) == "learning"
    assert "3 review(s), 1 lapse(s)" in browser.info.summary.text()
    assert len(browser.info.chart.points) == 3
    preview = browser.preview.widget_
    assert isinstance(preview, ChoiceWidget) and preview.answered
    marked = [(row.label.text(), row.verdict.text()) for row in preview.rows if row.verdict.text()]
    assert [verdict for _, verdict in marked] == ["✓ correct answer"] and "NMDA" in marked[0][0]
    assert browser.preview.feedback.headline.text() == "Answer and explanation"
    _key(qtbot, browser, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert browser.tabs.currentWidget() is browser.preview


def test_suspend_several_then_undo_with_ctrl_z(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    _select(qtbot, browser, ["ui-002", "ui-004", "ui-007"])
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        _key(qtbot, browser, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert [student.card(q)["suspended"] for q in ("ui-002", "ui-004", "ui-007", "ui-001")] == [1, 1, 1, 0]
    flags = dict(zip(browser.model.ids, _column(browser, "flags"), strict=True))
    assert flags["ui-004"] == "suspended" and flags["ui-001"] == ""
    assert "Suspended 3 question(s)" in browser.status.text()
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        _key(qtbot, browser, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [student.card(q)["suspended"] for q in ("ui-002", "ui-004", "ui-007")] == [0, 0, 0]
    assert "Undone: suspended on 3 question(s)" in browser.status.text()
    assert not browser.undo_action.isEnabled()


def test_flag_and_bury_from_the_toolbar_then_search_them(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    _select(qtbot, browser, ["ui-003"])
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        browser.actions_by_name["browse_flag"].trigger()
    _select(qtbot, browser, ["ui-006", "ui-008"])
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        browser.actions_by_name["browse_bury"].trigger()
    _search(qtbot, browser, "is:flagged or is:buried")
    assert browser.model.ids == ["ui-003", "ui-006", "ui-008"]
    assert _column(browser, "flags") == ["⚑", "buried", "buried"]


def test_reset_asks_first_and_undo_brings_the_progress_back(qtbot, studied_window, student) -> None:
    browser = _browse(qtbot, studied_window, student)
    before = student.card("ui-005")
    assert before["state"] == 2
    _select(qtbot, browser, ["ui-005"])
    _key(qtbot, browser, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    box = browser.confirm
    assert isinstance(box, QMessageBox) and "1 question(s)" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert student.card("ui-005") == before  # cancelled: nothing changed
    _key(qtbot, browser, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        browser.confirm.button(QMessageBox.StandardButton.Yes).click()
    reset = student.card("ui-005")
    assert (reset["state"], reset["reps"], reset["stability"]) == (0, 0, None)
    assert dict(zip(browser.model.ids, _column(browser, "due"), strict=True))["ui-005"] == "new"
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        _key(qtbot, browser, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert student.card("ui-005") == before


def test_reschedule_to_a_chosen_day(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    _select(qtbot, browser, ["ui-007"])
    _key(qtbot, browser, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = browser.confirm
    assert isinstance(dialog, RescheduleDialog)
    chosen = dialog.calendar.selectedDate().addDays(4)
    dialog.calendar.setSelectedDate(chosen)
    with qtbot.waitSignal(browser.edited, timeout=10_000):
        dialog.accept()
    card = student.card("ui-007")
    assert card["state"] == 2 and card["stability"] > 0
    assert dict(zip(browser.model.ids, _column(browser, "due"), strict=True))["ui-007"] == chosen.toString(
        "yyyy-MM-dd")


def test_open_bank_file_runs_the_editor_at_the_question_line(qtbot, window, student, tmp_path, monkeypatch) -> None:
    record = tmp_path / "editor-args.txt"
    editor = tmp_path / "fake-editor.sh"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("VISUAL", f"{editor} --wait")
    browser = _browse(qtbot, window, student)
    _search(qtbot, browser, "id:ui-005")
    _key(qtbot, browser, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(record.exists, timeout=10_000)
    qtbot.waitUntil(lambda: len(record.read_text().splitlines()) == 3)
    flag, line, path = record.read_text().splitlines()
    bank = Path(path)
    assert flag == "--wait" and bank.name == "pharmacology.yaml" and bank.is_file()
    assert bank.read_text(encoding="utf-8").splitlines()[int(line[1:]) - 1].strip() == "- id: ui-005"
    assert "at line" in browser.status.text()
    assert os.environ["VISUAL"].endswith("--wait")


def test_scrolling_a_long_table_reads_only_the_pages_it_shows(qtbot, launch, tmp_path) -> None:
    from quizapp.ui.browse import model as table_model

    lines = ["title: Many", "topic: many", "questions:"]
    for i in range(1500):
        lines += [f"  - id: many-{i:05d}", "    type: true_false", f"    prompt: Statement number {i} is true.",
                  "    answer: true", "    explanation: It is.", "    sources: [s]"]
    banks = tmp_path / "many"
    banks.mkdir()
    (banks / "sources.yaml").write_text("s:\n  title: S\n  url: https://example.org/s\n", encoding="utf-8")
    (banks / "many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    window = launch([banks])
    browser = window.browse.open()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1500, timeout=20_000)
    browser.show()
    qtbot.waitExposed(browser)
    first = browser.model.reads
    assert first <= 2  # the first screenful
    bar = browser.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(20)
    assert _column_at(browser, 1499) == "Statement number 1499 is true."
    assert browser.model.reads - first <= 2  # the last page, not the 1,300 rows between
    assert len(browser.model._pages) <= table_model.KEPT


def _column_at(browser: BrowseWindow, row: int) -> str:
    return browser.model.data(browser.model.index(row, 0))


# ----- custom study -------------------------------------------------------------------------------------
def _dialog(qtbot, window: MainWindow) -> CustomStudyDialog:
    dialog = window.browse.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.matches is not None or dialog.count.property("state") == "wrong", timeout=10_000)
    return dialog


def test_todays_mistakes_preset_reviews_them_and_moves_their_schedules(qtbot, launch, bank_dir, data_dir,
                                                                      student) -> None:
    clock = FakeClock()
    _studied(data_dir, bank_dir, [("ui-003", Rating.Again), ("ui-006", Rating.Good)], clock)
    window = launch([bank_dir], clock=clock)
    qtbot.mouseClick(window.home.presets["Today's mistakes"], Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, window)
    assert dialog.query.text() == "rated:1:1" and dialog.matches == 1 and dialog.reschedule.isChecked()
    reps = student.card("ui-003")["reps"]
    with qtbot.waitSignal(window.review.question_shown, timeout=10_000):
        qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.review
    assert window.review.step.item.question_id == "ui-003"
    window.review.widget.pick(2)  # false: right this time
    window.review.submit(None)
    with qtbot.waitSignal(window.review.answered, timeout=10_000):
        window.review.rate(3)
    assert student.card("ui-003")["reps"] == reps + 1  # rescheduled: a review like any other


def test_practice_only_from_browse_leaves_every_card_as_it_was(qtbot, window, student) -> None:
    browser = _browse(qtbot, window, student)
    _search(qtbot, browser, "topic:pharmacology type:true_false")
    qtbot.mouseClick(browser.study, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, window)
    assert dialog.query.text() == "topic:pharmacology type:true_false" and dialog.matches == 1
    dialog.practice.setChecked(True)
    before = student.card("ui-003")
    with qtbot.waitSignal(window.review.question_shown, timeout=10_000):
        qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    assert "Practice only" in window.review.status.text()
    review = window.review
    review.widget.pick(1)
    review.submit(None)
    assert [b.text().split("\n")[1] for b in review.ratings.buttons.values()] == ["", "", "", ""]  # no intervals
    with qtbot.waitSignal(review.answered, timeout=10_000):
        review.rate(1)
    assert student.card("ui-003") == before
    assert student.review_log() == []
    assert "schedule is unchanged" in review.status.text()


def test_custom_study_dialog_counts_and_explains_a_bad_query(qtbot, window) -> None:
    window.browse.custom_study("tag:mechanism")
    dialog = _dialog(qtbot, window)
    assert dialog.matches == 2 and dialog.start.isEnabled()
    dialog.matches = None
    dialog.query.setText("rated:0")
    qtbot.waitUntil(lambda: dialog.count.property("state") == "wrong", timeout=10_000)
    assert dialog.count.text().startswith("Column 7: rated: takes a number of days")
    assert not dialog.start.isEnabled()
    dialog.reject()


def test_an_edited_bank_is_searched_again_while_browse_is_open(qtbot, window, student, bank_dir) -> None:
    browser = _browse(qtbot, window, student)
    _search(qtbot, browser, "nmda")
    assert browser.model.ids == ["ui-001", "ui-003"]
    bank = bank_dir / "pharmacology.yaml"
    text = bank.read_text(encoding="utf-8").replace("glutamate binding site of the NMDA receptor",
                                                    "glutamate binding site of the receptor")
    with qtbot.waitSignal(browser.searched, timeout=20_000):
        bank.write_text(text, encoding="utf-8")  # the watcher reloads; Browse searches the new text
    assert browser.model.ids == ["ui-001"]
