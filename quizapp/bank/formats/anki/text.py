"""Anki's text exports: "Notes in Plain Text" and "Cards in Plain Text" (.txt), headers and all.

Anki writes `#key:value` header lines first (https://docs.ankiweb.net/importing/text-files.html#file-headers):
`#separator:tab` (or Comma, Semicolon, Space, Pipe, Colon, or the character), `#html:true`, and for notes
`#guid column:1`, `#notetype column:2`, `#deck column:3`, `#tags column:N` (1-based), `#tags:` (tags for
every note), `#notetype:`, `#deck:`, `#columns:`. Then one record per line, separated as the header says,
a field holding the separator, a quote or a line break being quoted with "" for a quote.

A Cards export holds each card as Anki shows it, front then back: a cloze card's gap is a
`<span class="cloze" data-cloze="answer">` (with HTML) or `[...]` (without, its answer then read off the back).
"""

from __future__ import annotations

import csv
import io
import re

from quizapp.bank.formats.anki.notes import AnkiNote, NoteConverter
from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, Note, Section, register_import
from quizapp.bank.formats.gift import category_title
from quizapp.bank.types.cloze import Cloze

_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_ACTIVE = re.compile(r'<span class="cloze" data-cloze="([^"]*)"[^>]*>.*?</span>', re.S)
_INACTIVE = re.compile(r'<span class="cloze-inactive"[^>]*>(.*?)</span>', re.S)
_PLAIN_GAP = re.compile(r"\[[^\[\]\n]*\]")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "imported"


def deck_section(deck: str, line: int = 0) -> Section:
    """`Pharm::Receptors` -> a bank titled `Receptors` (topic `pharm-receptors`: sub-decks of two decks may share
    a name)."""
    parts = [p.strip() for p in deck.split("::") if p.strip()]
    title = parts[-1] if parts else deck
    return Section(deck, category_title(title) or deck, _slug("-".join(parts)), line)


@register_import
class AnkiTextFormat(ImportFormat):
    name = "anki-text"
    extension = ".txt"
    description = "Anki's Notes or Cards in Plain Text export (.txt)"

    def parse(self, text: str, file: str = "<input>") -> Imported:
        out = Imported()
        headers: dict[str, str] = {}
        lines = text.split("\n")
        start = 0
        while start < len(lines) and (m := _HEADER.match(lines[start])):
            headers[m.group(1).strip().casefold()] = m.group(2).strip()
            start += 1
        sep = self.separator or _SEPARATORS.get(headers.get("separator", "tab").casefold(),
                                                headers.get("separator", "\t") or "\t")
        if len(sep) != 1:
            raise FormatError(file, [Note(1, f"separator '{headers.get('separator')}' is not one character", "error")])
        html = headers.get("html", "true").casefold() != "false"
        columns = {k: self._column(headers, k, file) for k in ("guid", "notetype", "deck", "tags")}
        special = {c for c in columns.values() if c is not None}
        all_tags = tuple(headers.get("tags", "").split())
        notes_export = any(c is not None for c in columns.values()) or "notetype" in headers or "columns" in headers
        reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=sep, quotechar='"', doublequote=True,
                            strict=False)
        converter = NoteConverter(out, lambda _name: None)  # a text export carries no media
        line = start + 1
        errors: list[Note] = []
        sections: dict[str, Section] = {}
        try:
            for row in reader:
                row_line, line = line, start + reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if any("\x00" in cell for cell in row):
                    errors.append(Note(row_line, "a NUL byte: this is not a text export", "error"))
                    continue
                deck = row[columns["deck"]] if columns["deck"] is not None and columns["deck"] < len(row) \
                    else headers.get("deck")
                section = None
                if deck:
                    section = sections.setdefault(deck, deck_section(deck, row_line))
                tags = all_tags + (tuple(row[columns["tags"]].split())
                                   if columns["tags"] is not None and columns["tags"] < len(row) else ())
                cells = [c for i, c in enumerate(row) if i not in special]
                if notes_export or any("{{c" in c for c in cells):
                    notetype = row[columns["notetype"]] if columns["notetype"] is not None and \
                        columns["notetype"] < len(row) else headers.get("notetype", "Basic")
                    names = [f"Field {i + 1}" for i in range(len(cells))]
                    note = AnkiNote(notetype, list(zip(names, cells, strict=True)), deck=deck, tags=tags,
                                    line=row_line, html=html,
                                    label=f"'{notetype}' note: " if columns["notetype"] is not None else "")
                    for _ord, q in converter.questions(note):
                        out.add(q, section)
                else:
                    q = self._card(cells, row_line, html, tags, converter, out)
                    if q is not None:
                        out.add(q, section)
        except csv.Error as exc:
            errors.append(Note(line, f"cannot read the record: {exc}", "error"))
        if errors:
            raise FormatError(file, errors)
        return out

    def _column(self, headers: dict[str, str], key: str, file: str) -> int | None:
        value = headers.get(f"{key} column")
        if value is None:
            return None
        if not value.isdigit() or int(value) < 1:
            raise FormatError(file, [Note(1, f"'#{key} column:{value}' must name a column by its number", "error")])
        return int(value) - 1

    def _card(self, cells: list[str], line: int, html: bool, tags: tuple[str, ...], converter: NoteConverter,
              out: Imported):
        """A row of a Cards export: the front and back as Anki shows them."""
        front, back = [*cells, "", ""][:2]
        if html and _ACTIVE.search(front):
            shown = _INACTIVE.sub(lambda m: m.group(1), front)
            marked = _ACTIVE.sub(lambda m: "{{c1::" + m.group(1) + "}}", shown)
            note = AnkiNote("Cloze", [("Text", marked)], cloze=True, tags=tags, line=line, html=True)
            found = converter.questions(note)
            return found[0][1] if found else None
        if not html and _PLAIN_GAP.search(front):
            pattern = "^" + "(.+?)".join(re.escape(p) for p in _PLAIN_GAP.split(front)) + r"(?:\s|$)"
            m = re.match(pattern, back, re.S)
            if m and all(g.strip() for g in m.groups()):
                text = front
                for answer in m.groups():
                    text = _PLAIN_GAP.sub(lambda _m, a=answer: "{{" + a.strip() + "}}", text, count=1)
                if not any(s in a for a in m.groups() for s in ("|", "{{", "}}")):
                    return Cloze(id="", topic="", line=line, prompt="", text=text, tags=tags)
        note = AnkiNote("Basic", [("Front", front), ("Back", back)], tags=tags, line=line, html=html)
        found = converter.questions(note)
        if not found and front.strip() and not back.strip():
            out.note(line, "a card with an empty back: a type-in card's answer is not in Anki's Cards export "
                           "(use Notes in Plain Text)", "info")
        return found[0][1] if found else None
