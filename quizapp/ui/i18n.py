"""The one translation function every user-visible string goes through."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, n: int = -1) -> str:
    """Translate `text` (a `%n` in it takes `n` for plural forms once translations exist)."""
    return QCoreApplication.translate("quizapp", text, None, n)
