"""Item statistics from a class as lint findings: what `quizapp class report --json` flagged, at the bank's line.

An instructor's class shows which questions misbehave (answered right more often by the weaker students,
too easy, too hard, a distractor nobody picks). Given that report, `quizapp lint --class-report FILE`
prints each flag of a question as it now stands in the banks beside the item-writing findings. A flag on
an older wording of a question (another content hash) is left out: the question has changed since.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from quizapp.bank.lazy import QuestionInfo
from quizapp.bank.lint.engine import Finding


class ReportError(Exception):
    """A class report file that cannot be read (with a sentence saying why)."""


def read_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReportError(f"cannot read the class report {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ReportError(f"{path} is not a class report (`quizapp class report URL --json` writes one)")
    return data


def class_findings(report: Mapping[str, Any], questions: Mapping[str, QuestionInfo]) -> list[Finding]:
    """A finding per flag of each reported item whose question is in `questions` with the same content."""
    found = []
    for item in report.get("items", []):
        if not isinstance(item, dict):
            continue
        q = questions.get(str(item.get("question_id")))
        if q is None or q.content_hash != item.get("content_hash"):
            continue
        for flag in item.get("flags") or []:
            if isinstance(flag, dict) and flag.get("message"):
                line, column = q.where.get("id", (q.line, 1))
                found.append(Finding(q.file, line, column, f"class:{flag.get('code', 'flag')}",
                                     f"in class ({item.get('responses', '?')} responses): {flag['message']}"))
    return sorted(found)
