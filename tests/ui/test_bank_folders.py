"""File ▸ Question folders…: the student's folders join the shipped banks, are remembered, and reload live."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from quizapp import paths
from quizapp.ui import background
from quizapp.ui.main_window import MainWindow


def _titles(window: MainWindow) -> list[str]:
    tree = window.home.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def _second_bank(bank_dir: Path) -> str:
    """A bank with a topic and ids of its own, made from the fixture bank."""
    text = (bank_dir / "pharmacology.yaml").read_text(encoding="utf-8")
    return (text.replace("title: Ketamine pharmacology (UI test bank)", "title: Second folder bank")
            .replace("topic: pharmacology", "topic: second").replace("id: ui-", "id: second-"))


def test_a_folder_added_joins_the_shipped_banks_and_is_remembered(qtbot, launch, bank_dir: Path,
                                                                  tmp_path: Path) -> None:
    window = launch(None)  # as `quizapp` starts without --banks
    shipped = paths.bundled_questions()
    assert window.bank_paths == [shipped]
    shipped_titles = _titles(window)
    assert len(shipped_titles) >= 10
    assert QApplication.windowIcon().actualSize(QSize(48, 48)) == QSize(48, 48)

    dialog = window.open_bank_folders()
    first = dialog.list.item(0)
    assert str(shipped) in first.text() and not first.flags() & Qt.ItemFlag.ItemIsSelectable
    dialog.add_folder(bank_dir)
    with qtbot.waitSignal(window.banks_shown, timeout=20_000):
        dialog.accept()
    assert window.bank_paths == [shipped, bank_dir]
    assert set(_titles(window)) == {*shipped_titles, "Ketamine pharmacology (UI test bank)"}
    assert str(bank_dir) in window.watcher.watched()

    with qtbot.waitSignal(window.banks_shown, timeout=20_000):  # saved in the folder: reloaded live
        (bank_dir / "second.yaml").write_text(_second_bank(bank_dir), encoding="utf-8")
    assert "Second folder bank" in _titles(window)

    window.close()
    background.wait_all()
    again = launch(None)  # the next start opens the same folders
    assert again.bank_paths == [shipped, bank_dir]
    assert "Second folder bank" in _titles(again)

    dialog = again.open_bank_folders()
    dialog.list.item(1).setSelected(True)
    dialog.remove_selected()
    assert dialog.folders() == []
    with qtbot.waitSignal(again.banks_shown, timeout=20_000):
        dialog.accept()
    assert again.bank_paths == [shipped] and set(_titles(again)) == set(shipped_titles)


def test_folders_opened_before_are_taken_over_once(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from quizapp.ui.app import folders_setting

    mine = tmp_path / "mine"
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue("banks", [str(paths.bundled_questions()), str(mine)])  # as the app stored them before
    assert folders_setting(state) == [mine]
    assert not state.contains("banks")
    state.setValue("bank_folders", [])
    assert folders_setting(state) == []  # an emptied list stays empty
