"""Make the README screenshots by driving the real app: home, each question type answered, review and
feedback at 800×600 (also with 200 % text) and 1920×1080, an exam and its results, settings, and a figure
question in light, dark and at 200 % text size.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--banks questions]

Without a display it re-runs itself under `xvfb-run` (Debian package xvfb), so the pictures come
from the real xcb platform with real fonts. Progress goes to a temporary data folder, never yours.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1100, 760)
DRIVEN = "QUIZAPP_SCREENSHOTS_DRIVEN"


def _under_xvfb() -> None:
    """Re-run this script on a virtual screen when there is no display to draw on."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or os.environ.get(DRIVEN):
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("no display and no xvfb-run: apt-get install xvfb xauth (see docs/qt-on-debian.md)")
    env = {**os.environ, DRIVEN: "1", "QT_QPA_PLATFORM": "xcb"}
    cmd = [xvfb, "-a", "-s", "-screen 0 2000x1200x24", sys.executable, *sys.argv]
    sys.exit(subprocess.call(cmd, env=env))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--banks", type=Path, nargs="+", default=[ROOT / "questions"])
    args = parser.parse_args()
    _under_xvfb()

    from PySide6.QtWidgets import QApplication

    from quizapp.bank.lazy import heads
    from quizapp.bank.types import QType
    from quizapp.ui import background
    from quizapp.ui.app import start
    from quizapp.ui.bridge import Focus

    app = QApplication([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="quizapp-shots-"))
    saved: list[Path] = []

    def wait(done: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
        import time

        end = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {what}")
            app.processEvents()
            time.sleep(0.01)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(widget, name: str) -> None:
        settle()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    try:
        window = start(data, args.banks)
        window.resize(*SIZE)
        window.activateWindow()  # focus rings only show in the active window
        wait(lambda: QApplication.activeWindow() is window, "the window to become active", 5.0)
        shown = []
        window.banks_shown.connect(lambda: shown.append(True))
        wait(lambda: bool(shown), "the banks to load")
        saved_settings: list[dict] = []
        window.settings_applied.connect(saved_settings.append)
        window.save_settings({"theme": "light", "new_per_day": 9999})
        wait(lambda: bool(saved_settings), "settings")

        review = window.review
        ready: list[str] = []
        review.question_shown.connect(ready.append)
        window.start_study(Focus())
        wait(lambda: bool(ready), "the first question")
        # The types these banks have (without one, the loop would answer every question looking for it).
        present = {q.qtype for q in heads(window.bridge.loaded.result.questions).values()}
        missing = {t for t in QType} - present
        wanted = {t for t in QType} & present
        wrong_once = True
        while wanted and review.widget is not None:
            w = review.widget
            kind = w.question.qtype
            answer(w, wrong=(wrong_once and kind == QType.SINGLE_CHOICE))
            wrong_once = wrong_once and kind != QType.SINGLE_CHOICE
            review.submit(True if review.bridge.ask_confidence else None)
            if kind in wanted:  # the first of each type is photographed; all are answered, as a student would
                wanted.discard(kind)
                shoot(window, f"review-{kind.replace('_', '-')}")
            ready.clear()
            review.rate(review.suggested or 3)
            wait(lambda: bool(ready), "the next question")
        if wanted or missing:
            print("no question of type(s) " + ", ".join(sorted(wanted | missing)) + " in these banks", file=sys.stderr)
        # Home after that first session: counts and mastery have moved.
        before = window.home.overview
        window.go_home()
        wait(lambda: window.home.overview is not before, "fresh counts")
        shoot(window, "home")
        window_sizes(window, wait, shoot, saved_settings)
        window.resize(*SIZE)
        sit_exam(window, wait, shoot)
        figures(window, wait, shoot, saved_settings)

        for name, tab_of in (("light", "desired_retention"), ("dark", "theme")):
            saved_settings.clear()
            window.save_settings({"theme": name})
            wait(lambda: bool(saved_settings), "the theme")
            dialog = window.open_settings()
            dialog.editor(tab_of)  # brings that setting's tab to the front
            shoot(dialog, f"settings-{name}")
            dialog.reject()
        shoot(window, "home-dark")
        window.close()
        background.wait_all()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def window_sizes(window, wait: Callable[..., None], shoot: Callable[[object, str], None], saved: list) -> None:
    """A single-choice question before and after answering (wrong, so the feedback has a `why`) in a small
    window, the same with the text at 200 %, and on a wide screen."""
    from quizapp.bank.types import QType
    from quizapp.ui.bridge import Focus

    review = window.review
    base = window.bridge.settings.get("font_size", 11)
    for (width, height), points, name in (((800, 600), base, "800x600"), ((800, 600), 2 * base, "800x600-large"),
                                          ((1920, 1080), base, "1920x1080")):
        saved.clear()
        window.save_settings({"font_size": points})
        wait(lambda: bool(saved), "the font size")
        window.resize(width, height)
        ready: list[str] = []
        review.question_shown.connect(ready.append)
        window.start_study(Focus())
        wait(lambda ready=ready: bool(ready), "a question")
        while review.widget is not None and review.widget.question.qtype != QType.SINGLE_CHOICE:
            ready.clear()
            review.act("bury")  # on to a single-choice question
            wait(lambda ready=ready: bool(ready), "the next question")
        shoot(window, f"review-{name}")
        answer(review.widget, wrong=True)
        review.submit(True if review.bridge.ask_confidence else None)
        shoot(window, f"feedback-{name}")
        review.question_shown.disconnect(ready.append)
        window.go_home()
    saved.clear()
    window.save_settings({"font_size": base})
    wait(lambda: bool(saved), "the font size")


def sit_exam(window, wait: Callable[..., None], shoot: Callable[[object, str], None]) -> None:
    """The quick quiz: most questions answered (a few left wrong or blank), one flagged, then submitted,
    the mistakes drilled; photographs the sitting half-way and the results."""
    from PySide6.QtCore import Qt

    from quizapp.bank.types import QType

    flow = window.exam
    flow.open()
    wait(lambda: flow.setup.blueprints.count() > 0, "the exam blueprints")
    items = [flow.setup.blueprints.item(i) for i in range(flow.setup.blueprints.count())]
    quick = next((i for i in items if "quick" in i.text().casefold()), items[0])
    flow.setup.blueprint_chosen.emit(quick.data(Qt.ItemDataRole.UserRole))
    screen = flow.screen
    wait(lambda: screen.widget is not None, "the first exam question")
    total = len(screen.run.items)
    for n in range(total):
        w = screen.widget
        if n % 5 != 3:  # every fifth question is left blank
            answer(w, wrong=(n % 4 == 1 and w.question.qtype in (QType.SINGLE_CHOICE, QType.MULTIPLE_CHOICE)))
        if n == 2:
            screen.flag()
        if n == total // 2:
            shoot(window, "exam")
        if n + 1 < total:
            screen.next()
            wait(lambda n=n: screen.run.current == n + 1, "the next exam question")
    screen.submit()
    wait(lambda: window.stack.currentWidget() is flow.results, "the exam results")
    flow.results.drill()
    wait(lambda: flow.results.study_button.isVisible(), "the drill")
    shoot(window, "exam-results")
    window.go_home()
    window.resize(*SIZE)  # the results page may have widened it


def figures(window, wait: Callable[..., None], shoot: Callable[[object, str], None], saved: list) -> None:
    """A figure question (the IV curve) in light, at 200 % text size, in dark; and a figure shown with the
    feedback (the timeline, once its ordering question is answered), in dark."""
    from quizapp.ui.host import DrillRequest

    review = window.review
    ready: list[str] = []
    review.question_shown.connect(ready.append)

    def study(topic: str, qid: str) -> None:
        # exactly this question, as "study these now" does (a topic session may have buried it as a sibling)
        window.go_home()
        ready.clear()
        window.start_drill(DrillRequest(question_ids=(qid,)))
        wait(lambda: bool(ready) and review.widget is not None and review.widget.question.id == qid,
             f"the figure question {qid} ({topic})")

    def theme(name: str) -> None:
        saved.clear()
        window.save_settings({"theme": name})
        wait(lambda: bool(saved), "the theme")

    study("pharmacokinetics", "pk-fig-01")
    shoot(window, "figure-light")
    window.resize(1400, 1150)  # a student who doubles the text size gives the window room too
    window.set_zoom(11.0)  # 11 + 11 points: twice the default text size
    shoot(window, "figure-zoom-200")
    window.set_zoom(0.0)
    # as narrow as before the zoom: the larger text had widened the window's minimum
    wait(lambda: window.resize(*SIZE) or window.width() <= max(SIZE[0], window.minimumSizeHint().width()),
         "the window at its usual size", 5.0)
    theme("dark")
    shoot(window, "figure-dark")
    study("history", "hist-fig-04")
    answer(review.widget)
    review.submit(True if review.bridge.ask_confidence else None)
    review.scroll.verticalScrollBar().setValue(review.feedback.y())
    shoot(window, "figure-feedback-dark")
    theme("light")
    window.go_home()


def answer(w, wrong: bool = False) -> None:
    """A right answer (or, when `wrong`, a wrong pick) given through the widget's own inputs."""
    from quizapp.bank.types import QType

    q = w.question
    kind = q.qtype
    if kind in (QType.SINGLE_CHOICE, QType.MULTIPLE_CHOICE):
        right = [w.order.index(i) + 1 for i in sorted(q.correct_indices())]
        picks = [next(n for n in range(1, len(w.rows) + 1) if n not in right)] if wrong else right
        for n in picks:
            w.pick(n)
    elif kind == QType.TRUE_FALSE:
        w.pick(1 if q.answer else 2)
    elif kind == QType.CLOZE:
        for edit, accepted in zip(w.edits, q.gaps, strict=False):
            edit.setText(accepted[0])
        if len(w.edits) > 1:
            w.edits[-1].setText(w.edits[-1].text()[:-2])  # one gap slightly off, to show a correction
    elif kind == QType.SHORT_ANSWER:
        w.edit.setText(q.answers[0])
    elif kind == QType.NUMERIC:
        w.edit.setText(f"{q.answer:g}")
    elif kind == QType.MATCHING:
        for left, right in q.pairs:
            combo = w.combos[left]
            combo.setCurrentIndex(combo.findData(right))
    elif kind == QType.ORDERING:
        for target, item in enumerate(q.items[:-2]):  # the last two stay swapped if they were
            now = w.response().index(item)
            w.pick(now + 1)
            for _ in range(now - target):
                w.list.move_current(-1)
    elif kind == QType.CATEGORISE:
        for n, row in enumerate(w.rows):
            right = q.groups.index(q.group_of(row.text))
            pick = (right + 1) % len(q.groups) if n == len(w.rows) - 1 else right  # the last one misplaced
            row.buttons.button(pick).setChecked(True)


if __name__ == "__main__":
    sys.exit(main())
