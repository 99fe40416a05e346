"""What both sides of the Anki comparison share: the work folder's layout, the ratings given, peak memory."""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ANSWER_SEED = 3
DECK = "bench"  # Anki: topics are its sub-decks, so studying it covers every topic like a quizapp session
MASTERS = ("history", "due", "new")  # mixed history; every studied card due (no new); only new cards


@dataclass(frozen=True)
class Layout:
    """Where one size's inputs live: the banks, their warm cache, and each app's prepared collections."""

    root: Path

    @property
    def banks(self) -> Path:
        return self.root / "banks"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def quizapp(self, master: str) -> Path:
        """A quizapp data folder (progress database and its backups)."""
        return self.root / "quizapp" / master

    def anki(self, master: str) -> Path:
        """An Anki collection file."""
        return self.root / "anki" / master / "collection.anki2"

    def anki_text(self) -> Path:
        """The notes as a text file for Anki's importer (its ForeignData JSON)."""
        return self.root / "anki" / "notes.json"

    def run(self, app: str) -> Path:
        """A scratch copy for a run that writes (answers)."""
        return self.root / "run" / app


def ratings(n: int) -> list[int]:
    """The ratings both apps are given, in order: mostly Good, some Again, Hard and Easy (1..4)."""
    rng = random.Random(ANSWER_SEED)
    return rng.choices([1, 2, 3, 4], weights=[15, 10, 65, 10], k=n)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def answer_figures(per_ms: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 of next+answer times, and how many were timed."""
    if not per_ms:
        return {"answers": 0}
    return {"p50_ms": percentile(per_ms, 0.50), "p95_ms": percentile(per_ms, 0.95),
            "p99_ms": percentile(per_ms, 0.99), "answers": len(per_ms)}


def peak_mib(pid: int | str = "self") -> float:
    """Peak resident memory of a live process, in MiB: VmHWM of its own address space.

    Not getrusage's ru_maxrss: Linux carries that over from the parent through fork and exec, so a
    child started by a big parent reports at least the parent's size.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if pid == "self" else 0.0


def child_args(description: str, scenarios: Sequence[str], data_help: str) -> argparse.Namespace:
    """The arguments bench/harness.py gives a scenario child: the same for quizapp's side and Anki's."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("scenario", choices=scenarios)
    p.add_argument("--root", type=Path, required=True, help="the size's work folder (see bench.common.Layout)")
    p.add_argument("--data", type=Path, help=data_help)
    p.add_argument("--size", type=int, default=0, help="question count (quizapp reads it from the banks)")
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--reviews", type=int, default=1_000_000)
    p.add_argument("--now", type=int, default=int(time.time()))
    return p.parse_args()


def emit(figures: dict) -> None:
    """The child's result: one JSON line, last on stdout, with the process's peak memory (plus that of
    any parse helpers it started, sampled while they ran: `helpers_peak_mib`)."""
    print(json.dumps({**figures, "peak_mib": peak_mib() + figures.get("helpers_peak_mib", 0.0)}), flush=True)
    sys.stdout.flush()


def child(module: str, *args: str, timeout: float = 3600) -> dict:
    """Run `python -m bench.<module> ...` in a fresh process; its last stdout line is the JSON result."""
    out = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=timeout, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"bench.{module} {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
