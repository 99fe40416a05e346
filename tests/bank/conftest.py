"""Fixtures for bank tests: the valid sample folder and a helper that writes a bank and loads it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.bank.loader import LoadResult, load_banks

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def valid_dir() -> Path:
    return FIXTURES / "valid"


@pytest.fixture
def load_text(tmp_path: Path) -> Callable[[str], LoadResult]:
    """Write YAML (dedented) as tmp/bank.yaml beside a sources.yaml, and load that folder."""
    (tmp_path / "sources.yaml").write_text(
        "src-a:\n  title: A source\n  url: https://example.org/a\n", encoding="utf-8")

    def load(text: str) -> LoadResult:
        (tmp_path / "bank.yaml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return load_banks([tmp_path])

    return load
