"""Turning a parsed foreign file into a bank file: content ids, the sources placeholder, checks, a report."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank.fields import Report
from quizapp.bank.formats.base import IMPORTERS, FormatError, Imported, ImportFormat, Note, decode
from quizapp.bank.formats.gift import tag_for_category
from quizapp.bank.lazy import heads
from quizapp.bank.loader import MAX_FILE_BYTES, bank_files, load_banks
from quizapp.bank.model import Question, Source
from quizapp.bank.parse import parse_question
from quizapp.bank.yamlsafe import LList, LMap, parse_yaml
from quizapp.bank.yamlwriter import dump_bank, dump_questions
from quizapp.files import require_regular, write_atomic

PLACEHOLDER_SOURCE = "todo-import-source"
PLACEHOLDER_TITLE = ("TODO: the real source of these imported questions - replace this entry with a "
                     "public citation (url or doi) and cite it on each question")
MAX_ALREADY_LINES = 10  # a whole file imported again should not flood the report
# Converting costs ≈0.3 ms and ≈3 KB per question (bench/hostile_bench.py): 8 MB of GIFT (≈100,000
# short questions, far more than any real export) takes ≈30 s and ≈400 MB; a bigger file is refused.
MAX_IMPORT_BYTES = 8 * 2**20
_AIKEN_ANSWER = re.compile(r"(?m)^\s*ANSWER\s*:")
_QUESTION_PREFIX = re.compile(r"^question '[^']*': ")


class TargetError(Exception):
    """The output bank cannot take the imported questions (e.g. it cannot be appended to safely)."""


@dataclass(slots=True)
class ImportReport:
    """What an import did: questions added, ones already in the bank folder, and every note."""

    source: str
    output: Path
    added: list[Question] = field(default_factory=list)
    already: list[tuple[Question, str]] = field(default_factory=list)  # (question, where it already is)
    notes: list[Note] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [n.render(self.source) for n in sorted(self.notes, key=lambda n: n.line)]
        for q, where in self.already[:MAX_ALREADY_LINES]:
            out.append(f"{self.source}:{q.line}: info: already imported as '{q.id}' ({where}); not added again")
        if len(self.already) > MAX_ALREADY_LINES:
            out.append(f"{self.source}: info: ... and {len(self.already) - MAX_ALREADY_LINES} more already imported")
        out.append(f"{len(self.added)} question(s) written to {self.output}, {len(self.already)} already "
                   f"present, {sum(n.level == 'warning' for n in self.notes)} warning(s)")
        if self.added:
            out.append(f"NOTE: every imported question cites the placeholder source '{PLACEHOLDER_SOURCE}'; "
                       "replace it with the real reference before publishing the bank")
        return out


def format_for(path: Path, name: str | None, text: str = "") -> ImportFormat:
    """The importer named, else the one the extension says; a .txt file may be GIFT or Aiken."""
    if name:
        if name not in IMPORTERS:
            raise ValueError(f"unknown import format '{name}' (one of: {', '.join(sorted(IMPORTERS))})")
        return IMPORTERS[name]()
    suffix = path.suffix.casefold()
    if suffix == ".txt" and not _AIKEN_ANSWER.search(text) and "{" in text:
        return IMPORTERS["gift"]()  # Moodle exports GIFT as .txt
    for cls in IMPORTERS.values():
        if suffix == cls.extension:
            return cls()
    raise ValueError(f"cannot tell the format of '{path.name}' from its extension; give --format")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "imported"


def content_id(prefix: str, q: Question) -> str:
    """The same question content gives the same id, so importing a file twice adds nothing twice."""
    return f"{prefix}-{q.compute_hash()[:10]}"


def import_file(path: Path, out: Path, fmt: str | None = None, *, topic: str | None = None,
                title: str | None = None, prefix: str | None = None) -> ImportReport:
    """Read `path`, write (or append to) the bank `out`; raises FormatError with every error's line."""
    shown = str(path)
    require_regular(path)  # /dev/zero or a FIFO would be read forever
    require_regular(out, missing_ok=True)  # nor is a device or a folder a bank to write
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise FormatError(shown, [Note(0, f"file is {size / 2**20:.0f} MB; an import is limited to "
                                          f"{MAX_IMPORT_BYTES // 2**20} MB: split the file", "error")])
    text = decode(path.read_bytes(), shown)
    importer = format_for(path, fmt, text)
    imported = importer.parse(text, shown)
    topic = slug(topic or (tag_for_category(imported.category) if imported.category else "") or out.stem)
    report = ImportReport(shown, out, notes=list(imported.notes))
    questions = _finish(imported, topic, slug(prefix or topic), shown, report)
    existing = _existing_ids(out) if out.parent.is_dir() else {}
    for q in questions:
        if q.id in existing:
            report.already.append((q, existing[q.id]))
        else:
            report.added.append(q)
    if not report.added:
        return report
    if out.exists():
        _append(out, report.added)
        return report
    text = dump_bank(title or f"Imported from {path.name}", topic, report.added,
                     sources={PLACEHOLDER_SOURCE: Source(PLACEHOLDER_SOURCE, PLACEHOLDER_TITLE)},
                     comment=f"Imported from {path.name} by `quizapp import --format {importer.name}`.\n"
                             f"Replace the placeholder source '{PLACEHOLDER_SOURCE}' before publishing.")
    made = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, text)
    except OSError as exc:
        for folder in made:  # the folders made for it go too (only if still empty)
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise TargetError(f"cannot write {out}: {exc.strerror or exc}; nothing was changed") from exc
    return report


def _finish(imported: Imported, topic: str, prefix: str, shown: str, report: ImportReport) -> list[Question]:
    """Give each question its id, topic and placeholder source; check it as the loader will."""
    errors: list[Note] = []
    seen: dict[str, int] = {}
    kept = []
    for q in imported.questions:
        q.topic, q.sources = topic, (PLACEHOLDER_SOURCE,)
        q.id = content_id(prefix, q)
        q.content_hash = q.compute_hash()
        if q.id in seen:
            report.notes.append(Note(q.line, f"same question as line {seen[q.id]}; not added twice"))
            continue
        seen[q.id] = q.line
        check = Report(shown)
        data = parse_yaml(dump_questions([q], 0))
        assert isinstance(data, LList) and isinstance(data[0], LMap)
        cleaned = parse_question(data[0], data.pos, topic, shown, None, check)
        problems = [_QUESTION_PREFIX.sub("", p.message) for p in check.problems]
        if check.has_errors:
            errors.append(Note(q.line, "; ".join(m for m, p in zip(problems, check.problems, strict=True)
                                                 if p.severity == "error"), "error"))
        elif problems:
            report.notes.append(Note(q.line, "; ".join(problems)))
        if cleaned is not None:  # write what the loader makes of it (invisible characters removed),
            cleaned.line, cleaned.content_hash = q.line, cleaned.compute_hash()  # as the report says
            q = cleaned
        kept.append(q)
    if errors:
        raise FormatError(shown, errors)
    return kept


# A bank has `questions` as a top-level key; other YAML files (a project's configuration) are not read.
_TOP_LEVEL_QUESTIONS = re.compile(rb"(?m)^questions[ \t]*:")


def _is_bank(path: Path) -> bool:
    try:
        return path.stat().st_size <= MAX_FILE_BYTES and bool(_TOP_LEVEL_QUESTIONS.search(path.read_bytes()))
    except OSError:
        return False


def _existing_ids(out: Path) -> dict[str, str]:
    """Ids already in the banks of the output's folder (the output itself included), so an import into
    any bank there adds nothing twice; YAML files there that are not banks are not parsed."""
    banks = [p for p in bank_files(out.parent) if p == out or _is_bank(p)]
    if not banks:
        return {}
    loaded = load_banks(banks)
    return {qid: f"{q.file}:{q.line}" for qid, q in heads(loaded.questions).items()}


def _append(out: Path, questions: list[Question]) -> None:
    """Add questions at the end of an existing bank whose last key is `questions`, then re-check it."""
    original = out.read_text(encoding="utf-8")
    data = parse_yaml(original)
    if not isinstance(data, LMap) or list(data)[-1:] != ["questions"]:
        raise TargetError(f"{out}: cannot append: its last top-level key is not 'questions'; "
                          "import into a new file instead")
    sources = data.get("sources")
    if not isinstance(sources, LMap) or PLACEHOLDER_SOURCE not in sources:
        raise TargetError(f"{out}: cannot append: it has no '{PLACEHOLDER_SOURCE}' source for the imported "
                          "questions; import into a new file instead")
    items = data["questions"]
    if not isinstance(items, LList):
        raise TargetError(f"{out}: 'questions' is not a list")
    before = len(load_banks([out]).questions)
    if items:
        indent = max(0, items.where(0).column - 3)
        text = original.rstrip("\n") + "\n\n" + dump_questions(questions, indent)
    else:
        text, n = re.subn(r"(?m)^questions:\s*\[\]\s*$", "questions:", original)
        if n != 1:
            raise TargetError(f"{out}: cannot find where to append the questions")
        text = text.rstrip("\n") + "\n" + dump_questions(questions, 2)

    def reads_back(written: Path) -> None:  # checked before it replaces the bank
        if len(load_banks([written]).questions) != before + len(questions):
            raise TargetError(f"{out}: appending did not read back cleanly; the file was left unchanged")

    try:
        write_atomic(out, text, reads_back)
    except OSError as exc:
        raise TargetError(f"cannot write {out}: {exc.strerror or exc}; nothing was changed") from exc
