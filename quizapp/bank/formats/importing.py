"""Turning a parsed foreign file into a bank file: content ids, the sources placeholder, checks, a report."""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank.bankfile import MAX_FILE_BYTES
from quizapp.bank.fields import Report
from quizapp.bank.formats.base import IMPORTERS, FormatError, Imported, ImportFormat, Note, Review, decode
from quizapp.bank.lazy import heads
from quizapp.bank.loader import bank_files, load_banks
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
IMAGES_DIR = "images"  # beside the bank file, where imported pictures go
_AIKEN_ANSWER = re.compile(r"(?m)^\s*ANSWER\s*:")
_ANKI_HEADER = re.compile(r"^#(separator|html|tags|columns|notetype|deck|notetype column|deck column|tags column|"
                          r"guid column|if matches):", re.IGNORECASE | re.MULTILINE)
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_QUESTION_PREFIX = re.compile(r"^question '[^']*': ")


class TargetError(Exception):
    """The output bank cannot take the imported questions (e.g. it cannot be appended to safely)."""


@dataclass(slots=True)
class ImportReport:
    """What an import did: questions added (per bank file written), ones already in the bank folder, notes.

    `reviews` holds, per question id (new or already there), the review history the file carried (an Anki package with
    scheduling), for `quizapp.store.transfer_history` to turn into progress.
    """

    source: str
    output: Path
    added: list[Question] = field(default_factory=list)
    already: list[tuple[Question, str]] = field(default_factory=list)  # (question, where it already is)
    notes: list[Note] = field(default_factory=list)
    outputs: dict[Path, list[Question]] = field(default_factory=dict)
    reviews: dict[str, list[Review]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [n.render(self.source) for n in sorted(self.notes, key=lambda n: n.line)]
        for q, where in self.already[:MAX_ALREADY_LINES]:
            out.append(f"{self.source}:{q.line}: info: already imported as '{q.id}' ({where}); not added again")
        if len(self.already) > MAX_ALREADY_LINES:
            out.append(f"{self.source}: info: ... and {len(self.already) - MAX_ALREADY_LINES} more already imported")
        for path, questions in self.outputs.items():
            if len(self.outputs) > 1:
                out.append(f"{len(questions)} question(s) written to {path}")
        total = f"{len(self.added)} question(s) written to " + (
            str(self.output) if len(self.outputs) <= 1 else f"{len(self.outputs)} bank files")
        out.append(f"{total}, {len(self.already)} already present, "
                   f"{sum(n.level == 'warning' for n in self.notes)} warning(s)")
        if self.added:
            out.append(f"NOTE: every imported question cites the placeholder source '{PLACEHOLDER_SOURCE}'; "
                       "replace it with the real reference before publishing the bank")
        return out


def _looks_like(text: str) -> str | None:
    """What a .txt that is neither GIFT nor Aiken looks like, as advice naming the --format to use."""
    head = [line for line in text.split("\n")[:12] if line.strip()]
    headers = {m.group(1).casefold() for line in head if (m := _ANKI_HEADER.match(line))}
    if headers & {"notetype column", "guid column", "deck column", "tags column", "notetype", "deck", "columns"}:
        return "looks like Anki's Notes in Plain Text export: use --format anki-text"
    if headers & {"separator", "html"}:
        return "looks like Anki's Cards in Plain Text export: use --format anki-text"
    if _ANKI_CLOZE.search(text):
        return "looks like Anki notes with {{c1::...}} cloze deletions: use --format anki-text"
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and sum("\t" in line for line in lines) >= 0.8 * len(lines):
        return "looks like two columns separated by tabs (Quizlet's export): use --format quizlet"
    for sep, name in ((";", "semicolons"), (",", "commas")):
        if lines and sum(line.count(sep) == 1 for line in lines) >= 0.8 * len(lines):
            return (f"looks like two columns separated by {name} (a Quizlet export): "
                    f"use --format quizlet --separator '{sep}'")
    return None


def _is_gift(text: str) -> bool:
    """Answer braces or a $CATEGORY line, and no Anki cloze deletion ({{c1::...}}) to mistake for them."""
    return ("{" in text or "$CATEGORY:" in text) and not _ANKI_CLOZE.search(text) and not _ANKI_HEADER.match(text)


def format_for(path: Path, name: str | None, text: str = "") -> ImportFormat:
    """The importer named, else the one the extension says; a .txt file may be GIFT or Aiken, and if it is
    neither, the error says what it looks like."""
    if name:
        if name not in IMPORTERS:
            raise ValueError(f"unknown import format '{name}' (one of: {', '.join(sorted(IMPORTERS))})")
        return IMPORTERS[name]()
    suffix = path.suffix.casefold()
    if suffix == ".txt":
        if _AIKEN_ANSWER.search(text) and not _ANKI_HEADER.match(text):
            return IMPORTERS["aiken"]()
        if _is_gift(text):
            return IMPORTERS["gift"]()  # Moodle exports GIFT as .txt
        advice = _looks_like(text)
        raise ValueError(f"'{path.name}' is neither GIFT (answers in {{braces}}) nor Aiken (an 'ANSWER:' line "
                         f"per question)" + (f"; it {advice}" if advice else
                                             f"; give --format (one of: {', '.join(sorted(IMPORTERS))})"))
    for cls in IMPORTERS.values():
        if suffix in (cls.extension, *cls.other_extensions):
            return cls()
    raise ValueError(f"cannot tell the format of '{path.name}' from its extension; give --format")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "imported"


def content_id(prefix: str, q: Question) -> str:
    """The same question content gives the same id, so importing a file twice adds nothing twice."""
    digest = q.compute_hash()
    if q.image:  # two questions that differ only in their picture are two questions
        digest = hashlib.sha256(f"{digest}:{Path(q.image).name}".encode()).hexdigest()
    return f"{prefix}-{digest[:10]}"


@dataclass(slots=True)
class _Bank:
    """One bank file an import writes: where, its title and topic, its questions (indexes into Imported)."""

    path: Path
    title: str
    topic: str
    indexes: list[int] = field(default_factory=list)
    description: str = ""


def _banks(imported: Imported, path: Path, out: Path, topic: str | None, title: str | None,
           one_bank: bool, report: ImportReport) -> list[_Bank]:
    """Group the questions into bank files: one per section (category, deck), or one for all."""
    sections = [imported.sections.get(i) for i in range(len(imported.questions))]
    named = list(dict.fromkeys(s for s in sections if s is not None))
    default_title = f"Imported from {path.name}"
    folder_like = out.is_dir() or not out.suffix
    if one_bank or len({s.name for s in named}) <= 1:
        first = named[0] if named else None
        name = slug(topic or (first.topic if first else "") or (path.stem if folder_like else out.stem))
        bank = _Bank(out / f"{name}.yaml" if folder_like else out, title or (first.title if first else default_title),
                     name, list(range(len(sections))),
                     first.description if first else "")
        for section in named[1:]:  # one bank holds one topic, so later sections survive as tags
            tag = slug(section.topic)
            report.notes.append(Note(section.line, f"category '{section.name}': its questions get the tag "
                                                   f"'{tag}'", "info"))
            for i, s in enumerate(sections):
                if s is section:
                    q = imported.questions[i]
                    q.tags = tuple(dict.fromkeys((*q.tags, tag)))
        if first is not None:
            report.notes.append(Note(first.line, f"category '{first.name}' gives the bank '{bank.title}' "
                                                 f"(topic '{bank.topic}')", "info"))
        return [bank]
    if topic or title:
        raise ValueError(f"--topic and --title name one bank, but '{path.name}' has {len(named)} categories or "
                         "decks, each a bank of its own: add --one-bank to merge them, or leave --topic and "
                         "--title out")
    banks: dict[str, _Bank] = {}
    taken: set[str] = set()
    for i, section in enumerate(sections):
        key = section.name if section is not None else ""
        if key not in banks:
            base = slug(section.topic if section else (path.stem if folder_like else out.stem))
            name, n = base, 1
            while name in taken:  # `.../A/Intro` and `.../B/Intro`: two banks, two topics
                n += 1
                name = f"{base}-{n}"
            taken.add(name)
            if folder_like:
                target = out / f"{name}.yaml"
            elif section is None:  # what comes before the first category goes to the file named
                target = out
            else:
                target = out.with_name(f"{out.stem}-{name}{out.suffix}")
            banks[key] = _Bank(target, section.title if section else default_title, name,
                               description=section.description if section else "")
            if section is not None:
                report.notes.append(Note(section.line, f"category '{section.name}' becomes the bank "
                                                       f"'{banks[key].title}' in {target.name}", "info"))
        banks[key].indexes.append(i)
    return list(banks.values())


def _binary_format(path: Path, fmt: str | None) -> type[ImportFormat] | None:
    """The importer that reads this file as bytes (a package, XML), if it is one."""
    if fmt:
        cls = IMPORTERS.get(fmt)
        return cls if cls is not None and cls.binary else None
    suffix = path.suffix.casefold()
    return next((c for c in IMPORTERS.values() if c.binary and suffix in (c.extension, *c.other_extensions)), None)


def import_file(path: Path, out: Path, fmt: str | None = None, *, topic: str | None = None,
                title: str | None = None, prefix: str | None = None, one_bank: bool = False,
                separator: str | None = None) -> ImportReport:
    """Read `path`, write (or append to) the bank `out`, or one bank per category or deck beside it (in it,
    when `out` is a folder) unless `one_bank`; raises FormatError with every error's line, and writes
    nothing then."""
    shown = str(path)
    require_regular(path)  # /dev/zero or a FIFO would be read forever
    if not out.is_dir():  # a folder takes a bank per category or deck
        require_regular(out, missing_ok=True)  # a device or a FIFO is no bank to write
    size = path.stat().st_size
    package = _binary_format(path, fmt)  # read as bytes by its importer, not as UTF-8 text
    limit = (package.max_bytes if package is not None else None) or MAX_IMPORT_BYTES
    if size > limit:
        raise FormatError(shown, [Note(0, f"file is {size / 2**20:.0f} MB; an import is limited to "
                                          f"{limit // 2**20} MB: split the file", "error")])
    text = "" if package is not None else decode(path.read_bytes(), shown)
    importer = format_for(path, fmt, text)
    importer.beside = path.parent
    if separator is not None:
        importer.separator = separator
    imported = importer.parse_file(path, shown) if importer.binary else importer.parse(text, shown)
    report = ImportReport(shown, out, notes=list(imported.notes))
    banks = _banks(imported, path, out, topic, title, one_bank, report)
    plans = []
    for bank in banks:
        plans.append((bank, _finish(imported, bank, slug(prefix or bank.topic), shown, report)))
    existing: dict[Path, dict[str, str]] = {}
    for bank, questions in plans:
        folder = bank.path.parent
        if folder not in existing:
            existing[folder] = _existing_ids(bank.path) if folder.is_dir() else {}
        seen = existing[folder]
        added = []
        for i, q in questions:
            if imported.reviews.get(i):  # history follows the id, whether the question is new here or not
                report.reviews[q.id] = imported.reviews[i]
            if q.id in seen:
                report.already.append((q, seen[q.id]))
            else:
                added.append((i, q))
                seen[q.id] = f"{bank.path}:{q.line}"
        if added:
            _write(bank, [q for _, q in added], imported, path, importer.name)
            report.outputs[bank.path] = [q for _, q in added]
            report.added.extend(q for _, q in added)
    if len(report.outputs) == 1:
        report.output = next(iter(report.outputs))
    return report


def _write(bank: _Bank, questions: list[Question], imported: Imported, path: Path, fmt: str) -> None:
    """Write the images the questions name into the bank's images/ folder, then the bank (or append)."""
    folder = bank.path.parent
    for q in questions:
        if q.image and not Path(q.image).is_absolute():
            q.image = str(_save_image(folder / IMAGES_DIR, q.image, imported.media[q.image]))
    if bank.path.exists():
        _append(bank.path, questions)
        return
    text = dump_bank(bank.title, bank.topic, questions, description=bank.description,
                     sources={PLACEHOLDER_SOURCE: Source(PLACEHOLDER_SOURCE, PLACEHOLDER_TITLE)},
                     comment=f"Imported from {path.name} by `quizapp import --format {fmt}`.\n"
                             f"Replace the placeholder source '{PLACEHOLDER_SOURCE}' before publishing.",
                     bank_dir=folder)
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(bank.path, text)
    except OSError as exc:
        for empty in made:  # the folders made for it go too (only if still empty)
            with contextlib.suppress(OSError):
                empty.rmdir()
        raise TargetError(f"cannot write {bank.path}: {exc.strerror or exc}; nothing was changed") from exc


def _save_image(folder: Path, name: str, data: bytes) -> Path:
    """The image under its own name, unless another picture has it (then its hash tells them apart)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and target.read_bytes() != data:
        stem, dot, ext = name.rpartition(".")
        target = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{dot}{ext}"
    if not target.exists():
        target.write_bytes(data)
    return target


def _finish(imported: Imported, bank: _Bank, prefix: str, shown: str,
            report: ImportReport) -> list[tuple[int, Question]]:
    """Give each question of a bank its id, topic and placeholder source; check it as the loader will."""
    errors: list[Note] = []
    seen: dict[str, int] = {}
    kept = []
    for i in bank.indexes:
        q = imported.questions[i]
        q.topic, q.sources = bank.topic, (PLACEHOLDER_SOURCE,)
        if q.id and q.id in seen:  # an id the file gives twice: the second question gets its own
            report.notes.append(Note(q.line, f"the id '{q.id}' was given to line {seen[q.id]} already; this "
                                             "question gets an id of its own"))
            q.id = ""
        q.id = q.id or content_id(prefix, q)  # an id the file gives (Moodle's idnumber) is kept
        q.content_hash = q.compute_hash()
        if q.id in seen:
            report.notes.append(Note(q.line, f"same question as line {seen[q.id]}; not added twice"))
            continue
        if q.image and not (q.image_alt or "").strip():
            # A bank's figure needs words for screen readers and the exam report; the tools we import
            # from rarely give any, so the picture comes with a placeholder the author is asked to replace.
            q.image_alt = f"Picture {Path(q.image).name} (imported without a description)"
            report.notes.append(Note(q.line, f"the picture '{Path(q.image).name}' has no description: replace "
                                             "its placeholder alt text with what the picture shows"))
        seen[q.id] = q.line
        check = Report(shown)
        data = parse_yaml(dump_questions([q], 0))
        assert isinstance(data, LList) and isinstance(data[0], LMap)
        cleaned = parse_question(data[0], data.pos, bank.topic, shown, None, check)
        problems = [_QUESTION_PREFIX.sub("", p.message) for p in check.problems]
        if check.has_errors:
            errors.append(Note(q.line, "; ".join(m for m, p in zip(problems, check.problems, strict=True)
                                                 if p.severity == "error"), "error"))
        elif problems:
            report.notes.append(Note(q.line, "; ".join(problems)))
        if cleaned is not None:  # write what the loader makes of it (invisible characters removed),
            cleaned.line, cleaned.content_hash = q.line, cleaned.compute_hash()  # as the report says
            cleaned.image = q.image  # (the check has no bank folder to find the picture in)
            q = cleaned
        kept.append((i, q))
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
    bank_dir = out.parent
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
        text = original.rstrip("\n") + "\n\n" + dump_questions(questions, indent, bank_dir)
    else:
        text, n = re.subn(r"(?m)^questions:\s*\[\]\s*$", "questions:", original)
        if n != 1:
            raise TargetError(f"{out}: cannot find where to append the questions")
        text = text.rstrip("\n") + "\n" + dump_questions(questions, 2, bank_dir)

    def reads_back(written: Path) -> None:  # checked before it replaces the bank
        if len(load_banks([written]).questions) != before + len(questions):
            raise TargetError(f"{out}: appending did not read back cleanly; the file was left unchanged")

    try:
        write_atomic(out, text, reads_back)
    except OSError as exc:
        raise TargetError(f"cannot write {out}: {exc.strerror or exc}; nothing was changed") from exc
