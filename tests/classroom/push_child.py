"""Child process for the kill test: pushes in small batches and stops (asleep) after a given batch.

    python push_child.py DATA_DIR URL PASSWORD BATCH STOP_AFTER MARKER

After STOP_AFTER batches are committed on the server (before this computer notes the last one) it writes
MARKER and sleeps, so the test can SIGKILL it at that exact point.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quizapp.study import StudyService
from quizapp.study.classroom.push import push_answers


def main() -> None:
    data, url, password, batch, stop_after, marker = sys.argv[1:7]
    batches = 0

    def on_batch(sent: int, total: int) -> None:
        nonlocal batches
        batches += 1
        if batches == int(stop_after):
            Path(marker).write_text(f"{sent} {total}")
            time.sleep(120)  # killed here

    with StudyService.open(Path(data)) as svc:
        push_answers(svc.store, url, password=password, batch=int(batch), on_batch=on_batch)


if __name__ == "__main__":
    main()
