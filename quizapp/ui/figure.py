"""A question's figure on screen: its SVG drawn in the theme's ink (or its PNG/JPEG), sized with the text.

The figure is a QLabel holding a pixmap drawn for its current size and the screen's pixel ratio, so
screen readers see a graphic named by the alt text, and the alt text is its tooltip too. SVG goes
through QtSvg after its neutral ink (`currentColor`) is set to the label's text colour, so the lines and
labels are dark in the light theme and light in the dark one. The figure grows with the text size
(Ctrl++ and the font-size setting), never wider than the column it stands in, and no taller than most
of the view it scrolls in, so it is seen whole, as long as its labels stay near the text size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QFontInfo, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QSizePolicy, QWidget

from quizapp.bank.images import check_image, svg_with_ink
from quizapp.ui import richtext
from quizapp.ui.i18n import tr
from quizapp.ui.textview import local_file_inside

# The figures are drawn with 15-pixel labels: at the app's default text size they are shown at their
# own size, so their labels match the text around them, and they scale with it from there.
FIGURE_TEXT_PX = 15.0
MAX_WIDTH = 760  # at the default text size; a wide figure is not worth a sideways scroll
VIEW_SHARE = 0.85  # of the scrolling view's height, at most: a figure is read whole, axes and all...
MIN_SHRINK = 0.75  # ...unless that would draw its labels under three quarters of the text size: then scroll


class FigureView(QLabel):
    """One figure: `path` (inside `root`), described by `alt`; a short notice instead if it cannot be shown."""

    def __init__(self, path: str, alt: str, root: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.alt = path, alt
        self.problem = ""
        self._svg: bytes | None = None
        self._raster: QImage | None = None
        self._natural = QSize()
        self._drawn: tuple[int, int, float, str] | None = None  # what the pixmap was drawn for
        self._watched: QWidget | None = None  # the scroll area's viewport, whose height limits the figure
        self.setObjectName("figure")
        self.setAccessibleName(alt)
        self.setToolTip(f"<p>{richtext.escape(alt)}</p>")  # rich text, so a long description wraps
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._load(path, root)
        if self.problem:
            self.setProperty("role", "muted")
            self.setWordWrap(True)
            self.setText(tr("Figure not shown ({}). It shows: {}").format(self.problem, alt))

    def _load(self, path: str, root: Path | None) -> None:
        inside = local_file_inside(QUrl.fromLocalFile(path), root)
        if inside is None:
            self.problem = tr("its file is missing or outside the bank folder")
            return
        # Checked again here, not only at load: a cached bank may name a file replaced since.
        problems = check_image(inside)
        if problems:
            self.problem = problems[0].message
            return
        if inside.suffix.lower() == ".svg":
            data = inside.read_bytes()
            renderer = QSvgRenderer(QByteArray(data))
            if not renderer.isValid():
                self.problem = tr("QtSvg cannot draw it")
                return
            self._svg, self._natural = data, renderer.defaultSize()
        else:
            image = QImageReader(str(inside)).read()
            if image.isNull():
                self.problem = tr("it cannot be decoded")
                return
            self._raster, self._natural = image, image.size()

    # ----- size: the figure's own width times the text scale, at most the column's width
    def scale(self) -> float:
        return QFontInfo(self.font()).pixelSize() / FIGURE_TEXT_PX

    def figure_size(self, width: int) -> QSize:
        """The size the figure is drawn at in a column `width` pixels wide."""
        if self.problem or self._natural.isEmpty():
            return QSize()
        s = self.scale()
        nat_w, nat_h = self._natural.width(), self._natural.height()
        w = min(width, round(nat_w * s), round(MAX_WIDTH * s))
        view = self._scroll_view()
        if view is not None and view.height() > 100:
            fits = round(view.height() * VIEW_SHARE * nat_w / nat_h)
            w = min(w, max(fits, round(nat_w * s * MIN_SHRINK)))
        w = max(1, w)
        return QSize(w, round(w * nat_h / nat_w))

    def _scroll_view(self) -> QWidget | None:
        """The viewport of the scroll area the figure stands in, if any (watched for its size)."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            return None
        view = parent.viewport()
        if view is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            view.installEventFilter(self)
            self._watched = view
        return view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._redraw()  # a taller or shorter window: the figure may be drawn larger or must shrink
        return False

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self.problem:
            return super().heightForWidth(width)
        return self.figure_size(width).height()

    def sizeHint(self) -> QSize:
        if self.problem:
            return super().sizeHint()
        return self.figure_size(round(self._natural.width() * self.scale()))

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() if self.problem else QSize(40, 20)  # narrow windows still shrink it

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._redraw()  # a new theme (ink) or text size (scale)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraw()

    def ink(self) -> str:
        """The colour neutral lines and labels are drawn in: the label's own text colour."""
        return self.palette().color(self.foregroundRole()).name()

    def _redraw(self) -> None:
        if self.problem:
            return
        size = self.figure_size(max(1, self.width()))
        if self.height() != size.height():
            self.setFixedHeight(size.height())
        ratio = self.devicePixelRatioF()
        wanted = (size.width(), size.height(), ratio, self.ink())
        if wanted == self._drawn:
            return
        self._drawn = wanted
        pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(0, 0, pixmap.width(), pixmap.height())
        if self._svg is not None:
            QSvgRenderer(QByteArray(svg_with_ink(self._svg, self.ink()))).render(painter, target)
        elif self._raster is not None:
            painter.drawImage(target, self._raster)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)

