"""The categorise type in the real window: number keys sort the focused item, partial credit, whys, restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from quizapp.bank.loader import load_banks
from quizapp.ui.exam.widgets import exam_widget, restore
from quizapp.ui.main_window import MainWindow

BANK = """title: Sorting (UI test bank)
topic: pharmacology
sources:
  statpearls-ketamine:
    title: Ketamine
    url: https://www.ncbi.nlm.nih.gov/books/NBK470357/
questions:
  - id: sort-1
    type: categorise
    prompt: Sort these drugs by their main molecular target.
    groups:
      NMDA receptor:
        - Ketamine
        - {text: Memantine, why: Memantine blocks the NMDA receptor channel too.}
      GABA-A receptor:
        - Propofol
        - Midazolam
    explanation: Two NMDA receptor antagonists and two GABA-A receptor modulators.
    sources: [statpearls-ketamine]
"""
GROUP = {"Ketamine": "NMDA receptor", "Memantine": "NMDA receptor", "Propofol": "GABA-A receptor",
         "Midazolam": "GABA-A receptor"}


@pytest.fixture
def sorting_window(launch, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "sorting"
    folder.mkdir()
    (folder / "sorting.yaml").write_text(BANK, encoding="utf-8")
    return launch([folder])


def _start(qtbot, window: MainWindow, student):
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    return window.review.widget


def test_number_keys_sort_each_focused_item_and_grade_it_right(qtbot, sorting_window, student) -> None:
    w = _start(qtbot, sorting_window, student)
    assert [r.text for r in w.rows] != list(GROUP)  # never in the order the bank wrote them
    assert student.focused() is w.rows[0].buttons.button(0)
    for row in w.rows:
        assert row.has_focus_inside()  # each key moves the focus to the next item
        student.press("1" if GROUP[row.text] == "NMDA receptor" else "2")
    assert w.response() == GROUP
    student.press(Qt.Key.Key_Return)
    review = sorting_window.review
    assert review.result is not None and review.result.correct
    assert all(r.verdict.text().startswith("✓") for r in w.rows)
    with qtbot.waitSignal(review.answered):
        student.press(Qt.Key.Key_Space)
    qid, _rating, score, response = student.review_log()[0]
    assert (qid, score, json.loads(response)) == ("sort-1", 1.0, GROUP)


def test_misplaced_items_cost_their_share_and_show_their_why(qtbot, sorting_window, student) -> None:
    w = _start(qtbot, sorting_window, student)
    for row in w.rows:  # Memantine and Propofol swapped: two of four wrong
        wrong = row.text in ("Memantine", "Propofol")
        right = GROUP[row.text] == "NMDA receptor"
        student.click(row.buttons.button(0 if right != wrong else 1))
    student.click(sorting_window.review.check)
    result = sorting_window.review.result
    assert result is not None and result.score == pytest.approx(0.5)
    memantine = next(r for r in w.rows if r.text == "Memantine")
    assert "belongs in: NMDA receptor" in memantine.verdict.text()
    assert "blocks the NMDA receptor channel" in memantine.verdict.text()
    ketamine = next(r for r in w.rows if r.text == "Ketamine")
    assert ketamine.verdict.text().startswith("✓")


def test_an_exam_rebuild_restores_the_sorting_in_the_same_order(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "sorting.yaml").write_text(BANK, encoding="utf-8")
    question = load_banks([folder]).questions["sort-1"]
    first = exam_widget(question, "sitting:sort-1", None, folder)
    qtbot.addWidget(first)
    second = exam_widget(question, "sitting:sort-1", None, folder)
    qtbot.addWidget(second)
    assert [r.text for r in first.rows] == [r.text for r in second.rows]  # the sitting's own order
    given = {"Ketamine": "GABA-A receptor", "Propofol": "GABA-A receptor"}
    restore(second, given)
    assert second.response() == given
