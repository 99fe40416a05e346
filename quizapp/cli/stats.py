"""`quizapp stats [--json]`: the statistics window's numbers as text tables or JSON, for the terminal and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from quizapp.cli.banks import bank_targets, no_questions
from quizapp.cli.text import pct, short, table
from quizapp.study.stats.model import RANGES, Stats

WEEKS_SHOWN = 8


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="print your study statistics (the Statistics window's numbers)",
                       description="Uses --data-dir for progress and --banks for question texts "
                                   "besides the shipped banks, as the app does.")
    p.add_argument("--json", action="store_true", help="print JSON (the same numbers the window shows)")
    p.add_argument("--days", default="365", metavar="N|all",
                   help="time range: the last N study days, or 'all' (default: 365)")
    p.add_argument("--topic", action="append", default=[], metavar="TOPIC", help="only this topic (repeatable)")
    p.add_argument("--exam-date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="predict scores for this exam date (default: the one set in the app)")
    p.set_defaults(func=_cmd_stats)


def _days(text: str) -> int | None:
    if text == "all":
        return None
    days = int(text)
    if days < 1:
        raise ValueError
    return days


def _cmd_stats(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.bank.loader import load_banks
    from quizapp.study import AlreadyOpenError, StoreError, StudyService
    from quizapp.study.stats import StatsFilter, compute_stats, stats_json

    try:
        flt = StatsFilter(days=_days(args.days), topics=tuple(args.topic))
    except ValueError:
        print(f"error: --days takes a positive number or 'all', not {args.days!r}", file=sys.stderr)
        return 2
    data = paths.data_dir(args.data_dir)
    targets = bank_targets(args)
    loaded = load_banks(targets, paths.bank_cache_dir(data), lazy=True)
    for problem in loaded.errors:  # e.g. a --banks folder that does not exist: say it, count the rest
        print(problem, file=sys.stderr)
    if no_questions(len(loaded.questions), targets):
        return 1
    try:
        try:
            service, sync = StudyService.open(data), True
        except AlreadyOpenError:  # the app is running: read what it has written, change nothing
            service, sync = StudyService.open_readonly(data), False
            print("note: quizapp is open on this folder, so its progress is read as the app last saved it",
                  file=sys.stderr)
    except StoreError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    with service:
        if sync:
            service.sync(loaded.questions)
        stats = compute_stats(service, loaded.questions, flt, exam_date=args.exam_date)
    if args.json:
        print(json.dumps(stats_json(stats), indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_report(stats)))
    return 0








def text_report(s: Stats) -> list[str]:
    """The statistics as readable lines, section by section as in the window."""
    rng = next((k for k, v in RANGES.items() if v == s.filter.days), f"{s.filter.days} days")
    t = s.today
    out = [f"Statistics at {s.generated_at:%Y-%m-%d %H:%M} · range: {rng} · topics: "
           f"{', '.join(s.filter.topics) or 'all'}", "",
           f"Today: {t.reviewed} answered, {pct(t.correct_share)} correct, {t.seconds / 60:.0f} min, "
           f"{t.new} new; {t.still_due} still due",
           f"Streak: {s.streak.current} day(s); longest {s.streak.longest}; "
           f"{s.streak.days_studied} day(s) studied in the past year", ""]
    f = [d.count for d in s.forecast]
    out.append(f"Due: today {f[0] if f else 0}, tomorrow {f[1] if len(f) > 1 else 0}, next 7 days {sum(f[:7])}, "
               f"next 30 days {sum(f)}")
    weeks = [w for w in s.retention if w.reviews][-WEEKS_SHOWN:]
    out += ["", f"True retention by week (desired {pct(s.desired_retention)}):",
            *table(("week of", "reviews", "passed", "retention"),
                    ((w.week, w.reviews, w.passed, pct(w.retention)) for w in weeks))]
    out += ["", "Mastery by topic (* = weakest, drilled by the drill button):",
            *table(("topic", "mastery", "recall", "studied"),
                    ((("* " if m.weak else "") + m.topic, pct(m.mastery), pct(m.recall), f"{m.studied}/{m.total}")
                     for m in s.mastery))]
    out += ["", "FSRS difficulty:  " + "  ".join(f"{b.label}: {b.count}" for b in s.difficulty),
            "FSRS stability:   " + "  ".join(f"{b.label}: {b.count}" for b in s.stability)]
    for title, items in (("Leeches", s.leeches), ("Hardest questions (FSRS difficulty)", s.hardest)):
        out += ["", f"{title}:", *table(
            ("question", "topic", "accuracy", "lapses", "difficulty", "prompt"),
            ((q.question_id, q.topic, f"{pct(q.accuracy)} of {q.answers}", q.lapses,
              "–" if q.difficulty is None else f"{q.difficulty:.1f}", short(q.prompt, 50)) for q in items))]
    out += ["", "Exams:", *table(("blueprint", "sittings", "latest", "best"),
                                   ((e.blueprint, len(e.sittings), f"{e.latest:.0f}%", f"{e.best:.0f}%")
                                    for e in s.exams))]
    out += ["", "Misconceptions (wrong answers given more than once):"]
    for m in s.misconceptions:
        more = f" and {len(m.question_ids) - 1} more" if len(m.question_ids) > 1 else ""
        out += [f"  {m.count}× “{short(m.given, 40)}” instead of “{short(m.expected, 40)}”, "
                f"in “{short(m.prompt, 50)}”{more}", f"      {short(m.why, 100)}"]
    if not s.misconceptions:
        out.append("  (none)")
    out += ["", *_plan_lines(s)]
    return out


def _plan_lines(s: Stats) -> list[str]:
    if s.exam_date is None:
        return ["Exam date: not set (set it in the Statistics window, or pass --exam-date)"]
    p = s.exam_plan
    if p is None:
        return [f"Exam date: {s.exam_date} (passed)"]
    lines = [f"Exam on {p.exam_date} ({p.days_left} day(s) left): predicted {pct(p.predicted)}, "
             f"{pct(p.after_today)} after today's suggestions",
             *table(("topic", "predicted", "after today", "questions"),
                     ((t.topic, pct(t.predicted), pct(t.after_today), t.questions) for t in p.topics))]
    lines += ["Study today:"] + ([f"  {tip.topic}: {len(tip.question_ids)} question(s) ({tip.new} new), "
                                 f"+{tip.gain_points:.1f} points" for tip in p.today] or ["  (nothing left to gain)"])
    return lines
