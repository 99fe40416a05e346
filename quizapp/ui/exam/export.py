"""Saving an exam report: the HTML from quizapp.study.exam_report as a file, or printed by Qt to PDF."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
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
    _sharp_figures(document, page)
    document.setHtml(page)
    document.print_(writer)
    return path


_SVG_SRC = re.compile(r"src='(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+))'")


def _sharp_figures(document: QTextDocument, page: str) -> None:
    """Draw each embedded SVG figure at print resolution: left to itself, the document would decode it at
    its screen size and stretch that across the page, blurred."""
    scale = PDF_DPI / 96
    for src, data in _SVG_SRC.findall(page):
        renderer = QSvgRenderer(QByteArray(base64.b64decode(data)))
        size = renderer.defaultSize()
        if not renderer.isValid() or size.isEmpty():
            continue
        image = QImage(round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        document.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(src), image)


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
