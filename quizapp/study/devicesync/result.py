"""What one sync did, in words for the student: SyncResult, and the sentence for a folder that fails."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.study.devicesync.folder import ROOT


@dataclass
class SyncResult:
    """What one sync did; `lines()` for a terminal, `status` for the app's status line."""

    folder: Path
    device: str | None = None
    wrote: int = 0  # events written to the folder
    written: list[Path] = field(default_factory=list)
    merged: dict[str, int] = field(default_factory=dict)  # device -> answers new here
    other: int = 0  # other events new here (undo, card actions, settings, exams)
    removed: int = 0  # answers taken back by another computer's undo
    settings: list[str] = field(default_factory=list)  # settings another computer changed
    recomputed: int = 0  # cards whose state the replay changed
    files_merged: int = 0
    problems: list[str] = field(default_factory=list)  # one line per file left out
    error: str | None = None  # the folder could not be used (or written): the reason, for the student
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems

    @property
    def changed(self) -> bool:
        """Something arrived that the screens show (counts, settings)."""
        return bool(self.merged or self.other or self.removed or self.recomputed or self.settings)

    def lines(self) -> list[str]:
        out = []
        if self.wrote:
            where = ", ".join(str(p) for p in self.written)
            out.append(f"wrote {self.wrote} event(s) to {where}")
        for device, n in sorted(self.merged.items()):
            out.append(f"merged {n} answer(s) from {device}")
        if self.other:
            out.append(f"merged {self.other} other event(s) (undo, card actions, settings, exams)")
        if self.removed:
            out.append(f"{self.removed} answer(s) taken back on another computer were removed here")
        if self.settings:
            out.append(f"settings changed on another computer: {', '.join(self.settings)}")
        if self.recomputed:
            out.append(f"{self.recomputed} card(s) rescheduled from the merged answers")
        if not out and self.error is None:
            out.append(f"{self.folder}: up to date")
        out.extend(self.problems)
        if self.error:
            out.append(self.error)
        return out

    @property
    def status(self) -> str:
        """One short line: what the app's status bar shows."""
        if self.error:
            return f"Sync: {self.error}"
        got = sum(self.merged.values())
        parts = [f"sent {self.wrote}"] if self.wrote else []
        if got:
            parts.append(f"received {got} answer(s)")
        text = ("Synced: " + ", ".join(parts)) if parts else "Synced: up to date"
        if self.problems:
            text += f" ({len(self.problems)} file(s) skipped: {self.problems[0]})"
        return text


def folder_problem(exc: OSError, where: Path, doing: str) -> str:
    """One sentence for a folder that cannot be used, saying that local progress is safe."""
    code = exc.errno or 0
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "its disk is full"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "it is read-only or not yours to write"
    elif code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        why = "it cannot be found (is its drive connected?)"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        why = f"a file stands where its folder {ROOT}/ should be"
    else:
        why = f"the disk reported an error ({exc.strerror or exc})"
    return (f"cannot {doing} {where}: {why}. Your progress here is safe and keeps being saved; "
            "it is synced once the folder works again.")
