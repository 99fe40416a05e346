"""Damaged, cut-off and newer segments are reported in one line each and skipped; the rest is merged."""

from __future__ import annotations

import gzip
import json
import os
import shutil

import pytest

from quizapp.study.devicesync.folder import ROOT
from quizapp.study.devicesync.segments import decode, encode


def _two_segments(laptop, sync_dir):
    """The laptop writes two segments (two answers each); returns their paths, oldest first."""
    laptop.answer("q00")
    laptop.answer("q01")
    first = laptop.sync(sync_dir).written
    laptop.answer("q02")
    laptop.answer("q03")
    second = laptop.sync(sync_dir).written
    return first[0], second[0]


def _answers(device) -> set[str]:
    return {r[0] for r in device.service.store.conn.execute("SELECT question_id FROM review_log")}


def _rewrite(path, text: bytes) -> None:
    path.write_bytes(gzip.compress(text, mtime=0))


@pytest.mark.parametrize("damage, reason", [
    (lambda b: b[: len(b) // 2], "cut short"),
    (lambda b: b[:-3], "cut short"),
    (lambda b: b[:10] + bytes(x ^ 0x5A for x in b[10:30]) + b[30:], "damaged data"),
    (lambda b: b"", "empty"),
    (lambda b: b"not gzip at all\n", "damaged data"),
])
def test_a_damaged_segment_is_reported_in_one_line_and_the_others_are_merged(computers, sync_dir, damage, reason):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, _second = _two_segments(laptop, sync_dir)
    first.write_bytes(damage(first.read_bytes()))
    result = desktop.sync(sync_dir)
    assert len(result.problems) == 1
    [line] = result.problems
    assert "\n" not in line and str(first) in line and reason in line and "skipped" in line
    assert _answers(desktop) == {"q02", "q03"}
    assert len(desktop.sync(sync_dir).problems) == 1  # still reported next time: it was not taken as merged


def test_a_segment_that_becomes_whole_later_is_merged_then(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, _second = _two_segments(laptop, sync_dir)
    whole = first.read_bytes()
    first.write_bytes(whole[:40])  # a copy tool still at work on it (a USB stick, an rsync)
    assert len(desktop.sync(sync_dir).problems) == 1
    first.write_bytes(whole)
    result = desktop.sync(sync_dir)
    assert result.problems == [] and sum(result.merged.values()) == 2
    assert _answers(desktop) == {"q00", "q01", "q02", "q03"}


def test_a_segment_whose_events_do_not_match_its_checksum_is_skipped(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, _ = _two_segments(laptop, sync_dir)
    text = gzip.decompress(first.read_bytes()).replace(b'"rating":3', b'"rating":4', 1)
    _rewrite(first, text)
    [line] = desktop.sync(sync_dir).problems
    assert "checksum" in line and _answers(desktop) == {"q02", "q03"}


def test_an_event_that_makes_no_sense_names_its_line(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, _ = _two_segments(laptop, sync_dir)
    segment = decode(first.read_bytes())
    segment.events[1]["rating"] = 9
    first.write_bytes(encode(segment.device, segment.seq, segment.events, "2025-03-10T09:00:00+00:00"))
    [line] = desktop.sync(sync_dir).problems
    assert "line 3:" in line and "rating" in line and _answers(desktop) == {"q02", "q03"}


@pytest.mark.parametrize("change", ["version", "kind"])
def test_a_segment_of_a_newer_format_is_left_alone_with_a_message(computers, sync_dir, change):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, _ = _two_segments(laptop, sync_dir)
    lines = gzip.decompress(first.read_bytes()).split(b"\n")
    if change == "version":
        header = json.loads(lines[0])
        lines[0] = json.dumps({**header, "version": 2}).encode()
        _rewrite(first, b"\n".join(lines))
    else:  # a version-1 file with an event kind added later
        segment = decode(first.read_bytes())
        segment.events.append({"kind": "highlight", "id": "ab" * 16, "device": segment.device, "at": 1})
        first.write_bytes(encode(segment.device, segment.seq, segment.events, "2025-03-10T09:00:00+00:00"))
    before = (first.read_bytes(), os.stat(first).st_mtime_ns)
    result = desktop.sync(sync_dir)
    [line] = result.problems
    assert "newer quizapp" in line and "left as it is" in line and str(first) in line
    assert (first.read_bytes(), os.stat(first).st_mtime_ns) == before  # untouched
    assert _answers(desktop) == {"q02", "q03"}


def test_conflict_copies_made_by_sync_tools_are_read_and_deduplicated(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    first, second = _two_segments(laptop, sync_dir)
    laptop.answer("q05")
    [third] = laptop.sync(sync_dir).written
    folder = first.parent
    # What Syncthing, Nextcloud/Dropbox and OneDrive name the copies they keep of a file two writers changed.
    names = ["00000001.sync-conflict-20261203-123456-ABCDEFG.qsync", "00000001 (conflicted copy 2026-12-03).qsync",
             "00000002 (Andreas's conflicted copy 2026-12-03).qsync", "00000002-DESKTOP-1AB2CDE.qsync"]
    for name in names[:2]:
        shutil.copy(first, folder / name)
    for name in names[2:]:
        shutil.copy(second, folder / name)
    # A copy can carry data of its own: here only the conflict copy holds the third segment's answer.
    third.rename(folder / "00000003.sync-conflict-20261203-130000-ABCDEFG.qsync")
    result = desktop.sync(sync_dir)
    assert result.problems == [] and result.files_merged == 7
    assert _answers(desktop) == {"q00", "q01", "q02", "q03", "q05"}
    assert len(desktop.uids()) == 5 == len(set(desktop.uids()))


def test_temporary_and_foreign_files_in_the_folder_are_ignored(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.answer("q00")
    [path] = laptop.sync(sync_dir).written
    for junk in (".00000002.qsync.1a2b3c4d.tmp", ".syncthing.00000002.qsync.tmp", "00000002.qsync.part",
                 "notes.txt", "~$00000002.qsync"):
        (path.parent / junk).write_text("half a file")
    (sync_dir / ROOT / "desktop.ini").write_text("[.ShellClassInfo]")
    result = desktop.sync(sync_dir)
    assert result.problems == [] and _answers(desktop) == {"q00"}
