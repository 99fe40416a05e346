"""Import and export formats, registered by name.

In: GIFT, Moodle XML, Aiken, CSV, Anki packages and text exports, Quizlet. Out: Anki, Moodle XML, GIFT.
"""

from quizapp.bank.formats import aiken, anki, csvfmt, gift, gift_export, moodle, quizlet  # noqa: F401  (they register)
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
