"""Big and hostile files against their bounds: load or refusal time and peak memory, one process each.

    python -m bench.hostile_bench [--mb 50]

Cases: a bank of MB megabytes of ordinary questions (one file), one question whose prompt is that
big, the same size of random bytes, of one line, of nesting; GIFT and CSV imports of that size; a
progress file of that size, well formed and with one bad record at its end (the slower path that
finds the line). Each case runs in a fresh Python process, so its peak RSS (VmHWM) is its own; the
figure includes the interpreter and imports (≈40-60 MiB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEADER = ("title: Big bank\ntopic: big\nsources:\n  src: {title: A source, url: 'https://example.org/'}\n"
          "questions:\n")


def _question(i: int) -> str:
    return (f"  - id: big-{i:07d}\n    type: single_choice\n    prompt: Question {i} about ketamine and the "
            f"NMDA receptor at dose {i % 97} mg?\n    choices:\n      - {{text: right {i}, correct: true}}\n"
            f"      - {{text: wrong {i}, why: Because it is not.}}\n    explanation: Because {i}.\n"
            "    sources: [src]\n    tags: [big]\n    difficulty: 1\n")


def _fill(path: Path, size: int, head: str, item: Callable[[int], str], tail: str = "") -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(head)
        written, i = len(head), 0
        while written < size:
            chunk = "".join(item(i + k) for k in range(1000))
            f.write(chunk)
            written += len(chunk)
            i += 1000
        f.write(tail)


def make_inputs(folder: Path, size: int) -> dict[str, tuple[str, Path]]:
    """Every case's input: {name: (kind, path)}."""
    cases: dict[str, tuple[str, Path]] = {}

    def add(name: str, kind: str, file: str) -> Path:
        path = folder / name.replace(" ", "-") / file
        path.parent.mkdir(parents=True)
        cases[name] = (kind, path)
        return path

    _fill(add("bank of ordinary questions", "bank", "big.yaml"), size, HEADER, _question)
    add("one giant prompt", "bank", "giant.yaml").write_text(
        HEADER + "  - id: giant\n    type: flashcard\n    prompt: " + "ketamine " * (size // 9) +
        "\n    back: b\n    sources: [src]\n", encoding="utf-8")
    add("random bytes", "bank", "random.yaml").write_bytes(os.urandom(size))
    add("one line", "bank", "line.yaml").write_text("title: " + "x" * size + "\n", encoding="utf-8")
    add("nesting", "bank", "nested.yaml").write_text("a: " + "[" * (size // 2) + "]" * (size // 2) + "\n",
                                                     encoding="utf-8")
    _fill(add("GIFT import", "import", "big.gift"), size, "",
          lambda i: f"::Q{i}:: Which receptor does ketamine block ({i})? {{=NMDA ~GABA ~opioid}}\n\n")
    _fill(add("CSV import", "import", "big.csv"), size, "type,prompt,answer,choices\n",
          lambda i: f"single_choice,Which receptor ({i})?,NMDA,NMDA|GABA|opioid\n")
    record = ('  {\n   "question_id": "q%07d",\n   "reviewed_at": 1741000000,\n   "rating": 3,\n   "score": 1.0,\n'
              '   "response": "true",\n   "duration_ms": 4000,\n   "confident": null,\n   "state_before": 2,\n'
              '   "card_before": "{}"\n  },\n')
    head = '{\n "format": "quizapp-progress",\n "version": 1,\n "review_log": [\n'
    last = (record % 0).rstrip(",\n") + "\n ]\n}\n"
    _fill(add("progress file", "progress", "p.json"), size, head, lambda i: record % i, last)
    _fill(add("progress file, bad last record", "progress", "bad.json"), size, head, lambda i: record % i,
          last.replace('"rating": 3', '"rating": 7'))
    return cases


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one(kind: str, path: str) -> None:
    """Run one case in this (fresh) process and print its figures as JSON."""
    source = Path(path)
    start = time.perf_counter()
    if kind == "bank":
        from quizapp.bank.loader import load_banks

        result = load_banks([source])
        outcome = f"{len(result.questions):,} questions" + (f"; {result.errors[0].message}" if result.errors else "")
    elif kind == "import":
        from quizapp.bank.formats.base import FormatError
        from quizapp.bank.formats.importing import import_file

        try:
            report = import_file(source, source.parent / "out" / "bank.yaml")
            outcome = f"{len(report.added):,} questions written"
        except FormatError as exc:
            outcome = str(exc).split("\n")[0]
    else:
        from quizapp.store.transfer import TransferError, read_progress

        try:
            data = read_progress(source)
            outcome = f"{len(data['review_log']):,} reviews read"
        except TransferError as exc:
            outcome = exc.message.split("\n")[1]
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mib": _peak_mib(), "outcome": outcome}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of each input (default 50)")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return
    size = int(args.mb * 2**20)
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_inputs(Path(tmp), size)
        print(f"| case ({args.mb:g} MB) | seconds | peak MiB | outcome |\n|---|---:|---:|---|")
        for name, (kind, path) in cases.items():
            done = subprocess.run([sys.executable, "-m", "bench.hostile_bench", "--one", kind, str(path)],
                                  capture_output=True, text=True, cwd=root, timeout=1800)
            if done.returncode:
                print(f"| {name} | – | – | crashed: {done.stderr.strip().splitlines()[-1]} |")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            outcome = r["outcome"].replace(tmp, "…").replace("|", "/")
            print(f"| {name} | {r['seconds']:.2f} | {r['peak_mib']:.0f} | {outcome[:110]} |", flush=True)


if __name__ == "__main__":
    main()
