"""File ▸ Import and File ▸ Export through the window (file dialogs answered by the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from quizapp.bank.formats import EXPORTERS, IMPORTERS
from quizapp.ui import transfer
from quizapp.ui.main_window import MainWindow

GIFT = """::q1:: Which receptor does ketamine mainly block? {=NMDA ~GABA-A ~mu-opioid}
"""


def test_export_writes_the_open_banks(qtbot, window: MainWindow, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.gift"
    gift = EXPORTERS["gift"]
    chosen = f"{gift.description} (*{gift.extension})"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), chosen))
    transfer.export_dialog(window, window.bridge)
    qtbot.waitUntil(target.exists)
    assert "NMDA receptor" in target.read_text(encoding="utf-8")


def test_import_writes_a_bank_that_live_reload_picks_up(qtbot, window: MainWindow, bank_dir: Path,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, encoding="utf-8")
    gift = IMPORTERS["gift"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), gift.description))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(bank_dir / "imported.yaml"), "YAML (*.yaml *.yml)"))
    with qtbot.waitSignal(window.banks_shown, timeout=10_000):
        transfer.import_dialog(window, window.bank_paths)
    assert (bank_dir / "imported.yaml").exists()
    assert "1 added" in window.home.notice_text.text()
