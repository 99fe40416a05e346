"""Running the comparison: prepared inputs per size, each scenario in fresh processes, min/median of repeats."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import gui_start
from bench.common import Layout, child
from bench.store_bench import _settle
from bench.synthetic import make_banks

ROOT = Path(__file__).resolve().parent.parent
SECONDS = ("seconds",)
PERCENTILES = ("p50_ms", "p95_ms", "p99_ms")


@dataclass(frozen=True)
class Scenario:
    """One line of work, done by both apps (or by quizapp alone when `anki` is None)."""

    key: str
    label: str
    quizapp: tuple[str, ...]
    anki: tuple[str, ...] | None
    metrics: tuple[str, ...] = SECONDS
    scratch: str | None = None  # master copied to a scratch folder before each run ("" = an empty folder)
    anki_from: str | None = None  # reuse another scenario's Anki runs (same work on Anki's side)


DURABLE = ("both synchronous=FULL, WAL, autocheckpoint 1,000 pages, each answer committed before the next is "
           "shown; untimed after each answer, as the app does on its database worker while the feedback is read: "
           "quizapp flushes the WAL every 16th answer (PASSIVE checkpoint + log restart) and reads the text of the "
           "questions that can come next")
SCENARIOS = (
    Scenario("import", "import the bank loader and study layer | import anki.collection", ("import",), ("import",)),
    Scenario("load-cold", "banks parsed from YAML text (no cache) and synced into a new store, one transaction | "
             "a new collection, the same notes imported from a text file by Anki's own importer "
             "(import_json_file: decks made, notes added one by one in the Rust core, one transaction)",
             ("load-cold",), ("load-text",), scratch=""),
    Scenario("open", "open the store | open the collection (a later start of the day)", ("open",), ("open",)),
    Scenario("load-warm", "a later start: open the store, banks from the cache (lazily, as the app loads), "
             "bank sync against a store that holds them | open the collection",
             ("load-warm",), None, anki_from="open"),
    Scenario("first-card", "a later start to the first question: open, banks from the cache + bank sync, "
             "today's session, first question with its button intervals | open, get_queued_cards",
             ("first-card",), ("first-card",)),
    Scenario("answers-due", "2,000 x answer + next question with its intervals, every studied card due | "
             f"answer_card + get_queued_cards; {DURABLE}", ("answers",), ("answers",), PERCENTILES, scratch="due"),
    Scenario("answers-new", "2,000 x answer + next question with its intervals, only new cards | "
             f"answer_card + get_queued_cards; {DURABLE}", ("answers",), ("answers",), PERCENTILES, scratch="new"),
    Scenario("home", "everything the home screen computes: counts per topic and per tag, weak topics, today's "
             "work | deck_due_tree + studied_today (Anki's deck list)", ("home",), ("home",)),
    Scenario("first-start-of-day", "first start of a day, as the app opens: open and the home screen's numbers "
             "(time), then the integrity check and the daily backup, which the app runs after its first paint "
             "off the GUI thread, writes waiting for the check (total) | open, deck_due_tree + studied_today "
             "(time), then create_backup, forced and waited for (total); Anki checks no integrity on open",
             ("first-start-of-day",), ("first-start-of-day",), ("seconds", "total_s"), scratch="history"),
    Scenario("stats", "statistics window numbers, last year | graphs (statistics screen), last year",
             ("stats",), ("stats",)),
)


@dataclass
class Runs:
    """Every run's figures of one scenario for one app."""

    figures: list[dict] = field(default_factory=list)

    def summary(self, metrics: tuple[str, ...]) -> dict:
        out: dict = {"runs": len(self.figures),
                     "peak_mib": max((f["peak_mib"] for f in self.figures), default=None)}
        if any("answers" in f for f in self.figures):
            out["answers"] = min(f.get("answers", 0) for f in self.figures)  # fewest timed in any run
        for m in metrics:
            values = [f[m] for f in self.figures if m in f]
            out[m] = {"min": min(values), "median": statistics.median(values)} if values else None
        return out


def prepare(layout: Layout, size: int, reviews: int, now: int, log: Callable[[str], None]) -> None:
    """Banks, bank cache and both apps' collections for one size (kept when already there)."""
    if (layout.root / "ready").exists():
        log(f"{size:,} questions: reusing {layout.root}")
        return
    shutil.rmtree(layout.root, ignore_errors=True)
    t = time.perf_counter()
    make_banks(layout.banks, size)
    common = ("--root", str(layout.root), "--reviews", str(reviews), "--now", str(now))
    built = child("quizapp_side", "build", *common)
    anki = child("anki_side", "build", *common, "--size", str(size))
    (layout.root / "ready").write_text(json.dumps({"quizapp": built, "anki": anki}))
    log(f"{size:,} questions, {reviews:,} review rows: built in {time.perf_counter() - t:.0f} s")


def _scratch(layout: Layout, app: str, master: str) -> Path:
    """A fresh copy of a master collection (or an empty folder), flushed to disk so the run does not pay for it."""
    run = layout.run(app)
    shutil.rmtree(run, ignore_errors=True)
    if not master:
        return run
    if app == "quizapp":
        shutil.copytree(layout.quizapp(master), run)
        _settle(run)
        return run
    run.mkdir(parents=True)
    target = run / "collection.anki2"
    shutil.copy2(layout.anki(master), target)
    _settle(run)
    return target


def run_scenario(s: Scenario, layout: Layout, size: int, repeat: int, iterations: int) -> dict[str, Runs]:
    """Both apps, alternating, `repeat` times each; every run a fresh process."""
    runs = {"quizapp": Runs(), "anki": Runs()}
    for _ in range(repeat):
        for app, args in (("quizapp", s.quizapp), ("anki", s.anki)):
            if args is None:
                continue
            extra = ["--root", str(layout.root), "--iterations", str(iterations), "--size", str(size)]
            if s.scratch is not None:
                extra += ["--data", str(_scratch(layout, app, s.scratch))]
            runs[app].figures.append(child(f"{app}_side", *args, *extra))
    shutil.rmtree(layout.root / "run", ignore_errors=True)
    return runs


def gui_runs(banks: Path, data: Path, repeat: int, first_run: bool) -> Runs:
    """Spawn to a filled home screen (bench/gui_start.py). first_run: a new data folder each time."""
    runs = Runs()
    if not first_run and not data.exists():
        gui_start.one_start(data, banks, timeout_s=900)  # the first start fills the store and the bank cache
    for _ in range(repeat):
        if first_run:
            shutil.rmtree(data, ignore_errors=True)
        seen = gui_start.one_start(data, banks, timeout_s=900)
        runs.figures.append({"home_painted_s": seen[gui_start.END], "first_paint_s": seen["first-paint"],
                             "peak_mib": seen["peak-mib"]})
    return runs


def machine() -> dict:
    """nproc, CPU model, RAM, versions: where the figures come from."""
    import importlib.metadata as md

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                            check=False).stdout.strip()
    changed = subprocess.run(["git", "status", "--porcelain", "--", "quizapp"], capture_output=True, text=True,
                             cwd=ROOT, check=False).stdout.split("\n")
    if any(line.strip() for line in changed):  # the figures are of the working tree, not of the commit alone
        commit += "+uncommitted"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 2**20, 1),
            "python": sys.version.split()[0], "anki": md.version("anki"), "quizapp_commit": commit,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
