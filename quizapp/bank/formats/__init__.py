"""Import and export formats, registered by name: GIFT, Aiken and CSV in; Anki and GIFT out."""

from quizapp.bank.formats import aiken, anki, csvfmt, gift, gift_export, moodle  # noqa: F401  (they register)
from quizapp.bank.formats.base import (
    EXPORTERS,
    IMPORTERS,
    Exported,
    ExportFormat,
    FormatError,
    Imported,
    ImportFormat,
    LineError,
    Note,
)

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "ExportFormat",
    "Exported",
    "FormatError",
    "ImportFormat",
    "Imported",
    "LineError",
    "Note",
]
