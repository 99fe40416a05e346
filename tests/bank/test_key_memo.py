"""Bank files are hashed again only when they changed: the loader remembers each file's cache key by
its size, times and identity (KeyMemo), and an edit is always seen, even one that keeps size and mtime."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from quizapp.bank import loader
from quizapp.bank.loader import load_banks

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "valid"


def _hashes(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = loader._cache_key

    def counting(path, shown, bank_dir):
        seen.append(path.name)
        return real(path, shown, bank_dir)

    monkeypatch.setattr(loader, "_cache_key", counting)
    return seen


def test_an_unchanged_bank_is_not_read_again(tmp_path, monkeypatch):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    load_banks([banks], tmp_path / "cache", lazy=True)
    hashed = _hashes(monkeypatch)
    again = load_banks([banks], tmp_path / "cache", lazy=True)
    assert hashed == [] and again.questions and not again.errors


def test_an_edit_is_seen_even_with_the_same_size_and_modification_time(tmp_path, monkeypatch):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    first = load_banks([banks], tmp_path / "cache", lazy=True)
    bank = banks / "every_type.yaml"
    st = bank.stat()
    text = bank.read_text(encoding="utf-8")
    prompt = next(iter(first.questions.values())).id
    start = text.index("prompt: ") + len("prompt: ")
    bank.write_text(text[:start] + text[start:start + 12].swapcase() + text[start + 12:], encoding="utf-8")
    assert bank.stat().st_size == st.st_size
    os.utime(bank, ns=(st.st_atime_ns, st.st_mtime_ns))  # as a tool that restores times would
    hashed = _hashes(monkeypatch)
    second = load_banks([banks], tmp_path / "cache", lazy=True)
    assert hashed == ["every_type.yaml"]  # its change time moved: hashed, and so parsed anew
    assert second.cache_keys != first.cache_keys and prompt in second.questions
