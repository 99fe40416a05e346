"""Crash logs: an error nobody foresaw is written, with its traceback, to a file; the user reads one sentence.

The command line (`quizapp.cli.main`) and the window (`quizapp.ui.crash_dialog`) both end here for any
exception that is not one of the errors written for the user (a StoreError, a bad file): no traceback
ever reaches the screen, and the log says everything a bug report needs. Logs go to the data folder's
`crash-logs/`, or to the system's temporary folder when the data folder cannot be written.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from quizapp import __version__

SENTENCE = "quizapp stopped on an unexpected problem (a bug in quizapp, not something you did)"
EXIT_CODE = 70  # EX_SOFTWARE: an internal software error (sysexits.h)
LOG_FOLDER = "crash-logs"
KEEP = 30  # the newest logs kept in a folder; older ones are removed when a new one is written


def user_message(exc: BaseException) -> str | None:
    """The sentence for failures the user can act on (progress store, files, disk); None for a bug."""
    errors = sys.modules.get("quizapp.store.errors")  # loaded only if the store was opened
    if errors is not None and isinstance(exc, errors.StoreError):
        return exc.message
    if isinstance(exc, OSError):
        return f"cannot use {exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)
    missing = missing_library(exc)
    if missing is not None:
        return (f"the library '{missing}' that quizapp needs is not installed for {sys.executable}: install "
                "quizapp into it (pip install ., or bash scripts/run-app in a checkout), or start the "
                "quizapp that is installed (e.g. .venv/bin/quizapp)")
    return None


def missing_library(exc: BaseException) -> str | None:
    """The top-level name of a library that failed to import (run from a checkout with a Python that lacks
    quizapp's dependencies, say); None for anything else, including a quizapp module of its own."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.split(".")[0]
    return None if top == "quizapp" else top


def details(exc: BaseException, context: str = "") -> str:
    """What a log holds: when, which quizapp and Python, where it happened, and the traceback."""
    formatted = getattr(exc, "formatted", None)  # a worker thread's traceback, taken where it was raised
    trace = formatted or "".join(traceback.format_exception(exc))
    lines = [f"quizapp {__version__} crash log, {datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}",
             f"Python {sys.version.split()[0]} on {platform.platform()}",
             f"command: {' '.join(sys.argv)}"]
    if context:
        lines.append(f"while: {context}")
    return "\n".join(lines) + "\n\n" + trace


def _folders(data_dir: Path | None) -> list[Path]:
    folders = [data_dir / LOG_FOLDER] if data_dir is not None else []
    return [*folders, Path(tempfile.gettempdir()) / "quizapp-crash-logs"]


def write_log(exc: BaseException, data_dir: Path | None, context: str = "") -> Path | None:
    """Write the crash log; its path, or None when no folder (not even the temporary one) takes it."""
    text = details(exc, context)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    for folder in _folders(data_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(1, 100):
                path = folder / (f"crash-{stamp}.log" if n == 1 else f"crash-{stamp}-{n}.log")
                try:
                    with open(path, "x", encoding="utf-8") as f:  # never over another crash's log
                        f.write(text)
                except FileExistsError:
                    continue
                _prune(folder)
                return path
        except OSError:
            continue  # a read-only, full or missing data folder: the next place
    return None


def _prune(folder: Path) -> None:
    logs = sorted(folder.glob("crash-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in logs[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def message(log: Path | None) -> str:
    """The one line the command line prints."""
    where = f"the details for a bug report are in {log}" if log else "no crash log could be written"
    return f"{SENTENCE}; {where}"
