"""The sync folder's layout: FOLDER/quizapp/<device-id>/<seq>.qsync, one folder per computer, and safe writing.

Each computer writes only in its own folder, a file at a time, through a temporary name renamed once the
file is complete and on disk, and never writes to a file again: a file-sync tool never sees two versions of
one file, so it has no conflict to make. Copies it makes anyway (two computers with one id) are read too:
Syncthing's "x.sync-conflict-20261203-123456-ABCDEFG.qsync", Nextcloud's and Dropbox's "x (conflicted copy
2026-12-03).qsync" and "x (Andreas's conflicted copy 2026-12-03).qsync", OneDrive's "x-DESKTOP-1AB2CDE.qsync".
"""

from __future__ import annotations

import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

ROOT = "quizapp"
SUFFIX = ".qsync"
# The segment's number, then anything a sync tool adds for a conflict copy, then the suffix.
_SEGMENT = re.compile(r"^(\d{8})(.*)" + re.escape(SUFFIX) + r"$", re.DOTALL)
_TEMP = re.compile(r"^\.\d{8}" + re.escape(SUFFIX) + r"\.[0-9a-f]{8}\.tmp$")
_DEVICE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True, slots=True)
class SegmentFile:
    """A segment file as listed: where it is, and what tells a changed file from one already read."""

    device_dir: str
    name: str
    path: Path
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        """How the bookkeeping names it: "<device dir>/<file name>"."""
        return f"{self.device_dir}/{self.name}"

    @property
    def seq(self) -> int:
        match = _SEGMENT.match(self.name)
        return int(match.group(1)) if match else 0

    @property
    def conflict_copy(self) -> bool:
        match = _SEGMENT.match(self.name)
        return bool(match and match.group(2))


def new_device_id() -> str:
    """A name for this computer's folder: its host name (readable in the folder) and 8 random hex digits."""
    host = re.sub(r"[^a-z0-9]+", "-", socket.gethostname().lower()).strip("-")[:40] or "computer"
    return f"{host}-{uuid4().hex[:8]}"


def is_device_id(name: str) -> bool:
    return bool(_DEVICE.match(name))


def root(folder: Path) -> Path:
    return folder / ROOT


def segment_name(seq: int) -> str:
    return f"{seq:08d}{SUFFIX}"


def is_segment_name(name: str) -> bool:
    return bool(_SEGMENT.match(name))


def list_segments(folder: Path) -> list[SegmentFile]:
    """Every segment file (conflict copies included) in every device folder, in name order.

    No FOLDER/quizapp yet: none. OSError when it cannot be listed (no permission, a failing disk); device
    folders and files that vanish or cannot be read while this runs are left out. Temporary files (ours, or
    a sync tool's partial downloads under other names) never match.
    """
    out: list[SegmentFile] = []
    try:
        devices = sorted(os.scandir(root(folder)), key=lambda e: e.name)
    except FileNotFoundError:
        return out
    for device in devices:
        try:
            if not device.is_dir():
                continue
            entries = list(os.scandir(device.path))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            if not is_segment_name(entry.name):
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue
            out.append(SegmentFile(device.name, entry.name, Path(entry.path), st.st_size, st.st_mtime_ns))
    return out


def remove_temporary_files(device_dir: Path) -> int:
    """Delete what a write cut off by a crash left in this computer's own folder; returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(device_dir))
    except OSError:
        return 0
    for entry in entries:
        if _TEMP.match(entry.name):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def write_new_file(path: Path, data: bytes) -> os.stat_result:
    """Write `data` to `path`, which must not exist yet, so that it appears complete or not at all.

    The bytes go to a temporary name in the same folder, are flushed to the disk, and the file is renamed;
    then the folder itself is flushed, so the name survives a power cut too. OSError (folder read-only, disk
    full) leaves no file under the final name; FileExistsError if `path` exists (it is never overwritten).
    """
    if path.exists():
        raise FileExistsError(path)
    temp = path.with_name(f".{path.name}.{uuid4().hex[:8]}.tmp")
    try:
        with open(temp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            raise FileExistsError(path)
        os.replace(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    _sync_dir(path.parent)
    return path.stat()


def _sync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # a folder cannot be opened for fsync there; NTFS journals the rename
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network and FUSE filesystems refuse fsync on a folder; the file itself is flushed
    finally:
        os.close(fd)
