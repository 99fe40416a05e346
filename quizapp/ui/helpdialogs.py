"""Help menu windows: the keyboard shortcuts, the authoring guide, about."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from quizapp import __version__
from quizapp.ui import richtext
from quizapp.ui.i18n import tr
from quizapp.ui.shortcuts import SHORTCUTS, WHERE
from quizapp.ui.textview import RichTextView


def shortcuts_html() -> str:
    rows = []
    for where in WHERE:
        rows.append(f"<tr><td colspan='2'><h3>{richtext.escape(tr(where))}</h3></td></tr>")
        for s in (s for s in SHORTCUTS if s.where == where):
            keys = " / ".join(f"<b>{richtext.escape(k)}</b>" for k in (s.keys if len(s.keys) < 9 else ("1…9",)))
            rows.append(f"<tr><td style='padding-right:18px'>{keys}</td><td>{richtext.escape(tr(s.what))}</td></tr>")
    return f"<table cellspacing='4'>{''.join(rows)}</table>"


class TextDialog(QDialog):
    """A read-only page of text in a resizable dialog with a Close button."""

    def __init__(self, title: str, parent: QWidget | None = None, root: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = RichTextView(self, root=root, auto_height=False)
        self.view.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)


def shortcuts_dialog(parent: QWidget | None = None) -> TextDialog:
    dialog = TextDialog(tr("Keyboard shortcuts"), parent)
    dialog.view.set_html(shortcuts_html())
    return dialog


def guide_dialog(guide: Path, parent: QWidget | None = None) -> TextDialog:
    """The authoring guide, rendered by Qt's Markdown reader with raw HTML switched off."""
    dialog = TextDialog(tr("Authoring guide"), parent, root=guide.parent)
    try:
        text = guide.read_text(encoding="utf-8")
    except OSError as exc:
        text = tr("The authoring guide could not be read: {}").format(exc)
    features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                | QTextDocument.MarkdownFeature.MarkdownNoHTML)
    dialog.view.document().setMarkdown(text, features)
    return dialog


def about_dialog(parent: QWidget | None = None) -> TextDialog:
    dialog = TextDialog(tr("About quizapp"), parent)
    lines = [tr("An offline study app for ketamine pharmacology: question banks, spaced repetition (FSRS) "
                "and explanations with sources."),
             tr("Everything stays on this computer. Links open in your web browser only when you click them.")]
    paragraphs = "".join(f"<p>{richtext.escape(line)}</p>" for line in lines)
    dialog.view.set_html(f"<h2>quizapp {richtext.escape(__version__)}</h2>{paragraphs}")
    dialog.resize(520, 300)
    return dialog
