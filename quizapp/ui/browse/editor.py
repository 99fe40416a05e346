"""Opening a bank file at a question's line: the user's editor ($VISUAL, else $EDITOR) with +LINE, else the
desktop's default application for the file."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def editor_command(path: Path, line: int, env: Mapping[str, str] | None = None) -> list[str] | None:
    """The command that opens `path` at `line` in the user's editor, or None when none is set."""
    env = os.environ if env is None else env
    editor = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    if not editor:
        return None
    try:
        words = shlex.split(editor)
    except ValueError:
        return None
    return [*words, f"+{max(1, line)}", str(path)] if words else None


def open_at_line(path: Path, line: int, env: Mapping[str, str] | None = None) -> str:
    """Open the file; returns how ("editor" or "desktop"). OSError if the file or the editor cannot be used."""
    if not path.is_file():
        raise FileNotFoundError(2, "No such file", str(path))
    command = editor_command(path, line, env)
    if command is not None:
        # Detached and without our standard streams: the editor outlives nothing of ours.
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
        return "editor"
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.resolve()))):
        raise OSError(f"no application opens {path}")
    return "desktop"
