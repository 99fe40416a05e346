"""The Class window's selected item: its prompt, figures and flags, and its responses per option as a chart;
and the flag rows, each with a button that opens the question's file at its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from quizapp.ui import theme
from quizapp.ui.charts import BarChart, Series, ValueAxis
from quizapp.ui.classroom.tables import pct, seconds, signed
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.study.classroom.report import ItemStats
    from quizapp.ui.theme import Colors


def label(text: str = "", role: str = "", wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # prompts and options come from bank files
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    return widget


def where(item: ItemStats) -> str:
    return f"{Path(item.file).name}:{item.line}" if item.file else tr("not in the open banks")


class FlagRow(QFrame):
    """One flag: what is wrong and a button that opens the question's file at its line."""

    def __init__(self, item: ItemStats, message: str, open_at: Callable[[ItemStats], None]) -> None:
        super().__init__()
        self.setObjectName("flag")
        self.item = item
        self.text = label(f"⚑ {item.question_id}: {message}", wrap=True)
        self.button = QPushButton(tr("Open {}").format(where(item)))
        self.button.setObjectName("open-flag")
        self.button.setToolTip(item.file or tr("This question is not in the open banks"))
        self.button.setEnabled(bool(item.file))
        self.button.clicked.connect(lambda: open_at(item))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)


class ItemDetail(QWidget):
    """The selected item: its prompt and figures, responses per option as a chart, and its flags."""

    def __init__(self, open_at: Callable[[ItemStats], None]) -> None:
        super().__init__()
        self.open_at = open_at
        self.title = label(role="heading", wrap=True)
        self.prompt = label(wrap=True)
        self.figures = label(role="muted", wrap=True)
        self.chart: BarChart | None = None
        self.chart_box = QVBoxLayout()
        self.flags = QVBoxLayout()
        self.flag_rows: list[QWidget] = []
        self.open_button = QPushButton(tr("Open in editor"))
        self.open_button.setObjectName("open-item")
        self.open_button.clicked.connect(lambda: self.item is not None and self.open_at(self.item))
        self.item: ItemStats | None = None
        page = QWidget()
        text = QVBoxLayout(page)
        text.setContentsMargins(0, 0, 8, 0)
        text.addWidget(self.title)
        text.addWidget(self.prompt)
        text.addWidget(self.figures)
        text.addLayout(self.flags)
        text.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addStretch(1)
        scroll = QScrollArea()  # a long prompt or many flags scroll rather than squeeze
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 8, 4, 4)
        grid.addWidget(scroll, 0, 0)
        grid.addLayout(self.chart_box, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        self.show_item(None, theme.current())

    def show_item(self, item: ItemStats | None, colors: Colors) -> None:
        self.item = item
        for row in self.flag_rows:
            row.setParent(None)
            row.deleteLater()
        self.flag_rows = []
        if self.chart is not None:
            self.chart.setParent(None)
            self.chart.deleteLater()
            self.chart = None
        self.open_button.setVisible(item is not None)
        if item is None:
            self.title.setText(tr("Select an item to see its responses"))
            self.prompt.setText("")
            self.figures.setText("")
            return
        older = "" if item.current is not False else " " + tr("(an older wording)")
        self.title.setText(f"{item.question_id}{older} · {item.topic} · {where(item)}")
        self.prompt.setText(item.prompt or tr("(the question is not in the open banks)"))
        self.figures.setText(tr("{} responses ({} answers in all) · facility {} · point-biserial {} · upper–lower {} "
                                "· median time {}").format(item.responses, item.answers, pct(item.p_correct),
                                                           signed(item.discrimination), signed(item.upper_lower),
                                                           seconds(item.median_time_ms)))
        self.open_button.setEnabled(bool(item.file))
        self.open_button.setText(tr("Open {}").format(where(item)) if item.file else tr("Open in editor"))
        self.open_button.setToolTip(item.file or tr("This question is not in the open banks"))
        for flag in item.flags:
            line = label("⚑ " + flag.message, wrap=True)
            line.setProperty("state", "wrong")
            self.flags.addWidget(line)
            self.flag_rows.append(line)
        self.chart = option_chart(item, colors)
        self.chart_box.addWidget(self.chart)


def option_chart(item: ItemStats, colors: Colors) -> BarChart:
    """Responses per option: the right ones, then each distractor (those nobody picks stand out)."""
    right = round((item.p_correct or 0.0) * item.responses)
    names = list(item.distractors)
    categories = [tr("right answer"), *names]
    picks = [0, *(item.distractors[n] for n in names)]
    unused = frozenset(k + 1 for k, n in enumerate(names) if item.distractors[n] == 0) \
        if item.distractors_from == "options" else frozenset()
    wrong_name = tr("picked (wrong)") if item.distractors_from == "options" else tr("given (wrong)")
    return BarChart(tr("Responses per option") if item.distractors_from == "options" else tr("Wrong responses"),
                    categories, [Series(tr("right"), [right, *([0] * len(names))], colors.good),
                                 Series(wrong_name, picks, colors.accent, highlight=unused, highlight_color=colors.bad,
                                        highlight_name=tr("nobody picks it"))],
                    colors, value_axis=ValueAxis(tr("responses"), integer=True), horizontal=True, stacked=True)
