"""Without a display the app says so in one sentence and exits 2, instead of Qt's messages and an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.ui import display

SENTENCE = "no graphical display found; start it from a desktop session or under xvfb-run"


def _start(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update(extra)
    return subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data")], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_no_display_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    done = _start(tmp_path)
    assert done.returncode == 2, done.stderr  # not -6 (SIGABRT): no core dump
    lines = done.stderr.splitlines()
    assert lines[0] == f"error: {SENTENCE}"
    # A second line only when Qt's X11 plugin would also lack libraries, naming their Debian packages.
    assert lines[1:] == ([f"error: the window also needs these Debian packages: sudo apt-get install "
                          f"{' '.join(display.missing_packages())}"] if display.missing_packages() else [])
    assert "qt.qpa" not in done.stderr and "Traceback" not in done.stderr and done.stdout == ""


def test_a_display_nobody_answers_on(tmp_path: Path) -> None:
    done = _start(tmp_path, DISPLAY=":917")
    assert done.returncode == 2, done.stderr
    assert "qt.qpa" not in done.stderr and "Traceback" not in done.stderr
    assert (SENTENCE in done.stderr) != bool(display.missing_packages())  # a missing library is named first


def test_missing_libraries_are_named_by_their_debian_package() -> None:
    found = display.missing_packages({"libc.so.6": "libc6", "libquizapp-absent.so.7": "libquizapp-absent7",
                                      "libquizapp-absent.so.8": "libquizapp-absent7"})
    assert found == ["libquizapp-absent7"]


def test_headless_platforms_and_wayland_need_no_check() -> None:
    assert display.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display.problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert display.problem({})  # neither X11 nor Wayland: the sentence
