"""Fixtures for store tests: a data folder, a fixed day, and file fingerprints for "untouched"."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.store.lock import LOCK_NAME


@pytest.fixture
def now() -> datetime:
    return datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: (mtime_ns, sha256) — equal fingerprints mean nothing was touched.

    The folder lock is left out: every open takes it (writing its PID), whatever it finds."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


@pytest.fixture
def snapshot():
    return fingerprint
