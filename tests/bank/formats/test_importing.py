"""Import into a bank file: content ids, no duplicates on re-import, appending, the placeholder source, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.formats import FormatError
from quizapp.bank.formats.importing import PLACEHOLDER_SOURCE, TargetError, import_file
from quizapp.bank.loader import load_banks
from quizapp.cli import main

GIFT = """$CATEGORY: $course$/top/Pharmacology

::A:: Ketamine blocks which receptor? {=NMDA#Yes. ~GABA-A#That is propofol. ####It is an NMDA antagonist.}

Ketamine is racemic. {T####It is a 1:1 mixture of enantiomers.}

Essay: discuss. {}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_writes_a_bank_the_loader_accepts(tmp_path: Path) -> None:
    src = write(tmp_path, "in.gift", GIFT)
    out = tmp_path / "questions" / "new.yaml"
    report = import_file(src, out)
    loaded = load_banks([out.parent])
    assert not loaded.errors
    assert [b.topic for b in loaded.banks] == ["pharmacology"]
    assert sorted(q.qtype for q in loaded.questions.values()) == ["single_choice", "true_false"]
    assert all(q.sources == (PLACEHOLDER_SOURCE,) for q in loaded.questions.values())
    assert all(q.id.startswith("pharmacology-") for q in loaded.questions.values())
    # the instructor is warned, by the report and by every `quizapp check` until the source is replaced
    assert any(PLACEHOLDER_SOURCE in line for line in report.lines())
    assert any(PLACEHOLDER_SOURCE in p.message and p.severity == "warning" for p in loaded.problems)
    assert "essay questions are not supported; skipped" in "\n".join(report.lines())


def test_ids_come_from_content_so_reimport_adds_nothing(tmp_path: Path) -> None:
    src = write(tmp_path, "in.gift", GIFT)
    out = tmp_path / "new.yaml"
    first = import_file(src, out)
    text = out.read_text(encoding="utf-8")
    again = import_file(src, out)
    assert again.added == [] and len(again.already) == 2
    assert out.read_text(encoding="utf-8") == text
    assert [q.id for q, _ in again.already] == [q.id for q in first.added]


def test_reimport_into_another_file_of_the_folder_adds_nothing(tmp_path: Path) -> None:
    src = write(tmp_path, "in.gift", GIFT)
    import_file(src, tmp_path / "q" / "one.yaml")
    report = import_file(src, tmp_path / "q" / "two.yaml")
    assert report.added == [] and not (tmp_path / "q" / "two.yaml").exists()


def test_new_questions_are_appended_and_hand_edits_survive(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    import_file(write(tmp_path, "a.gift", "First? {T}\n"), out, topic="pk")
    out.write_text(out.read_text(encoding="utf-8") + "  # the instructor's note\n", encoding="utf-8")
    report = import_file(write(tmp_path, "b.gift", "First? {T}\n\nSecond? {F}\n"), out, topic="pk")
    assert [q.prompt for q in report.added] == ["Second?"]
    text = out.read_text(encoding="utf-8")
    assert "# the instructor's note" in text
    assert [q.prompt for q in load_banks([out]).questions.values()] == ["First?", "Second?"]


def test_appending_to_a_bank_without_the_placeholder_is_refused_untouched(tmp_path: Path) -> None:
    out = write(tmp_path, "hand.yaml", "title: T\ntopic: t\nquestions: []\n")
    with pytest.raises(TargetError):
        import_file(write(tmp_path, "a.gift", "Q? {T}\n"), out)
    assert out.read_text(encoding="utf-8") == "title: T\ntopic: t\nquestions: []\n"


def test_questions_the_app_would_reject_are_errors_at_their_source_line(tmp_path: Path) -> None:
    src = write(tmp_path, "in.gift", "Fine? {T}\n\nSame right side {=a -> x =b -> x}\n")
    with pytest.raises(FormatError) as info:
        import_file(src, tmp_path / "new.yaml")
    assert str(info.value) == (f"{src}:3: error: two pairs share a right-hand side, so matching is ambiguous")
    assert not (tmp_path / "new.yaml").exists()


def test_the_same_question_twice_in_one_file_is_imported_once(tmp_path: Path) -> None:
    report = import_file(write(tmp_path, "in.gift", "Q? {T}\n\nQ? {T}\n"), tmp_path / "new.yaml")
    assert len(report.added) == 1
    assert any("3: warning: same question as line 1" in line for line in report.lines())


def test_cli_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path, "in.txt", "Which?\nA. NMDA\nB. GABA\nANSWER: A\n")
    out = tmp_path / "questions" / "new.yaml"
    assert main(["import", str(src), "--format", "aiken", "-o", str(out), "--topic", "mechanism"]) == 0
    assert "1 question(s) written to" in capsys.readouterr().out
    gift = tmp_path / "out.gift"
    assert main(["export", "--format", "gift", str(out.parent), "-o", str(gift)]) == 0
    assert "=NMDA" in gift.read_text(encoding="utf-8")
    apkg = tmp_path / "out.apkg"
    assert main(["export", "--format", "anki", str(out.parent), "-o", str(apkg)]) == 0
    assert apkg.stat().st_size > 0


def test_cli_import_errors_exit_1_and_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path, "bad.gift", "Q? {=a ~b\n")
    assert main(["import", str(src), "-o", str(tmp_path / "new.yaml")]) == 1
    err = capsys.readouterr().err
    assert f"{src}:1: error: '{{' is never closed" in err
    assert not (tmp_path / "new.yaml").exists()


def test_format_comes_from_the_extension_and_a_txt_file_is_sniffed(tmp_path: Path) -> None:
    from quizapp.bank.formats.importing import format_for

    assert format_for(Path("a.gift"), None).name == "gift"
    assert format_for(Path("a.csv"), None).name == "csv"
    assert format_for(Path("a.txt"), None, "Q?\nA. x\nB. y\nANSWER: A\n").name == "aiken"
    assert format_for(Path("a.txt"), None, "Q? {=x ~y}\n").name == "gift"
    assert format_for(Path("a.txt"), "csv", "Q? {=x ~y}").name == "csv"
    with pytest.raises(ValueError):
        format_for(Path("a.doc"), None)
