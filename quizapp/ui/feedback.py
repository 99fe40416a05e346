"""After an answer: the verdict, the explanation and the sources as clickable links."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from quizapp.bank.grading import Result
from quizapp.bank.model import Question, Source
from quizapp.ui import richtext
from quizapp.ui.figure import FigureView
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import set_state
from quizapp.ui.textview import RichTextView


def verdict(result: Result | None) -> tuple[str, str]:
    """(text, state) for the headline: correct, partly correct with a percentage, or not correct."""
    if result is None:
        return tr("How well did you know it?"), ""
    typo = typo_note(result)
    if result.correct:
        return (tr("✓ Correct") + (f" — {typo}" if typo else "")), "correct"
    if result.partial:
        return tr("◐ Partly correct ({}%)").format(round(result.score * 100)), "partial"
    if not result.answered:
        return tr("✗ No answer given"), "wrong"
    return tr("✗ Not correct"), "wrong"


def typo_note(result: Result | None) -> str:
    """"accepted: you wrote ‘barbiturats’, spelled ‘barbiturates’" when typo tolerance accepted an answer."""
    typos = [p for p in (result.parts if result else ()) if p.ok and p.typo_of]
    return "; ".join(tr("accepted: you wrote ‘{}’, spelled ‘{}’").format(p.given.strip(), p.typo_of) for p in typos)


def sources_html(question: Question, sources: Mapping[str, Source]) -> str:
    """The question's sources as a list; each with a web address is a link."""
    items = []
    for key in question.sources:
        src = sources.get(key)
        if src is None:
            items.append(f"<li>{richtext.escape(key)}</li>")
            continue
        label = src.citation() or src.title or key
        items.append(f"<li>{richtext.link(src.link, label) if src.link else richtext.escape(label)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


class FeedbackPanel(QFrame):
    """Shown under the question once it is answered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        self.headline = QLabel(self)
        self.headline.setAccessibleName(tr("Verdict"))
        self.body = RichTextView(self)
        self.body.setAccessibleName(tr("Explanation and sources"))
        self.figure: FigureView | None = None  # a figure the question shows only with its feedback
        self.layout_ = layout
        layout.addWidget(self.headline)
        layout.addWidget(self.body)

    def show_for(self, question: Question, result: Result | None, sources: Mapping[str, Source],
                 root: Path | None = None) -> None:
        text, state = verdict(result)
        self.headline.setText(text)
        set_state(self.headline, state)
        parts = []
        if question.explanation:
            parts.append(richtext.to_html(question.explanation))
        refs = sources_html(question, sources)
        if refs:
            parts.append(f"<p><b>{richtext.escape(tr('Sources'))}</b></p>{refs}")
        self.body.root = root
        self.body.set_html("".join(parts))
        self.body.setVisible(bool(parts))
        self._show_figure(question, root)
        self.show()

    def _show_figure(self, question: Question, root: Path | None) -> None:
        if self.figure is not None:
            self.layout_.removeWidget(self.figure)
            self.figure.hide()
            self.figure.deleteLater()
            self.figure = None
        if question.image and question.image_shown == "feedback":
            self.figure = FigureView(question.image, question.image_alt, root, self)
            self.layout_.insertWidget(1, self.figure)  # under the verdict, above the explanation it illustrates
            self.figure.show()  # now, also when the panel already shows (a layout would show it later)
