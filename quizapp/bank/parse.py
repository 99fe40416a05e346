"""Turning one positioned YAML question mapping into a typed Question: the common fields here, the rest
by the question's type (quizapp/bank/types/)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from quizapp.bank import types
from quizapp.bank.fields import Fields, Missing, Report
from quizapp.bank.images import SHOWN, check_image
from quizapp.bank.model import Problem, Question
from quizapp.bank.yamlsafe import LMap

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
COMMON = {
    "id", "type", "prompt", "explanation", "sources", "tags", "difficulty", "image", "replaces", "fact",
    "lint",  # item-writing rules this question waives, each with its reason (read by `quizapp lint`)
}


def parse_question(data: Any, pos_of_item: Any, topic: str, file: str, bank_dir: Path | None,
                   report: Report) -> Question | None:
    """Parse one question; on any error record it in `report` and return None."""
    if not isinstance(data, LMap):
        report.add(pos_of_item, "a question must be a mapping of fields (id, type, prompt, ...)")
        return None
    label = f"question '{data.get('id')}'" if isinstance(data.get("id"), str) else "question"
    f = Fields(data, report, label)
    qid: str | None = None
    try:
        qid = f.text("id", allow_numbers=False)
        assert qid is not None
        if not ID_RE.match(qid):
            qid = None
            report.add(f.where("id"), f"{label}: id may hold only letters, digits and . _ : - (max 100)")
            raise Missing
        type_name = f.text("type") or ""
        kind = types.get(type_name)
        if kind is None:
            report.add(f.where("type"), f"{label}: unknown type '{type_name}' (one of: {', '.join(types.names())})")
            raise Missing
        common = _common(f, kind.cls, topic, file, bank_dir)
        question = kind.cls.parse(f, type_name, common)
        f.check_unknown(COMMON | kind.cls.own_fields)
        question.content_hash = question.compute_hash()
        return question
    except Missing:
        if qid is not None:
            id_at = f.where("id")
            report.rejected.append((qid, data.pos.line, id_at.line, id_at.column))
        return None


def _common(f: Fields, cls: type[Question], topic: str, file: str, bank_dir: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.text("id"),
        "prompt": f.text("prompt", required=cls.prompt_required) or "",
        "topic": topic,
        "file": file,
        "line": f.data.pos.line,
        "explanation": f.text("explanation", required=False) or "",
        "sources": f.text_list("sources"),
        "tags": f.text_list("tags"),
        "replaces": f.text_list("replaces"),
        "fact": f.text("fact", required=False) or "",
        "where": {k: f.where(k).as_tuple() for k in ("id", "sources", "replaces") if f.has(k)},
    }
    if not out["explanation"]:
        f.report.add(f.data.pos, f"{f.what}: no 'explanation' (students learn most from it)", "warning")
    if not out["sources"]:
        f.report.add(f.data.pos, f"{f.what}: no 'sources'", "warning")
    if f.has("difficulty"):
        d = f.raw("difficulty")
        if isinstance(d, bool) or d not in (1, 2, 3):
            f.report.add(f.where("difficulty"), f"{f.what}: 'difficulty' must be 1, 2 or 3")
            raise Missing
        out["difficulty"] = d
    if f.has("image"):
        out.update(_image(f, bank_dir))
    return out


_IMAGE_KEYS = {"file", "alt", "shown"}
_IMAGE_EXAMPLE = '{file: figures/structure.svg, alt: "what the figure shows, in words"}'


def _image(f: Fields, bank_dir: Path | None) -> dict[str, Any]:
    """`image: {file, alt, shown}`: the file checked and resolved, its alt text, where it is shown."""
    value = f.raw("image")
    where = f.where("image")
    if not isinstance(value, LMap):
        # Alt text is required for every image (screen readers, the exam report, exports), so the old
        # bare path is refused with the mapping to write instead.
        path = str(value).strip() if isinstance(value, str | int | float) and not isinstance(value, bool) else ""
        shown = "{file: " + (path or "figures/structure.svg") + ', alt: "what the figure shows, in words"}'
        report_text = (f"{f.what}: 'image' needs alt text; write it as a mapping: image: {shown}"
                       if path else f"{f.what}: 'image' must be a mapping like image: {_IMAGE_EXAMPLE}")
        f.report.add(where, report_text)
        raise Missing
    sub = Fields(value, f.report, f"{f.what} image")
    file = sub.text("file")
    assert file is not None
    alt = sub.text("alt", required=False)
    if not alt:
        state = "has no 'alt' text" if sub.raw("alt") is None else "has an empty 'alt'"
        f.report.add(sub.where("alt") if sub.has("alt") else where,
                     f"{f.what}: image {state}; add alt: \"...\" saying in words what the figure shows "
                     "(screen readers and the exam report read it)")
        raise Missing
    shown = sub.text("shown", required=False) or "prompt"
    if shown not in SHOWN:
        f.report.add(sub.where("shown"), f"{f.what}: image 'shown' must be prompt or feedback, not '{shown}'")
        raise Missing
    sub.check_unknown(_IMAGE_KEYS)
    return {"image": _image_path(f, sub, file, bank_dir), "image_alt": alt, "image_shown": shown}


def _image_path(f: Fields, sub: Fields, image: str, bank_dir: Path | None) -> str | None:
    if bank_dir is None:
        return None
    at = sub.where("file")
    rel = Path(image)
    if rel.is_absolute() or image.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", image) or "://" in image:
        f.report.add(at, f"{f.what}: image must be a path relative to the bank folder")
        raise Missing
    root = bank_dir.resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root):
        f.report.add(at, f"{f.what}: image path '{image}' leaves the bank folder")
        raise Missing
    if not target.is_file():
        f.report.add(at, f"{f.what}: image '{image}' not found")
        raise Missing
    problems = check_image(target)
    if problems:
        # A problem inside an SVG is reported at its own line of the SVG file, so an editor can jump there.
        shown_file = os.path.normpath(os.path.join(os.path.dirname(f.report.file), image))
        for p in problems:
            if p.line is None:
                f.report.add(at, f"{f.what}: image '{image}' refused: {p.message}")
            else:
                f.report.problems.append(Problem(shown_file, p.line, 1, f"{f.what}: image refused: {p.message}"))
        raise Missing
    return str(target)
