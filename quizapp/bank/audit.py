"""Audit records: which questions were checked against their sources, and whether they changed since.

A bank folder may hold `audit/<topic>.yaml` files: one record per question with the content hash it had
when a reviewer opened its cited sources and confirmed each fact. `quizapp check` compares them with
the loaded questions, so an edit that changes what a question teaches asks for a new audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank.bankfile import read_yaml_file
from quizapp.bank.fields import Report
from quizapp.bank.lazy import QuestionInfo
from quizapp.bank.problems import Problem
from quizapp.bank.yamlsafe import LList, LMap, Pos

AUDIT_DIR = "audit"
VERDICTS = frozenset({"ok", "fixed", "resourced"})


@dataclass(frozen=True, slots=True)
class Record:
    question_id: str
    content_hash: str
    verdict: str
    date: str
    file: str
    line: int


def read_records(folder: Path) -> tuple[dict[str, Record], list[Problem]]:
    """Every audit record under `folder/audit/`, by question id, and the problems of the files themselves."""
    records: dict[str, Record] = {}
    problems: list[Problem] = []
    directory = folder / AUDIT_DIR
    if not directory.is_dir():
        return records, problems
    for path in sorted(directory.glob("*.yaml")):
        report = Report(str(path))
        data = read_yaml_file(path, str(path), report)
        items = data.get("audits") if isinstance(data, LMap) else None
        if data is not None and not isinstance(items, LList):
            report.add(Pos(1, 1), "an audit file needs 'audits:', a list of records")
        for i, item in enumerate(items or []):
            record = _record(item, items.where(i), report)
            if record is None:
                continue
            if record.question_id in records:
                first = records[record.question_id]
                report.add(items.where(i), f"second audit record for '{record.question_id}' "
                                           f"(first at {first.file}:{first.line})")
                continue
            records[record.question_id] = record
        problems.extend(report.problems)
    return records, problems


def _record(item: object, pos: Pos, report: Report) -> Record | None:
    if not isinstance(item, LMap) or not all(isinstance(item.get(k), str) and item.get(k) for k in ("id", "hash")):
        report.add(pos, "an audit record needs at least 'id' and 'hash' (text)")
        return None
    verdict = str(item.get("verdict", ""))
    if verdict not in VERDICTS:
        report.add(item.where("verdict"), f"audit record '{item['id']}': verdict must be one of "
                                          f"{', '.join(sorted(VERDICTS))}")
    return Record(item["id"], item["hash"], verdict, str(item.get("date", "")), report.file, pos.line)


def compare(questions: Mapping[str, QuestionInfo], folders: Iterable[Path]) -> list[Problem]:
    """A warning for each question of these folders whose audit record is missing or older than it;
    none for folders that keep no audit records."""
    problems: list[Problem] = []
    for folder in folders:
        records, own = read_records(folder)
        problems.extend(own)
        if not (folder / AUDIT_DIR).is_dir():
            continue
        root = folder.resolve()
        for q in questions.values():
            if Path(q.file).resolve().parent != root:
                continue
            record = records.get(q.id)
            if record is not None and record.content_hash == q.content_hash:
                continue
            line, column = q.where.get("id", (q.line, 1))
            if record is None:
                problems.append(Problem(q.file, line, column, f"question '{q.id}' has no audit record in "
                                                              f"{AUDIT_DIR}/", "warning"))
            else:
                problems.append(Problem(q.file, line, column, f"question '{q.id}' changed since it was audited on "
                                                              f"{record.date or 'an unknown date'} "
                                                              f"({record.file}:{record.line}): audit it again and "
                                                              f"record its new hash {q.content_hash}", "warning"))
    return problems
