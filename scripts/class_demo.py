"""Open the Class window on a demo class: 28 simulated students on a throwaway PostgreSQL server.

    .venv/bin/python scripts/class_demo.py                       # the window, until you close it
    .venv/bin/python scripts/class_demo.py --shots docs/screenshots

Starts its own server (Debian's binaries, as tests/classroom does), sets up a class, and gives each student
a data folder of their own in which they answer 120 questions of the shipped banks through real sessions
(graded responses; stronger students right more often, each question with a favourite wrong choice; one
question answered right mostly by the weaker students, as a miskeyed one would be), then pushes them as
their own login. --shots saves class*.png (the items with a flagged one selected, the flags, the topics,
the spread) and quits; without a display it re-runs itself under `xvfb-run`. The server and the folders
are removed at the end; your own progress is not touched.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "classroom"))  # the throwaway server of the class tests
sys.path.insert(0, str(ROOT / "scripts"))

from pg_server import SUPERUSER_PASSWORD, LocalPostgres  # noqa: E402
from stats_demo import _response, _under_xvfb  # noqa: E402  (the demo student's answers)

from quizapp import paths  # noqa: E402
from quizapp.bank.grading import grade  # noqa: E402
from quizapp.bank.loader import load_banks  # noqa: E402
from quizapp.bank.model import Question  # noqa: E402
from quizapp.study import FakeClock, Rating, StudyService  # noqa: E402

STUDENTS = 28
PER_TOPIC = 12
TYPES = {"single_choice", "multiple_choice", "true_false", "cloze", "numeric", "short_answer"}
SIZE = (1240, 860)
NAMES = ("Ada Lovelace", "Alan Turing", "Barbara Liskov", "Claude Shannon", "Dorothy Hodgkin", "Edsger Dijkstra",
         "Emmy Noether", "Frances Allen", "Grace Hopper", "Hedy Lamarr", "Ibn al-Haytham", "Jean Bartik",
         "Katherine Johnson", "Leslie Lamport", "Lise Meitner", "Margaret Hamilton", "Marie Curie", "Mary Somerville",
         "Niklaus Wirth", "Radia Perlman", "Rosalind Franklin", "Sophie Germain", "Tim Berners-Lee", "Tu Youyou",
         "Vera Rubin", "Wang Zhenyi", "Yoshua Bengio", "Zhang Heng")


def chosen(questions: dict[str, Question]) -> dict[str, Question]:
    """The first PER_TOPIC gradable questions of each topic, in bank order."""
    out: dict[str, Question] = {}
    count: dict[str, int] = {}
    for q in questions.values():
        if q.qtype in TYPES and count.get(q.topic, 0) < PER_TOPIC:
            count[q.topic] = count.get(q.topic, 0) + 1
            out[q.id] = q
    return out


WRONG_WORDS = ("GABA", "dopamine", "opioid", "propofol", "midazolam", "serotonin")


def answer(q: Question, rng: random.Random, p: float) -> object:
    """Right with probability p; a wrong answer is a wrong number or word, not a blank."""
    response = _response(q, rng, p)
    if grade(q, response).correct:
        return response
    if q.qtype == "numeric":
        return f"{float(q.answer) * rng.choice((0.1, 0.5, 2, 10)):g}"
    if q.qtype == "short_answer":
        return rng.choice(WRONG_WORDS)
    if q.qtype == "cloze":
        return [rng.choice(WRONG_WORDS[:3]) for _ in q.gaps]
    return response


def simulate(pg: LocalPostgres, database: str, folder: Path, questions: dict[str, Question]) -> tuple[str, str]:
    """The class: init, students added, each one's answers given and pushed. Returns the instructor's URL and
    the question answered as if miskeyed."""
    from sqlalchemy import create_engine, text

    from quizapp.store.classdb.classes import add_student, init_class
    from quizapp.store.classdb.server import make_engine, parse_url
    from quizapp.study.classroom.push import push_answers

    admin = create_engine(pg.url(driver="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {database}"))
    admin.dispose()
    url = pg.url(database=database)
    engine = make_engine(parse_url(url))
    init_class(engine, database)
    rng = random.Random(23)
    items = chosen(questions)
    # One multiple-answer question the weaker students get right more often (as a wrong key would make it).
    miskeyed = next(q.id for q in items.values() if q.qtype == "multiple_choice")
    hardness = {qid: rng.uniform(-0.3, 0.25) for qid in items}
    for qid in list(items)[::17]:
        hardness[qid] = 0.5  # a few that nearly everybody knows
    start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    for k, name in enumerate(NAMES[:STUDENTS]):
        student = add_student(engine, database, name)
        skill = 0.3 + 0.65 * k / (STUDENTS - 1)
        clock = FakeClock(start + timedelta(hours=k))
        with StudyService.open(folder / f"s{k}", clock) as service:
            service.sync(questions)
            session = service.start_session(questions, seed=k)
            for qid, q in items.items():
                p = 1.05 - skill if qid == miskeyed else min(0.99, max(0.02, skill + hardness[qid]))
                response = answer(q, rng, p)
                result = grade(q, response)
                ms = int(rng.uniform(4000, 30000) * (1.4 - skill))
                session.answer(qid, response, result, Rating.Good if result.correct else Rating.Again, ms)
                clock.advance(seconds=ms // 1000 + 3)
            result = push_answers(service.store, pg.url(user=student.login, password=student.password,
                                                          database=database))
            assert result.ok, result.message
    engine.dispose()
    return url, miskeyed


def shoot(app, window, out: Path, selected: str) -> list[Path]:
    from quizapp.ui.classroom.window import ClassWindow

    found = window.findChild(ClassWindow)
    saved: list[Path] = []

    def settle() -> None:
        end = time.monotonic() + 0.4
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def grab(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        found.grab().save(str(path))
        saved.append(path)

    out.mkdir(parents=True, exist_ok=True)
    found.resize(*SIZE)
    # Items by discrimination, the lowest first, and the "miskeyed" one selected.
    from PySide6.QtCore import Qt

    found.items_view.sortByColumn([c.title for c in found.items.columns].index("Point-biserial"),
                                  Qt.SortOrder.AscendingOrder)
    found.items_view.selectRow(next(k for k, i in enumerate(found.items.rows) if i.question_id == selected))
    grab("class")
    for tab, name in ((1, "class-flags"), (2, "class-topics"), (4, "class-spread")):
        found.tabs.setCurrentIndex(tab)
        grab(name)
    found.tabs.setCurrentIndex(0)
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, metavar="DIR", help="save the screenshots into DIR and quit")
    args = parser.parse_args()
    if args.shots:
        _under_xvfb()
    folder = Path(tempfile.mkdtemp(prefix="quizapp-class-demo-"))
    pg = LocalPostgres().start()
    try:
        banks = [paths.bundled_questions()]
        questions = dict(load_banks(banks).questions)
        url, miskeyed = simulate(pg, "ketclass", folder, questions)
        os.environ["QUIZAPP_CLASS_PASSWORD"] = SUPERUSER_PASSWORD  # the instructor's, for this demo only
        instructor = url.replace(f":{SUPERUSER_PASSWORD}@", "@")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from quizapp.ui.app import start
        from quizapp.ui.classroom.connect import STATE_URL

        data = folder / "instructor"
        data.mkdir()
        state = QSettings(str(data / "ui.ini"), QSettings.Format.IniFormat)
        state.setValue(STATE_URL, instructor)
        state.sync()
        app = QApplication(sys.argv[:1])
        window = start(data, banks)

        def opened() -> None:
            window.banks_shown.disconnect(opened)
            report = window.classroom.open_report()
            if args.shots:
                def computed(_report: object) -> None:
                    report.computed.disconnect(computed)
                    for path in shoot(app, window, args.shots, miskeyed):
                        print(path)
                    window.close()
                    app.quit()
                report.computed.connect(computed)

        window.banks_shown.connect(opened)
        code = app.exec()
    finally:
        pg.remove()
        shutil.rmtree(folder, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
