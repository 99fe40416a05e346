"""`quizapp lint`: each rule with a good and a bad example, waivers, the key-position rule, the shipped banks."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from quizapp.bank.lint import RULES, lint_paths
from quizapp.cli import main

ROOT = Path(__file__).resolve().parents[2]
HEAD = "title: T\ntopic: t\nquestions:\n"


def _choice(prompt: str, key: str, *others: str) -> str:
    qid = zlib.crc32(f"{prompt}{key}{others}".encode())
    lines = [f"  - id: q{qid}", "    type: single_choice", f"    prompt: {prompt!r}", "    choices:",
             f"      - {{text: {key!r}, correct: true}}"]
    lines += [f"      - {{text: {o!r}, why: w}}" for o in others]
    return "\n".join(lines) + "\n"


def _findings(tmp_path: Path, *questions: str) -> list[tuple[str, int]]:
    path = tmp_path / "bank.yaml"
    path.write_text(HEAD + "".join(questions), encoding="utf-8")
    return [(f.rule, f.line) for f in lint_paths([path])]


BAD_AND_GOOD = {
    "all-none-above": (_choice("Which drug blocks the NMDA receptor?", "Ketamine", "Propofol", "None of the above"),
                       _choice("Which drug blocks the NMDA receptor?", "Ketamine", "Propofol", "Midazolam")),
    "long-key": (_choice("What does ketamine block?", "The NMDA receptor channel, by binding inside its open pore",
                         "GABA-A", "Opioids", "Sodium"),
                 _choice("What does ketamine block?", "NMDA receptor channel", "GABA-A receptor",
                         "Mu-opioid receptor", "Sodium channel")),
    "negative-stem": (_choice("Which drug is not an NMDA antagonist?", "Propofol", "Ketamine", "Memantine"),
                      _choice("Which drug is **not** an NMDA antagonist?", "Propofol", "Ketamine", "Memantine")),
    "key-echo": (_choice("Which enzymes metabolise ketamine in the liver?", "Liver cytochrome P450 enzymes",
                         "Monoamine oxidases", "Plasma esterases"),
                 _choice("Which enzymes metabolise ketamine in the liver?", "Cytochrome P450 family",
                         "Monoamine oxidases", "Plasma esterases")),
    "refers-elsewhere": (_choice("In the same trial, what was the response rate?", "About half", "A tenth", "All"),
                         _choice("In Zarate 2006, what was the day-1 response rate?", "About half", "A tenth",
                                 "Nearly all")),
    "absolute-word": (_choice("What is ketamine's effect on airway reflexes?", "Largely preserved",
                              "Always abolished", "Unchanged"),
                      _choice("What is ketamine's effect on airway reflexes?", "Largely preserved",
                              "Usually abolished", "Unchanged")),
    "same-options": (_choice("How is ketamine scheduled in the US?", "Schedule III", "Schedule 3", "Schedule II"),
                     _choice("How is ketamine scheduled in the US?", "Schedule III", "Schedule IV", "Schedule II")),
    "article-cue": (_choice("Ketamine is classed as an", "arylcyclohexylamine", "barbiturate", "benzodiazepine"),
                    _choice("Ketamine is classed as which of these?", "arylcyclohexylamine", "barbiturate",
                            "benzodiazepine")),
}


@pytest.mark.parametrize("rule", sorted(BAD_AND_GOOD))
def test_each_rule_flags_its_bad_example_and_passes_its_good_one(tmp_path: Path, rule: str) -> None:
    bad, good = BAD_AND_GOOD[rule]
    assert rule in [r for r, _ in _findings(tmp_path, bad)]
    assert rule not in [r for r, _ in _findings(tmp_path, good)]


def test_every_rule_has_a_test_and_cites_the_guide() -> None:
    assert {r.name for r in RULES} == {*BAD_AND_GOOD, "key-position"}
    assert all(r.guide and r.summary for r in RULES)


def test_an_absolute_word_in_a_true_false_statement_is_flagged(tmp_path: Path) -> None:
    tf = "  - {id: tf, type: true_false, prompt: Ketamine always raises blood pressure., answer: false}\n"
    assert _findings(tmp_path, tf) == [("absolute-word", 4)]


def test_a_waiver_with_a_reason_silences_one_rule_for_one_question(tmp_path: Path) -> None:
    bad = BAD_AND_GOOD["negative-stem"][0]
    waived = bad + "    lint: {negative-stem: the question is about the one exception}\n"
    assert [r for r, _ in _findings(tmp_path, waived)] == []
    no_reason = bad + "    lint: {negative-stem: ''}\n"
    assert {r for r, _ in _findings(tmp_path, no_reason)} == {"negative-stem", "waiver"}
    unknown = bad + "    lint: {negative-stems: typo}\n"
    assert "waiver" in [r for r, _ in _findings(tmp_path, unknown)]


def test_a_bank_that_always_writes_the_key_first_is_flagged(tmp_path: Path) -> None:
    same = [_choice(f"Question {i} about ketamine?", f"Right {i}", f"Wrong a{i}", f"Wrong b{i}", f"Wrong c{i}")
            for i in range(8)]
    assert ("key-position", 4) in _findings(tmp_path, *same)
    spread = []
    for i in range(8):
        opts = [f"Wrong a{i}", f"Wrong b{i}", f"Wrong c{i}"]
        opts.insert(i % 4, "KEY")
        lines = [f"  - id: s{i}", "    type: single_choice", f"    prompt: Question {i}?", "    choices:"]
        lines += [f"      - {{text: Right {i}, correct: true}}" if o == "KEY" else f"      - {{text: {o}, why: w}}"
                  for o in opts]
        spread.append("\n".join(lines) + "\n")
    assert "key-position" not in [r for r, _ in _findings(tmp_path, *spread)]


def test_the_command_prints_file_line_col_and_exits_1(tmp_path: Path, capsys) -> None:
    (tmp_path / "bank.yaml").write_text(HEAD + BAD_AND_GOOD["all-none-above"][0], encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "bank.yaml:10:9: warning: option 'None of the above'" in out and out.rstrip().endswith("[all-none-above]")


def test_the_shipped_banks_have_no_unwaived_findings(capsys) -> None:
    assert main(["lint", str(ROOT / "questions")]) == 0, capsys.readouterr().out
