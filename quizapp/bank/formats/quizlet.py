"""Quizlet's exported sets and any two-column text: one card per line, `term<TAB>definition`, as flashcards.

Quizlet's Export writes a term and its definition with a tab between them (or a comma, or a separator of
the user's choosing) and a line break between cards, with no header and no quoting; a definition that
itself ran over several lines comes out as several lines, so a line with no separator continues the
definition above it. `--separator` names the separator when it is not a tab.
"""

from __future__ import annotations

from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, Note, register_import
from quizapp.bank.types.flashcard import Flashcard


@register_import
class QuizletFormat(ImportFormat):
    name = "quizlet"
    extension = ".tsv"
    description = "Quizlet export or any two-column text (term<TAB>definition per line; --separator for others)"

    def parse(self, text: str, file: str = "<input>") -> Imported:
        out = Imported()
        sep = self.separator or "\t"
        errors: list[Note] = []
        rows: list[list] = []  # [line, term, definition lines]
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            if "\x00" in line:
                errors.append(Note(number, "a NUL byte: this is not a text file", "error"))
                continue
            term, found, definition = line.partition(sep)
            if not found:
                if rows:
                    rows[-1][2].append(line.strip())
                    out.note(number, "no separator on this line: read as the definition above continuing", "info")
                    continue
                shown = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(sep, f"'{sep}'")
                errors.append(Note(number, f"no {shown} between a term and its definition (give --separator "
                                           "if the file uses another)", "error"))
                continue
            rows.append([number, term.strip(), [definition.strip()]])
        if errors:
            raise FormatError(file, errors)
        for number, term, definition in rows:
            back = "\n".join(d for d in definition if d)
            if not term or not back:
                out.note(number, f"card with an empty {'term' if not term else 'definition'}; skipped")
                continue
            out.add(Flashcard(id="", topic="", line=number, prompt=term, back=back))
        return out
