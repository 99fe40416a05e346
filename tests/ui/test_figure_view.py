"""Figures on screen: under the prompt or with the feedback, named by their alt text, drawn in the theme's
ink, grown with the text size; in review, in the exam and in the exam's review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from quizapp.ui.figure import MIN_SHRINK, FigureView
from quizapp.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
CURVE_ALT = "Line graph of plasma ketamine against time, falling steeply and then in a straight line."
BANK = f"""title: Figures
topic: figures
questions:
  - id: fig-prompt
    type: numeric
    prompt: Read the half-life of segment B off the graph, in hours.
    image: {{file: figures/iv-two-phase.svg, alt: "{CURVE_ALT}"}}
    answer: 2.5
    tolerance: 0.3
    explanation: One halving every 2.5 h.
  - id: fig-feedback
    type: true_false
    prompt: Ketamine was first synthesised in 1962.
    image:
      file: figures/timeline.svg
      alt: Timeline from 1960 to 2020 with ketamine's milestones.
      shown: feedback
    answer: true
    explanation: Calvin Stevens made it at Parke-Davis in 1962.
"""


@pytest.fixture
def figure_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "figbank"
    (folder / "figures").mkdir(parents=True)
    for name in ("iv-two-phase.svg", "timeline.svg"):
        shutil.copy(ROOT / "questions" / "figures" / name, folder / "figures" / name)
    (folder / "figures.yaml").write_text(BANK, encoding="utf-8")
    return folder


def _study(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        window.home.study_now.click()


def _theme(qtbot, window: MainWindow, name: str) -> None:
    with qtbot.waitSignal(window.settings_applied, timeout=5000):
        window.save_settings({"theme": name})


def _ink_share(view: FigureView) -> tuple[float, float]:
    """(share of drawn pixels in the view's text colour, share in the files' own mid-grey fallback)."""
    image = view.pixmap().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    ink, grey = QColor(view.ink()), QColor("#7f7f7f")
    drawn = near_ink = near_grey = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.alpha() < 250:
                continue
            drawn += 1
            near_ink += all(abs(a - b) < 12 for a, b in zip(c.getRgb()[:3], ink.getRgb()[:3], strict=True))
            near_grey += all(abs(a - b) < 12 for a, b in zip(c.getRgb()[:3], grey.getRgb()[:3], strict=True))
    assert drawn > 500, "the figure is drawn"
    return near_ink / drawn, near_grey / drawn


def test_a_prompt_figure_is_shown_under_the_prompt_named_by_its_alt_text(qtbot, launch, figure_bank) -> None:
    window = launch([figure_bank])
    _study(qtbot, window)
    w = window.review.widget
    assert w.question.id == "fig-prompt"
    view = w.figure
    assert view is not None and view.isVisible() and not view.problem
    assert view.accessibleName() == CURVE_ALT
    assert CURVE_ALT in view.toolTip()
    assert w.layout_.indexOf(view) == w.layout_.indexOf(w.prompt_view) + 1
    assert view.pixmap().width() > 300 and view.height() == view.figure_size(view.width()).height()
    assert window.review.feedback.figure is None


def test_the_ink_follows_the_theme(qtbot, launch, figure_bank) -> None:
    window = launch([figure_bank])
    inks = {}
    for name in ("light", "dark"):
        _theme(qtbot, window, name)
        window.go_home()
        _study(qtbot, window)
        view = window.review.widget.figure
        qtbot.waitUntil(lambda v=view: not v.pixmap().isNull())
        inks[name] = QColor(view.ink()).lightness()
        ink, grey = _ink_share(view)
        assert ink > 0.2 and grey < 0.01, (name, ink, grey)  # lines and labels in the theme's text colour
    assert inks["light"] < 80 < 170 < inks["dark"]  # dark ink on the light theme, light ink on the dark one


def _drawn(view: FigureView) -> QSize:
    return view.pixmap().size() / view.pixmap().devicePixelRatio()


def test_the_figure_grows_with_the_text_size_but_stays_in_view(qtbot, launch, figure_bank) -> None:
    window = launch([figure_bank])
    window.resize(1400, 1200)
    _study(qtbot, window)
    view = window.review.widget.figure
    qtbot.waitUntil(lambda: view.width() > 0 and not view.pixmap().isNull())
    normal = _drawn(view).width()
    assert normal == 640  # the figure's own size at the default text size
    window.set_zoom(11.0)  # twice the default text size
    qtbot.waitUntil(lambda: _drawn(view).width() > normal * 1.3)
    zoomed = _drawn(view)
    assert zoomed.width() <= view.width()  # not past the column
    assert zoomed.height() <= window.review.scroll.viewport().height()  # seen whole in the view
    window.resize(1400, 800)  # a shorter window: the figure shrinks to stay in view, but not illegibly
    qtbot.waitUntil(lambda: _drawn(view).width() < zoomed.width())
    assert _drawn(view).width() >= round(640 * view.scale() * MIN_SHRINK)
    window.set_zoom(0.0)
    window.resize(1400, 1200)
    qtbot.waitUntil(lambda: _drawn(view).width() == normal)


def test_a_feedback_figure_waits_for_the_answer(qtbot, launch, figure_bank) -> None:
    window = launch([figure_bank])
    _study(qtbot, window)
    review = window.review
    review.widget.edit.setText("2.5")
    review.submit(None)
    assert review.feedback.figure is None  # the first question's figure stands under its prompt
    with qtbot.waitSignal(review.question_shown, timeout=5000):
        review.rate(3)
    w = review.widget
    assert w.question.id == "fig-feedback" and w.figure is None
    w.pick(1)
    review.submit(None)
    view = review.feedback.figure
    assert view is not None and view.isVisible()
    assert view.accessibleName() == "Timeline from 1960 to 2020 with ketamine's milestones."


def test_a_figure_changed_into_an_unsafe_one_is_not_drawn(qtbot, figure_bank: Path) -> None:
    svg = figure_bank / "figures" / "timeline.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<script>alert(1)</script></svg>"))
    view = FigureView(str(svg), "A timeline.", figure_bank)
    qtbot.addWidget(view)
    assert "script" in view.problem and view.pixmap().isNull()
    assert "Figure not shown" in view.text() and "A timeline." in view.text()
    outside = FigureView(str(ROOT / "questions" / "figures" / "timeline.svg"), "A timeline.", figure_bank)
    qtbot.addWidget(outside)
    assert outside.problem and outside.pixmap().isNull()  # only files inside the bank folder are read


def test_png_figures_are_drawn_too(qtbot, tmp_path: Path) -> None:
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f80d0"))
    assert image.save(str(tmp_path / "bar.png"))
    view = FigureView(str(tmp_path / "bar.png"), "A blue bar.", tmp_path)
    qtbot.addWidget(view)
    view.resize(600, 10)
    view.show()
    qtbot.waitExposed(view)
    assert not view.problem and view.pixmap().toImage().pixelColor(10, 10) == QColor("#2f80d0")
    assert view.height() == round(view.figure_size(600).width() / 2)


def test_figures_in_the_exam_its_review_and_its_report(qtbot, launch, figure_bank, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    (figure_bank / "exams").mkdir()
    (figure_bank / "exams" / "figs.yaml").write_text(
        "title: Figures\npass_mark: 50\nsections:\n  - {topic: figures, count: 2}\n", encoding="utf-8")
    window = launch([figure_bank])
    flow = window.exam
    flow.open()
    qtbot.waitUntil(lambda: flow.setup.blueprints.count() == 1)
    with qtbot.waitSignal(flow.screen.question_shown, timeout=5000):
        flow.setup.blueprint_chosen.emit(flow.setup.blueprints.item(0).data(Qt.ItemDataRole.UserRole))
    screen = flow.screen
    seen = {}
    for n in range(2):
        w = screen.widget
        seen[w.question.id] = w.figure
        if w.figure is not None:
            assert w.figure.isVisible() and w.figure.accessibleName() == CURVE_ALT
        if n == 0:
            with qtbot.waitSignal(screen.question_shown):
                screen.next()
    assert seen["fig-prompt"] is not None and seen["fig-feedback"] is None  # the feedback figure would tell
    screen.submit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is flow.results, timeout=5000)
    results = flow.results
    results.show_tab(1)
    for row in range(2):
        results.items.setCurrentItem(results.items.topLevelItem(row))
        q = results.widget.question
        on_feedback = results.feedback.figure
        assert (results.widget.figure is not None) == (q.id == "fig-prompt")
        assert (on_feedback is not None and on_feedback.isVisible()) == (q.id == "fig-feedback")

    for name in ("report.html", "report.pdf"):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, n=name, **k: (str(tmp_path / n), ""))
        results.export()
        qtbot.waitUntil(lambda n=name: (tmp_path / n).is_file(), timeout=5000)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count("src='data:image/svg+xml;base64,") == 2 and f"alt='{CURVE_ALT}'" in page
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.count(b"/Subtype /Image") >= 2  # both figures are on the printed pages


def test_the_pdf_prints_figures_at_print_resolution(qtbot) -> None:
    import base64

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from quizapp.ui.exam.export import PDF_DPI, _sharp_figures

    data = (ROOT / "questions" / "figures" / "iv-two-phase.svg").read_bytes()  # 640 x 470
    src = "data:image/svg+xml;base64," + base64.b64encode(data).decode()
    document = QTextDocument()
    _sharp_figures(document, f"<p><img src='{src}' width='520'></p>")
    image = document.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(src))
    assert isinstance(image, QImage) and image.width() == round(640 * PDF_DPI / 96)  # not 640, stretched
