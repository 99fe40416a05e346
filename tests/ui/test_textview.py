"""Rich text views load nothing remote, read images only from the bank folder, open links only on click."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument

from quizapp.ui import textview
from quizapp.ui.textview import RichTextView

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(folder / "inside.png"))
    assert image.save(str(tmp_path / "outside.png"))
    return folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Addresses handed to the system browser (none really are)."""
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) or True)
    return calls


def test_images_load_only_from_inside_the_bank_folder(qtbot, bank: Path) -> None:
    view = RichTextView(root=bank)
    qtbot.addWidget(view)
    assert view.loadResource(IMAGE, QUrl.fromLocalFile(str(bank / "inside.png"))) is not None
    for refused in (QUrl.fromLocalFile(str(bank.parent / "outside.png")),
                    QUrl.fromLocalFile(str(bank / ".." / "outside.png")),
                    QUrl("https://example.com/inside.png"), QUrl("http://127.0.0.1/x.png"),
                    QUrl("data:image/png;base64,AAAA")):
        assert view.loadResource(IMAGE, refused) is None, refused.toString()


def test_a_question_image_is_shown(qtbot, bank: Path) -> None:
    view = RichTextView(root=bank)
    qtbot.addWidget(view)
    view.resize(500, 100)
    view.set_markdown("Look at the chart.", str(bank / "inside.png"))
    view.show()
    qtbot.waitExposed(view)
    assert view.height() > 20 + view.fontMetrics().height()  # room for the picture as well as the text


def test_links_open_in_the_browser_only_when_clicked(qtbot, opened: list[str]) -> None:
    view = RichTextView()
    qtbot.addWidget(view)
    view.set_html('<p><a href="https://pubmed.ncbi.nlm.nih.gov/1/">paper</a></p>')
    view.show()
    assert opened == []  # showing a link opens nothing
    view.anchorClicked.emit(QUrl("https://pubmed.ncbi.nlm.nih.gov/1/"))
    assert opened == ["https://pubmed.ncbi.nlm.nih.gov/1/"]
    assert view.source().isEmpty()  # the view itself never navigates


def test_only_web_addresses_reach_the_browser(opened: list[str]) -> None:
    for url in ("file:///etc/passwd", "javascript:alert(1)", "smb://host/share"):
        assert textview.open_link(url) is False
    assert opened == []
