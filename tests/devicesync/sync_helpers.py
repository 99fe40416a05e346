"""Shared by the device-sync tests: computers that sync through one folder, each with its own data and clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp.bank.model import Question
from quizapp.bank.types.flashcard import Flashcard
from quizapp.study import FakeClock, Rating, StudyService
from quizapp.study.devicesync import SyncResult, sync_folder

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
CARD_COLUMNS = ("question_id, state, step, stability, fsrs_difficulty, due, last_review, reps, lapses, suspended, "
                "buried_until, flagged, flag_reason, leech")
LOG_COLUMNS = ("uid, question_id, reviewed_at, rating, score, response, duration_ms, confident, state_before, "
               "card_before, device")

def make_questions(n: int = 8) -> dict[str, Question]:
    out: dict[str, Question] = {}
    for i in range(n):
        q = Flashcard(id=f"q{i:02d}", prompt=f"Prompt {i}", back=f"Back {i}", topic=("pk", "pd")[i % 2])
        q.content_hash = q.compute_hash()
        out[q.id] = q
    return out


class Device:
    """One of the student's computers: a StudyService on its own data folder and clock, and a session open."""

    def __init__(self, data: Path, questions: dict[str, Question], clock: FakeClock) -> None:
        self.data = data
        self.clock = clock
        self.questions = questions
        self.service = StudyService.open(data, clock)
        self.service.sync(questions)
        self.session = self.service.start_session(questions, seed=0)
        self.given: list[str] = []  # uids of this session's answers, in order (what undo takes back)

    def answer(self, qid: str, rating: Rating | int = Rating.Good, seconds: float = 45) -> str:
        outcome = self.session.answer(qid, {"said": f"an answer to {qid}"}, None, Rating(rating), 3000)
        conn = self.service.store.conn
        uid = conn.execute("SELECT uid FROM review_log WHERE id = ?", (outcome.log_id,)).fetchone()[0]
        self.given.append(uid)
        self.clock.advance(seconds=seconds)
        return uid

    def undo(self) -> str | None:
        if not self.session.can_undo:
            return None
        self.session.undo()
        return self.given.pop()

    def sync(self, folder: Path) -> SyncResult:
        result = sync_folder(self.service, folder)
        assert result.error is None, result.error
        return result

    def cards(self) -> list[tuple]:
        return self.service.store.conn.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY question_id").fetchall()

    def log(self) -> list[tuple]:
        return self.service.store.conn.execute(f"SELECT {LOG_COLUMNS} FROM review_log ORDER BY uid").fetchall()

    def uids(self) -> list[str]:
        return [r[0] for r in self.service.store.conn.execute("SELECT uid FROM review_log")]

    def state(self) -> dict[str, Any]:
        """Everything that must agree between synced computers."""
        conn = self.service.store.conn
        return {"cards": self.cards(), "log": self.log(),
                "settings": {k: v for k, v in self.service.settings.values().items()
                             if k not in ("sync_folder", "theme", "font_size", "backup_keep")},
                "exams": conn.execute("SELECT uid, started_at, finished_at, score, max_score, passed, responses "
                                      "FROM exam_attempts WHERE finished_at IS NOT NULL ORDER BY uid").fetchall()}

    def close(self) -> None:
        self.service.close()


def folder_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bulk_answers(device: Device, n: int, questions: int = 500) -> None:
    """`n` answers given on `device` over `questions` cards, written straight into its log (fast, for size).

    They are as a session writes them except for the snapshot before each answer, which the first sync's
    replay computes anyway.
    """
    from uuid import uuid4

    conn = device.service.store.conn
    base = int(device.clock.now().timestamp())
    ids = [f"bulk{i:04d}" for i in range(questions)]
    with device.service.store.transaction():
        conn.executemany("INSERT OR IGNORE INTO cards (question_id, topic, content_hash) VALUES (?, 'pk', ?)",
                         [(q, f"hash-{q}") for q in ids])
        conn.executemany(
            "INSERT INTO review_log (uid, question_id, reviewed_at, rating, score, response, duration_ms, "
            "state_before, card_before) VALUES (?, ?, ?, ?, 1.0, '\"x\"', 4000, 0, '{}')",
            [(uuid4().hex, ids[i % questions], base + i * 37, 1 + i % 4) for i in range(n)])
    device.clock.advance(seconds=n * 37)


def can_mount() -> bool:
    import os
    import shutil
    import sys

    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


def mount_tmpfs(where: Path, size: str) -> bool:
    """A small tmpfs at `where` (root on Linux); False when it cannot be mounted here."""
    import subprocess

    if not can_mount():
        return False
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    return done.returncode == 0


def remount(where: Path, mode: str) -> None:
    import subprocess

    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def unmount(where: Path) -> None:
    import subprocess

    subprocess.run(["umount", "-l", str(where)], check=False)
