"""Read-only rich text views that load nothing from the network and open links only when clicked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontMetrics, QImageReader, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QWidget

from quizapp.ui import richtext

MAX_IMAGE_WIDTH = 560
READING_CHARS = 90  # the longest line of question text, in average characters (wider lines are hard to follow)
_IMAGE_RESOURCE = QTextDocument.ResourceType.ImageResource.value


def reading_margin(width: int, metrics: QFontMetrics, chars: int = READING_CHARS) -> int:
    """The margin on each side that narrows `width` pixels to a line of `chars` average characters."""
    return max(0, (width - chars * metrics.averageCharWidth()) // 2)


def open_link(url: QUrl | str) -> bool:
    """Hand a web address to the system browser; anything that is not http(s) is refused."""
    url = QUrl(url) if isinstance(url, str) else url
    if url.scheme().lower() not in ("http", "https"):
        return False
    return QDesktopServices.openUrl(url)


def local_file_inside(url: QUrl, root: Path | None) -> Path | None:
    """The file `url` names if it is a local file inside `root`; None for everything else."""
    if root is None or not url.isLocalFile():
        return None
    try:
        path = Path(url.toLocalFile()).resolve()
        inside = path.is_relative_to(root.resolve())
    except (OSError, ValueError):
        return None
    return path if inside and path.is_file() else None


def image_html(path: str | Path, alt: str = "") -> str:
    """An <img> for a bank image, scaled down to fit a reading column."""
    size = QImageReader(str(path)).size()
    width = f' width="{min(size.width(), MAX_IMAGE_WIDTH)}"' if size.isValid() else ""
    url = QUrl.fromLocalFile(str(path)).toString()
    return f'<p><img src="{richtext.escape(url)}"{width} alt="{richtext.escape(alt)}"></p>'


class RichTextView(QTextBrowser):
    """Shows sanitised HTML, grows to fit its text, and only reads images from inside `root`."""

    def __init__(self, parent: QWidget | None = None, root: Path | None = None, auto_height: bool = True) -> None:
        super().__init__(parent)
        self.root = root
        self.auto_height = auto_height
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(open_link)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        if not auto_height:
            return
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_markdown(self, text: str, image: str | None = None) -> None:
        body = richtext.to_html(text)
        if image:
            body += image_html(image)
        self.set_html(body)

    def set_html(self, html: str) -> None:
        self.setHtml(html)
        self.setAccessibleDescription(self.toPlainText()[:500])
        self._fit()

    def loadResource(self, kind: int, url: QUrl):
        """Refuse remote and out-of-folder resources; read permitted local images ourselves."""
        if getattr(kind, "value", kind) != _IMAGE_RESOURCE:
            return None
        path = local_file_inside(url, self.root)
        if path is None:
            return None
        reader = QImageReader(str(path))
        image = reader.read()
        return None if image.isNull() else image

    def _fit(self, *_args: object) -> None:
        if not self.auto_height:
            return
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 2
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height()) if self.auto_height else super().sizeHint()


def rich_label(markdown: str, parent: QWidget | None = None, inline: bool = True) -> QLabel:
    """A wrapping label for short bank text (a choice, a pair); its HTML never holds images."""
    label = QLabel(richtext.to_inline_html(markdown) if inline else richtext.to_html(markdown), parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(False)
    label.linkActivated.connect(open_link)
    label.setAccessibleName(richtext.to_plain(markdown))
    return label
