"""Anki packages (.apkg, a deck; .colpkg, a whole collection) read with Anki's own library.

The `anki` package is an optional extra (`pip install 'quizapp[anki]'`); without it the import says so. The
package is opened in a throw-away collection in a temporary folder, so nothing of the user's own Anki is
touched. Each card becomes a question (see notes.py), each deck a bank, each media file an image; with
scheduling in the package, each card's review history comes along for the progress store.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.bank.formats.anki.notes import AnkiNote, NoteConverter, Template
from quizapp.bank.formats.anki.text import deck_section
from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, Note, Review, register_import

if TYPE_CHECKING:
    from anki.collection import Collection

NEEDS_ANKI = ("reading an Anki package needs Anki's own library, which is not installed: "
              "pip install 'quizapp[anki]' (or: pip install anki)")
_RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy; 0 marks a manual reschedule, not an answer
_REVIEW_KINDS = (0, 1, 2, 3)  # learning, review, relearning, filtered deck; 4 = manual, 5 = rescheduled


def _open(path: Path, folder: Path, shown: str) -> Collection:
    try:
        from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
        from anki.errors import AnkiException
    except ImportError:
        raise FormatError(shown, [Note(0, NEEDS_ANKI, "error")]) from None
    target = folder / "collection.anki2"
    try:
        if path.suffix.casefold() == ".colpkg":
            from anki._backend import RustBackend

            backend = RustBackend()
            backend.import_collection_package(col_path=str(target), backup_path=str(path.resolve()),
                                              media_folder=str(folder / "collection.media"),
                                              media_db=str(folder / "collection.media.db2"))
            return Collection(str(target), backend=backend)
        col = Collection(str(target))
        try:
            col.import_anki_package(ImportAnkiPackageRequest(
                package_path=str(path.resolve()), options=ImportAnkiPackageOptions(with_scheduling=True)))
        except BaseException:
            col.close()
            raise
        return col
    except AnkiException as exc:
        raise FormatError(shown, [Note(0, f"not a readable Anki package: {exc}", "error")]) from None


@register_import
class AnkiPackageFormat(ImportFormat):
    name = "anki"
    extension = ".apkg"
    other_extensions = (".colpkg",)
    description = "Anki package (.apkg deck or .colpkg collection), read with Anki's own library"
    binary = True
    max_bytes = 512 * 2**20  # a package carries its media: a deck with pictures runs to hundreds of MB

    def parse(self, text: str, file: str = "<input>") -> Imported:
        raise FormatError(file, [Note(0, "an Anki package is a file, not text", "error")])

    def parse_file(self, path: Path, shown: str) -> Imported:
        with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as tmp:
            col = _open(path, Path(tmp), shown)
            try:
                return self._read(col, Path(col.media.dir()))
            finally:
                col.close()

    def _read(self, col: Collection, media_dir: Path) -> Imported:
        out = Imported()

        def media(name: str) -> bytes | None:
            candidate = media_dir / name
            try:
                return candidate.read_bytes() if candidate.parent == media_dir and candidate.is_file() else None
            except OSError:
                return None

        converter = NoteConverter(out, media)
        history = self._history(col)
        decks: dict[str, Any] = {}
        for n, nid in enumerate(sorted(col.find_notes("")), start=1):
            note = col.get_note(nid)
            notetype = note.note_type() or {}
            cards = {card.ord: card for card in note.cards()}
            templates = [Template(t["ord"], t["qfmt"], t["afmt"]) for t in notetype.get("tmpls", [])]
            first = cards[min(cards)] if cards else None
            deck = col.decks.name(first.did) if first is not None else None
            label = f"'{notetype.get('name', '?')}' note: "
            anki_note = AnkiNote(notetype.get("name", ""), list(note.items()), cloze=notetype.get("type") == 1,
                                 templates=templates, cards=sorted(cards), deck=deck, tags=tuple(note.tags),
                                 line=n, label=label)  # a package has no lines: the note's place stands in
            for ord_, q in converter.questions(anki_note):
                card = cards.get(ord_)
                card_deck = col.decks.name(card.did) if card is not None else deck
                section = decks.setdefault(card_deck, deck_section(card_deck)) if card_deck else None
                i = out.add(q, section)
                if card is not None and history.get(card.id):
                    out.reviews[i] = history[card.id]
        return out

    def _history(self, col: Collection) -> dict[int, list[Review]]:
        """card id -> its answers, oldest first (Anki's revlog: id = time in ms, ease = rating)."""
        out: dict[int, list[Review]] = {}
        for cid, ms, ease, taken, kind in col.db.all("SELECT cid, id, ease, time, type FROM revlog ORDER BY id"):
            if ease in _RATINGS and kind in _REVIEW_KINDS:
                out.setdefault(cid, []).append(Review(ms // 1000, int(ease), int(taken) if taken else None))
        return out
