"""Audit records: `quizapp check` warns when a question changed since its audit or has no record."""

from __future__ import annotations

from pathlib import Path

from quizapp.bank import audit
from quizapp.bank.loader import load_banks
from quizapp.cli import main

ROOT = Path(__file__).resolve().parents[2]
BANK = """title: T
topic: t
sources:
  s: {title: S, url: "https://example.org/s"}
questions:
  - id: t-1
    type: true_false
    prompt: Ketamine is an arylcyclohexylamine.
    answer: true
    explanation: It is.
    sources: [s]
  - id: t-2
    type: true_false
    prompt: Ketamine is a barbiturate.
    answer: false
    explanation: It is not.
    sources: [s]
"""


def _folder(tmp_path: Path, records: str) -> Path:
    (tmp_path / "t.yaml").write_text(BANK, encoding="utf-8")
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "t.yaml").write_text(f"topic: t\naudits:\n{records}", encoding="utf-8")
    return tmp_path


def _hashes(folder: Path) -> dict[str, str]:
    return {q.id: q.content_hash for q in load_banks([folder]).questions.values()}


def test_matching_records_give_no_warning_and_an_edit_asks_for_a_new_audit(tmp_path: Path, capsys) -> None:
    folder = _folder(tmp_path, "")
    h = _hashes(folder)
    (folder / "audit" / "t.yaml").write_text(
        "topic: t\naudits:\n" + "".join(f"  - {{id: {k}, hash: '{v}', verdict: ok, date: 2026-12-03}}\n"
                                        for k, v in h.items()), encoding="utf-8")
    assert main(["check", "--strict", str(folder)]) == 0
    (folder / "t.yaml").write_text(BANK.replace("a barbiturate", "an opioid"), encoding="utf-8")
    assert main(["check", "--strict", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "t.yaml:12:5: warning: question 't-2' changed since it was audited on 2026-12-03" in out
    assert "question 't-1'" not in out  # unchanged, still audited


def test_missing_and_doubled_records_and_bad_verdicts_are_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "  - {id: t-1, hash: 'x', verdict: ok}\n  - {id: t-1, hash: 'y', verdict: maybe}\n")
    messages = [p.message for p in audit.compare(load_banks([folder]).questions, [folder])]
    assert any("second audit record for 't-1'" in m for m in messages)
    assert any("verdict must be one of" in m for m in messages)
    assert any("question 't-2' has no audit record" in m for m in messages)
    assert any("question 't-1' changed since it was audited" in m for m in messages)


def test_a_folder_without_audit_records_is_not_asked_for_them(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(BANK, encoding="utf-8")
    assert audit.compare(load_banks([tmp_path]).questions, [tmp_path]) == []


def test_every_shipped_question_has_a_current_audit_record() -> None:
    folder = ROOT / "questions"
    problems = audit.compare(load_banks([folder]).questions, [folder])
    assert [str(p) for p in problems] == []
