"""Anki's own files in: packages (.apkg with scheduling, .colpkg) and its text exports, each made in the test by
Anki's own library and exporters; the review history into the progress store; a plain message without Anki."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("anki.collection")

from anki_files import PNG, AnkiFiles, make_anki_files

from quizapp.bank.formats import FormatError
from quizapp.bank.formats.importing import format_for, import_file
from quizapp.bank.loader import load_banks
from quizapp.bank.types import QType
from quizapp.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> AnkiFiles:
    return make_anki_files(tmp_path_factory.mktemp("anki"))


def _by_prompt(folder: Path) -> dict[str, object]:
    loaded = load_banks([folder])
    assert not loaded.errors, loaded.errors
    return {(q.prompt or q.text): q for q in loaded.questions.values()}


def _check_cards(qs: dict, with_pictures: bool = True) -> None:
    basic = qs["Ketamine is an antagonist at which **receptor**?"]
    assert basic.qtype == QType.FLASHCARD and basic.back == "The NMDA receptor\n(at the PCP site in the channel)"
    assert basic.tags == ("nmda", "pharmacology")
    # Basic (and reversed card): two cards, two flashcards
    assert qs["Esketamine"].back == "The S-enantiomer of ketamine"
    assert qs["The S-enantiomer of ketamine"].back == "Esketamine"
    # optional reversed card: a reverse only when "Add Reverse" is filled
    assert "The R-enantiomer of ketamine" in qs and "An active metabolite" not in qs
    typed = qs["Chemical class of ketamine?"]
    assert typed.qtype == QType.SHORT_ANSWER and typed.answers == ("arylcyclohexylamine",)
    c1 = qs["Ketamine was first made in {{1962}} by Calvin Stevens at {{Parke-Davis}}."]
    c2 = qs["Ketamine was first made in 1962 by {{Calvin Stevens}} at Parke-Davis."]
    assert c1.qtype == c2.qtype == QType.CLOZE  # one cloze per card number, the other deletions shown
    assert c1.explanation == "It was approved in 1970." and c1.tags == ("history",)
    pictured = qs["Which drug has this structure?"]
    if with_pictures:
        assert Path(pictured.image).read_bytes() == PNG
    assert qs["What is the sound of this word?"].back == "KET-a-meen"


@pytest.mark.parametrize("kind", ["apkg", "colpkg"])
def test_a_package_becomes_a_bank_per_deck(files: AnkiFiles, tmp_path: Path, kind: str) -> None:
    report = import_file(getattr(files, kind), tmp_path / "q")
    loaded = load_banks([tmp_path / "q"])
    assert sorted((b.title, b.topic) for b in loaded.banks) == [
        ("History", "ketamine-history"), ("Pharmacology", "ketamine-pharmacology")]
    _check_cards(_by_prompt(tmp_path / "q"))
    text = "\n".join(report.lines())
    assert "audio ([sound:ketamine.mp3]) not kept" in text
    assert "cloze hints (a chemist) not kept" in text


def test_notes_in_plain_text_with_its_headers(files: AnkiFiles, tmp_path: Path) -> None:
    assert files.notes_txt.read_text(encoding="utf-8").startswith("#separator:tab\n#html:true\n#guid column:1\n")
    with pytest.raises(ValueError, match="looks like Anki's Notes in Plain Text export: use --format anki-text"):
        format_for(files.notes_txt, None, files.notes_txt.read_text(encoding="utf-8"))
    report = import_file(files.notes_txt, tmp_path / "q", "anki-text")
    assert len(report.outputs) == 2  # the deck column: a bank per deck
    _check_cards(_by_prompt(tmp_path / "q"), with_pictures=False)
    assert "image 'structure.png' is not in the file; left out" in "\n".join(report.lines())


def test_cards_in_plain_text(files: AnkiFiles, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="looks like Anki's Cards in Plain Text export: use --format anki-text"):
        format_for(files.cards_txt, None, files.cards_txt.read_text(encoding="utf-8"))
    report = import_file(files.cards_txt, tmp_path / "q" / "cards.yaml", "anki-text")
    qs = _by_prompt(tmp_path / "q")
    assert qs["The S-enantiomer of ketamine"].back == "Esketamine"
    assert qs["Ketamine was first made in {{1962}} by Calvin Stevens at {{Parke-Davis}}."].qtype == QType.CLOZE
    assert qs["Ketamine was first made in 1962 by {{Calvin Stevens}} at Parke-Davis."].qtype == QType.CLOZE
    assert "Chemical class of ketamine?" not in qs  # Anki leaves a type-in card's answer out of this export
    assert "type-in card's answer is not in Anki's Cards export" in "\n".join(report.lines())


def test_cards_in_plain_text_without_html(files: AnkiFiles, tmp_path: Path) -> None:
    assert "[...]" in files.cards_plain_txt.read_text(encoding="utf-8")  # Anki writes a gap so, its answer on the back
    import_file(files.cards_plain_txt, tmp_path / "q" / "cards.yaml", "anki-text")
    qs = _by_prompt(tmp_path / "q")
    assert qs["Ketamine was first made in {{1962}} by Calvin Stevens at {{Parke-Davis}}."].qtype == QType.CLOZE
    assert qs["Ketamine was first made in 1962 by {{Calvin Stevens}} at Parke-Davis."].qtype == QType.CLOZE
    assert qs["Esketamine"].back == "The S-enantiomer of ketamine"


def test_notes_without_html_or_columns(files: AnkiFiles, tmp_path: Path) -> None:
    import_file(files.notes_plain_txt, tmp_path / "q" / "plain.yaml", "anki-text")
    qs = _by_prompt(tmp_path / "q")
    basic = qs["Ketamine is an antagonist at which receptor?"]
    assert basic.back == "The NMDA receptor (at the PCP site in the channel)"
    assert qs["Ketamine was first made in 1962 by {{Calvin Stevens}} at Parke-Davis."].qtype == QType.CLOZE


def test_review_history_goes_into_the_progress_store(files: AnkiFiles, tmp_path: Path, capsys) -> None:
    from quizapp.study import StudyService

    data = tmp_path / "data"
    assert main(["import", str(files.apkg), "-o", str(tmp_path / "q"), "--progress", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "review history imported; the database as it was before is in" in out
    qs = _by_prompt(tmp_path / "q")
    answered = {prompt: eases for prompt, eases in files.answered.items()}
    with StudyService.open(data) as service:
        rows = service.store.conn.execute("SELECT question_id, rating FROM review_log").fetchall()
        ratings: dict[str, list[int]] = {}
        for qid, rating in rows:
            ratings.setdefault(qid, []).append(rating)
        card = service.card(qs["Esketamine"].id)
    assert sum(map(len, ratings.values())) == sum(map(len, answered.values())) == 6
    assert ratings[qs["Esketamine"].id] == answered["Esketamine"]
    assert card is not None and card.srs.reps == len(answered["Esketamine"]) and card.srs.stability
    # a second import adds no review twice
    assert main(["import", str(files.apkg), "-o", str(tmp_path / "q"), "--progress", "--data-dir", str(data)]) == 0
    assert "0 review(s)" in capsys.readouterr().out


def test_without_ankis_library_the_import_says_how_to_get_it(files: AnkiFiles, tmp_path: Path, monkeypatch,
                                                             capsys) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as if the optional extra were not installed
    with pytest.raises(FormatError, match=r"pip install 'quizapp\[anki\]'"):
        import_file(files.apkg, tmp_path / "q")
    assert main(["import", str(files.apkg), "-o", str(tmp_path / "q")]) == 1
    assert "needs Anki's own library" in capsys.readouterr().err
    assert not (tmp_path / "q").exists()


def test_a_damaged_package_is_refused_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(FormatError, match="not a readable Anki package"):
        import_file(bad, tmp_path / "q")
