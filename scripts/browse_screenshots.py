"""Screenshots of the Browse window (preview and card info) and of custom study, on a demo student.

    .venv/bin/python scripts/browse_screenshots.py [--out docs/screenshots] [--data DIR]

The student is scripts/stats_demo.py's: four months of simulated study of the bundled banks, made by
real sessions under a moved clock, in a temporary folder unless --data is given (your own progress is
never touched). Without a display it re-runs itself under `xvfb-run`, as scripts/screenshots.py does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import _under_xvfb

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1360, 780)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--data", type=Path, help="demo data folder (kept; made if empty)")
    args = parser.parse_args()
    _under_xvfb()

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from stats_demo import simulate

    from quizapp import paths
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService
    from quizapp.ui import background
    from quizapp.ui.app import start
    from quizapp.ui.browse.model import COLUMNS

    data = args.data or Path(tempfile.mkdtemp(prefix="quizapp-browse-shots-"))
    banks = [paths.bundled_questions()]
    if not (data / "progress.sqlite3").exists():
        simulate(data, load_banks(banks).questions, datetime.now().astimezone())
    with StudyService.open(data) as service:
        service.settings.set("theme", "light")
    app = QApplication([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def wait(done: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
        end = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {what}")
            app.processEvents()
            time.sleep(0.01)

    def shoot(widget, name: str) -> None:
        for _ in range(10):
            app.processEvents()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    try:
        window = start(data, banks)
        shown: list[bool] = []
        window.banks_shown.connect(lambda: shown.append(True))
        wait(lambda: bool(shown), "the banks to load")
        window.resize(*SIZE)
        browser = window.browse.open("tag:nmda -is:new")
        browser.resize(*SIZE)
        browser.activateWindow()
        searched: list[bool] = []
        browser.searched.connect(lambda: searched.append(True))
        wait(lambda: bool(searched), "the search")
        searched.clear()
        due = [key for key, _ in COLUMNS].index("due")
        browser.table.horizontalHeader().setSortIndicator(due, Qt.SortOrder.AscendingOrder)
        wait(lambda: bool(searched), "the sorted search")
        info: list[str] = []
        browser.info_shown.connect(info.append)
        rows = range(browser.model.rowCount())  # the most forgotten question: a card with a story to tell
        browser.table.selectRow(max(rows, key=lambda r: browser.model.line(r).lapses))
        wait(lambda: bool(info), "card info")
        browser.tabs.setCurrentWidget(browser.preview)
        shoot(browser, "browse")
        browser.tabs.setCurrentWidget(browser.info)
        shoot(browser, "browse-card-info")
        browser.close()
        window.activateWindow()
        dialog = window.browse.preset("Today's mistakes")
        wait(lambda: dialog.matches is not None, "the custom-study count")
        shoot(dialog, "custom-study")
        dialog.reject()
        window.close()
        background.wait_all()
    finally:
        if args.data is None:
            shutil.rmtree(data, ignore_errors=True)
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
