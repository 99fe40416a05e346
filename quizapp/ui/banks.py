"""Loading banks for the window and reloading them: what changed, and last good questions kept on errors.

No widgets here, so it runs on a worker thread and is tested without a window.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank.cache import BankCache
from quizapp.bank.lazy import QuestionStore, heads
from quizapp.bank.loader import BANK_SUFFIXES, LoadResult, all_cached, load_banks
from quizapp.bank.model import Bank, Question
from quizapp.bank.tags import is_authoring_tag
from quizapp.ui.i18n import tr


@dataclass(frozen=True, slots=True)
class ReloadSummary:
    """What a reload changed, by question id; `kept` are files whose errors kept their last good version."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.kept)

    def text(self) -> str:
        line = tr("Banks reloaded: {} added, {} changed, {} removed.").format(
            len(self.added), len(self.changed), len(self.removed))
        if self.kept:
            line += " " + tr("{} has errors; its last good questions are kept.").format(", ".join(self.kept))
        return line


@dataclass(slots=True)
class Loaded:
    """A load as the window sees it: the merged result and the folders its files came from."""

    result: LoadResult
    paths: list[Path] = field(default_factory=list)
    summary: ReloadSummary | None = None
    tag_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic -> its tags
    titles: dict[str, str] = field(default_factory=dict)  # topic -> its title (LoadResult.topic_titles)

    def __post_init__(self) -> None:
        """Walk the questions once here, on the worker, rather than each time the home screen counts."""
        tags: dict[str, set[str]] = {}
        for q in heads(self.result.questions).values():
            tags.setdefault(q.topic, set()).update(t for t in q.tags if not is_authoring_tag(t))
        self.tag_names = {topic: tuple(sorted(names)) for topic, names in tags.items()}
        self.titles.update(self.result.topic_titles())

    def root_of(self, question: Question) -> Path | None:
        """The bank folder of a question: the only place its images may be read from."""
        for path in self.paths:
            folder = path if path.is_dir() else path.parent
            if question.image and Path(question.image).resolve().is_relative_to(folder.resolve()):
                return folder
        return self.paths[0] if self.paths and self.paths[0].is_dir() else None


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a big load is built, and none over its objects afterwards.

    A full collection walks every live object while holding the GIL: with 100,000 questions loaded
    that is a few hundred milliseconds in which the window cannot repaint, whichever thread started
    it. Loaded questions hold no reference cycles (reference counting frees them when a reload
    replaces them), so they are moved out of the collector's sight with gc.freeze().
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


BIG_LOAD_BYTES = 8 * 1024 * 1024  # about 10,000 questions of YAML
_PRIME = "import gc, sys; gc.disable(); from pathlib import Path; from quizapp.bank.loader import load_banks; " \
         "load_banks([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), lazy=True)"  # lazy: it decodes no text


def bank_bytes(paths: Sequence[Path]) -> int:
    """Total size of the bank files under `paths` (a stat per file, no reading)."""
    total = 0
    for path in paths:
        files = path.iterdir() if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.suffix in BANK_SUFFIXES and f.is_file())
    return total


def prime_cache_in_child(paths: Sequence[Path], cache_dir: Path) -> None:
    """Parse big banks in a child process, which fills the bank cache that the load then reads.

    Parsing YAML spends long stretches in C code holding the GIL (scanning, and freeing each file's
    parse tree at once): in-process, with 100,000 questions, that stalls the window for 100-300 ms at a
    time. Reading the cache does not. A failed child costs nothing but time: the load parses itself.
    """
    if getattr(sys, "frozen", False):  # the bundle's executable is quizapp itself, not a Python that takes -c
        return
    cmd = [sys.executable, "-c", _PRIME, str(cache_dir), *map(str, paths)]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def load(paths: Sequence[Path], cache_dir: Path | None, previous: LoadResult | None = None) -> Loaded:
    """Load `paths`; with a `previous` load, keep last good banks of files that now have errors."""
    if cache_dir is not None and bank_bytes(paths) > BIG_LOAD_BYTES and not all_cached(paths, cache_dir):
        prime_cache_in_child(paths, cache_dir)
    with collector_paused():
        return _load(paths, cache_dir, previous)


def _load(paths: Sequence[Path], cache_dir: Path | None, previous: LoadResult | None) -> Loaded:
    fresh = load_banks(paths, cache_dir, lazy=True)
    if previous is None:
        if cache_dir is not None:
            # Only at the first load: later, a running session may still read text from older entries.
            BankCache(cache_dir).prune(fresh.cache_keys)
        return Loaded(fresh, list(paths))
    merged, kept = _keep_last_good(previous, fresh)
    return Loaded(merged, list(paths), diff(previous, merged, kept))


def _keep_last_good(previous: LoadResult, fresh: LoadResult) -> tuple[LoadResult, tuple[str, ...]]:
    broken = {p.file for p in fresh.errors}
    old_banks = {b.path: b for b in previous.banks}
    banks: list[Bank] = []
    kept: list[str] = []
    seen: set[str] = set()
    for bank in fresh.banks:
        seen.add(bank.path)
        old = old_banks.get(bank.path)
        if bank.path in broken and old is not None and old.questions:
            banks.append(old)
            kept.append(bank.path)
        else:
            banks.append(bank)
    for path, old in old_banks.items():  # a file that no longer parses at all still exists on disk
        if path not in seen and path in broken and Path(path).exists() and old.questions:
            banks.append(old)
            kept.append(path)
    if not kept:
        return fresh, ()
    questions = QuestionStore()  # full questions or heads, as each bank was loaded
    for bank in banks:
        for q in bank.questions:
            questions.add(q)
    merged = LoadResult(banks=banks, questions=questions, sources={**previous.sources, **fresh.sources},
                        problems=fresh.problems, files=fresh.files, cache_keys=fresh.cache_keys)
    return merged, tuple(kept)


def diff(before: LoadResult, after: LoadResult, kept: tuple[str, ...] = ()) -> ReloadSummary:
    old, new = heads(before.questions), heads(after.questions)
    return ReloadSummary(
        added=tuple(sorted(new.keys() - old.keys())),
        changed=tuple(sorted(q for q in new.keys() & old.keys() if new[q].content_hash != old[q].content_hash)),
        removed=tuple(sorted(old.keys() - new.keys())),
        kept=kept,
    )


def watched_paths(paths: Sequence[Path]) -> list[str]:
    """Folders (new files appear there) and every bank file, for the file-system watcher."""
    out: list[str] = []
    for path in paths:
        if path.is_dir():
            out.append(str(path))
            out.extend(str(p) for p in sorted(path.glob("*.y*ml")))
        elif path.exists():
            out.append(str(path))
    return out
