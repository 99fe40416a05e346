"""A cloze whose gaps form a list: answered in the other order in the review screen, it is marked right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

BANK = """title: Eye signs
topic: eyes
questions:
  - id: eye-001
    type: cloze
    prompt: Fill in the eye signs the label lists.
    text: "The label lists {{nystagmus}} and {{diplopia|double vision}} among ketamine's effects."
    any_order: true
    explanation: Both are listed among the label's adverse reactions.
    sources: [label]
sources:
  label:
    title: Ketalar label
    url: https://example.org/ketalar
"""


def test_a_list_typed_in_the_other_order_is_marked_right(qtbot, launch, tmp_path: Path, student) -> None:
    folder = tmp_path / "eyes"
    folder.mkdir()
    (folder / "eyes.yaml").write_text(BANK, encoding="utf-8")
    window = launch([folder])
    review = window.review
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    w = review.widget
    assert "any order" in w.hint_label.text()
    student.type("diplopia")
    student.press(Qt.Key.Key_Tab)
    student.type("nystagmus")
    student.press(Qt.Key.Key_Return)
    assert review.result is not None and review.result.correct
    assert review.feedback.headline.text().startswith("✓")
    assert [e.property("state") for e in w.edits] == ["correct", "correct"]
    assert not any(c.isVisible() for c in w.corrections)  # no "→ nystagmus" under a right answer
