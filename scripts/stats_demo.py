"""Open the Statistics window on a demo student: four months of simulated study of the bundled banks.

    .venv/bin/python scripts/stats_demo.py [--data DIR] [--theme light|dark] [--tab N]
    .venv/bin/python scripts/stats_demo.py --shots docs/screenshots

The history is made by real sessions under a moved clock (graded answers, one favourite wrong choice per
question, five mock exams), in a temporary folder unless --data is given; your own progress is not touched.
--shots saves the README's pictures of the window (stats*.png: every tab in the light theme, the overview
dark, and at twice the font size, top and scrolled down) and quits; without a display it re-runs itself
under `xvfb-run`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from quizapp import paths
from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.bank.model import Question
from quizapp.bank.types.choice import ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.ordering import Ordering
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse
from quizapp.srs.rating import suggest_rating
from quizapp.study import FakeClock, Rating, StudyService
from quizapp.study.stats.exams import set_exam_date

DAYS = 120
SIZE = (1120, 800)
FONT = 11  # the app's default font size in points; the large pictures use twice that


def _right(q: Question) -> object:
    """The response a student who knows the answer gives (shapes as in quizapp.bank.grading)."""
    if isinstance(q, ChoiceQuestion):
        good = sorted(q.correct_indices())
        return good if q.multiple else good[0]
    if isinstance(q, Cloze):
        return [gap[0] for gap in q.gaps]
    if isinstance(q, Matching):
        return dict(q.pairs)
    if isinstance(q, Ordering):
        return list(q.items)
    if isinstance(q, ShortAnswer):
        return q.answers[0]
    if isinstance(q, Numeric):
        return str(q.answer)
    return q.answer if isinstance(q, TrueFalse) else None


def _response(q: Question, rng: random.Random, skill: float) -> object:
    """Right with probability `skill`; otherwise a wrong answer that each question tends to repeat."""
    if rng.random() < skill or isinstance(q, Flashcard):
        return _right(q)
    if isinstance(q, ChoiceQuestion):
        good = q.correct_indices()
        wrong = [i for i in range(len(q.choices)) if i not in good] or sorted(good)
        pick = wrong[sum(map(ord, q.id)) % len(wrong)] if rng.random() < 0.7 else rng.choice(wrong)
        return [pick] if q.multiple else pick
    if isinstance(q, TrueFalse):
        return not q.answer
    if isinstance(q, Ordering):
        return list(reversed(q.items))
    return _right(q) if rng.random() < 0.3 else ([""] * len(q.gaps) if isinstance(q, Cloze) else None)


def simulate(data: Path, questions: dict[str, Question], now: datetime) -> None:
    rng = random.Random(4)
    clock = FakeClock(now - timedelta(days=DAYS))
    with StudyService.open(data, clock) as service:
        service.sync(questions)
        service.settings.set("new_per_day", 12)
        skill = {t: 0.55 + 0.4 * rng.random() for t in {q.topic for q in questions.values()}}
        for day in range(DAYS + 1):
            if rng.random() < 0.18 and day < DAYS - 9:
                clock.advance(days=1)
                continue
            today = day == DAYS  # a short session earlier today, so today's numbers are not all zero
            if today:
                clock.set(now - timedelta(hours=1))
            session = service.start_session(questions, seed=day)
            while (item := session.next()) is not None and not (today and session.answered >= 25):
                q = item.question
                p = min(0.97, skill[q.topic] + 0.02 * item.reps)
                ms = rng.randint(3000, 40000)
                if isinstance(q, Flashcard):
                    known = rng.random() < p
                    session.answer(q.id, known, None, Rating.Good if known else Rating.Again, ms)
                else:
                    response = _response(q, rng, p)
                    result = grade(q, response)
                    rating = suggest_rating(result.score, ms, True) or Rating.Good
                    session.answer(q.id, response, result, rating, ms, True)
                clock.advance(seconds=ms // 1000 + 5)
            if not today:
                clock.set(clock.now().replace(hour=9) + timedelta(days=1))
        _exams(service, questions, clock, rng)
        set_exam_date(service.store, (now + timedelta(days=24)).date())


def _exams(service: StudyService, questions: dict[str, Question], clock: FakeClock, rng: random.Random) -> None:
    """Four sittings of the bundled blueprints over the last seven weeks, each a little better."""
    from quizapp.study import exam_store
    from quizapp.study.blueprint import load_blueprints
    from quizapp.study.exam import ExamRun

    blueprints, _ = load_blueprints(paths.bundled_questions(), questions)
    end = clock.now()
    for k, skill in enumerate((0.5, 0.6, 0.7, 0.8, 0.85)):
        clock.set(end - timedelta(days=45 - 10 * k, hours=3))
        run = ExamRun.start(blueprints[k % len(blueprints)], questions, clock, seed=k)
        attempt = exam_store.begin(service, run)
        for index, item in enumerate(run.items):
            run.answer(_response(questions[item.question_id], rng, skill), clock, index=index)
        clock.advance(minutes=18)
        exam_store.finish(service, attempt, run, run.submit(questions, clock))
    clock.set(end)


def _under_xvfb() -> None:
    """Re-run this script on a virtual screen when there is no display to draw on."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM"):
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("no display and no xvfb-run: apt-get install xvfb xauth (see docs/qt-on-debian.md)")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    sys.exit(subprocess.call([xvfb, "-a", "-s", "-screen 0 1400x1200x24", sys.executable, *sys.argv], env=env))


def _shoot(app, window, stats, out: Path) -> list[Path]:
    """Every tab light, the overview dark and at twice the font size (then the settings as they were)."""
    saved: list[Path] = []

    def settle() -> None:
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def apply(settings: dict) -> None:
        applied: list[dict] = []
        window.settings_applied.connect(applied.append)
        window.save_settings(settings)
        while not applied:
            app.processEvents()
        window.settings_applied.disconnect(applied.append)

    def shoot(tab: int, name: str, scrolled: bool = False) -> None:
        stats.tabs.setCurrentIndex(tab)
        settle()
        bar = stats.tabs.currentWidget().verticalScrollBar()
        bar.setValue(bar.maximum() if scrolled else 0)
        settle()
        path = out / f"{name}.png"
        stats.grab().save(str(path))
        saved.append(path)

    out.mkdir(parents=True, exist_ok=True)
    stats.resize(*SIZE)
    apply({"theme": "light", "font_size": FONT})
    for tab, name in enumerate(("stats", "stats-topics", "stats-questions", "stats-exams")):
        shoot(tab, name)
    apply({"theme": "dark"})
    shoot(0, "stats-dark")
    apply({"theme": "light", "font_size": 2 * FONT})
    shoot(0, "stats-large")
    shoot(0, "stats-large-charts", scrolled=True)
    apply({"font_size": FONT})
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="demo data folder (kept; made if empty)")
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--tab", type=int, default=0, help="which tab to show first")
    parser.add_argument("--shots", type=Path, metavar="DIR", help="save the screenshots into DIR and quit")
    args = parser.parse_args()
    if args.shots:
        _under_xvfb()
    data = args.data or Path(tempfile.mkdtemp(prefix="quizapp-stats-demo-"))
    banks = [paths.bundled_questions()]
    now = datetime.now().astimezone()
    if not (data / "progress.sqlite3").exists():
        simulate(data, load_banks(banks).questions, now)
    with StudyService.open(data) as service:
        service.settings.set("theme", args.theme)

    from PySide6.QtWidgets import QApplication

    from quizapp.ui.app import start
    from quizapp.ui.stats.window import show_stats

    app = QApplication(sys.argv[:1])
    window = start(data, banks)

    def opened() -> None:
        window.banks_shown.disconnect(opened)
        stats = show_stats(window)
        if args.shots:
            def computed(_stats: object) -> None:
                stats.computed.disconnect(computed)
                for path in _shoot(app, window, stats, args.shots):
                    print(path)
                window.close()
                app.quit()
            stats.computed.connect(computed)
        else:
            stats.computed.connect(lambda _s: stats.tabs.setCurrentIndex(args.tab))

    window.banks_shown.connect(opened)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
