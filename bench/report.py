"""The comparison's rows, the targets they are judged by, and the printed, JSON and Markdown forms."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harness import Runs

GUI_TARGET_S = 0.35
FIRST_OF_DAY_TARGET_S = 0.3
HEADER = ("questions", "scenario", "figure", "quizapp min / median", "Anki min / median", "quizapp/Anki",
          "peak MiB quizapp / Anki", "RSS ratio")


def rows_for(size: int | str, key: str, label: str, metrics: tuple[str, ...], quizapp: Runs,
             anki: Runs | None) -> list[dict]:
    q = quizapp.summary(metrics)
    a = anki.summary(metrics) if anki and anki.figures else None
    out = []
    for m in metrics:
        ratio = q[m]["median"] / a[m]["median"] if a and a[m] and a[m]["median"] else None
        rss = q["peak_mib"] / a["peak_mib"] if a and a["peak_mib"] else None
        out.append({"size": size, "scenario": key, "label": label, "metric": m, "runs": q["runs"],
                    "quizapp": q[m], "anki": a[m] if a else None, "ratio": ratio,
                    "answers": {"quizapp": q.get("answers"), "anki": a.get("answers") if a else None},
                    "quizapp_peak_mib": q["peak_mib"], "anki_peak_mib": a["peak_mib"] if a else None,
                    "rss_ratio": rss})
    return out


FIGURES = {"seconds": "time", "total_s": "total", "first_paint_s": "first paint", "home_painted_s": "home painted",
           "p50_ms": "p50", "p95_ms": "p95", "p99_ms": "p99"}


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.endswith("_ms"):
        return f"{value:.2f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _pair(metric: str, fig: dict | None) -> str:
    return "—" if not fig else f"{_fmt(metric, fig['min'])} / {_fmt(metric, fig['median'])}"


def _cells(r: dict) -> tuple[str, ...]:
    metric = FIGURES.get(r["metric"], r["metric"])
    peak = f"{r['quizapp_peak_mib']:.0f} / " + (f"{r['anki_peak_mib']:.0f}" if r["anki_peak_mib"] else "—")
    size = f"{r['size']:,}" if isinstance(r["size"], int) else r["size"]
    return (size, r["scenario"], metric, _pair(r["metric"], r["quizapp"]), _pair(r["metric"], r["anki"]),
            f"{r['ratio']:.2f}×" if r["ratio"] else "—", peak, f"{r['rss_ratio']:.2f}×" if r["rss_ratio"] else "—")


def table(rows: list[dict]) -> str:
    """The plain-text table printed at the end of a run."""
    lines = [HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines)


def machine_line(result: dict) -> str:
    m = result["machine"]
    load = ""
    if "load_average_at_start" in m:
        load = (f"; load average (1/5/15 min) {'/'.join(map(str, m['load_average_at_start']))} at the start, "
                f"{'/'.join(map(str, result.get('load_average_at_end', [])))} at the end")
    return (f"`{result['command']}` on {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}, "
            f"anki {m['anki']}, quizapp {m['quizapp_commit']}, {result['started']} to {result.get('finished', '?')}"
            f"{load}")


def markdown(rows: list[dict], targets: list[dict], heading: str = "") -> str:
    out = [heading, ""] if heading else []
    out += ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    out += ["", "| target | measured | met |", "|---|---|---|"]
    out += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else 'no'} |" for t in targets]
    return "\n".join(out) + "\n"


def targets(rows: list[dict]) -> list[dict]:
    """The issue's targets (issue 17), each judged on ratios from this one run."""
    out = []

    def judge(name: str, measured: str, met: bool) -> None:
        out.append({"target": name, "measured": measured, "met": met})

    sizes = [x["size"] for x in rows if isinstance(x["size"], int)]
    for r in rows:
        where = f"{r['size']:,}" if isinstance(r["size"], int) else r["size"]
        ratio, key, metric = r["ratio"], r["scenario"], r["metric"]
        if key.startswith("answers") and metric in ("p50_ms", "p99_ms") and ratio:
            judge(f"{key} {metric[:3]} ≤ 1.0× Anki ({where})", f"{ratio:.2f}×", ratio <= 1.0)
        if key in ("first-card", "home") and ratio:
            judge(f"{key} ≤ 1.0× Anki ({where})", f"{ratio:.2f}×", ratio <= 1.0)
        if key == "load-cold" and ratio:
            judge(f"load from text ≤ Anki's importer ({where})", f"{ratio:.2f}×", ratio <= 1.0)
        if r["rss_ratio"] and metric in ("seconds", "p99_ms"):
            judge(f"peak RSS ≤ 0.5× Anki: {key} ({where})", f"{r['rss_ratio']:.2f}×", r["rss_ratio"] <= 0.5)
        if key == "first-start-of-day" and metric == "seconds" and sizes and r["size"] == max(sizes):
            median = r["quizapp"]["median"]
            judge(f"first start of the day ≤ {FIRST_OF_DAY_TARGET_S} s before the home screen is usable ({where})",
                  f"{median:.2f} s", median <= FIRST_OF_DAY_TARGET_S)
        if key == "gui-start" and r["size"] == "shipped" and metric == "home_painted_s":
            median = r["quizapp"]["median"]
            judge(f"desktop start to a painted home ≤ {GUI_TARGET_S} s (shipped banks, Xvfb)", f"{median:.2f} s",
                  median <= GUI_TARGET_S)
    return out


def save(folder: Path, result: dict, stamp: str) -> Path:
    """bench/results/run-<stamp>.json (kept locally), latest.json and latest.md (committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, ensure_ascii=False)
    (folder / f"run-{stamp}.json").write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(text, encoding="utf-8")
    (folder / "latest.md").write_text(markdown(result["rows"], result["targets"], machine_line(result)),
                                      encoding="utf-8")
    return folder / "latest.json"

