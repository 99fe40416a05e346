"""Opening a bank file at a question's line: $VISUAL (or $EDITOR) as `EDITOR +LINE FILE`, else the desktop's
default application for the file (which cannot be told the line)."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from quizapp.ui.i18n import tr


def editor_command(file: str, line: int | None, env: Mapping[str, str] = os.environ) -> list[str] | None:
    """The command that opens `file` at `line` in the user's editor, or None when no editor is set."""
    editor = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    if not editor:
        return None
    try:
        words = shlex.split(editor)
    except ValueError:  # unbalanced quotes: take it as one program name
        words = [editor]
    return [*words, *([f"+{line}"] if line else []), file]


def launch(command: list[str]) -> None:
    """Start the editor on its own, not tied to quizapp's terminal or lifetime (tests replace this)."""
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def open_desktop(file: str) -> bool:
    """The desktop's default application for the file (tests replace this too)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(file))


def open_at(file: str | None, line: int | None) -> str:
    """Open the file at the line; '' when that worked, else one sentence saying why not."""
    if not file:
        return tr("This question is not in the open banks, so there is no file to open.")
    path = Path(file).resolve()  # bank files are named as the banks were opened, maybe relative
    if not path.is_file():
        return tr("{} is not there any more.").format(file)
    command = editor_command(str(path), line)
    if command is not None:
        try:
            launch(command)
        except OSError as exc:
            return tr("Could not start the editor {}: {}").format(command[0], exc.strerror or exc)
        return ""
    if open_desktop(str(path)):
        return ""
    return tr("No application opens {}; set $VISUAL or $EDITOR to your editor.").format(path.name)
