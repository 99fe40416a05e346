"""Hostile banks are refused or neutralised with a FILE:LINE message; the rest still loads; nothing hangs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from quizapp.bank import bankfile
from quizapp.bank.loader import load_banks

HEADER = "title: T\ntopic: t\nquestions:\n"
GOOD = "  - {id: good, type: true_false, prompt: Fine., answer: true}\n"


def _bank(folder: Path, body: str, name: str = "bank.yaml") -> Path:
    path = folder / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_deep_nesting_is_refused_with_a_line(tmp_path: Path) -> None:
    _bank(tmp_path, "  - id: deep\n    type: true_false\n    prompt: " + "[" * 5000 + "]" * 5000 + "\n")
    _bank(tmp_path, GOOD, "other.yaml")
    result = load_banks([tmp_path])
    assert any(p.file.endswith("bank.yaml") and p.line >= 1 and "nest" in p.message for p in result.errors)
    assert "good" in result.questions


def test_ten_thousand_duplicate_ids_are_reported_quickly(tmp_path: Path) -> None:
    body = "".join(f"  - {{id: same, type: true_false, prompt: 'Item {i}', answer: true}}\n" for i in range(10_000))
    _bank(tmp_path, body)
    start = time.process_time()
    result = load_banks([tmp_path])
    assert time.process_time() - start < 30  # generous bound; measured well under 2 s
    dupes = [p for p in result.errors if "duplicate id 'same'" in p.message]
    assert len(dupes) == 9_999 and dupes[0].line == 5
    assert list(result.questions) == ["same"]


def test_right_to_left_overrides_and_zero_width_characters_are_removed(tmp_path: Path) -> None:
    _bank(tmp_path, "  - id: rtl\n    type: true_false\n    prompt: \"Ketamine is an \\u202eetatsinogatna\\u202c "
                    "NMDA\\u200b antagonist.\"\n    answer: true\n")
    result = load_banks([tmp_path])
    assert result.questions["rtl"].prompt == "Ketamine is an etatsinogatna NMDA antagonist."
    (warn,) = [w for w in result.warnings if "invisible" in w.message]
    assert warn.line == 6 and "right-to-left override" in warn.message


def test_yaml_control_characters_are_a_syntax_error(tmp_path: Path) -> None:
    _bank(tmp_path, GOOD + "  - {id: ctl, type: true_false, prompt: \"a\x07b\", answer: true}\n")
    (err,) = load_banks([tmp_path]).errors
    assert (err.line, err.column) == (5, 43) and "#x0007 is not allowed" in err.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_image_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    (bank_dir / "innocent.png").symlink_to(secret)
    _bank(bank_dir, GOOD + "  - {id: img, type: true_false, prompt: p, answer: true, "
          "image: {file: innocent.png, alt: A dot.}}\n")
    result = load_banks([bank_dir])
    (err,) = result.errors
    assert err.line == 5 and "leaves the bank folder" in err.message
    assert "good" in result.questions and "img" not in result.questions


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bankfile, "MAX_FILE_BYTES", 1000)
    _bank(tmp_path, GOOD * 50, "big.yaml")
    _bank(tmp_path, GOOD.replace("good", "small"), "small.yaml")
    result = load_banks([tmp_path])
    (err,) = result.errors
    assert err.file.endswith("big.yaml") and "the limit is" in err.message
    assert "small" in result.questions


def test_html_and_scripts_stay_text(tmp_path: Path) -> None:
    # The loader keeps text as written; rendering makes it inert (tests/ui/test_richtext.py checks that).
    _bank(tmp_path, "  - {id: h, type: true_false, prompt: \"<script>alert(1)</script><img src=http://x/y.png>\", "
                    "answer: true}\n")
    assert load_banks([tmp_path]).questions["h"].prompt.startswith("<script>")
