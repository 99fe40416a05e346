"""The student's bank folders in a progress file, and finding them again on the new computer.

A progress file lists each folder the student had open, as its path and as the titles of its banks, so
a folder that sits elsewhere on the new computer is still recognised. Folders are looked for where the
file says, at the same place under this user's home folder, and among the folders given or already open;
the shipped banks are always found. What the app opens is kept in the UI state file (ui.ini, written by
Qt's QSettings, see quizapp/ui/main_window.py); `remembered` and `remember` read and change its `bank_folders`
entry alone, in Qt's INI encoding, leaving every other line as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

UI_STATE = "ui.ini"  # quizapp.ui.main_window.UI_STATE: the store may not import the UI
FOLDERS_KEY = "bank_folders"  # quizapp.ui.main_window.BANK_FOLDERS: the student's own folders (not the shipped)
LEGACY_KEY = "banks"  # what versions before the shipped banks were always open wrote instead
_HOME_PARENTS = ("home", "Users")  # /home/<user>/..., /Users/<user>/..., C:\Users\<user>\...


@dataclass(frozen=True, slots=True)
class BankFolder:
    """A folder of banks as a progress file records it."""

    path: str
    titles: tuple[str, ...] = ()
    bundled: bool = False  # the banks shipped with quizapp (found wherever this computer has them)

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "titles": list(self.titles), "bundled": self.bundled}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BankFolder:
        return cls(str(data["path"]), tuple(str(t) for t in data.get("titles", ())), bool(data.get("bundled")))


@dataclass(frozen=True, slots=True)
class FolderMatch:
    wanted: BankFolder
    found: Path | None
    how: str  # how it was found, or what to do about it

    def line(self) -> str:
        banks = f" (banks: {', '.join(self.wanted.titles)})" if self.wanted.titles else ""
        if self.found is None:
            return f"  NOT FOUND: {self.wanted.path}{banks}: {self.how}"
        where = "" if str(self.found) == self.wanted.path else f" -> {self.found}"
        return f"  found: {self.wanted.path}{where}{banks}, {self.how}"


def shape_problem(rows: Any) -> str | None:
    """What is wrong with a progress file's `bank_folders`, if anything."""
    if not isinstance(rows, list):
        return "'bank_folders' is not a list"
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("path"), str) or not row["path"].strip():
            return f"bank folder {n} has no path"
        titles = row.get("titles", [])
        if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
            return f"bank folder {n}: 'titles' is not a list of text"
        if not isinstance(row.get("bundled", False), bool):
            return f"bank folder {n}: 'bundled' is not true or false"
    return None


def _under_home(path: str, home: Path) -> Path | None:
    """`/home/alice/courses/k` -> `~/courses/k` on this computer (any user folder, Windows or not)."""
    parts = (PureWindowsPath(path) if re.match(r"^[A-Za-z]:[\\/]", path) else PurePath(path)).parts
    for i, part in enumerate(parts[:-2]):
        if part in _HOME_PARENTS and i + 2 < len(parts):
            return home.joinpath(*parts[i + 2:])
    return None


def match_folders(wanted: Sequence[BankFolder], candidates: Iterable[Path], titles_of: Callable[[Path], set[str]],
                  bundled: Path, home: Path | None = None) -> list[FolderMatch]:
    """Where each wanted folder is on this computer, if anywhere: by path, then by the titles of its banks."""
    home = home or Path.home()
    pool = [c for c in dict.fromkeys(candidates) if c.is_dir()]
    out = []

    def shared(folder: Path, titles: tuple[str, ...]) -> int:
        return len(titles_of(folder) & set(titles)) if folder.is_dir() else 0

    def holds(folder: Path, titles: tuple[str, ...]) -> bool:
        # at least half the banks: the instructor may have added or renamed one since
        return folder.is_dir() and (not titles or 2 * shared(folder, titles) >= len(titles))

    def best(titles: tuple[str, ...]) -> Path | None:
        scored = [(shared(c, titles), -i, c) for i, c in enumerate(pool)] if titles else []
        top = max(scored, default=None)
        return top[2] if top is not None and 2 * top[0] >= len(titles) and top[0] else None

    for w in wanted:
        if w.bundled:
            out.append(FolderMatch(w, bundled, "the banks shipped with quizapp"))
            continue
        same = Path(w.path)
        guess = _under_home(w.path, home)
        if holds(same, w.titles):
            out.append(FolderMatch(w, same, "at the same place"))
        elif guess is not None and holds(guess, w.titles):
            out.append(FolderMatch(w, guess, "at the same place under your home folder"))
        elif (other := best(w.titles)) is not None:
            out.append(FolderMatch(w, other, "a folder with the same banks"))
        else:
            out.append(FolderMatch(w, None, "copy it to this computer and open it (File > Open question folder), "
                                            "or run again with --banks FOLDER"))
    return out


# --- the folders the app opens (ui.ini) ---------------------------------------------------------------
def _qt_items(value: str) -> list[str]:
    """A QSettings INI value as its list of strings: items split at unquoted commas, "quotes" and \\ escapes."""
    if value.strip() == "@Invalid()":
        return []
    items, current, quoted, i, any_quote = [], [], False, 0, False
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            current.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(nxt, nxt))
            i += 2
            continue
        if ch == '"':
            quoted, any_quote = not quoted, True
        elif ch == "," and not quoted:
            items.append("".join(current) if any_quote else "".join(current).strip())
            current, any_quote = [], False
        elif quoted or ch not in " \t" or current:
            current.append(ch)
        i += 1
    items.append("".join(current) if any_quote else "".join(current).strip())
    return [item[1:] if item.startswith("@@") else item for item in items]  # Qt doubles a leading @


def _qt_value(items: Sequence[str]) -> str:
    """A list of strings as QSettings writes one in an INI file (every item quoted, which Qt reads the same)."""
    if not items:
        return "@Invalid()"
    return ", ".join('"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"' for item in items)


def remembered(data_dir: Path) -> list[Path] | None:
    """The student's own folders the app opens besides the shipped banks, from its UI state file; None if it
    has none (an older app's `banks` entry counts until the app takes it over)."""
    try:
        lines = (data_dir / UI_STATE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    section, found = "General", {}
    for line in lines:
        if line.startswith("[") and line.rstrip().endswith("]"):
            section = line.strip()[1:-1]
        elif section == "General":
            for key in (FOLDERS_KEY, LEGACY_KEY):
                if line.startswith(key + "="):
                    found[key] = [Path(p) for p in _qt_items(line[len(key) + 1:]) if p]
    return found.get(FOLDERS_KEY, found.get(LEGACY_KEY))


def remember(data_dir: Path, folders: Sequence[Path]) -> None:
    """Make `folders` the ones the app opens next time, changing nothing else in its UI state file."""
    target = data_dir / UI_STATE
    try:
        lines = target.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    entry = f"{FOLDERS_KEY}=" + _qt_value([str(f) for f in folders])
    section, done, out = "General", False, []
    for line in lines:
        if line.startswith("[") and line.rstrip().endswith("]"):
            if section == "General" and not done:
                out.append(entry)
                done = True
            section = line.strip()[1:-1]
        if section == "General" and line.startswith((f"{FOLDERS_KEY}=", f"{LEGACY_KEY}=")):
            if not done:
                out.append(entry)
                done = True
            continue
        out.append(line)
    if not done:
        if "[General]" not in (line.strip() for line in out):
            out = ["[General]", entry, *(["", *out] if out else [])]
        else:
            out.append(entry)
    partial = target.with_name(target.name + ".partial")
    partial.write_text("\n".join(out) + "\n", encoding="utf-8")
    partial.replace(target)
