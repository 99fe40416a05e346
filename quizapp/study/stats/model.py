"""What the statistics are made of: plain dataclasses, and their JSON form (the same for CLI and window)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

RANGES: dict[str, int | None] = {"1 month": 30, "3 months": 91, "1 year": 365, "all": None}
DEFAULT_RANGE_DAYS = 365


@dataclass(frozen=True, slots=True)
class StatsFilter:
    """Which history counts: the last `days` study days (None = all of it) and some topics (empty = all)."""

    days: int | None = DEFAULT_RANGE_DAYS
    topics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.days is not None and self.days < 1:
            raise ValueError("the time range must be at least one day")


@dataclass(frozen=True, slots=True)
class Today:
    reviewed: int  # answers given this study day
    correct: int
    correct_share: float | None  # correct / reviewed, None before the first answer
    seconds: float  # answering time
    new: int  # questions seen for the first time today
    still_due: int  # learning and review questions due before the day ends, not yet answered


@dataclass(frozen=True, slots=True)
class Streak:
    current: int  # consecutive study days up to today (or yesterday, while today is still open)
    longest: int  # longest run within the calendar shown
    days_studied: int  # days with at least one answer in the calendar


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class WeekRetention:
    """True retention: of the answers to questions in review, the share not rated Again."""

    week: date  # the Monday (study day) the week starts on
    reviews: int
    passed: int
    retention: float | None


@dataclass(frozen=True, slots=True)
class TopicMastery:
    topic: str
    total: int
    studied: int
    mastery: float  # mean retrievability now, unseen questions counting 0
    recall: float | None  # the same over studied questions
    weak: bool  # among the weakest studied topics: what the drill button drills


@dataclass(frozen=True, slots=True)
class Bin:
    label: str
    low: float
    high: float | None
    count: int


@dataclass(frozen=True, slots=True)
class QuestionStat:
    question_id: str
    topic: str
    prompt: str
    answers: int  # in the time range
    correct: int
    accuracy: float | None
    lapses: int
    difficulty: float | None  # FSRS difficulty 1..10
    stability_days: float | None


@dataclass(frozen=True, slots=True)
class ExamSitting:
    finished: datetime
    percent: float
    passed: bool | None


@dataclass(frozen=True, slots=True)
class ExamHistory:
    blueprint: str
    sittings: tuple[ExamSitting, ...]
    best: float
    latest: float


@dataclass(frozen=True, slots=True)
class Misconception:
    """A wrong answer given more than once: what was given, what is right, and why it is wrong."""

    given: str
    expected: str
    count: int
    question_ids: tuple[str, ...]  # most often first
    topic: str
    prompt: str  # of the first question, to show the mistake in context
    why: str


@dataclass(frozen=True, slots=True)
class TopicPrediction:
    topic: str
    questions: int
    studied: int
    predicted: float  # expected share of the topic's questions recalled on the exam day
    after_today: float  # the same if today's suggestions are studied


@dataclass(frozen=True, slots=True)
class StudyTip:
    topic: str
    question_ids: tuple[str, ...]
    new: int  # how many of them are unseen
    gain_points: float  # rise of the topic's predicted score, in percentage points


@dataclass(frozen=True, slots=True)
class ExamPlan:
    exam_date: date
    days_left: int
    predicted: float  # over all questions in the filter
    after_today: float
    topics: tuple[TopicPrediction, ...]
    today: tuple[StudyTip, ...]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q for tip in self.today for q in tip.question_ids)


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything the statistics window and `quizapp stats` show, for one filter at one moment."""

    generated_at: datetime
    filter: StatsFilter
    topics: tuple[str, ...]  # every topic with questions, for the filter's menu
    desired_retention: float
    rollover_hour: int
    today: Today
    streak: Streak
    calendar: tuple[DayCount, ...]  # the past year, one entry per study day, oldest first
    forecast: tuple[DayCount, ...]  # due per study day, today first (today includes overdue)
    retention: tuple[WeekRetention, ...]
    mastery: tuple[TopicMastery, ...]
    difficulty: tuple[Bin, ...]
    stability: tuple[Bin, ...]
    leeches: tuple[QuestionStat, ...]
    hardest: tuple[QuestionStat, ...]
    exams: tuple[ExamHistory, ...]
    misconceptions: tuple[Misconception, ...]
    exam_date: date | None = None
    exam_plan: ExamPlan | None = None  # None without an exam date, or once it has passed
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def weak_topics(self) -> tuple[str, ...]:
        return tuple(m.topic for m in self.mastery if m.weak)


def to_json(value: Any) -> Any:
    """The JSON form of stats (dates as ISO strings, tuples as lists); timings are left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value) if f.name != "timings_ms"}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value
