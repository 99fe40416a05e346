"""Study statistics: what the Statistics window and `quizapp stats` show, computed from the progress store.

`compute_stats` gathers every section (today, streak, forecast, retention, mastery, FSRS spreads, leeches,
exams, misconceptions, the exam-day plan) into one `Stats`; the modules here compute one section each.
"""

from quizapp.study.stats.compute import StatsFilter, compute_stats, stats_json
from quizapp.study.stats.model import Stats

__all__ = ["Stats", "StatsFilter", "compute_stats", "stats_json"]
