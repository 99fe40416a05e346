"""Files written by Anki itself: a collection made with Anki's own library, then exported by its own exporters
(.apkg with scheduling, .colpkg, Notes in Plain Text, Cards in Plain Text), as a user's Anki would write them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQAB"
                       "pfZFQAAAAABJRU5ErkJggg==")


@dataclass(frozen=True)
class AnkiFiles:
    apkg: Path
    colpkg: Path
    notes_txt: Path
    cards_txt: Path
    notes_plain_txt: Path
    cards_plain_txt: Path
    answered: dict[str, list[int]]  # front of the card -> the eases it was answered with


def make_anki_files(folder: Path) -> AnkiFiles:
    """A small collection of every note type Anki ships, in two decks, with tags, a picture, audio and reviews."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    (folder / "user").mkdir(parents=True)
    col = Collection(str(folder / "user" / "collection.anki2"))
    try:
        picture = folder / "structure.png"
        picture.write_bytes(PNG)
        stored = col.media.add_file(str(picture))
        pharm, history = col.decks.id("Ketamine::Pharmacology"), col.decks.id("Ketamine::History")

        def add(model: str, fields: dict[str, str], deck: int, tags: tuple[str, ...] = ()) -> None:
            note = col.new_note(col.models.by_name(model))
            for name, value in fields.items():
                note[name] = value
            note.tags = list(tags)
            col.add_note(note, deck)

        add("Basic", {"Front": "Ketamine is an antagonist at which <b>receptor</b>?",
                      "Back": "The NMDA receptor<br>(at the PCP site in the channel)"}, pharm, ("pharmacology", "nmda"))
        add("Basic (and reversed card)", {"Front": "Esketamine", "Back": "The S-enantiomer of ketamine"}, pharm)
        add("Basic (optional reversed card)", {"Front": "Arketamine", "Back": "The R-enantiomer of ketamine",
                                                "Add Reverse": "y"}, pharm)
        add("Basic (optional reversed card)", {"Front": "Norketamine", "Back": "An active metabolite",
                                                "Add Reverse": ""}, pharm)
        add("Basic (type in the answer)", {"Front": "Chemical class of ketamine?", "Back": "arylcyclohexylamine"},
            pharm)
        add("Basic", {"Front": f'Which drug has this structure?<img src="{stored}">', "Back": "Ketamine"}, pharm,
            ("structure",))
        add("Basic", {"Front": "What is the sound of this word? [sound:ketamine.mp3]", "Back": "KET-a-meen"}, pharm)
        add("Cloze", {"Text": "Ketamine was first made in {{c1::1962}} by {{c2::Calvin Stevens::a chemist}} at "
                              "{{c1::Parke-Davis}}.",
                      "Back Extra": "It was approved in 1970."}, history, ("history",))
        answered: dict[str, list[int]] = {}
        col.decks.select(col.decks.id("Ketamine"))
        for _ in range(6):  # answer a few cards with Anki's own scheduler: Good, then Again
            card = col.sched.getCard()
            if card is None:
                break
            ease = 3 if sum(map(len, answered.values())) % 2 == 0 else 1
            col.sched.answerCard(card, ease)
            note = card.note()
            answered.setdefault(note[note.keys()[card.ord if note.note_type()["type"] == 0 else 0]], []).append(ease)
        files = AnkiFiles(folder / "deck.apkg", folder / "collection.colpkg", folder / "notes.txt",
                          folder / "cards.txt", folder / "notes-plain.txt", folder / "cards-plain.txt", answered)
        col.export_anki_package(out_path=str(files.apkg), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=True, with_deck_configs=False, legacy=False))
        col.export_note_csv(out_path=str(files.notes_txt), limit=None, with_html=True, with_tags=True,
                            with_deck=True, with_notetype=True, with_guid=True)
        col.export_note_csv(out_path=str(files.notes_plain_txt), limit=None, with_html=False, with_tags=False,
                            with_deck=False, with_notetype=False, with_guid=False)
        col.export_card_csv(out_path=str(files.cards_txt), limit=None, with_html=True)
        col.export_card_csv(out_path=str(files.cards_plain_txt), limit=None, with_html=False)
        col.export_collection_package(str(files.colpkg), include_media=True, legacy=False)
    finally:
        col.close()
    return files
