"""Desktop integration: the app's id, and installing its menu entry, icons and AppStream metainfo for one user."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from quizapp import paths

# Reverse-DNS id shared by the .desktop file, the icon name, the AppStream component and Qt's
# desktopFileName (which lets the desktop match the running window to its menu entry).
APP_ID = "io.github.quizapp.QuizApp"


def data_home(environ: dict[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (the XDG Base Directory default)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    # The spec: a relative value is invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> str:
    """How the desktop starts this very installation: the bundle's executable, the `quizapp` script of
    this environment (venv, pipx), or this Python with -m quizapp."""
    if getattr(sys, "frozen", False):
        argv = [sys.executable]
    else:
        # Not resolved: pipx's ~/.local/bin/quizapp is a link that survives `pipx reinstall`.
        script = Path(os.path.abspath(sys.argv[0])) if sys.argv and sys.argv[0] else None
        if script is not None and script.name == "quizapp" and os.access(script, os.X_OK):
            argv = [str(script)]
        elif (Path(sys.executable).parent / "quizapp").is_file():
            argv = [str(Path(sys.executable).parent / "quizapp")]
        else:
            argv = [sys.executable, "-m", "quizapp"]
    # The Desktop Entry spec quotes arguments with double quotes; shlex's single quotes are not allowed.
    return " ".join(f'"{a}"' if a != shlex.quote(a) else a for a in argv)


def desktop_entry(command: str) -> str:
    """The shipped .desktop file with Exec/TryExec pointing at `command`."""
    text = (paths.resources_dir() / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    program = command.split('"')[1] if command.startswith('"') else command.split()[0]
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={command}"
        elif line.startswith("TryExec="):
            line = f"TryExec={program}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(target: Path | None = None) -> list[Path]:
    """Write the menu entry, the icons (every hicolor size) and the metainfo under `target` (the XDG data
    home by default); returns the files written."""
    root = target or data_home()
    resources = paths.resources_dir()
    written: list[Path] = []

    def put(data: bytes, dest: Path) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)  # a menu that lists the app never sees half a file
        written.append(dest)

    put(desktop_entry(launch_command()).encode(), root / "applications" / f"{APP_ID}.desktop")
    icons = resources / "icons" / "hicolor"
    for icon in sorted(icons.glob(f"*/apps/{APP_ID}.*")):
        put(icon.read_bytes(), root / "icons" / "hicolor" / icon.relative_to(icons))
    put((resources / "desktop" / f"{APP_ID}.metainfo.xml").read_bytes(), root / "metainfo" / f"{APP_ID}.metainfo.xml")
    # The menu's MIME cache, where the tool exists; icon themes notice the new files by themselves (a
    # user's hicolor folder has no index.theme, so gtk-update-icon-cache would refuse it anyway).
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, "-q", str(root / "applications")], check=False, capture_output=True, timeout=30)
    return written
