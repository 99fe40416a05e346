"""A finished exam as one self-contained HTML page: score, breakdowns, and every question with its answers.

Plain Python: the UI shows it or prints it to PDF. Bank text is Markdown; the caller passes its
renderer (`render`), otherwise the text is escaped as it is.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from quizapp.bank.images import MIME, check_image, image_size, svg_with_ink
from quizapp.bank.model import Question, Source
from quizapp.study.exam_store import Attempt, AttemptItem

Render = Callable[[str], str]
PAPER_INK = "#1d232a"  # a figure's neutral ink on the report's white page (the app's light-theme text)
FIGURE_WIDTH = 520  # at most, in CSS pixels: about two thirds of an A4 text column


def _escape(text: str) -> str:
    return "<p>" + html.escape(text or "").replace("\n", "<br>") + "</p>"


def clock_text(seconds: float) -> str:
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def response_text(question: Question, response: Any) -> str:
    """What the student gave, as Markdown text ("No answer" when blank)."""
    return question.response_text(response) or "No answer"


def answer_text(question: Question) -> str:
    """The correct answer, as Markdown text."""
    return question.answer_text()


def verdict_text(item: AttemptItem) -> str:
    if item.correct:
        return "Correct"
    if not item.answered:
        return "Not answered"
    return f"Partly correct ({round(item.score * 100)}%)" if item.score > 0 else "Not correct"


def _marks(value: float) -> str:
    """2, 1.5, 0.67: marks rounded as a person reads them (a third of a mark is not 0.333333)."""
    return f"{round(value, 2) + 0.0:g}"


def _plural(n: float, one: str, many: str) -> str:
    return one if n == 1 else many


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>{cells}</tr>{body}</table>"


def breakdown_rows(groups: Mapping[Any, tuple[float, int]], label: Callable[[Any], str]) -> list[list[str]]:
    """[name, questions, marks, percent] per group, sorted by name."""
    rows = []
    for key in sorted(groups, key=lambda k: (k is None, str(k))):
        marks, n = groups[key]
        rows.append([html.escape(label(key)), str(n), _marks(marks), f"{100 * max(0.0, marks) / n:.0f}%" if n else ""])
    return rows


def difficulty_label(level: int | None) -> str:
    return f"Difficulty {level}" if level is not None else "Unrated"


def _sources(question: Question, sources: Mapping[str, Source]) -> str:
    items = []
    for key in question.sources:
        src = sources.get(key)
        label = html.escape((src.citation() or src.title) if src else key)
        link = src.link if src else None
        items.append(f"<li><a href='{html.escape(link)}'>{label}</a></li>" if link else f"<li>{label}</li>")
    return f"<p><b>Sources</b></p><ul>{''.join(items)}</ul>" if items else ""


def figure_html(question: Question) -> str:
    """The question's figure embedded as a data: URI, so the page and its PDF need no other file; its alt
    text is the image's alt and title. Only the alt text when the file is gone or no longer safe."""
    if not question.image:
        return ""
    alt = html.escape(question.image_alt)
    path = Path(question.image)
    data = None
    if not check_image(path):
        try:
            data = path.read_bytes()
        except OSError:
            pass
    if data is None:
        return f"<p><i>Figure not available. It showed: {alt}</i></p>"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        data = svg_with_ink(data, PAPER_INK)
    size = image_size(data, suffix)
    width = f" width='{min(size[0], FIGURE_WIDTH)}'" if size else ""
    uri = f"data:{MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"
    return f"<p><img src='{uri}'{width} alt='{alt}' title='{alt}' style='max-width:100%'></p>"


def question_html(number: int, item: AttemptItem, question: Question | None, sources: Mapping[str, Source],
                  render: Render, topic: str = "") -> str:
    """One reviewed question: the prompt, the verdict, both answers, the explanation and the sources."""
    color = "#1b7a37" if item.correct else "#8a6100" if item.score > 0 else "#b3261e"
    head = (f"<h3>{number}. <span style='color:{color}'>{html.escape(verdict_text(item))}</span></h3>"
            f"<p style='color:#5b6570'>{html.escape(topic or item.topic)} · "
            f"{html.escape(difficulty_label(item.difficulty))}"
            f" · {_marks(item.marks)} {_plural(round(item.marks, 2), 'mark', 'marks')} · {clock_text(item.seconds)}"
            f"{' · flagged' if item.flagged else ''}</p>")
    if question is None:
        return head + "<p><i>This question is no longer in the banks.</i></p>"
    parts = [head, render(question.prompt)] if question.prompt.strip() else [head]
    figure = figure_html(question)
    if question.image_shown == "prompt":
        parts.append(figure)
    extra = question.report_text()
    if extra:
        parts.append(render(extra))
    parts.append(_table(["Your answer", "Correct answer"],
                        [[render(response_text(question, item.response)), render(answer_text(question))]]))
    if question.image_shown == "feedback":
        parts.append(figure)  # where the app showed it: with the explanation, after the answers
    if question.explanation:
        parts.append("<p><b>Explanation</b></p>" + render(question.explanation))
    parts.append(_sources(question, sources))
    return "".join(parts)


def report_html(attempt: Attempt, questions: Mapping[str, Question], sources: Mapping[str, Source],
                render: Render | None = None, topic_titles: Mapping[str, str] | None = None) -> str:
    """The whole report as one HTML document."""
    render = render or _escape
    titles = topic_titles or {}
    verdict = "PASSED" if attempt.passed else "NOT PASSED"
    limit = f" of {clock_text(attempt.time_limit_s)}" if attempt.time_limit_s else ""
    summary = (f"<h1>{html.escape(attempt.title)}</h1>"
               f"<p>{attempt.finished_at:%Y-%m-%d %H:%M}</p>"
               f"<h2>{_marks(round(attempt.marks, 2))} / {_marks(attempt.max_marks)} marks · {attempt.percent:.0f}% · "
               f"{verdict}</h2>"
               f"<p>Pass mark {attempt.pass_mark * 100:.0f}%. Time used {clock_text(attempt.seconds_used)}{limit}"
               f"{' (time ran out)' if attempt.timed_out else ''}."
               f"{' Wrong answers to choice questions lost marks.' if attempt.negative_marking else ''}</p>")
    head = ["", "Questions", "Marks", "Score"]
    topics = _table(["Topic", *head[1:]], breakdown_rows(attempt.by_topic, lambda t: titles.get(t, t)))
    levels = _table(["Difficulty", *head[1:]], breakdown_rows(attempt.by_difficulty, difficulty_label))
    reviewed = "".join(question_html(n, item, questions.get(item.question_id), sources, render,
                                     titles.get(item.topic, item.topic))
                       for n, item in enumerate(attempt.items, start=1))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(attempt.title)}</title></head><body>"
            f"{summary}<h2>By topic</h2>{topics}<h2>By difficulty</h2>{levels}"
            f"<h2>Every question</h2>{reviewed}</body></html>")
