"""The desktop files are valid for the freedesktop tools, and --install-desktop-entry puts them where menus look."""

from __future__ import annotations

import os
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import paths
from quizapp.desktop import APP_ID

RESOURCES = paths.resources_dir()
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # scripts/bootstrap.sh --test installs both (Debian: desktop-file-utils, appstream)
        pytest.skip(f"{name} is not installed")
    return found


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_shipped_desktop_file_and_metainfo_validate() -> None:
    entry = RESOURCES / "desktop" / f"{APP_ID}.desktop"
    done = subprocess.run([_tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout
    metainfo = RESOURCES / "desktop" / f"{APP_ID}.metainfo.xml"
    done = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(metainfo)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = metainfo.read_text(encoding="utf-8")
    assert "<screenshot type=\"default\">" in text and "<release version=" in text


def test_icons_have_every_hicolor_size() -> None:
    hicolor = RESOURCES / "icons" / "hicolor"
    for n in SIZES:
        assert _png_size(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png") == (n, n)
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_install_desktop_entry_for_the_current_user(tmp_path: Path) -> None:
    home, share = tmp_path / "home", tmp_path / "share"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(share)}
    done = subprocess.run([sys.executable, "-m", "quizapp", "--install-desktop-entry"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert str(entry) in done.stdout
    for n in SIZES:
        assert _png_size(share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png") == (n, n)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert not any(home.iterdir())  # XDG_DATA_HOME was honoured: nothing under ~/.local/share
    checked = subprocess.run([_tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    # The menu entry starts this installation: its Exec line, run as the desktop would, is quizapp.
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    started = subprocess.run([*shlex.split(exec_line[5:]), "--version"], env=env, cwd="/", capture_output=True,
                             text=True, timeout=60)
    assert started.stdout.strip().startswith("quizapp "), started.stderr
