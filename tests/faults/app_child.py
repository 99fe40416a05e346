"""Child process for test_app_crash: the real app, offscreen, studied with mouse clicks until killed.

    app_child.py DATA BANK CONFIRMATIONS SEED

It starts the app as `quizapp --data-dir DATA --banks BANK` does, clicks "Study now", and for each
flashcard clicks "Show answer" and a rating button. When the review screen announces the answer
stored (its `answered` signal, the moment the student sees "Saved."), the question id is appended
to CONFIRMATIONS. When nothing is due, a day passes (fake clock) and it studies again from home.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from quizapp.study import FakeClock
from quizapp.ui.app import start

LEFT = Qt.MouseButton.LeftButton


def main(data: str, bank: str, confirmations: str, seed: str) -> int:
    rng = random.Random(int(seed))
    app = QApplication(sys.argv[:1])
    clock = FakeClock(datetime(2025, 3, 10, 9, 0, tzinfo=UTC))
    window = start(Path(data), [Path(bank)], clock=clock)
    review, home = window.review, window.home
    out = os.open(confirmations, os.O_WRONLY | os.O_APPEND | os.O_CREAT)

    def study_from_home() -> None:
        if home.study_now.isEnabled() and home.isVisible():
            QTest.mouseClick(home.study_now, LEFT)
        else:  # counts are still being refreshed
            QTimer.singleShot(10, study_from_home)

    def answer(question_id: str) -> None:
        if not question_id:  # nothing due now: tomorrow, from home
            clock.advance(days=1)
            QTest.mouseClick(review.finished.home, LEFT)
            QTimer.singleShot(0, study_from_home)
            return
        clock.advance(minutes=rng.randint(1, 30))
        QTest.mouseClick(review.check, LEFT)  # "Show answer"
        QTest.mouseClick(review.ratings.buttons[rng.randint(1, 4)], LEFT)

    review.question_shown.connect(lambda qid: QTimer.singleShot(0, lambda: answer(qid)))
    review.answered.connect(lambda qid: os.write(out, f"{qid}\n".encode()))
    window.banks_shown.connect(lambda: QTimer.singleShot(0, study_from_home))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
