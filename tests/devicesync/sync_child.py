"""Child process for the kill tests: one sync, noting each stage in MARKS, asleep at STOP (to be killed there).

    python sync_child.py DATA_DIR FOLDER MARKS STOP

STOP is a stage name ("written", "merging") or "none" (the test kills it at a random moment instead).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quizapp.study import StudyService
from quizapp.study.devicesync import sync_folder


def main() -> None:
    data, folder, marks, stop = sys.argv[1:5]

    def step(name: str) -> None:
        with open(marks, "a", encoding="utf-8") as f:
            f.write(name + "\n")
        if name.split(" ")[0] == stop:
            time.sleep(120)  # killed here

    with StudyService.open(Path(data)) as service:
        result = sync_folder(service, Path(folder), step=step)
    with open(marks, "a", encoding="utf-8") as f:
        f.write(f"done {result.error or ''}\n")


if __name__ == "__main__":
    main()
