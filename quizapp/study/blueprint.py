"""Exam blueprints: how many questions of which topics, the time limit and the marking rules.

A blueprint is a YAML file (questions/exams/*.yaml) read with the same positioned, safe loader as banks,
so `quizapp check` can point at the FILE:LINE of a section that asks for more questions than exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank import types
from quizapp.bank.fields import Fields, Missing, Report
from quizapp.bank.lazy import QuestionInfo, heads
from quizapp.bank.model import Problem, Question
from quizapp.bank.yamlsafe import LList, LMap, Pos, YamlError, parse_yaml

EXAMS_FOLDER = "exams"
# A self-graded question rests on the student's own honesty, which a mock exam cannot rely on.
EXAM_TYPES = frozenset(t.name for t in types.TYPES if not t.cls.self_graded)


@dataclass(frozen=True, slots=True)
class Section:
    """`count` questions drawn from `topic` (or all topics), optionally narrowed by difficulty and tags."""

    count: int
    topic: str | None = None
    difficulty: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    line: int = 0

    def admits(self, q: QuestionInfo) -> bool:
        return (q.qtype in EXAM_TYPES
                and (self.topic is None or q.topic == self.topic)
                and (not self.difficulty or q.difficulty in self.difficulty)
                and (not self.tags or bool(set(self.tags) & set(q.tags))))

    def label(self) -> str:
        parts = [self.topic or "any topic"]
        if self.difficulty:
            parts.append("difficulty " + "/".join(map(str, self.difficulty)))
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Blueprint:
    title: str
    sections: tuple[Section, ...]
    time_limit_s: int | None = 1200
    pass_mark: float = 0.7  # share of the maximum score
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    negative_marking: bool = False
    penalty: float = 0.25  # share of a question's mark lost for a wrong answer when negative marking is on
    partial_credit: bool = True
    path: str = ""
    description: str = field(default="", compare=False)

    @property
    def size(self) -> int:
        return sum(s.count for s in self.sections)


def custom_blueprint(topics: Iterable[str] | None, count: int, minutes: int | None,
                     questions: Mapping[str, Question]) -> Blueprint:
    """A quick exam from the UI: `count` questions spread evenly over the chosen topics.

    A topic with fewer questions than its share gives all it has and the others make up the rest,
    so the exam can be built whenever the chosen topics hold `count` questions between them.
    """
    light = heads(questions).values()
    chosen = sorted(set(topics or ()) or {q.topic for q in light})
    have = {t: 0 for t in chosen}
    for q in light:
        if q.topic in have and q.qtype in EXAM_TYPES:
            have[q.topic] += 1
    share = dict.fromkeys(chosen, 0)
    left = count
    while left > 0 and chosen:
        open_topics = [t for t in chosen if share[t] < have[t]] or chosen  # too few overall: let selection say so
        base, extra = divmod(left, len(open_topics))
        for i, t in enumerate(open_topics):
            room = have[t] - share[t] if have[t] > share[t] else left
            give = min(base + (i < extra), room)
            share[t] += give
            left -= give
    sections = tuple(Section(share[t], t) for t in chosen if share[t] > 0)
    return Blueprint("Custom exam", sections, minutes * 60 if minutes else None)


def parse_blueprint(text: str, shown: str, questions: Mapping[str, Question] | None = None
                    ) -> tuple[Blueprint | None, list[Problem]]:
    """Read one blueprint; with `questions`, also check each section can be filled."""
    report = Report(shown)
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        report.add(Pos(exc.line, exc.column), exc.message)
        return None, report.problems
    if not isinstance(data, LMap):
        report.add(Pos(1, 1), "a blueprint must be a mapping with title and sections")
        return None, report.problems
    f = Fields(data, report, "blueprint")
    try:
        blueprint = _build(f, shown)
    except Missing:
        return None, report.problems
    if questions is not None:
        for s in blueprint.sections:
            have = sum(1 for q in heads(questions).values() if s.admits(q))
            if have < s.count:
                report.add(Pos(s.line, 1), f"section '{s.label()}' asks for {s.count} questions; "
                                           f"the banks have {have}")
    return (None if report.has_errors else blueprint), report.problems


def _build(f: Fields, shown: str) -> Blueprint:
    title = f.text("title") or ""
    minutes = f.number("time_limit", required=False)
    if minutes is not None and minutes <= 0:
        f.report.add(f.where("time_limit"), "blueprint: 'time_limit' is in minutes and must be positive")
        raise Missing
    pass_mark = f.number("pass_mark", required=False)
    if pass_mark is not None and not 0 <= pass_mark <= 100:
        f.report.add(f.where("pass_mark"), "blueprint: 'pass_mark' is a percentage from 0 to 100")
        raise Missing
    penalty = f.number("penalty", required=False)
    if penalty is not None and not 0 <= penalty <= 1:
        f.report.add(f.where("penalty"), "blueprint: 'penalty' is a share of one mark, from 0 to 1")
        raise Missing
    raw = f.raw("sections")
    if not isinstance(raw, LList) or not raw:
        f.report.add(f.where("sections"), "blueprint: 'sections' must be a list of {topic, count}")
        raise Missing
    sections = [_section(item, raw.where(i), f.report) for i, item in enumerate(raw)]
    blueprint = Blueprint(
        title=title,
        sections=tuple(s for s in sections if s is not None),
        time_limit_s=int(minutes * 60) if minutes else None,
        pass_mark=(pass_mark if pass_mark is not None else 70) / 100,
        shuffle_questions=f.flag("shuffle_questions", True),
        shuffle_choices=f.flag("shuffle_choices", True),
        negative_marking=f.flag("negative_marking", False),
        penalty=penalty if penalty is not None else 0.25,
        partial_credit=f.flag("partial_credit", True),
        path=shown,
        description=f.text("description", required=False) or "",
    )
    f.check_unknown({"title", "description", "time_limit", "pass_mark", "shuffle_questions", "shuffle_choices",
                     "negative_marking", "penalty", "partial_credit", "sections"})
    if None in sections:
        raise Missing
    return blueprint


def _section(item: object, pos: Pos, report: Report) -> Section | None:
    if not isinstance(item, LMap):
        report.add(pos, "blueprint: each section must be a mapping like {topic: pharmacology, count: 10}")
        return None
    f = Fields(item, report, "blueprint section")
    try:
        count = f.raw("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            report.add(f.where("count"), "blueprint section: 'count' must be a whole number of at least 1")
            return None
        topic = f.text("topic", required=False)
        difficulty = f.raw("difficulty")
        levels = [difficulty] if isinstance(difficulty, int) else list(difficulty or [])
        if any(isinstance(d, bool) or d not in (1, 2, 3) for d in levels):
            report.add(f.where("difficulty"), "blueprint section: 'difficulty' must be 1, 2, 3 or a list of them")
            return None
        tags = f.text_list("tags")
    except Missing:
        return None
    f.check_unknown({"topic", "count", "difficulty", "tags"})
    return Section(count, topic, tuple(levels), tags, pos.line)


def load_blueprints(folder: Path, questions: Mapping[str, Question]) -> tuple[list[Blueprint], list[Problem]]:
    """Every blueprint in folder/exams/, checked against the loaded questions."""
    blueprints: list[Blueprint] = []
    problems: list[Problem] = []
    exams = folder / EXAMS_FOLDER
    if not exams.is_dir():
        return blueprints, problems
    for path in sorted(exams.glob("*.y*ml")):
        shown = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, 1, 1, f"cannot read blueprint: {exc}"))
            continue
        blueprint, found = parse_blueprint(text, shown, questions)
        problems.extend(found)
        if blueprint is not None:
            blueprints.append(blueprint)
    return blueprints, problems
