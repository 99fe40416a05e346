"""The home screen: topics and counts, live reload from disk, bank problems, the empty state, settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from quizapp import paths
from quizapp.ui import background, helpdialogs
from quizapp.ui.main_window import MainWindow
from quizapp.ui.settings_dialog import SettingsDialog
from quizapp.ui.shortcuts import SHORTCUTS

FIXTURES = Path(__file__).parent / "fixtures"
EXTRA_QUESTION = """
  - id: ui-010
    type: true_false
    prompt: Ketamine is a controlled drug in the United Kingdom.
    answer: true
    explanation: It is a Class B drug under the Misuse of Drugs Act 1971.
    sources: [statpearls-ketamine]
    tags: [regulation]
    difficulty: 1
"""


def topic_row(window: MainWindow, index: int = 0) -> list[str]:
    item = window.home.tree.topLevelItem(index)
    return [item.text(c) for c in range(4)]


def test_home_lists_topics_tags_and_counts(window: MainWindow) -> None:
    home = window.home
    assert topic_row(window) == ["Ketamine pharmacology (UI test bank)", "0", "9", "0"]
    tags = [home.tree.topLevelItem(0).child(i).text(0) for i in range(home.tree.topLevelItem(0).childCount())]
    assert tags == ["#depression", "#effects", "#mechanism", "#metabolism", "#pharmacokinetics"]
    assert "New: 9 today, 9 unseen" in home.totals.text()
    assert not home.problems.isVisible() and not home.empty.isVisible()


def test_studying_a_tag_shows_only_its_questions(qtbot, window: MainWindow, student) -> None:
    topic = window.home.tree.topLevelItem(0)
    tag = next(topic.child(i) for i in range(topic.childCount()) if topic.child(i).text(0) == "#metabolism")
    window.home.tree.setCurrentItem(tag)
    assert "#metabolism" in window.home.study_topic.text()
    with qtbot.waitSignal(window.review.question_shown):
        student.click(window.home.study_topic)
    assert window.review.widget.question.id == "ui-004"
    assert "2 left" in window.review.bar.counts.text()


def test_editing_a_bank_on_disk_updates_home_with_a_summary(qtbot, window: MainWindow, bank_dir: Path) -> None:
    bank = bank_dir / "pharmacology.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("What is an *emergence reaction*?", "What is an *emergence phenomenon*?")  # changed
    start = text.index("  - id: ui-003")
    end = text.index("  - id: ui-004")
    text = text[:start] + text[end:] + EXTRA_QUESTION  # ui-003 removed, ui-010 added
    with qtbot.waitSignal(window.banks_shown, timeout=5000):
        bank.write_text(text, encoding="utf-8")
    assert window.home.notice.isVisible()
    assert window.home.notice_text.text().startswith("Banks reloaded: 1 added, 1 changed, 1 removed.")
    assert topic_row(window)[2] == "9"
    tags = window.home.tree.topLevelItem(0)
    assert "#regulation" in [tags.child(i).text(0) for i in range(tags.childCount())]


def test_a_new_error_keeps_the_last_good_questions_and_shows_where(qtbot, window: MainWindow,
                                                                   bank_dir: Path) -> None:
    bank = bank_dir / "pharmacology.yaml"
    broken = bank.read_text(encoding="utf-8").replace("    answer: false\n", "    answer: maybe\n")
    with qtbot.waitSignal(window.banks_shown, timeout=5000):
        bank.write_text(broken, encoding="utf-8")
    home = window.home
    assert home.problems.isVisible()
    messages = [home.problems.list.item(i).text() for i in range(home.problems.list.count())]
    line = broken.splitlines().index("    answer: maybe") + 1
    assert any(m.startswith(f"{bank}:{line}:") and "'answer' must be true or false" in m for m in messages), messages
    assert "last good questions are kept" in home.notice_text.text()
    assert topic_row(window)[2] == "9"  # ui-003 is still there


def test_a_bank_with_errors_lists_every_problem_at_its_line(launch, bank_dir: Path) -> None:
    window = launch([bank_dir, FIXTURES / "broken"])
    home = window.home
    assert home.problems.isVisible()
    assert "2 error(s) and 3 warning(s)" in home.problems.title.text()
    messages = [home.problems.list.item(i).text() for i in range(home.problems.list.count())]
    assert any(m.endswith("mistakes.yaml:16:5: error: question 'bad-002': 'answer' must be a number, not text")
               for m in messages), messages
    # The good question of the broken bank still loads, next to the other bank.
    titles = [home.tree.topLevelItem(i).text(0) for i in range(home.tree.topLevelItemCount())]
    assert titles == ["A bank with mistakes", "Ketamine pharmacology (UI test bank)"]
    assert topic_row(window, 0)[2] == "1"


def test_no_banks_explains_and_offers_the_bundled_ones(qtbot, launch, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    window = launch([empty])
    home = window.home
    assert home.empty.isVisible() and not home.tree.isVisible()
    assert str(empty) in home.empty.text.text()
    assert not home.study_now.isEnabled()
    with qtbot.waitSignal(window.banks_shown, timeout=10_000):
        qtbot.mouseClick(home.empty.bundled_button, Qt.MouseButton.LeftButton)
    assert window.bank_paths == [paths.bundled_questions()]
    assert home.tree.isVisible() and home.tree.topLevelItemCount() > 0


def test_changing_a_setting_stores_it(qtbot, window: MainWindow, student) -> None:
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    spin = dialog.editor("new_per_day")
    assert isinstance(spin, QSpinBox) and spin.value() == 20
    spin.setValue(5)
    with qtbot.waitSignal(window.settings_applied) as blocker:
        dialog.accept()
    assert blocker.args == [{"new_per_day": 5}]
    assert student.setting("new_per_day") == 5


def test_a_bad_setting_is_refused_in_the_dialog(window: MainWindow, student) -> None:
    dialog = window.open_settings()
    steps = dialog.editor("learning_steps")
    steps.setText("1, ten")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "Learning steps" in dialog.error.text()
    assert student.setting("learning_steps") is None  # nothing stored
    dialog.reject()


def test_the_dark_theme_applies_at_once_and_is_stored(qtbot, window: MainWindow, student) -> None:
    dark = next(a for a in window.theme_group.actions() if a.data() == "dark")
    with qtbot.waitSignal(window.settings_applied):
        dark.trigger()
    assert student.setting("theme") == "dark"
    assert dark.isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60


def test_window_geometry_is_remembered(launch, bank_dir: Path) -> None:
    first = launch([bank_dir])
    first.resize(777, 555)
    first.close()
    background.wait_all()
    second = launch([bank_dir])
    assert (second.width(), second.height()) == (777, 555)


def test_zoom_changes_the_text_size_and_resets(qtbot, window: MainWindow, student) -> None:
    base = QApplication.font().pointSizeF()
    student.press(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    student.press(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == base + 2
    student.press(Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == base


def test_help_lists_every_shortcut(window: MainWindow) -> None:
    dialog = helpdialogs.shortcuts_dialog(window)
    text = dialog.view.toPlainText()
    for shortcut in SHORTCUTS:
        assert shortcut.what in text
    for key in ("Space", "Ctrl+Z", "*", "-", "@", "Esc", "1…9"):
        assert key in text
    dialog.close()


def test_home_opens_the_exams_page_and_statistics(qtbot, window) -> None:
    from quizapp.ui.stats.window import StatsWindow

    qtbot.mouseClick(window.home.exam, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.exam.setup
    window.go_home()
    qtbot.mouseClick(window.home.stats, Qt.MouseButton.LeftButton)
    stats = window.findChild(StatsWindow)
    assert stats is not None and stats.isVisible()
    with qtbot.waitSignal(stats.computed, timeout=10_000):
        pass


def test_a_disk_error_during_work_is_shown_in_plain_words(qtbot, window, data_dir: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from quizapp.store.errors import StorageError

    message = "The disk holding your progress is full. Free some space; nothing was lost."
    window.bridge.failed.emit(StorageError(message, data_dir, "full"))
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == message
    box.close()


def test_settings_typed_from_the_keyboard_are_saved(qtbot, window: MainWindow, student) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox

    student.press(Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Edit ▸ Settings…
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    first = dialog.editor("desired_retention")
    # The focus starts, visibly, on the first field, its value selected: typing replaces it.
    assert student.focused() in (first, first.findChild(QLineEdit))
    student.type("0.85")
    student.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # the next tab: Daily limits
    per_day = dialog.editors["new_per_day"].widget
    assert dialog.tabs.currentWidget().isAncestorOf(per_day)
    assert isinstance(per_day, QAbstractSpinBox) and student.focused() in (per_day, per_day.findChild(QLineEdit))
    student.type("30")
    with qtbot.waitSignal(window.settings_applied) as blocker:
        student.press(Qt.Key.Key_Return)  # OK
    assert blocker.args == [{"desired_retention": 0.85, "new_per_day": 30}]
    assert (student.setting("desired_retention"), student.setting("new_per_day")) == (0.85, 30)


def test_home_shows_what_today_allows_and_what_is_unseen(qtbot, window: MainWindow, student) -> None:
    assert "New: 9 today, 9 unseen" in window.home.totals.text()
    with qtbot.waitSignal(window.settings_applied):
        window.save_settings({"new_per_day": 5})
    qtbot.waitUntil(lambda: "New: 5 today, 9 unseen" in window.home.totals.text())
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    assert "5 left" in window.review.bar.counts.text()  # what home said a session would bring
    for _ in range(2):
        student.press("1")
        student.press(Qt.Key.Key_Return)
        with qtbot.waitSignal(window.review.question_shown):
            student.press("4")
    student.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "New: 3 today, 7 unseen" in window.home.totals.text())


def test_studying_a_topic_offers_extra_new_cards_beyond_todays_limit(qtbot, window: MainWindow, student) -> None:
    from quizapp.ui.extra_new import ExtraNewDialog

    with qtbot.waitSignal(window.settings_applied):
        window.save_settings({"new_per_day": 3})
    qtbot.waitUntil(lambda: "New: 3 today" in window.home.totals.text())
    window.home.tree.setCurrentItem(window.home.tree.topLevelItem(0))
    window.home.study_topic.click()
    dialog = window.findChild(ExtraNewDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert "3 new" in dialog.text.text() and "9 unseen" in dialog.text.text()
    assert student.focused() in (dialog.extra, dialog.extra.findChild(QLineEdit))
    student.type("4")
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.press(Qt.Key.Key_Return)
    assert "7 left" in window.review.bar.counts.text()  # 3 within today's limit and 4 extra


def test_authoring_tags_are_kept_out_of_the_students_view(qtbot, launch, bank_dir: Path) -> None:
    bank = bank_dir / "pharmacology.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("tags: [mechanism]", "tags: [mechanism, DIS-11, _todo]"),
                    encoding="utf-8")
    window = launch([bank_dir])
    topic = window.home.tree.topLevelItem(0)
    tags = [topic.child(i).text(0) for i in range(topic.childCount())]
    assert "#mechanism" in tags and "#DIS-11" not in tags and "#_todo" not in tags
