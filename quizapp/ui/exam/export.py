"""Saving an exam report: the HTML from quizapp.study.exam_report as a file, or printed by Qt to PDF."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QStandardPaths
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QWidget

from quizapp.bank.model import Question, Source
from quizapp.study.exam_report import report_html
from quizapp.study.exam_store import Attempt
from quizapp.ui import richtext
from quizapp.ui.i18n import tr

PDF_DPI = 300


def write_report(path: Path, attempt: Attempt, questions: Mapping[str, Question], sources: Mapping[str, Source],
                 titles: Mapping[str, str]) -> Path:
    """HTML when the name ends in .html/.htm, otherwise PDF (A4, printed from the same HTML)."""
    page = report_html(attempt, questions, sources, richtext.to_html, titles)
    if path.suffix.lower() in (".html", ".htm"):
        path.write_text(page, encoding="utf-8")
        return path
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(path.suffix + ".pdf")
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(attempt.title)
    document = QTextDocument()
    document.setHtml(page)
    document.print_(writer)
    return path


def choose_and_write(parent: QWidget, attempt: Attempt, questions: Mapping[str, Question],
                     sources: Mapping[str, Source], titles: Mapping[str, str]) -> Path | None:
    """Ask where to save (PDF or HTML) and write it; None if the student cancelled."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    suggested = Path(folder) / f"exam-{attempt.finished_at:%Y-%m-%d-%H%M}.pdf"
    chosen, _filter = QFileDialog.getSaveFileName(parent, tr("Export exam report"), str(suggested),
                                                  tr("PDF report (*.pdf);;Web page (*.html)"))
    if not chosen:
        return None
    return write_report(Path(chosen), attempt, questions, sources, titles)
