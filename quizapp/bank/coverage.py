"""Summaries of loaded banks: counts per topic, type and difficulty, as text tables."""

from __future__ import annotations

from collections import Counter

from quizapp.bank import types
from quizapp.bank.lazy import heads
from quizapp.bank.loader import LoadResult


def coverage_table(result: LoadResult) -> str:
    """A Markdown table: one row per topic, columns per type, difficulty spread, figure questions and total."""
    light = heads(result.questions).values()
    present = {q.qtype for q in light}
    kinds = [t for t in types.TYPES if t.name in present]
    rows: dict[str, Counter] = {}
    for q in light:
        row = rows.setdefault(q.topic, Counter())
        row[q.qtype] += 1
        row[f"d{q.difficulty}"] += 1
        row["figures"] += q.image is not None
        row["total"] += 1
    header = ["topic", *[t.short for t in kinds], "d1/d2/d3", "figures", "total"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    grand: Counter = Counter()
    for topic in sorted(rows):
        row = rows[topic]
        grand.update(row)
        lines.append(_row(topic, row, kinds))
    lines.append(_row("**all**", grand, kinds))
    return "\n".join(lines)


def _row(name: str, row: Counter, kinds: list[types.TypeInfo]) -> str:
    cells = [name, *[str(row[t.name]) for t in kinds], f"{row['d1']}/{row['d2']}/{row['d3']}", str(row["figures"]),
             str(row["total"])]
    return "| " + " | ".join(cells) + " |"


def summary(result: LoadResult) -> str:
    """One paragraph for the end of `quizapp check`."""
    light = heads(result.questions).values()
    by_topic = Counter(q.topic for q in light)
    by_type = Counter(q.qtype for q in light)
    lines = [
        f"{len(result.banks)} bank(s), {len(result.questions)} question(s), "
        f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)",
        "  per topic: " + (", ".join(f"{t} {n}" for t, n in sorted(by_topic.items())) or "none"),
        "  per type:  " + (", ".join(f"{t} {n}" for t, n in sorted(by_type.items())) or "none"),
    ]
    return "\n".join(lines)
