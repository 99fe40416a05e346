"""Bank loading benchmark: cold (no cache), first load writing the cache, and warm (cache) load times,
full and lazy, with peak memory, for a synthetic bank set. Each measurement runs in a fresh process.
Helper processes parse big loads on every core (QUIZAPP_PARSE_HELPERS=0 measures one process alone).

    python -m bench.bank_load --questions 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import peak_mib
from bench.quizapp_side import helper_peaks
from bench.synthetic import make_banks


def _one(folder: str, cache: str | None, lazy: bool) -> None:
    from quizapp.bank.loader import load_banks

    helpers: list[float] = []
    start = time.perf_counter()
    with helper_peaks(helpers):
        result = load_banks([Path(folder)], cache_dir=Path(cache) if cache else None, lazy=lazy)
    elapsed = time.perf_counter() - start
    peak = peak_mib() + helpers[0]  # VmHWM (ru_maxrss would include the parent's size), and the helpers
    print(json.dumps({"seconds": elapsed, "peak_mib": peak, "questions": len(result.questions),
                      "errors": len(result.errors)}))


def _run(folder: Path, cache: Path | None, lazy: bool = False) -> dict:
    args = [sys.executable, "-m", "bench.bank_load", "--one", str(folder)]
    if cache:
        args += ["--cache", str(cache)]
    if lazy:
        args.append("--lazy")
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--lazy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one, args.cache, args.lazy)
        return
    work = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    try:
        folder = make_banks(work / "banks", args.questions)
        size_mb = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1e6
        rows = {"cold (no cache)": [], "first load, writing cache": [], "warm (cache)": [],
                "warm, lazy (as the app loads)": []}
        for _ in range(args.repeat):
            rows["cold (no cache)"].append(_run(folder, None))
            cache = work / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            rows["first load, writing cache"].append(_run(folder, cache))
            rows["warm (cache)"].append(_run(folder, cache))
            rows["warm, lazy (as the app loads)"].append(_run(folder, cache, lazy=True))
        print(f"{args.questions} questions, {size_mb:.1f} MB of YAML, {args.repeat} repeats (fresh process each)")
        print(f"{'scenario':30} {'min s':>8} {'median s':>9} {'peak MiB':>9}")
        for name, runs in rows.items():
            secs = [r["seconds"] for r in runs]
            peak = max(r["peak_mib"] for r in runs)
            assert all(r["questions"] == args.questions and r["errors"] == 0 for r in runs), runs
            print(f"{name:30} {min(secs):8.2f} {statistics.median(secs):9.2f} {peak:9.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
