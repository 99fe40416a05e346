"""The exam report carries each figure inside the page (a data: URI with its alt text), inked for paper,
where the app showed it: under the prompt, or after the answers with the explanation."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks
from quizapp.study.exam_report import PAPER_INK, figure_html, question_html
from quizapp.study.exam_store import AttemptItem

FIGURES = Path(__file__).resolve().parents[2] / "questions" / "figures"
BANK = """title: F
topic: f
questions:
  - id: in-prompt
    type: true_false
    prompt: The curve falls in two phases.
    answer: true
    image: {file: iv-two-phase.svg, alt: 'A falling curve, "steep" then straight.'}
  - id: in-feedback
    type: true_false
    prompt: Ketamine was first made in 1962.
    answer: true
    explanation: Stevens, 1962.
    image: {file: timeline.svg, alt: A timeline., shown: feedback}
"""


@pytest.fixture
def questions(tmp_path: Path):
    for name in ("iv-two-phase.svg", "timeline.svg"):
        shutil.copy(FIGURES / name, tmp_path / name)
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    loaded = load_banks([tmp_path])
    assert not loaded.errors
    return loaded.questions


def _item(qid: str) -> AttemptItem:
    return AttemptItem(qid, "f", None, True, 1.0, 1.0, True, False, 10.0)


def test_the_figure_is_embedded_with_its_alt_text_and_dark_ink(questions) -> None:
    page = figure_html(questions["in-prompt"])
    src = re.search(r"src='data:image/svg\+xml;base64,([^']+)'", page)
    assert src, page[:200]
    svg = base64.b64decode(src[1]).decode("utf-8")
    assert "currentColor" not in svg and f'stroke="{PAPER_INK}"' in svg and f'color="{PAPER_INK}"' in svg
    alt = "A falling curve, &quot;steep&quot; then straight."
    assert f"alt='{alt}'" in page and f"title='{alt}'" in page
    assert "width='520'" in page  # the figure's own 640 pixels, narrowed to the report's column


def test_each_figure_stands_where_the_app_showed_it(questions) -> None:
    shown = question_html(1, _item("in-prompt"), questions["in-prompt"], {}, lambda t: f"<p>{t}</p>")
    assert shown.index("The curve falls") < shown.index("<img") < shown.index("Your answer")
    later = question_html(2, _item("in-feedback"), questions["in-feedback"], {}, lambda t: f"<p>{t}</p>")
    assert later.index("Your answer") < later.index("<img") < later.index("Explanation")


def test_a_figure_gone_or_made_unsafe_since_leaves_its_alt_text(questions) -> None:
    q = questions["in-feedback"]
    Path(q.image).write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>")
    assert figure_html(q) == "<p><i>Figure not available. It showed: A timeline.</i></p>"
    Path(q.image).unlink()
    assert "It showed: A timeline." in figure_html(q)
