"""Quizlet's exported sets (term, a tab or a chosen separator, definition; a line per card, no header) and any
two-column text; a .txt that is neither GIFT nor Aiken is named for what it looks like."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.formats import FormatError
from quizapp.bank.formats.importing import format_for, import_file
from quizapp.bank.loader import load_banks
from quizapp.bank.types import QType
from quizapp.cli import main

# What Quizlet's Export writes with its defaults (Between term and definition: Tab; Between rows: New line);
# a definition typed over two lines comes out as two lines.
QUIZLET = ("NMDA receptor\tThe glutamate receptor whose channel ketamine blocks\n"
           "Esketamine\tThe S-enantiomer of ketamine\n"
           "Emergence reaction\tVivid dreams or confusion on waking from ketamine anaesthesia;\n"
           "more common in adults than in children\n"
           "Norketamine\tThe main active metabolite of ketamine\n")


def test_a_quizlet_export_becomes_flashcards(tmp_path: Path) -> None:
    src = tmp_path / "set.txt"
    src.write_text(QUIZLET, encoding="utf-8")
    with pytest.raises(ValueError, match=r"looks like two columns separated by tabs \(Quizlet's export\): "
                                         "use --format quizlet"):
        format_for(src, None, QUIZLET)
    report = import_file(src, tmp_path / "q" / "set.yaml", "quizlet")
    loaded = load_banks([tmp_path / "q"])
    assert not loaded.errors
    cards = {q.prompt: q for q in loaded.questions.values()}
    assert all(q.qtype == QType.FLASHCARD for q in cards.values()) and len(cards) == 4
    assert cards["Esketamine"].back == "The S-enantiomer of ketamine"
    assert cards["Emergence reaction"].back == ("Vivid dreams or confusion on waking from ketamine anaesthesia;\n"
                                                "more common in adults than in children")
    assert f"{src}:4: info: no separator on this line: read as the definition above continuing" in report.lines()


@pytest.mark.parametrize(("separator", "given"), [(",", "comma"), (";", ";"), (" - ", " - ")])
def test_other_separators_with_the_option(tmp_path: Path, separator: str, given: str, capsys) -> None:
    src = tmp_path / "set.txt"
    src.write_text(f"Esketamine{separator}The S-enantiomer\nArketamine{separator}The R-enantiomer\n", encoding="utf-8")
    assert main(["import", str(src), "--format", "quizlet", "--separator", given, "-o", str(tmp_path / "q.yaml")]) == 0
    assert {q.prompt: q.back for q in load_banks([tmp_path / "q.yaml"]).questions.values()} == {
        "Esketamine": "The S-enantiomer", "Arketamine": "The R-enantiomer"}


def test_a_line_without_the_separator_first_is_an_error_at_its_line(tmp_path: Path) -> None:
    src = tmp_path / "set.txt"
    src.write_text("Just a title\nEsketamine\tThe S-enantiomer\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        import_file(src, tmp_path / "q.yaml", "quizlet")
    assert str(err.value) == f"{src}:1: error: no tab between a term and its definition (give --separator if the " \
                             "file uses another)"


@pytest.mark.parametrize(("text", "advice"), [
    ("#separator:tab\n#html:true\nfront\tback\n", "Anki's Cards in Plain Text export: use --format anki-text"),
    ("#separator:tab\n#html:true\n#notetype column:1\nBasic\tfront\tback\n",
     "Anki's Notes in Plain Text export: use --format anki-text"),
    ("Ketamine was made in {{c1::1962}}.\n", "{{c1::...}} cloze deletions: use --format anki-text"),
    ("Esketamine;The S-enantiomer\nArketamine;The R-enantiomer\n", "--format quizlet --separator ';'"),
])
def test_a_txt_that_is_neither_gift_nor_aiken_says_what_it_looks_like(text: str, advice: str) -> None:
    with pytest.raises(ValueError) as err:
        format_for(Path("x.txt"), None, text)
    assert "is neither GIFT" in str(err.value) and advice in str(err.value)


def test_the_cli_shows_the_advice_and_writes_nothing(tmp_path: Path, capsys) -> None:
    src = tmp_path / "cloze.txt"
    src.write_text("Ketamine was first made in {{c1::1962}}.\tIt was.\n", encoding="utf-8")
    assert main(["import", str(src), "-o", str(tmp_path / "q.yaml")]) == 1
    err = capsys.readouterr().err
    assert "use --format anki-text" in err and "'}' without an opening '{'" not in err
    assert not (tmp_path / "q.yaml").exists()
