"""Anki: the .apkg deck export, and import of Anki's packages (.apkg, .colpkg) and text exports."""

from quizapp.bank.formats.anki import export, package, text  # noqa: F401  (they register)
from quizapp.bank.formats.anki.export import AnkiExport, markdown_html

__all__ = ["AnkiExport", "markdown_html"]
