"""Each authoring mistake gives its own clear FILE:LINE:COL message, and the good questions still load."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks

HEADER = "title: T\ntopic: t\nquestions:\n"
# a 1 x 1 PNG: signature, then the IHDR chunk that gives its size
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
GOOD = "  - {id: good, type: true_false, prompt: Fine., answer: true, sources: [src-a]}\n"

# (name, question YAML placed after GOOD, expected line, expected column, words the message must hold)
CASES = [
    ("unknown type", "  - id: q\n    type: essay\n    prompt: p\n", 6, 5, "unknown type 'essay'"),
    ("missing prompt", "  - id: q\n    type: true_false\n    answer: true\n", 5, 5, "missing 'prompt'"),
    ("missing id", "  - type: true_false\n    prompt: p\n    answer: true\n", 5, 5, "missing 'id'"),
    ("wrong-typed answer", "  - id: q\n    type: true_false\n    prompt: p\n    answer: yes please\n",
     8, 5, "'answer' must be true or false"),
    ("wrong-typed tags", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n    tags: {a: 1}\n",
     9, 5, "'tags' must be a list"),
    ("bad difficulty", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n    difficulty: 5\n",
     9, 5, "'difficulty' must be 1, 2 or 3"),
    ("no correct choice", "  - id: q\n    type: single_choice\n    prompt: p\n    choices:\n"
     "      - {text: a, why: w}\n      - {text: b, why: w}\n", 8, 5, "no choice is marked 'correct: true'"),
    ("two correct in single", "  - id: q\n    type: single_choice\n    prompt: p\n    choices:\n"
     "      - {text: a, correct: true}\n      - {text: b, correct: true}\n", 8, 5, "use multiple_choice"),
    ("unknown source", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n    sources: [nope]\n",
     9, 5, "unknown source 'nope'"),
    ("cloze without gaps", "  - id: q\n    type: cloze\n    text: No gaps here.\n", 7, 5, "no gaps"),
    ("bad tolerance", "  - id: q\n    type: numeric\n    prompt: p\n    answer: 2\n    tolerance: about 5\n",
     9, 5, "tolerance 'about 5' is not a number or a percentage"),
    ("image missing", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: gone.png, alt: A dot.}\n", 9, 13, "image 'gone.png' not found"),
    ("image leaves folder", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: ../outside.png, alt: A dot.}\n", 9, 13, "leaves the bank folder"),
    ("absolute image", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: /etc/passwd, alt: A dot.}\n", 9, 13, "relative to the bank folder"),
    ("image as a bare path", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n    image: dot.png\n",
     9, 5, "'image' needs alt text; write it as a mapping: image: {file: dot.png, alt: "),
    ("image without alt", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image:\n      file: dot.png\n", 9, 5, "image has no 'alt' text; add alt: "),
    ("image with empty alt", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image:\n      file: dot.png\n      alt: ' '\n", 11, 7, "image has an empty 'alt'"),
    ("image shown elsewhere", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: dot.png, alt: A dot., shown: answer}\n", 9, 41, "'shown' must be prompt or feedback"),
    ("image of another kind", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: dot.gif, alt: A dot.}\n", 9, 13, "use an SVG, PNG or JPEG file"),
    ("image not what it says", "  - id: q\n    type: true_false\n    prompt: p\n    answer: true\n"
     "    image: {file: fake.png, alt: A dot.}\n", 9, 13, "is not a PNG image"),
    ("matching as list", "  - id: q\n    type: matching\n    prompt: p\n    pairs: [a, b]\n", 8, 5,
     "'pairs' must be a mapping"),
    ("repeated key", "  - id: q\n    type: true_false\n    prompt: p\n    prompt: again\n", 8, 5,
     "key 'prompt' repeated"),
    # issue 26: non-finite numbers passed `check` (NaN: nothing is ever right; an infinite tolerance: anything is)
    *((f"answer {v}", f"  - id: q\n    type: numeric\n    prompt: p\n    answer: {v}\n", 8, 5,
       "'answer' must be a finite number") for v in (".nan", ".inf", "-.inf", "1.0e+999")),
    *((f"tolerance {v}", f"  - id: q\n    type: numeric\n    prompt: p\n    answer: 2\n    tolerance: {v}\n", 9, 5,
       "'tolerance' must be a finite number") for v in (".nan", ".inf")),
    *((f"range {v}", f"  - id: q\n    type: numeric\n    prompt: p\n    range: {v}\n", 8, 5,
       "'range' must be [low, high] with low <= high, both finite") for v in ("[.nan, .inf]", "[1, .inf]",
                                                                              "[-.inf, 3]", "[.nan, .nan]")),
    ("tolerance 1e360%", "  - id: q\n    type: numeric\n    prompt: p\n    answer: 2\n    tolerance: 1"
     + "0000" * 90 + "%\n", 9, 5, "'tolerance' must be a finite number"),
]


@pytest.mark.parametrize(("name", "question", "line", "col", "words"), CASES, ids=[c[0] for c in CASES])
def test_mistake_is_reported_at_its_key(tmp_path: Path, name, question, line, col, words) -> None:
    (tmp_path / "sources.yaml").write_text("src-a: {title: A, url: 'https://e.org'}\n")
    (tmp_path.parent / "outside.png").write_bytes(PNG)
    (tmp_path / "dot.png").write_bytes(PNG)
    (tmp_path / "dot.gif").write_bytes(b"GIF89a")
    (tmp_path / "fake.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    bank = tmp_path / "bank.yaml"
    bank.write_text(HEADER + GOOD + question, encoding="utf-8")
    result = load_banks([bank])
    errors = [p for p in result.errors if words in p.message]
    assert errors, f"no error containing {words!r}; got {[str(p) for p in result.problems]}"
    assert (errors[0].line, errors[0].column) == (line, col)
    assert str(errors[0]).startswith(f"{bank}:{line}:{col}: error: ")
    if name != "repeated key":  # a repeated key makes the whole file unreadable YAML
        assert "good" in result.questions


def test_yaml_syntax_error_names_line(load_text) -> None:
    result = load_text(HEADER + GOOD + "  - id: q\n    prompt: [unclosed\n")
    (err,) = result.errors
    assert err.line == 7 and "YAML syntax error" in err.message
    assert "flow sequence started at line 6" in err.message


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("src-a: {title: A, url: 'https://e.org'}\n")
    (tmp_path / "a.yaml").write_text(HEADER + GOOD)
    (tmp_path / "b.yaml").write_text(HEADER + "  - {id: other, type: true_false, prompt: q, answer: false}\n" + GOOD)
    result = load_banks([tmp_path])
    (dup,) = [p for p in result.errors if "duplicate id" in p.message]
    assert dup.file.endswith("b.yaml") and dup.line == 5
    assert "a.yaml:4" in dup.message
    assert set(result.questions) == {"good", "other"}


def test_non_utf8_file_is_reported_with_line(tmp_path: Path) -> None:
    (tmp_path / "bank.yaml").write_bytes((HEADER + "  - id: caf\xe9\n").encode("latin-1"))
    (err,) = load_banks([tmp_path]).errors
    assert err.line == 4 and "not UTF-8" in err.message


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    start = time.process_time()
    result = load_banks([tmp_path])
    assert time.process_time() - start < 5  # generous: the real cost is milliseconds
    assert any("alias" in p.message for p in result.errors)


def test_python_tags_do_not_execute(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "bank.yaml").write_text(
        HEADER + f"  - id: !!python/object/apply:os.system ['touch {marker}']\n")
    result = load_banks([tmp_path])
    assert not marker.exists()
    assert result.errors and "tag" in result.errors[0].message


def test_unknown_field_is_a_warning_with_suggestion(load_text) -> None:
    result = load_text(HEADER + "  - {id: q, type: true_false, prompt: p, answer: true, explantion: x}\n")
    (warn,) = [p for p in result.warnings if "unknown field" in p.message]
    assert "did you mean 'explanation'" in warn.message
    assert "q" in result.questions


def test_missing_path_is_reported(tmp_path: Path) -> None:
    (err,) = load_banks([tmp_path / "nowhere"]).errors
    assert "no such file" in err.message


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([sys.executable, "-m", "quizapp", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_check_command_exit_codes_and_summary(tmp_path: Path, valid_dir: Path) -> None:
    clean = _check(str(valid_dir), cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "11 question(s), 0 error(s)" in clean.stdout
    assert "per type:" in clean.stdout and "single_choice 1" in clean.stdout
    (tmp_path / "bad.yaml").write_text(HEADER + "  - {id: q, type: essay, prompt: p}\n")
    bad = _check("bad.yaml", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("bad.yaml:4:13: error: question 'q': unknown type 'essay'")
