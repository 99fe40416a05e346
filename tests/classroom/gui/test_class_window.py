"""The instructor's Class window on a two-student class: every figure it shows against a hand computation,
sorting, the charts' values, and a flag that opens the bank file at the question's line."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QPushButton

from quizapp.ui.classroom import editor
from quizapp.ui.classroom.connect import STATE_URL, ConnectDialog
from quizapp.ui.classroom.detail import FlagRow
from quizapp.ui.classroom.tables import ITEM_COLUMNS
from quizapp.ui.classroom.window import ClassWindow
from quizapp.ui.main_window import MainWindow

# What each student answers on their own computer, in order (as in tests/classroom/test_report.py):
# option 0 is the key; q5 is a cloze whose gap is "NMDA". Ada's first q3 is wrong, her later one right.
ADA = [("q1", 0), ("q2", 0), ("q3", 2), ("q4", 0), ("q5", ["NMDA"]), ("q3", 0)]
BOB = [("q1", 0), ("q2", 1), ("q3", 0), ("q4", 3), ("q5", ["GABA"])]
RIGHT = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": ["NMDA"]}
OPTIONS = {"q1": ["NMDA", "GABA-A", "mu-opioid"], "q2": ["Liver", "Kidney", "Lung"],
           "q3": ["Norketamine", "Ketamine N-oxide", "Dehydronorketamine"],
           "q4": ["Dissociation", "Miosis", "Bradycardia", "Hypothermia"]}


def duration(name: str, i: int) -> int:
    return 1000 * (i + 1) + (500 if name == "Bob" else 0)


@pytest.fixture
def two_students(classdb, student_at):
    for name, answers in (("Ada", ADA), ("Bob", BOB)):
        login, password = classdb.add_student(name)
        me = student_at(name)
        for i, (qid, response) in enumerate(answers):
            me.answer(qid, response, duration_ms=duration(name, i))
        assert me.push(classdb.student_url(login), password).ok
    return classdb


def first_answers(name: str, answers: list) -> dict[str, tuple[bool, int, object]]:
    """Each question's first answer: (right, time in ms, response)."""
    seen: dict[str, tuple[bool, int, object]] = {}
    for i, (qid, response) in enumerate(answers):
        seen.setdefault(qid, (response == RIGHT[qid], duration(name, i), response))
    return seen


def by_hand() -> dict[str, dict[str, str]]:
    """The Items table as it should read, computed here from the answers alone."""
    ada, bob = first_answers("Ada", ADA), first_answers("Bob", BOB)
    total = {"Ada": sum(r for r, _, _ in ada.values()) / 5, "Bob": sum(r for r, _, _ in bob.values()) / 5}
    assert total == {"Ada": 0.8, "Bob": 0.4}
    rows = {}
    for qid in RIGHT:
        right = [ada[qid][0], bob[qid][0]]
        p = sum(right) / 2
        # Point-biserial = Pearson's r of the 0/1 item score with the totals; undefined when all agree.
        r = statistics.correlation([float(x) for x in right], [total["Ada"], total["Bob"]]) \
            if len(set(right)) == 2 else None
        d = float(right[0]) - float(right[1])  # 27 % of two students, rounded up to one: Ada on top, Bob below
        if qid in OPTIONS:
            picks = {o: 0 for o in OPTIONS[qid][1:]}
            for first in (ada[qid], bob[qid]):
                if not first[0]:
                    picks[OPTIONS[qid][first[2]]] += 1
        else:
            picks = {"gap 1: GABA": 1}
        rows[qid] = {
            "Responses": "2", "Facility": f"{100 * p:.0f} %",
            "Point-biserial": "–" if r is None else f"{r:+.2f}".replace("-", "−"),
            "Upper–lower": f"{d:+.2f}".replace("-", "−"),
            "Median time": f"{statistics.median([ada[qid][1], bob[qid][1]]) / 1000:.1f} s",
            "Distractors (picks)": ", ".join(f"{k} ({v})" for k, v in picks.items()),
        }
    return rows


def table(view) -> list[dict[str, str]]:
    model = view.model()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{h: model.index(r, c).data() for c, h in enumerate(heads)} for r in range(model.rowCount())]


@pytest.fixture
def class_window(qtbot, two_students, launch, data_dir) -> ClassWindow:
    window: MainWindow = launch()
    tools = next(a for a in window.menuBar().actions() if a.text() == "&Tools").menu()
    next(a for a in tools.actions() if a.text() == "&Class report…").trigger()
    found = window.findChild(ClassWindow)
    assert found is not None and found.isVisible()
    dialog = found.findChild(ConnectDialog)
    assert dialog is not None and dialog.isVisible()  # no class read before: it asks which
    qtbot.keyClicks(dialog.url, two_students.url)  # the instructor's address, its password in it
    with qtbot.waitSignal(found.computed, timeout=20_000):
        qtbot.keyClick(dialog.url, Qt.Key.Key_Return)
    with qtbot.waitSignal(found.computed, timeout=20_000):
        found.min_box.setValue(2)  # two students: judge items on two responses
    yield found
    found.close()


def test_the_window_shows_the_figures_of_a_two_student_class(class_window, bank):
    w = class_window
    shown = {row["Question"]: row for row in table(w.items_view)}
    assert set(shown) == set(RIGHT)
    for qid, expected in by_hand().items():
        assert {k: shown[qid][k] for k in expected} == expected, qid
        assert shown[qid]["File"] == f"{Path(bank[qid].file).name}:{bank[qid].line}"
    assert w.summary.text().startswith("2 students · 11 answers · 5 items shown · 4 flagged")
    # Flags: q1 too easy with two unpicked distractors, q2 and q4 unpicked distractors, q3 negative.
    assert {r["Question"]: r["Flags"].count("⚑") for r in table(w.items_view)} == {
        "q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 0}
    # Topics: each (student, question)'s latest answer. pd: Ada 3/3, Bob 1/3; pk: Ada 2/2, Bob 1/2.
    assert [(r["Topic"], r["Mastery"], r["Students"], r["Questions"]) for r in table(w.topics_view)] == [
        ("pd", f"{100 * 4 / 6:.0f} %", "2", "3"), ("pk", f"{100 * 3 / 4:.0f} %", "2", "2")]
    assert [(r["Name"], r["Items"], r["Total"]) for r in table(w.students_view)] == [
        ("Ada", "5", "80 %"), ("Bob", "5", "40 %")]
    # The charts draw the same numbers.
    assert w.charts["mastery"].bar_values() == [[pytest.approx(100 * 4 / 6), 75.0]]
    assert w.charts["facility"].bar_values() == [[0, 0, 4, 0, 0, 1]]  # four at 0.5, q1 at 1.0
    assert w.charts["discrimination"].bar_values() == [[1, 0, 0, 0, 3]]  # q3 negative; q1 has none
    # The selected item: picks per option, the right answers first, the distractor nobody picks marked.
    q2 = next(r for r in range(w.items.rowCount()) if w.items.rows[r].question_id == "q2")
    w.items_view.selectRow(q2)
    chart = w.detail.chart
    assert chart.categories == ["right answer", "Kidney", "Lung"]
    assert chart.bar_values() == [[1, 0, 0], [0, 1, 0]]
    assert chart.series[1].highlight == frozenset({2})
    assert "facility 50 % · point-biserial +1.00" in w.detail.figures.text()
    # The topic filter narrows items, topics and charts; the totals stay over everything answered.
    w.topic_box.setCurrentIndex(w.topic_box.findData("pk"))
    assert [r["Question"] for r in table(w.items_view)] == ["q1", "q2"]
    assert [r["Topic"] for r in table(w.topics_view)] == ["pk"]
    assert [r["Total"] for r in table(w.students_view)] == ["80 %", "40 %"]
    assert w.tabs.tabText(1) == "Flags (3)"


def test_the_item_table_sorts_by_any_column_with_empty_figures_last(qtbot, class_window):
    w = class_window
    header = w.items_view.horizontalHeader()
    column = [c.title for c in ITEM_COLUMNS].index("Point-biserial")

    def click() -> list[str]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        return [w.items.rows[r].question_id for r in range(w.items.rowCount())]

    first = click()
    order = header.sortIndicatorOrder()
    second = click()
    ascending, descending = (first, second) if order == Qt.SortOrder.AscendingOrder else (second, first)
    assert ascending[0] == "q3" and ascending[-1] == "q1"  # −1.00 first; q1 (everyone right) has no figure
    assert descending[-2:] == ["q3", "q1"] and set(descending[:3]) == {"q2", "q4", "q5"}
    # The selection (and the detail under the table) follows its row through a sort.
    w.items_view.selectRow(next(r for r, i in enumerate(w.items.rows) if i.question_id == "q3"))
    assert w.detail.item.question_id == "q3"
    moved_from = w.items_view.currentIndex().row()
    click()
    assert w.items_view.currentIndex().row() != moved_from
    assert w.items.rows[w.items_view.currentIndex().row()].question_id == "q3"
    assert w.detail.item.question_id == "q3"


def test_a_flag_opens_the_bank_file_at_the_questions_line(qtbot, class_window, bank, monkeypatch):
    launched: list[list[str]] = []
    opened: list[str] = []
    monkeypatch.setattr(editor, "launch", launched.append)
    monkeypatch.setattr(editor, "open_desktop", lambda file: opened.append(file) or True)
    monkeypatch.setenv("VISUAL", "gvim --nofork")
    w = class_window
    w.tabs.setCurrentIndex(1)
    rows = w.findChildren(FlagRow)
    negative = next(r for r in rows if r.isVisible() and r.item.question_id == "q3"
                    and "negative discrimination" in r.text.text())
    assert negative.button.text() == f"Open pd.yaml:{bank['q3'].line}"
    qtbot.mouseClick(negative.button, Qt.MouseButton.LeftButton)
    assert launched == [["gvim", "--nofork", f"+{bank['q3'].line}", str(Path(bank["q3"].file).resolve())]]
    assert w.status.text() == f"opened pd.yaml:{bank['q3'].line}"
    # Without $VISUAL or $EDITOR the desktop's own application opens the file (it cannot take a line).
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR", raising=False)
    w.tabs.setCurrentIndex(0)
    q1 = next(r for r in range(w.items.rowCount()) if w.items.rows[r].question_id == "q1")
    index = w.items.index(q1, 0)
    where = w.items_view.visualRect(index).center()
    qtbot.mouseClick(w.items_view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(w.items_view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == [str(Path(bank["q1"].file).resolve())] and len(launched) == 1


def test_the_address_is_remembered_and_the_password_is_not(qtbot, class_window, data_dir, launch, two_students):
    from pg_server import SUPERUSER_PASSWORD

    other = next(b for b in class_window.findChildren(QPushButton) if b.text() == "Open another class…")
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    again = next(d for d in class_window.findChildren(ConnectDialog) if d.isVisible())
    assert SUPERUSER_PASSWORD not in again.url.text() and again.url.text().startswith("postgresql://postgres@")
    again.reject()
    main = class_window.parent()
    main.close()  # quit: ui.ini is written
    ui_ini = (data_dir / "ui.ini").read_text()
    remembered = QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat).value(STATE_URL)
    assert remembered == two_students.url.replace(f":{SUPERUSER_PASSWORD}", "")
    assert SUPERUSER_PASSWORD not in ui_ini
    # The next run reads the remembered class; with no keyring here the server wants the password again.
    window = launch()
    tools = next(a for a in window.menuBar().actions() if a.text() == "&Tools").menu()
    next(a for a in tools.actions() if a.text() == "&Class report…").trigger()
    found = window.findChild(ClassWindow)
    qtbot.waitUntil(lambda: found.findChild(ConnectDialog) is not None and found.findChild(ConnectDialog).isVisible(),
                    timeout=20_000)
    dialog = found.findChild(ConnectDialog)
    assert dialog.url.text() == remembered and "refused the login" in dialog.message.text()
    assert not dialog.keep.isEnabled()  # no keyring: nothing to keep it in
    qtbot.keyClicks(dialog.password, SUPERUSER_PASSWORD)
    with qtbot.waitSignal(found.computed, timeout=20_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert found.summary.text().startswith("2 students")
    found.close()


def test_the_charts_follow_the_theme(qtbot, class_window):
    from quizapp.ui import theme

    main = class_window.parent()
    dark = next(a for a in main.theme_group.actions() if a.data() == "dark")
    with qtbot.waitSignal(main.settings_applied):
        dark.trigger()
    assert theme.current() == theme.DARK
    for chart in [*class_window.charts.values(), class_window.detail.chart]:
        assert chart.colors == theme.DARK, chart.title
    assert class_window.items.flag_color.name() == theme.DARK.bad
