"""Loading bank folders and files: every good question plus a list of every problem, never a crash."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from quizapp.bank import bankfile, parallel
from quizapp.bank.bankfile import SOURCES_FILE, header_of, parse_sources
from quizapp.bank.cache import CACHE_VERSION, KEY_MEMO, BankCache, Entry, LazyEntry, decode_entry, has_bank
from quizapp.bank.fields import Report
from quizapp.bank.lazy import QuestionInfo, QuestionStore
from quizapp.bank.model import Bank, Problem, Question, Source
from quizapp.bank.yamlsafe import Pos

BANK_SUFFIXES = (".yaml", ".yml")
TOPIC_RE_HINT = "letters, digits, '-' or '_'"


@dataclass(slots=True)
class LoadResult:
    """What a load produced: banks with their good questions, the sources, and all problems."""

    banks: list[Bank] = field(default_factory=list)
    questions: Mapping[str, Question] = field(default_factory=dict)  # a QuestionStore in a lazy load
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    cache_keys: list[str] = field(default_factory=list)  # the bank-cache entries this load read or wrote

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def topics(self) -> list[str]:
        return sorted({b.topic for b in self.banks})

    def topic_titles(self) -> dict[str, str]:
        """topic -> the title people see for it: that of the topic's largest bank (the first of equals), so a
        small companion bank on the same topic (its figure questions, say) does not rename the topic."""
        best: dict[str, Bank] = {}
        for bank in self.banks:
            if bank.topic not in best or len(bank.questions) > len(best[bank.topic].questions):
                best[bank.topic] = bank
        return {topic: bank.title for topic, bank in best.items()}


def bank_files(folder: Path) -> list[Path]:
    """The bank files of a folder: its YAML files, except sources.yaml (sub-folders are not banks)."""
    return sorted(p for p in folder.iterdir()
                  if p.suffix in BANK_SUFFIXES and p.name != SOURCES_FILE and p.is_file()
                  and not p.name.startswith((".", "_")))


_Outcome = tuple[Bank | None, dict[str, Source], list[Problem]]


def _key_or_none(path: Path, shown: str, bank_dir: Path, memo: KeyMemo | None = None) -> str | None:
    try:
        return memo.key(path, shown, bank_dir) if memo is not None else _cache_key(path, shown, bank_dir)
    except OSError:
        return None


class KeyMemo:
    """Cache keys of bank files remembered by the file's identity and change times, so an unchanged file
    is not read and hashed again at every start (100,000 questions: 76 MB read and hashed, ≈0.16 s).

    A file whose size, modification time, change time (which no tool can set back), inode or device
    differ from what was recorded is hashed as before. Kept as `keys.json` in the bank cache folder;
    a memo that cannot be read or written only costs the hashing.
    """

    NAME = KEY_MEMO

    def __init__(self, directory: Path) -> None:
        self.path = directory / self.NAME
        self.changed = False
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self._known: dict[str, list] = raw["keys"] if raw.get("version") == CACHE_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._known = {}

    @staticmethod
    def _identity(path: Path) -> list[int]:
        st = path.stat()
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]

    def key(self, path: Path, shown: str, bank_dir: Path) -> str:
        where = f"{bank_dir.resolve()}|{shown}"
        identity = self._identity(path)
        known = self._known.get(where)
        if isinstance(known, list) and known[:-1] == identity and isinstance(known[-1], str):
            return known[-1]
        key = _cache_key(path, shown, bank_dir)
        if self._identity(path) == identity:  # not changed while it was read
            self._known[where] = [*identity, key]
            self.changed = True
        return key

    def save(self) -> None:
        if not self.changed:
            return
        with suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"version": CACHE_VERSION, "keys": self._known}), encoding="utf-8")
            tmp.replace(self.path)
        self.changed = False


def _usable(entry: Entry | LazyEntry | None, written: Path) -> Entry | LazyEntry | None:
    """A cache entry (stored at `written`), unless an image it names has gone or changed since: images are
    checked when their bank is parsed, so a changed image means parsing the bank again. (Every read of
    an entry renews its time, and found it newer than each image.)"""
    if entry is None:
        return None
    images = {q.image for q in entry[1] if q.image}
    if not images:
        return entry
    try:
        since = written.stat().st_mtime_ns
        if any(Path(image).stat().st_mtime_ns > since for image in images):
            return None
    except OSError:
        return None
    return entry


def _outcome(shown: str, entry: Entry | LazyEntry) -> _Outcome:
    header, questions, problems = entry
    if header is None:  # a file with no usable bank (unreadable, not YAML...): only its problems
        return None, {}, problems
    bank = Bank(shown, header["title"], header["topic"], questions, header.get("description", ""),  # type: ignore[arg-type]
                [tuple(r) for r in header.get("rejected", ())])
    local = {k: Source(k, **v) for k, v in header.get("sources", {}).items()}
    return bank, local, problems


def _parse_here(path: Path, shown: str, bank_dir: Path, cache: BankCache | None, key: str | None, *,
                lazy: bool) -> _Outcome:
    bank, local, report = bankfile.parse_file(path, shown, bank_dir)
    if cache is not None and key is not None and bank is not None \
            and cache.put(key, header_of(bank, local), bank.questions, report.problems) and lazy:
        heads = cache.heads(key)  # a lazy load keeps heads only, even of what it just parsed
        if heads is not None:
            return _outcome(shown, heads)
    return bank, local, report.problems


def _load_files(jobs: Sequence[tuple[Path, str, Path]], cache: BankCache | None, lazy: bool
                ) -> tuple[list[_Outcome], list[str | None]]:
    """Every job's outcome, in job order: from the cache, from helper processes, or parsed here; and
    each job's cache key (None without a cache)."""
    outcomes: list[_Outcome | None] = [None] * len(jobs)
    keys: list[str | None] = [None] * len(jobs)
    misses: list[int] = []
    sizes: list[int] = []
    memo = KeyMemo(cache.directory) if cache is not None else None
    for i, (path, shown, folder) in enumerate(jobs):
        if cache is not None:
            keys[i] = key = _key_or_none(path, shown, folder, memo)
            hit = None if key is None else _usable(cache.heads(key) if lazy else cache.get(key), cache.path(key))
            if hit is not None:
                cache.used(key)  # type: ignore[arg-type]  # a hit has a key
                outcomes[i] = _outcome(shown, hit)
                continue
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        misses.append(i)
        sizes.append(size)
    helpers = parallel.helpers_for(sum(sizes)) if len(misses) > 1 else 0
    groups = parallel.share_out(sizes, helpers) if helpers else [list(range(len(misses)))]
    started: list[tuple[list[int], parallel.Helper]] = []

    def take(indexes: list[int], answers: list[tuple[int, bytes | None]]) -> None:
        for k, data in answers:
            i = indexes[k]
            key = keys[i]
            entry: Entry | LazyEntry | None = None
            if data is None:
                pass  # the helper failed on it
            elif lazy and key is not None and cache is not None and has_bank(data, key):
                entry = cache.heads(key) if cache.put_bytes(key, data) else None  # text left on disk
            else:
                entry = decode_entry(data, key or f"job-{i}")
                if entry is not None and entry[0] is not None and cache is not None and key is not None:
                    cache.put_bytes(key, data)  # type: ignore[arg-type]  # entry is not None, so neither is data
            outcomes[i] = _parse_here(*jobs[i], cache, key, lazy=lazy) if entry is None else _outcome(jobs[i][1], entry)

    try:
        for group in groups[1:]:
            if not group:
                continue
            indexes = [misses[g] for g in group]
            # Without a cache a key still ties an answer to its job; any fixed text will do.
            work = [parallel.Job(str(jobs[i][0]), jobs[i][1], str(jobs[i][2]), keys[i] or f"job-{i}")
                    for i in indexes]
            started.append((indexes, parallel.Helper(work)))
        for g in groups[0]:
            i = misses[g]
            outcomes[i] = _parse_here(*jobs[i], cache, keys[i], lazy=lazy)
            for indexes, helper in started:  # take finished answers while the helpers go on
                take(indexes, helper.ready())
        for indexes, helper in started:
            take(indexes, helper.rest())
    finally:
        for _, helper in started:
            helper.stop()
    if memo is not None:
        memo.save()
    return [o for o in outcomes if o is not None], keys


def _cache_key(path: Path, shown: str, bank_dir: Path) -> str:
    """"<bank file>-<content>": the first part lets the cache drop older versions of the same file."""
    where = f"{bank_dir.resolve()}|{shown}"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    file = hashlib.sha256(where.encode()).hexdigest()[:16]
    return f"{file}-" + hashlib.sha256(f"{CACHE_VERSION}|{where}|{digest}".encode()).hexdigest()


def all_cached(paths: Iterable[Path | str], cache_dir: Path) -> bool:
    """True if every bank file under `paths` has a cache entry for its current content.

    Reads and hashes the files but decodes nothing: a quick way to tell whether a load will parse.
    """
    cache = BankCache(cache_dir)
    memo = KeyMemo(cache_dir)
    try:
        for given in paths:
            path = Path(given)
            folder, files = (path, bank_files(path)) if path.is_dir() else (path.parent, [path])
            try:
                if not all(cache.has(memo.key(f, _display(f), folder)) for f in files):
                    return False
            except OSError:
                return False
        return True
    finally:
        memo.save()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_banks(paths: Iterable[Path | str], cache_dir: Path | None = None, *, lazy: bool = False) -> LoadResult:
    """Load folders of banks (each with its own sources.yaml) and single bank files.

    `lazy` (with a `cache_dir`): questions keep only their light fields in memory and their text stays in
    the cache until used (quizapp/bank/lazy.py); `result.questions` is then a QuestionStore, and each
    bank's `questions` holds QuestionHead records.
    """
    result = LoadResult()
    cache = BankCache(cache_dir) if cache_dir is not None else None
    jobs: list[tuple[Path, str, Path]] = []
    before_job: list[list[Problem]] = []  # problems reported before each job (its folder's sources.yaml)
    pending: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            folder, files = path, bank_files(path)
        elif path.is_file():
            folder, files = path.parent, [path]
        else:
            pending.append(Problem(str(path), 1, 1, "no such file or folder"))
            continue
        sources_path = folder / SOURCES_FILE
        if sources_path.is_file():
            report = Report(_display(sources_path))
            data = bankfile.read_yaml_file(sources_path, report.file, report)
            if data is not None:
                result.sources.update(parse_sources(data, report, Pos(1, 1)))
            pending.extend(report.problems)
        for file in files:
            jobs.append((file, _display(file), folder))
            before_job.append(pending)
            pending = []
    local_sources: list[tuple[str, dict[str, Source]]] = []
    # each bank file's sources.yaml, as shown in messages, and whether it exists (to explain an unknown source)
    sources_of = {shown: (_display(folder / SOURCES_FILE), (folder / SOURCES_FILE).is_file(), _display(folder))
                  for _, shown, folder in jobs}
    lazy = lazy and cache is not None
    outcomes, keys = _load_files(jobs, cache, lazy)
    if cache is not None:
        result.cache_keys = [key for key in keys if key is not None and cache.has(key)]
    for (_, shown, _), earlier, (bank, local, problems) in zip(jobs, before_job, outcomes, strict=True):
        result.files.append(shown)
        result.problems.extend(earlier)
        result.problems.extend(problems)
        if bank is not None:
            result.banks.append(bank)
            local_sources.append((shown, local))
    result.problems.extend(pending)
    _cross_checks(result, local_sources, sources_of)
    _in_line_order(result.problems)
    if lazy:
        every_cached = len(result.cache_keys) == len(jobs) and all(keys)
        fingerprint = hashlib.sha256("\n".join(keys).encode()).hexdigest() if every_cached else None  # type: ignore[arg-type]
        result.questions = QuestionStore(result.questions, fingerprint)
    return result


def _at(q: QuestionInfo, key: str) -> tuple[int, int]:
    """Line and column of a question's key, for a problem found after parsing (a head reads it from disk)."""
    try:
        return q.where.get(key, (q.line, 1))
    except (OSError, ValueError):
        return q.line, 1


def _in_line_order(problems: list[Problem]) -> None:
    """Sort problems file by file (in the order files were read) and by line and column within a file, so
    checks made after parsing (duplicate ids, sources) sit among the others rather than at the end."""
    rank: dict[str, int] = {}
    for p in problems:
        rank.setdefault(p.file, len(rank))
    problems.sort(key=lambda p: (rank[p.file], p.line, p.column))


def _unknown_source(q: QuestionInfo, key: str, sources_of: Mapping[str, tuple[str, bool, str]]) -> str:
    sources_file, exists, folder = sources_of.get(q.file, (SOURCES_FILE, True, "."))
    if exists:
        return f"question '{q.id}': unknown source '{key}' (not in {sources_file} or the bank's own sources)"
    return (f"question '{q.id}': unknown source '{key}': {folder} has no {SOURCES_FILE} (each folder reads its own "
            f"{SOURCES_FILE}: copy the entry into one there, list it under the bank's own 'sources:', or open the "
            f"folders together so that they share theirs)")


_ID = attrgetter("id")


def _sourced(questions: list[Any], local_by_file: Mapping[str, Mapping], sources: Mapping[str, Source]) -> bool:
    """True if every source key the questions name is known. Each distinct (file, source list) is looked
    at once; a lazy load shares those objects, so that is a handful per bank."""
    for file, keys in set(zip(map(_FILE, questions), map(_SOURCES, questions), strict=True)):
        known = local_by_file.get(file, {})
        if any(key not in known and key not in sources for key in keys):
            return False
    return True


_FILE, _SOURCES = attrgetter("file"), attrgetter("sources")


def _cross_checks(result: LoadResult, local_sources: Sequence[tuple[str, dict[str, Source]]],
                  sources_of: Mapping[str, tuple[str, bool, str]]) -> None:
    """Checks that need every bank at once: duplicate ids, renamed ids, source keys.

    A question that fails one is left out, as a question with any other error is. Ids of questions left
    out while parsing (`Bank.rejected`) still count, so a clash with a broken copy is reported too.
    """
    local_by_file = dict(local_sources)
    for file, local in local_sources:
        for key, src in local.items():
            known = result.sources.setdefault(key, src)
            if known != src:
                result.problems.append(Problem(file, 1, 1, f"source '{key}' is defined differently elsewhere; "
                                                           "the first definition is used", "warning"))
    first: dict[str, Any] = {}  # id -> Question (or QuestionHead in a lazy load), the questions kept
    # id -> (file, line) of a first use that was left out (rejected while parsing, or an unknown source).
    # Kept questions are found in `first` instead, so the usual load stores nothing per question here.
    dropped: dict[str, tuple[str, int]] = {}
    resolved: set[tuple[int, int]] = set()  # (file, source keys) found in its sources, by object identity
    for bank in result.banks:
        new = dict(zip(map(_ID, bank.questions), bank.questions, strict=True))
        if (not bank.rejected and len(new) == len(bank.questions) and first.keys().isdisjoint(new)
                and dropped.keys().isdisjoint(new) and _sourced(bank.questions, local_by_file, result.sources)):
            first.update(new)  # the usual case: no repeated id, nothing left out, every source known
            continue
        # In file order, good and rejected questions alike: the first use of an id is the one named.
        uses: list[tuple[int, str, Any, tuple[int, int]]] = [(q.line, q.id, q, (0, 0)) for q in bank.questions]
        uses += [(line, qid, None, (id_line, id_col)) for qid, line, id_line, id_col in bank.rejected]
        uses.sort(key=lambda u: u[0])
        kept = []
        for line, qid, q, id_at in uses:
            earlier = first.get(qid)
            if earlier is not None or qid in dropped:
                where = f"{earlier.file}:{earlier.line}" if earlier is not None else "{}:{}".format(*dropped[qid])
                at = _at(q, "id") if q is not None else id_at
                result.problems.append(Problem(bank.path, *at, f"duplicate id '{qid}' (first used at {where})"))
                continue
            if q is None:
                dropped[qid] = (bank.path, line)
                continue
            # Most questions of a file share one source list (one object in a lazy load): checked once.
            if (id(q.file), id(q.sources)) not in resolved:
                known = local_by_file.get(q.file, {})
                unknown = [key for key in q.sources if key not in known and key not in result.sources]
                for key in unknown:
                    result.problems.append(Problem(q.file, *_at(q, "sources"), _unknown_source(q, key, sources_of)))
                if unknown:
                    dropped[qid] = (bank.path, line)
                    continue  # left out, as a question with any other error is
                resolved.add((id(q.file), id(q.sources)))
            first[qid] = q
            kept.append(q)
        bank.questions = kept
    replacing = [q for q in first.values() if q.replaces]
    replaced = Counter(old for q in replacing for old in q.replaces)
    for q in replacing:
        line, col = _at(q, "replaces")
        for old in q.replaces:
            if old in first:
                result.problems.append(Problem(q.file, line, col,
                                               f"question '{q.id}' replaces '{old}', which still exists"))
            elif replaced[old] > 1:
                result.problems.append(Problem(q.file, line, col,
                                               f"'{old}' is replaced by more than one question"))
    result.questions = first
