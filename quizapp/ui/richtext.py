"""Bank text to safe HTML for Qt widgets: the shared renderer (quizapp.bank.markup) plus escaping and links."""

from __future__ import annotations

import html

from quizapp.bank.markup import ALLOWED_SCHEMES, inline_words, to_html, to_inline_html, to_plain

__all__ = ["escape", "inline_words", "link", "to_html", "to_inline_html", "to_plain"]


def escape(text: str) -> str:
    return html.escape(text or "", quote=True)


def link(url: str, label: str) -> str:
    """An anchor for a web address; other schemes are shown as text only."""
    if not url.strip().lower().startswith(ALLOWED_SCHEMES):
        return escape(label)
    return f'<a href="{escape(url)}">{escape(label)}</a>'

