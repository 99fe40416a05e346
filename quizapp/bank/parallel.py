"""Parsing big bank sets on every core: helper processes parse some files while this process parses the rest.

A helper is a fresh `python -c` running `helper_main` (not multiprocessing: its "spawn" start re-imports
the caller's `__main__`, which a library must not do, and "fork" is unsafe once the app has threads).
It reads its jobs as JSON on stdin and writes one bank-cache entry per file (each after its length)
on stdout, so its answer is plain data, read like a cache hit. Anything wrong with a helper (it
cannot start, dies, or writes nonsense) only means this process parses those files itself.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

# Below this many bytes of YAML to parse, starting a helper (~0.1 s) costs more than it saves.
MIN_PARALLEL_BYTES = 4 * 1024 * 1024
MAX_HELPERS = 3
# Decoding a helper's answer costs this process about this fraction of parsing the same bytes itself.
DECODE_COST = 0.12
_HELPER_CODE = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from quizapp.bank.parallel import helper_main; helper_main()")
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True, slots=True)
class Job:
    """One bank file to parse: its path, the name problems show, its bank folder and its cache key."""

    path: str
    shown: str
    folder: str
    key: str


def helpers_for(total_bytes: int) -> int:
    """How many helper processes a parse of `total_bytes` deserves (0: parse here alone)."""
    if total_bytes < MIN_PARALLEL_BYTES or getattr(sys, "frozen", False) or not sys.executable:
        return 0
    setting = os.environ.get("QUIZAPP_PARSE_HELPERS")
    if setting is not None:
        return max(0, int(setting)) if setting.isdigit() else 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(0, min(cores - 1, MAX_HELPERS))


def share_out(sizes: Sequence[int], helpers: int) -> list[list[int]]:
    """Indexes of `sizes` in helpers + 1 groups of about equal work; group 0 is this process's.

    Largest files first, each to the least loaded group. This process also decodes every helper's
    answer, so it starts with that work already counted.
    """
    total = sum(sizes)
    groups: list[list[int]] = [[] for _ in range(helpers + 1)]
    loads = [total * DECODE_COST * helpers / (helpers + 1)] + [0.0] * helpers
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        target = loads.index(min(loads))
        groups[target].append(index)
        loads[target] += sizes[index]
    for group in groups:
        group.sort()  # each group in file order, so problems come out in a stable order
    return groups


class Helper:
    """A helper process working through some jobs, in order; its entries are taken as they are finished."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        import subprocess  # here, not at the top: most loads start no helper, and the app starts faster
        import tempfile

        self.jobs = list(jobs)
        self.taken = 0  # entries handed over so far (they come in job order)
        self._read_at = 0
        self._partial = b""
        self._broken = False
        request = json.dumps([[j.path, j.shown, j.folder, j.key] for j in self.jobs])
        self.process: subprocess.Popen[bytes] | None = None
        self.output: IO[bytes] | None = None
        try:
            # Answers go to a file, not a pipe: a pipe holds 64 KB, and this process reads only between
            # its own files, so a helper writing to a pipe would wait for it instead of working.
            self.output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop(), after the helper is done
            self.process = subprocess.Popen([sys.executable, "-c", _HELPER_CODE, _PACKAGE_PARENT],
                                            stdin=subprocess.PIPE, stdout=self.output, stderr=subprocess.DEVNULL)
            assert self.process.stdin is not None
            self.process.stdin.write(request.encode())
            self.process.stdin.close()
        except (OSError, ValueError):
            self.stop()

    def ready(self) -> list[tuple[int, bytes | None]]:
        """Entries finished since the last call, as (job index, entry); never waits."""
        if self.process is None or self._broken or not hasattr(os, "pread"):
            return []
        return self._take()

    def rest(self) -> list[tuple[int, bytes | None]]:
        """Waits for the helper, then every entry not yet taken; None for each it did not deliver."""
        taken = []
        if self.process is not None and not self._broken:
            try:
                self.process.wait()
                taken = self._take()
            except (OSError, ValueError):
                pass
        missing = [(i, None) for i in range(self.taken, len(self.jobs))]
        self.taken = len(self.jobs)
        return taken + missing

    def _take(self) -> list[tuple[int, bytes | None]]:
        # pread, not read: the helper writes through a copy of this same file descriptor, so moving
        # the shared file offset here would make it write over earlier answers.
        assert self.output is not None  # there is a process, so there is its output file
        fd, chunks = self.output.fileno(), [self._partial]
        while True:
            if hasattr(os, "pread"):
                chunk = os.pread(fd, 1 << 20, self._read_at)
            else:  # only once the helper has exited (see ready)
                self.output.seek(self._read_at)
                chunk = self.output.read(1 << 20)
            if not chunk:
                break
            self._read_at += len(chunk)
            chunks.append(chunk)
        data = b"".join(chunks)
        out: list[tuple[int, bytes | None]] = []
        at = 0
        while self.taken < len(self.jobs):  # each answer: its length in digits, a newline, the entry
            eol = data.find(b"\n", at, at + 20)
            if eol < 0:
                break
            size = data[at:eol]
            if not size.isdigit():  # nonsense: nothing more from this helper is trusted
                self._broken = True
                break
            end = eol + 1 + int(size)
            if end > len(data):
                break
            out.append((self.taken, data[eol + 1:end]))
            self.taken += 1
            at = end
        self._partial = data[at:]
        return out

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self.output is not None:
            self.output.close()


def helper_main() -> None:
    """A helper's life: parse the files named on stdin, write one cache entry per file."""
    import gc

    from quizapp.bank.bankfile import parse_to_entry

    gc.disable()  # a short-lived process building acyclic trees
    jobs = [Job(*row) for row in json.loads(sys.stdin.buffer.read())]
    out = sys.stdout.buffer
    for job in jobs:
        entry = parse_to_entry(Path(job.path), job.shown, Path(job.folder), job.key)
        out.write(b"%d\n" % len(entry))
        out.write(entry)
        out.flush()  # the loader takes each entry as soon as it is complete
