"""One bank file read and parsed: its header, its own sources and its questions, with every problem found.

The loader (quizapp/bank/loader.py) decides which files to read and where from (the cache, a parse
helper, or here); this module is what reads one of them, in this process or in a helper's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.bank.cache import encode_entry
from quizapp.bank.fields import Fields, Missing, Report
from quizapp.bank.model import Bank, Source
from quizapp.bank.parse import parse_question
from quizapp.bank.siblings import mark_siblings
from quizapp.bank.yamlsafe import LList, LMap, Pos, YamlError, parse_yaml

MAX_FILE_BYTES = 100 * 1024 * 1024
SOURCES_FILE = "sources.yaml"


def _read_text(path: Path, shown: str, report: Report) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(Pos(1, 1), f"file is {size // 1_048_576} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB")
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.add(Pos(1, 1), f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(Pos(line, col), "file is not UTF-8 text; save it as UTF-8")
        return None
    return text.removeprefix("\ufeff")


def read_yaml_file(path: Path, shown: str, report: Report) -> Any:
    """The YAML of a file, positioned; None (with the problem reported) if it cannot be read or parsed."""
    text = _read_text(path, shown, report)
    if text is None:
        return None
    try:
        return parse_yaml(text)
    except YamlError as exc:
        report.add(Pos(exc.line, exc.column), exc.message)
        return None


def parse_sources(data: Any, report: Report, where: Pos) -> dict[str, Source]:
    """Read a `key: {title, url, doi, authors, year, publisher}` mapping of sources."""
    if not isinstance(data, LMap):
        report.add(where, "sources must be a mapping of key: {title: ..., url: ...}")
        return {}
    out: dict[str, Source] = {}
    for key, value in data.items():
        pos = data.where(key)
        if not isinstance(value, LMap):
            report.add(pos, f"source '{key}' must be a mapping with at least a title and a url or doi")
            continue
        f = Fields(value, report, f"source '{key}'")
        try:
            year = f.raw("year")
            if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
                report.add(f.where("year"), f"source '{key}': 'year' must be a whole number")
                year = None
            src = Source(str(key), f.text("title") or "", f.text("url", required=False),
                         f.text("doi", required=False), f.text("authors", required=False), year,
                         f.text("publisher", required=False))
        except Missing:
            continue
        f.check_unknown({"title", "url", "doi", "authors", "year", "publisher", "note"})
        if src.url and not src.url.startswith(("https://", "http://")):
            report.add(f.where("url"), f"source '{key}': url must start with https:// or http://")
        if not src.link:
            report.add(pos, f"source '{key}' has neither a url nor a doi", "warning")
        out[src.key] = src
    return out


def parse_file(path: Path, shown: str, bank_dir: Path) -> tuple[Bank | None, dict[str, Source], Report]:
    """One bank file parsed: its bank (None if the file holds none), its own sources, and its problems."""
    report = Report(shown)
    data = read_yaml_file(path, shown, report)
    bank, local = _build_bank(data, shown, bank_dir, report)
    return bank, local, report


def header_of(bank: Bank, local: dict[str, Source]) -> dict[str, Any]:
    """The bank's own fields as a cache entry's header."""
    return {"title": bank.title, "topic": bank.topic, "description": bank.description,
            "sources": {k: _source_fields(s) for k, s in local.items()}, "rejected": bank.rejected}


def parse_to_entry(path: Path, shown: str, bank_dir: Path, key: str) -> bytes:
    """Parse one bank file into its cache entry (what a parse helper hands back)."""
    bank, local, report = parse_file(path, shown, bank_dir)
    if bank is None:
        return encode_entry(key, None, [], report.problems)
    return encode_entry(key, header_of(bank, local), bank.questions, report.problems)


def _source_fields(s: Source) -> dict[str, Any]:
    return {"title": s.title, "url": s.url, "doi": s.doi, "authors": s.authors, "year": s.year,
            "publisher": s.publisher}


def _build_bank(data: Any, shown: str, bank_dir: Path, report: Report) -> tuple[Bank | None, dict[str, Source]]:
    if data is None:
        if not report.problems:
            report.add(Pos(1, 1), "file is empty")
        return None, {}
    if not isinstance(data, LMap):
        report.add(Pos(1, 1), "a bank file must be a mapping with title, topic and questions")
        return None, {}
    f = Fields(data, report, "bank")
    try:
        title = f.text("title") or ""
        topic = f.text("topic") or ""
    except Missing:
        return None, {}
    description = ""
    try:
        description = f.text("description", required=False) or ""
    except Missing:
        pass
    local: dict[str, Source] = {}
    if f.has("sources"):
        local = parse_sources(f.raw("sources"), report, f.where("sources"))
    f.raw("questions")
    f.check_unknown({"title", "topic", "description", "sources", "questions"})
    items = data.get("questions")
    bank = Bank(shown, title, topic, [], description)
    if not isinstance(items, LList):
        report.add(f.where("questions"), "bank: 'questions' must be a list of questions")
        return bank, local
    for i, item in enumerate(items):
        q = parse_question(item, items.where(i), topic, shown, bank_dir, report)
        if q is not None:
            bank.questions.append(q)
    bank.rejected = list(report.rejected)
    mark_siblings(bank.questions)
    return bank, local
