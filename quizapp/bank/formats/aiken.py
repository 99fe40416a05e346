"""Aiken import: single-answer questions, lettered options, an `ANSWER:` line."""

from __future__ import annotations

import re

from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, Note, register_import
from quizapp.bank.types.choice import Choice, ChoiceQuestion

_OPTION_RE = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER_RE = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$", re.IGNORECASE)


@register_import
class AikenFormat(ImportFormat):
    name = "aiken"
    extension = ".txt"
    description = "Aiken (Moodle's one-correct-answer text format)"

    def parse(self, text: str, file: str = "<input>") -> Imported:
        out = Imported()
        errors: list[Note] = []
        block: list[tuple[int, str]] = []
        for number, line in enumerate([*text.split("\n"), ""], start=1):
            if line.strip():
                block.append((number, line.strip()))
                if not _ANSWER_RE.match(line.strip()):
                    continue
            if block:
                self._block(block, out, errors)
                block = []
        if errors:
            raise FormatError(file, errors)
        return out

    def _block(self, block: list[tuple[int, str]], out: Imported, errors: list[Note]) -> None:
        """One question: prompt lines, option lines, then `ANSWER: X` as its last line."""
        first = block[0][0]
        answer = _ANSWER_RE.match(block[-1][1])
        if answer is None:
            errors.append(Note(block[-1][0], "question has no 'ANSWER: <letter>' line", "error"))
            return
        prompt: list[str] = []
        options: dict[str, tuple[int, str]] = {}
        for number, line in block[:-1]:
            m = _OPTION_RE.match(line)
            if m and prompt:
                if m.group(1) in options:
                    errors.append(Note(number, f"option {m.group(1)} given twice", "error"))
                    return
                options[m.group(1)] = (number, m.group(2))
            elif options:
                errors.append(Note(number, "text after the options; each option is one line like 'B. text'",
                                   "error"))
                return
            else:
                prompt.append(line)
        if not prompt:
            errors.append(Note(first, "question text missing before the options", "error"))
            return
        if len(options) < 2:
            errors.append(Note(first, "a question needs at least two options like 'A. text'", "error"))
            return
        letter = answer.group(1).upper()
        if letter not in options:
            errors.append(Note(block[-1][0], f"ANSWER '{answer.group(1)}' is not one of the options "
                                             f"{', '.join(options)}", "error"))
            return
        expected = [chr(ord("A") + i) for i in range(len(options))]
        if list(options) != expected:
            out.note(first, f"options are lettered {', '.join(options)}, not {', '.join(expected)}; "
                            "order kept as written", "info")
        choices = tuple(Choice(text, key == letter) for key, (_, text) in options.items())
        out.questions.append(ChoiceQuestion(id="", topic="", line=first, prompt="\n".join(prompt),
                                            choices=choices))
