"""Moodle XML, the format Moodle itself writes for full fidelity: export (writer) and import (reader)."""

from quizapp.bank.formats.moodle import reader, writer  # noqa: F401  (they register)
