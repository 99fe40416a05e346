"""Damaged progress and unusable folders: one clear message, the file untouched, the newest backup restores.

Each case breaks a folder with real progress (and yesterday's backup) in one way, then opens it as
the app and the CLI do. Neither may show a traceback or change the file; where a backup exists,
starting from it must bring the progress back and keep the damaged file aside, byte for byte.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fault_helpers import fingerprint, remount, tmpfs

from quizapp.cli import main
from quizapp.store import store as store_module
from quizapp.store.store import database_path
from quizapp.study import (
    CorruptDatabaseError,
    FakeClock,
    NewerDatabaseError,
    StorageError,
    StoreError,
    StudyService,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
BANK = Path(__file__).parent.parent / "ui" / "fixtures" / "bank"


def make_progress(data: Path) -> Path:
    """A folder with 3,000 cards, a dark theme and 50 reviews; yesterday's backup holds them all."""
    clock = FakeClock(NOW - timedelta(days=2))
    with StudyService.open(data, clock) as svc:
        svc.settings.set("theme", "dark")
        with svc.store.transaction() as conn:
            conn.executemany("INSERT INTO cards (question_id, topic) VALUES (?, 'pk')",
                             [(f"q{i:05d}",) for i in range(3000)])
            conn.executemany("INSERT INTO review_log (question_id, reviewed_at, rating, state_before, card_before) "
                             "VALUES (?, ?, 3, 0, '{}')", [(f"q{i:05d}", 1000 + i) for i in range(50)])
    clock.advance(days=1)
    StudyService.open(data, clock).close()
    return data


@pytest.fixture
def used(tmp_path: Path) -> Path:
    return make_progress(tmp_path / "data")


def _cut(fraction: float) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        os.truncate(db, int(db.stat().st_size * fraction))
    return damage


def _random_bytes(db: Path) -> None:
    db.write_bytes(os.urandom(db.stat().st_size))


def _header_only(db: Path) -> None:
    os.truncate(db, 100)


def _newer(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    conn.close()


def _scribbled_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[3 * page + 8: 3 * page + 400] = os.urandom(392)
    db.write_bytes(bytes(data))


def _dropped(table: str, column: str | None = None) -> Callable[[Path], None]:
    """A table (or one column) gone, as a database browser or a hand-made "cleanup" leaves it."""
    def damage(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            if column is None:
                conn.execute(f"DROP TABLE {table}")
            else:
                conn.execute("DROP INDEX IF EXISTS ix_cards_counts")
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.close()
    return damage


DAMAGES = {
    "cut in half": (_cut(0.5), CorruptDatabaseError, "cut short"),
    "cut to its header": (_header_only, CorruptDatabaseError, "cut short"),
    "emptied": (_cut(0.0), CorruptDatabaseError, "empty"),
    "random bytes": (_random_bytes, CorruptDatabaseError, "not a quizapp progress database"),
    "a page scribbled over": (_scribbled_page, CorruptDatabaseError, "damaged"),
    "from a newer quizapp": (_newer, NewerDatabaseError, "newer version"),
    # issue 26: these gave a raw sqlite3.OperationalError ("no such table") instead of this message
    "a table dropped": (_dropped("review_log"), CorruptDatabaseError, "its table 'review_log' is missing"),
    "a column dropped": (_dropped("cards", "tags"), CorruptDatabaseError, "its column 'cards.tags' is missing"),
}


def _cli_line(capsys, *argv: str) -> str:
    """Run the CLI in-process; asserts exit 1 and one line on stderr, which it returns."""
    assert main(list(argv)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("name", list(DAMAGES))
def test_damaged_progress_is_refused_untouched_and_the_newest_backup_restores(used, name, capsys):
    damage, error, words = DAMAGES[name]
    db = database_path(used)
    damage(db)
    before = fingerprint(used)
    with pytest.raises(error) as err:
        StudyService.open(used, FakeClock(NOW))
    assert words in err.value.message and err.value.message.endswith(".")
    assert fingerprint(used) == before
    for command in (["stats", "--no-shipped-banks", "--banks", str(BANK)],
                    ["progress-export", "-o", str(used.parent / "p.json")]):
        assert words in _cli_line(capsys, "--data-dir", str(used), *command)
    assert fingerprint(used) == before and not (used.parent / "p.json").exists()

    aside = StudyService.restore_backup(used, err.value.newest_backup, FakeClock(NOW))
    assert aside.read_bytes() == (used / aside.relative_to(used)).read_bytes()
    assert fingerprint(aside.parent)[aside.name][1] == before[db.name][1]  # kept aside, byte for byte
    with StudyService.open(used, FakeClock(NOW)) as svc:
        assert svc.settings.get("theme") == "dark"
        assert svc.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (50,)


def test_a_cut_short_big_file_is_caught_on_a_start_without_the_full_check(used, monkeypatch):
    """Files over 32 MB skip integrity_check after the day's first start; the header still tells."""
    monkeypatch.setattr(store_module, "CHECK_EVERY_START_BELOW", 0)
    StudyService.open(used, FakeClock(NOW)).close()  # today's backup: later starts skip the check
    _cut(0.6)(database_path(used))
    with pytest.raises(CorruptDatabaseError) as err:
        StudyService.open(used, FakeClock(NOW + timedelta(hours=1)))
    assert "cut short" in err.value.message


def test_an_empty_file_without_backups_is_a_fresh_start(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    database_path(data).touch()  # e.g. a first start killed while creating the file
    with StudyService.open(data, FakeClock(NOW)) as svc:
        assert svc.store.revision() is not None


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_a_data_folder_that_is_a_file_gives_one_line(tmp_path, where, capsys):
    blocker = tmp_path / "progress"
    blocker.write_text("not a folder")
    data = blocker if where == "a file" else blocker / "sub"
    with pytest.raises(StorageError) as err:
        StudyService.open(data)
    assert err.value.reason == "not-a-folder" and str(data) in err.value.message
    assert "is a file" in _cli_line(capsys, "--data-dir", str(data), "stats", "--no-shipped-banks",
                                    "--banks", str(BANK))
    assert blocker.read_text() == "not a folder"


def _read_only_folder(tmp_path: Path):
    """(folder with progress, made read-only): a read-only tmpfs as root, else permissions."""
    if os.geteuid() != 0:
        data = make_progress(tmp_path / "data")
        for path in (data, *data.rglob("*")):
            path.chmod(0o555 if path.is_dir() else 0o444)
        return data, None
    mount = tmp_path / "mnt"
    return mount, tmpfs(mount, "8m")


def test_a_read_only_folder_is_refused_with_its_reason_and_left_alone(tmp_path, capsys):
    folder, mounted = _read_only_folder(tmp_path)
    if mounted is None:
        _check_read_only(folder, capsys)
        return
    with mounted:
        data = make_progress(folder / "data")
        remount(folder, "ro")
        _check_read_only(data, capsys)


def _check_read_only(data: Path, capsys) -> None:
    before = fingerprint(data)
    with pytest.raises(StorageError) as err:
        StudyService.open(data, FakeClock(NOW))
    assert err.value.reason == "read-only" and "cannot write" in err.value.message
    assert "cannot write" in _cli_line(capsys, "--data-dir", str(data), "stats", "--no-shipped-banks",
                                       "--banks", str(BANK))
    with pytest.raises(StoreError):  # nor can a backup be put in its place
        StudyService.restore_backup(data, sorted((data / "backups").iterdir())[0])
    assert fingerprint(data) == before


def test_progress_import_of_a_file_that_is_not_there_gives_one_line(used, capsys):
    err = _cli_line(capsys, "--data-dir", str(used), "progress-import", str(used / "missing.json"))
    assert "cannot be read" in err


_HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # as some tools open a file: nobody else may even read it
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE settings SET value = value")
    conn.execute("COMMIT")
else:  # a database browser with an edit not yet written: nobody else may write
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE settings SET value = value")
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def short_busy_wait(monkeypatch):
    """SQLite waits 5 s for a lock before giving up; the test need not."""
    from quizapp.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)


@pytest.mark.parametrize("how", ["writing", "exclusive"])
def test_a_database_another_program_holds_gives_one_line_and_no_restore_offer(used, how, capsys,
                                                                                short_busy_wait):
    """Another program holding the file is not damage: no backup is offered (restoring would set a healthy
    file aside), the student is told to close that program, and nothing changes."""
    import subprocess
    import sys

    db = database_path(used)
    exported = used.parent / "p.json"
    assert main(["--data-dir", str(used), "progress-export", "-o", str(exported)]) == 0
    StudyService.open(used, FakeClock(NOW)).close()  # the day's backups are made (reading is not held)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(db), how], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        before = fingerprint(used)
        with pytest.raises(StorageError) as err, StudyService.open(used, FakeClock(NOW)) as svc:
            svc.settings.set("theme", "light")  # the first write, when only writing is held
        assert err.value.reason == "locked" and err.value.newest_backup is None
        assert "Another program" in err.value.message and "close it" in err.value.message
        capsys.readouterr()
        for command in (["stats", "--banks", str(BANK)], ["progress-import", str(exported)]):
            assert "Another program" in _cli_line(capsys, "--data-dir", str(used), *command)
        assert fingerprint(used) == before
    finally:
        holder.stdin.close()
        holder.wait(10)
    with StudyService.open(used, FakeClock(NOW)) as svc:  # once that program is closed, all is there
        assert svc.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (50,)
