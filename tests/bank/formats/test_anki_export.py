"""Anki export: the .apkg opened by Anki's own library (and, always, by reading its SQLite collection)."""

from __future__ import annotations

import html
import sqlite3
import zipfile
from pathlib import Path

import pytest

from quizapp.bank.formats.anki import AnkiExport, markdown_html
from quizapp.bank.loader import LoadResult, load_banks
from quizapp.bank.types.cloze import Cloze

EVERY_TYPE = Path(__file__).parent.parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_banks([EVERY_TYPE])


@pytest.fixture(scope="module")
def apkg(loaded: LoadResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anki") / "deck.apkg"
    result = AnkiExport().export(loaded, out)
    assert result.written == len(loaded.questions)
    return out


def test_anki_opens_the_package_with_the_right_notes_decks_and_fields(
        apkg: Path, loaded: LoadResult, tmp_path: Path) -> None:
    collection = pytest.importorskip("anki.collection")
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(apkg), options=collection.ImportAnkiPackageOptions()))
        bank = loaded.banks[0]
        deck_names = {d.name for d in col.decks.all_names_and_ids()}
        assert f"quizapp::{bank.title}" in deck_names
        deck_id = col.decks.id_for_name(f"quizapp::{bank.title}")
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            notes[note["Id"]] = note
        assert set(notes) == set(loaded.questions)
        for qid, q in loaded.questions.items():
            note = notes[qid]
            assert sorted(note.tags) == sorted(t.replace(" ", "_") for t in q.tags), qid
            assert all(card.did == deck_id for card in note.cards())
        kinds = {qid: notes[qid].note_type()["name"] for qid in notes}
        assert kinds["s-cloze"] == "quizapp cloze"
        assert kinds["s-single"] == kinds["s-multi"] == "quizapp choice"
        assert kinds["s-flash"] == "quizapp question"

        cloze = notes["s-cloze"]
        assert "{{c1::1962}}" in cloze["Text"] and "{{c1::Calvin Stevens}}" in cloze["Text"]
        assert len(cloze.cards()) == 1  # one card per question, as the app asks it
        assert "Stevens" in cloze["Extra"]  # the accepted alternative

        single = notes["s-single"]
        q = loaded.questions["s-single"]
        for choice in q.choices:
            assert markdown_html(choice.text) in single["Choices"]
            if choice.why:
                assert markdown_html(choice.why) in single["Answer"]
        assert markdown_html(q.explanation) == single["Explanation"]
        source = loaded.sources[q.sources[0]]
        assert source.citation() in single["Sources"] and str(source.link) in single["Sources"]

        flash = notes["s-flash"]
        assert flash["Back"] == markdown_html(loaded.questions["s-flash"].back)
        # the card renders: Anki fills the template with the fields
        card = flash.cards()[0]
        assert markdown_html(loaded.questions["s-flash"].prompt) in card.question()
        assert flash["Back"] in card.answer()
    finally:
        col.close()


def test_package_holds_a_collection_with_every_note(apkg: Path, loaded: LoadResult, tmp_path: Path) -> None:
    """Read without Anki: the .apkg is a zip holding collection.anki2, an SQLite file."""
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = db.execute("SELECT flds, tags FROM notes").fetchall()
    finally:
        db.close()
    ids = {flds.split("\x1f")[-1] for flds, _ in rows}
    assert ids == set(loaded.questions)


def test_reexport_keeps_note_guids_so_anki_updates_instead_of_duplicating(
        loaded: LoadResult, tmp_path: Path) -> None:
    def guids(path: Path) -> set[str]:
        with zipfile.ZipFile(path) as z:
            z.extract("collection.anki2", path.parent / path.stem)
        db = sqlite3.connect(path.parent / path.stem / "collection.anki2")
        try:
            return {row[0] for row in db.execute("SELECT guid FROM notes")}
        finally:
            db.close()

    AnkiExport().export(loaded, tmp_path / "a.apkg")
    AnkiExport().export(loaded, tmp_path / "b.apkg")
    assert guids(tmp_path / "a.apkg") == guids(tmp_path / "b.apkg")


def test_cloze_text_markdown_and_gaps() -> None:
    q = Cloze(id="c", topic="t", prompt="", text="**Ketamine** blocks {{NMDA|N-methyl-D-aspartate}} in H~2~O")
    card = q.anki(markdown_html)
    text, extra = card.fields["text"], card.fields["extra"]
    assert text == "<strong>Ketamine</strong> blocks {{c1::NMDA}} in H<sub>2</sub>O"
    assert extra == "NMDA: also N-methyl-D-aspartate"


def _key_positions(col) -> tuple[list[tuple[int, int]], list[tuple[frozenset[int], int]]]:
    """(key index, option count) of each single-choice note, (key indexes, option count) of each multiple."""
    import re

    singles, multiples = [], []
    for nid in col.find_notes('"note:quizapp choice"'):
        note = col.get_note(nid)
        marks = re.findall(r"<li>([✔✘]) <b>([A-Z])\.</b>", note["Answer"])
        keys = frozenset(i for i, (mark, _letter) in enumerate(marks) if mark == "✔")
        if "Select all that apply" in note["Choices"]:
            multiples.append((keys, len(marks)))
        else:
            (key,) = keys
            singles.append((key, len(marks)))
    return singles, multiples


def _key_first_bank(folder: Path) -> Path:
    """A bank written the way authors often write: the key first, the two keys of a multiple choice first."""
    folder.mkdir()
    lines = ["title: Keys first", "topic: keys", "questions:"]
    for i in range(80):
        multiple = i % 4 == 0
        lines += [f"  - id: k-{i}", f"    type: {'multiple_choice' if multiple else 'single_choice'}",
                  f"    prompt: Question number {i}?", "    sources: [s]", "    choices:",
                  f"      - {{text: right {i}, correct: true}}",
                  f"      - {{text: second {i}, correct: {str(multiple).lower()}, why: w}}",
                  f"      - {{text: wrong two {i}, why: w}}", f"      - {{text: wrong three {i}, why: w}}"]
    (folder / "keys.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "sources.yaml").write_text("s: {title: A source, url: 'https://example.org/s'}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("banks", ["shipped", "keys first"])
def test_deck_spreads_the_key_over_every_position(banks: str, tmp_path: Path) -> None:
    """A note shows its choices in one fixed order: Anki cannot shuffle them as the app does, and banks
    tend to list the key first, so the export shuffles (by question id) and the key lands anywhere."""
    collection = pytest.importorskip("anki.collection")
    from quizapp import paths

    shipped = load_banks([paths.bundled_questions() if banks == "shipped" else _key_first_bank(tmp_path / "b")])
    assert not shipped.errors
    out = tmp_path / "shipped.apkg"
    AnkiExport().export(shipped, out)
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(out), options=collection.ImportAnkiPackageOptions()))
        singles, multiples = _key_positions(col)
    finally:
        col.close()
    in_banks = [q for q in shipped.questions.values() if q.qtype in ("single_choice", "multiple_choice")]
    assert len(singles) + len(multiples) == len(in_banks)
    assert len(singles) >= 60 and len(multiples) >= 20
    four = [key for key, n in singles if n == 4]
    share = {pos: four.count(pos) / len(four) for pos in range(4)}
    assert all(0.12 <= s <= 0.40 for s in share.values()), share  # 0.25 each, give or take chance
    first_two = sum(1 for keys, _n in multiples if {0, 1} <= keys) / len(multiples)
    assert first_two < 0.6, first_two
    assert len({keys for keys, _n in multiples}) > 3


def test_choice_order_is_stable_across_exports_and_fixed_order_is_kept() -> None:
    from quizapp.bank.types.choice import Choice, ChoiceQuestion

    choices = tuple(Choice(t, t == "d") for t in "abcd")
    shuffled = ChoiceQuestion(id="x-1", topic="t", prompt="P", choices=choices)
    assert shuffled.note_order() == ChoiceQuestion(id="x-1", topic="t", prompt="P", choices=choices).note_order()
    orders = {tuple(ChoiceQuestion(id=f"x-{i}", topic="t", prompt="P", choices=choices).note_order())
              for i in range(20)}
    assert len(orders) > 5
    fixed = ChoiceQuestion(id="x-1", topic="t", prompt="P", choices=choices, shuffle=False)  # "all of the above"
    assert fixed.note_order() == [0, 1, 2, 3]
    shown = fixed.anki(markdown_html).fields["choices"]
    assert shown.index("<b>A.</b> a") < shown.index("<b>D.</b> d")


SHIPPED = Path(__file__).resolve().parents[3] / "questions"


def test_every_figure_of_the_shipped_banks_reaches_anki_as_media_with_its_alt_text(tmp_path: Path) -> None:
    collection = pytest.importorskip("anki.collection")
    loaded = load_banks([SHIPPED])
    figures = {qid: q for qid, q in loaded.questions.items() if q.image}
    assert len(figures) >= 20
    out = tmp_path / "deck.apkg"
    result = AnkiExport().export(loaded, out)
    assert result.notes == [] and result.written == len(loaded.questions)
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(out), options=collection.ImportAnkiPackageOptions()))
        media = Path(col.media.dir())
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            notes[note["Id"]] = note
        for qid, q in figures.items():
            name = Path(q.image).name
            assert (media / name).read_bytes() == Path(q.image).read_bytes(), qid  # the file itself, as media
            card = notes[qid].cards()[0]
            tag = f'<img src="{name}" alt="{html.escape(q.image_alt)}"'
            front, back = card.question(), card.answer()
            if q.image_shown == "prompt":
                assert tag in front, qid
            else:  # only once the card is turned, as the app shows it with the feedback
                assert tag not in front and tag in back, qid
        assert col.media.check().missing == [], "a card refers to media the collection lacks"
    finally:
        col.close()
