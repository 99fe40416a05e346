"""One sync with a folder: write this computer's new events, merge the other computers', replay what changed.

    result = sync_folder(service, Path("~/Sync"))
    print("\\n".join(result.lines()))

Every step is safe to cut off anywhere (kill -9, a power cut): a segment appears complete or not at all and
is noted as written in the store only after it is on disk (a segment written but not noted is recognised by
the next sync); merging, replaying and noting the files merged are one transaction. A folder that cannot be
read or written is reported in SyncResult, never raised: studying goes on, and the next sync catches up.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.study.devicesync import bookkeeping as books
from quizapp.study.devicesync import folder as layout
from quizapp.study.devicesync import outbox, plan
from quizapp.study.devicesync.merge import merge, take_newest_setting
from quizapp.study.devicesync.replay import replay
from quizapp.study.devicesync.result import SyncResult, folder_problem
from quizapp.study.devicesync.segments import NewerSegment, SegmentError, decode, encode
from quizapp.study.devicesync.timeline import Key, Timeline
from quizapp.study.settings import Settings

if TYPE_CHECKING:
    from quizapp.study.service import StudyService

EVENTS_PER_SEGMENT = 50_000  # ≈1.5 MB compressed: a first sync of a long history is a few files, not one huge one
Step = Callable[[str], None]


def sync_folder(service: StudyService, folder: Path, *, step: Step | None = None) -> SyncResult:
    """Sync the student's progress with `folder` (see the module's docstring).

    `step(name)` is called between stages ("written <path>" after a segment's rename and before it is noted,
    "merging" inside the merge transaction before it commits): the crash tests stop there. StorageError
    when the local progress itself cannot be written; the folder's problems are in the result.
    """
    started = time.perf_counter()
    folder = Path(folder).expanduser()
    result = SyncResult(folder)
    note = step or (lambda _name: None)
    if not folder.is_dir():
        result.error = (f"the sync folder {folder} " + ("is not a folder" if folder.exists() else
                        "cannot be found (is its drive connected?)")
                        + ". Your progress here is safe; it is synced once the folder is back.")
        return result
    store = service.store
    now = int(service.clock.now().timestamp())
    key = str(folder.resolve())
    with _durable_through_the_folder(store.conn):
        _sync(service, folder, key, now, result, note)
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _durable_through_the_folder(conn: sqlite3.Connection) -> Iterator[None]:
    """synchronous=NORMAL while syncing: its commits survive a crash, not always a power cut, and what a power
    cut takes (merged events, the notes of files written or read) the next sync gets back from the folder."""
    (before,) = conn.execute("PRAGMA synchronous").fetchone()
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {int(before)}")


def _sync(service: StudyService, folder: Path, key: str, now: int, result: SyncResult, note: Step) -> None:
    store = service.store
    with store.transaction() as conn:
        device = books.device_id(conn) or books.take_new_device_id(conn)
        if books.get(conn, "folder") != key:
            outbox.write_everything_again(conn, books.own_ids(conn))  # a new folder has none of it yet
            books.put(conn, "folder", key)
        if not books.get(conn, "baseline"):
            outbox.record_baseline(conn, now)
            books.put(conn, "baseline", True)
    own_dir = layout.root(folder) / device
    _recover(service, key, device, own_dir)
    try:
        files = layout.list_segments(folder)
    except OSError as exc:
        files = None
        result.error = folder_problem(exc, layout.root(folder), "read the sync folder")
    if files is not None:
        device = _check_own_folder(service, files, key, device)
    result.device = device
    starts = plan.own_starts(store.conn)
    _write(service, folder, key, device, result, note)
    _read_and_merge(service, files or [], key, device, starts, result, note)


def _recover(service: StudyService, key: str, device: str, own_dir: Path) -> None:
    """Finish what a sync cut off left: a segment on disk but not noted, a noted segment never written."""
    layout.remove_temporary_files(own_dir)
    conn = service.store.conn
    pending = [(path, rec) for path, rec in books.files(conn, key).items() if rec.state == books.WRITING]
    for path, _rec in pending:
        file = layout.root(Path(key)) / path
        with service.store.transaction() as c:
            try:
                segment = decode(file.read_bytes())
                st = file.stat()
            except (OSError, SegmentError, NewerSegment):
                books.forget_file(c, key, path)  # never completed: its events are still waiting
                continue
            outbox.mark_written_ids(c, segment.device, [e["id"] for e in segment.events])
            books.record_file(c, key, path, books.WROTE, segment.device, st.st_size, st.st_mtime_ns,
                              len(segment.events), int(time.time()))


def _check_own_folder(service: StudyService, files: list[layout.SegmentFile], key: str, device: str) -> str:
    """This computer's id, or a new one if its folder holds files it did not write.

    That happens when a data folder was copied to a second computer (both then write as one) or restored
    from an older backup: the files are merged like any other computer's, and this one writes elsewhere.
    """
    records = books.files(service.store.conn, key)
    for file in files:
        if file.device_dir != device:
            continue
        rec = records.get(file.key)
        if rec is None or rec.state != books.WROTE or rec.size != file.size:
            with service.store.transaction() as conn:
                return books.take_new_device_id(conn)
    return device


def _write(service: StudyService, folder: Path, key: str, device: str, result: SyncResult, note: Step) -> None:
    store = service.store
    own_dir = layout.root(folder) / device
    after = (0, 0)
    while True:
        batch = outbox.gather(store.conn, device, EVENTS_PER_SEGMENT, after)
        if batch.empty and (batch.last_answer, batch.last_event) == after:
            return
        if not batch.empty:
            try:
                path = _write_segment(service, own_dir, key, device, batch)
            except OSError as exc:
                result.error = folder_problem(exc, own_dir, "write to the sync folder")
                return
            note(f"written {path}")
        with store.transaction() as conn:  # only rows with nothing to send (an exam since deleted) skip the file
            outbox.mark_written(conn, device, batch, after)
            if not batch.empty:
                st = path.stat()
                books.record_file(conn, key, f"{device}/{path.name}", books.WROTE, device, st.st_size,
                                  st.st_mtime_ns, len(batch.events), int(time.time()))
                result.wrote += len(batch.events)
                result.written.append(path)
        after = (batch.last_answer, batch.last_event)


def _write_segment(service: StudyService, own_dir: Path, key: str, device: str, batch: outbox.Batch) -> Path:
    """Note the file as being written, write it whole; OSError (and the note withdrawn) if the folder refuses."""
    store = service.store
    own_dir.mkdir(parents=True, exist_ok=True)
    seq = _next_seq(store.conn, key, device, own_dir)
    path = own_dir / layout.segment_name(seq)
    with store.transaction() as conn:
        books.record_file(conn, key, f"{device}/{path.name}", books.WRITING, device, None, None, len(batch.events),
                          int(time.time()))
    try:
        layout.write_new_file(path, encode(device, seq, batch.events, datetime.now(UTC).isoformat(timespec="seconds")))
    except OSError:
        with store.transaction() as conn:
            books.forget_file(conn, key, f"{device}/{path.name}")
        raise
    return path


def _next_seq(conn: sqlite3.Connection, key: str, device: str, own_dir: Path) -> int:
    seqs = [layout.SegmentFile(device, p.split("/", 1)[1], own_dir, 0, 0).seq
            for p in books.files(conn, key) if p.startswith(device + "/")]
    try:
        seqs += [int(e.name[:8]) for e in os.scandir(own_dir) if layout.is_segment_name(e.name)]
    except OSError:
        pass
    return max(seqs, default=0) + 1


def _read_and_merge(service: StudyService, files: list[layout.SegmentFile], key: str, device: str,
                    starts: dict[str, Key], result: SyncResult, note: Step) -> None:
    """Merge the other computers' files not merged yet (as listed before this computer wrote its own)."""
    store = service.store
    records = books.files(store.conn, key)
    chosen: list[tuple[layout.SegmentFile, list]] = []
    for file in files:
        if file.device_dir == device:
            continue
        rec = records.get(file.key)
        if rec is not None and rec.state in (books.READ, books.WROTE) and rec.size == file.size \
                and rec.mtime_ns == file.mtime_ns:
            continue
        try:
            data = file.path.read_bytes()
        except FileNotFoundError:
            continue  # gone since the listing (a sync tool moving it): the next sync sees it again
        except OSError as exc:
            result.problems.append(f"{file.path}: cannot be read ({exc.strerror or exc}); skipped, "
                                   "the other files were merged")
            continue
        try:
            segment = decode(data)
        except SegmentError as exc:
            result.problems.append(f"{file.path}: damaged ({exc.reason}); skipped, the other files were merged")
            continue
        except NewerSegment as exc:
            result.problems.append(f"{file.path}: written by a newer quizapp ({exc}); left as it is. Update "
                                   "quizapp on this computer to merge it.")
            continue
        chosen.append((file, segment.events))
    conn = store.conn
    if not chosen and not starts and books.get(conn, "replayed") \
            and plan.setting_rowid(conn) == books.get(conn, "setting_rowid", 0):
        return  # nothing arrived, nothing made here: no transaction at all
    with store.transaction() as conn:
        merged = merge(conn, (e for _file, events in chosen for e in events))
        # Every key with a change since the last sync, made here or merged, takes its newest value.
        seen = books.get(conn, "setting_rowid", 0)
        keys = sorted({k for (k,) in conn.execute("SELECT ref FROM sync_events WHERE kind = 'setting' AND rowid > ?",
                                                  (seen,))})
        changed_settings = [k for k in keys if take_newest_setting(conn, k)]
        todo, row_holds = plan.replay_plan(conn, starts, merged)
        result.recomputed = replay(conn, todo, Timeline(conn), merged.fresh, row_holds).changed
        done = int(time.time())
        for file, events in chosen:
            books.record_file(conn, key, file.key, books.READ, file.device_dir, file.size, file.mtime_ns,
                              len(events), done)
        books.put(conn, "replayed", True)
        books.put(conn, "setting_rowid", plan.setting_rowid(conn))
        note("merging")
    result.files_merged = len(chosen)
    result.merged = dict(merged.answers)
    result.other = sum(merged.other.values())
    result.removed = merged.removed
    result.settings = changed_settings
    if changed_settings:
        service.settings = Settings(store, service.clock)
