"""Moodle's embedded answers (the cloze question type, `multianswer`): `{1:SHORTANSWER:=right#well done~=also}`.

The grammar follows Moodle core's own parser (question/type/multianswer): a mark, a sub-question type, then
alternatives separated by `~`, each `=` (100%) or `%n%` (n%) or nothing (0%), its text, and `#feedback`;
`\\}` and `\\#` stand for the characters themselves, and the text is HTML, so entities are decoded.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

SHORT = ("SHORTANSWER", "SA", "MW")
SHORT_CASE = ("SHORTANSWER_C", "SAC", "MWC")
NUMERICAL = ("NUMERICAL", "NM")
MULTICHOICE = ("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS",
               "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS")
MULTIRESPONSE = ("MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS",
                 "MRHS")
_TYPES = "|".join(sorted((*SHORT, *SHORT_CASE, *NUMERICAL, *MULTICHOICE, *MULTIRESPONSE), key=len, reverse=True))
_ALT = r"(?:=|%-?[0-9]+(?:[.,][0-9]*)?%)?.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)(?:#.*?(?<!\\)(?=[~}]|$))?"
EMBEDDED_RE = re.compile(r"\{([0-9]*):(" + _TYPES + r"):(" + _ALT + r"(?:~" + _ALT + r")*)\}", re.S)
_ONE_ALT = re.compile(r"~?(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                      r"(?:#(.*?(?<!\\)(?=[~}]|$)))?", re.S)


@dataclass(frozen=True, slots=True)
class Alternative:
    text: str
    fraction: float  # 0..1
    feedback: str


@dataclass(frozen=True, slots=True)
class Embedded:
    kind: str  # as written: SHORTANSWER, SA, NUMERICAL...
    alternatives: tuple[Alternative, ...]


def _unescape(text: str) -> str:
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#").strip()


def alternatives(body: str) -> tuple[Alternative, ...]:
    out = []
    rest = body
    while rest:
        m = _ONE_ALT.match(rest)
        if not m or not m.group(0):
            break
        marker, percent, text, feedback = m.groups()
        fraction = 1.0 if marker == "=" else float(percent.replace(",", ".")) / 100 if percent else 0.0
        out.append(Alternative(_unescape(text), fraction, _unescape(feedback or "")))
        rest = rest[m.end():]
    return tuple(out)


def find(text: str) -> list[tuple[re.Match[str], Embedded]]:
    return [(m, Embedded(m.group(2), alternatives(m.group(3)))) for m in EMBEDDED_RE.finditer(text)]
