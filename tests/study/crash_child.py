"""Child process for test_crash: answers questions as fast as it can until it is killed.

After each answer returns (committed), it appends "<log id> <question id>" to the confirmations
file, so the parent knows which answers the app had told the student were saved.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from quizapp.bank.grading import Result
from quizapp.bank.types.flashcard import Flashcard
from quizapp.study import FakeClock, Rating, StudyService


def main(data_dir: str, confirmations: str, seed: str) -> None:
    rng = random.Random(int(seed))
    questions = {}
    for i in range(400):
        q = Flashcard(id=f"c{i:04d}", prompt=f"P{i}", back=f"B{i}", topic=f"t{i % 7}")
        q.content_hash = q.compute_hash()
        questions[q.id] = q
    out = open(confirmations, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives until killed
    clock = FakeClock(datetime.now(UTC))  # a minute passes per answer, so cards keep coming due
    service = StudyService.open(Path(data_dir), clock)
    service.settings.set("new_per_day", 9999)
    service.sync(questions)
    out.write("ready\n")
    while True:
        session = service.start_session(questions, seed=rng.randrange(1 << 30))
        item = session.next()
        if item is None:
            clock.advance(days=1)
            continue
        while item is not None:
            clock.advance(minutes=1)
            rating = Rating(rng.randint(1, 4))
            outcome = session.answer(item.question_id, {"typed": "x" * rng.randrange(50)},
                                     Result(rng.random()), rating, rng.randrange(100, 20000), rng.random() < 0.5)
            os.write(out.fileno(), f"{outcome.log_id} {item.question_id}\n".encode())
            if rng.random() < 0.05:
                # Withdraw the promise before undoing: a kill in between must not look like a loss.
                os.write(out.fileno(), f"undo {outcome.log_id}\n".encode())
                session.undo()
            item = session.next()


if __name__ == "__main__":
    main(*sys.argv[1:])
