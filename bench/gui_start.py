"""Desktop app start-up: process spawn to first paint and to the first paint of the filled home screen,
and how long the GUI thread was ever blocked meanwhile, with the shipped banks and a large synthetic bank.

    python -m bench.gui_start [--repeat 5] [--questions 100000]

Each run is a fresh `python -m quizapp` process drawing on a real X server (Xvfb, QT_QPA_PLATFORM=xcb):
the one in $DISPLAY when set (e.g. under `xvfb-run -a`), else an Xvfb started once for all runs, so its
own start-up is not timed. The app prints marker lines when $QUIZAPP_STARTUP_MARKER is set
(quizapp/ui/probe.py): `home-painted` comes from the paint event of the home screen holding the loaded
banks and counts. "cold" = a new data folder (no progress database, no bank cache); "warm" = the same
folder again.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import peak_mib
from bench.synthetic import make_banks

ROOT = Path(__file__).resolve().parent.parent


_xvfb: subprocess.Popen | None = None
_display: str | None = None
END = "home-painted"


def display() -> str:
    """An X display to draw on: $DISPLAY, else an Xvfb of our own (started once, stopped at exit)."""
    global _xvfb, _display
    if _display is None:
        if os.environ.get("DISPLAY"):
            _display = os.environ["DISPLAY"]
        else:
            read, write = os.pipe()
            # -noreset: by default an X server resets when its last client leaves, and an app started in
            # that moment cannot connect ("could not connect to display"), which failed one run in CI.
            _xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                      "-nolisten", "tcp", "-noreset"], pass_fds=(write,), stderr=subprocess.DEVNULL)
            os.close(write)
            with os.fdopen(read) as f:
                _display = ":" + f.readline().strip()  # written once the server accepts clients
            atexit.register(_stop_xvfb)
    return _display


def _stop_xvfb() -> None:
    if _xvfb is not None:
        _xvfb.terminate()
        _reap(_xvfb)


def one_start(data_dir: Path, banks: Path, timeout_s: float) -> dict[str, float]:
    """Spawn the app, wait for its home-painted marker, stop it; seconds from spawn, the stalls, peak memory."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display(), "QUIZAPP_STARTUP_MARKER": "1"}
    cmd = [sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), "--no-shipped-banks", "--banks", str(banks)]
    with tempfile.TemporaryFile(mode="w+") as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
        seen: dict[str, float] = {}
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if time.perf_counter() - started > timeout_s:
                    raise TimeoutError(f"no {END} marker within {timeout_s} s")
                parts = line.split()
                if len(parts) >= 5 and parts[0] == "quizapp-marker":
                    name = parts[1]
                    seen[name] = time.perf_counter() - started
                    seen[f"{name}-stall-ms"] = float(parts[4])
                    if name == END:
                        break
        finally:
            seen["peak-mib"] = peak_mib(proc.pid)  # while it runs: after exit only ru_maxrss is left
            proc.terminate()
            _reap(proc)
        if END not in seen:
            errors.seek(0)
            raise RuntimeError(f"the app exited before its home screen was ready:\n{errors.read()[-3000:]}")
    return seen


def _reap(proc: subprocess.Popen) -> None:
    """Wait for the stopped app, killing it after 10 s."""
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def scenario(name: str, banks: Path, repeat: int, timeout_s: float) -> None:
    cold, warm = [], []
    for _ in range(repeat):
        data = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
        try:
            cold.append(one_start(data, banks, timeout_s))
            warm.append(one_start(data, banks, timeout_s))
        finally:
            shutil.rmtree(data, ignore_errors=True)
    for label, runs in (("cold", cold), ("warm", warm)):
        def med(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        worst_stall = max(r[f"{END}-stall-ms"] for r in runs)
        print(f"{name:<28} {label:<4}  first paint {med('first-paint') * 1000:7.0f} ms   "
              f"home painted {med(END) * 1000:8.0f} ms   "
              f"longest GUI-thread block after first paint {worst_stall:6.1f} ms (worst of {len(runs)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario (median reported)")
    parser.add_argument("--questions", type=int, default=100_000, help="size of the synthetic bank (0 = skip)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; medians of {args.repeat} runs")
    scenario("shipped banks (questions/)", ROOT / "questions", args.repeat, 60)
    if args.questions:
        with tempfile.TemporaryDirectory(prefix="quizapp-synthetic-") as tmp:
            folder = make_banks(Path(tmp) / "banks", args.questions)
            scenario(f"synthetic, {args.questions:,} questions", folder, max(1, min(args.repeat, 3)), 600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
