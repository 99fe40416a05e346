"""Plain-text output the commands share: aligned tables, percentages, shortened lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def pct(x: float | None) -> str:
    """0.873 -> '87%'; a missing figure is a dash."""
    return "–" if x is None else f"{100 * x:.0f}%"


def table(header: Sequence[str], rows: Iterable[Sequence[object]], indent: str = "  ") -> list[str]:
    """Left-aligned columns under their header, one string per line; '(none)' without rows."""
    cells = [list(map(str, header)), *([str(c) for c in r] for r in rows)]
    if len(cells) == 1:
        return [indent + "(none)"]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return [indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def short(text: str, width: int = 60) -> str:
    """The text on one line, cut with an ellipsis at `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
