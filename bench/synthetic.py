"""Generates synthetic bank folders of any size, with every question type, for benchmarks."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import yaml

TYPES = ["single_choice", "multiple_choice", "true_false", "cloze", "short_answer", "numeric", "matching",
         "ordering", "flashcard"]


def _question(i: int, rng: random.Random) -> dict:
    qtype = TYPES[i % len(TYPES)]
    words = " ".join(rng.choice(["ketamine", "receptor", "NMDA", "dose", "infusion", "patient", "trial",
                                 "metabolite", "plasma", "hepatic", "analgesia", "sedation"]) for _ in range(14))
    q: dict = {"id": f"syn-{i:07d}", "type": qtype, "prompt": f"Question {i}: {words}?",
               "explanation": f"Because {words}. " * 3, "sources": ["syn-src"], "tags": [f"tag{i % 17}"],
               "difficulty": 1 + i % 3}
    if qtype in ("single_choice", "multiple_choice"):
        q["choices"] = [{"text": f"choice {k} {words[:20]}", "correct": k == 0 or (qtype == "multiple_choice"
                                                                                and k == 1),
                         **({} if k == 0 else {"why": f"Because {k} is wrong here."})} for k in range(4)]
    elif qtype == "true_false":
        q["answer"] = bool(i % 2)
    elif qtype == "cloze":
        q["text"] = f"Ketamine {words} {{{{gap{i}|alt{i}}}}} and {{{{second}}}}."
    elif qtype == "short_answer":
        q["answers"] = [f"answer{i}", f"alt{i}"]
        q["fuzzy"] = True
    elif qtype == "numeric":
        q["answer"] = i * 0.5
        q["tolerance"] = "5%"
        q["unit"] = "mg"
    elif qtype == "matching":
        q["pairs"] = {f"left {k}": f"right {k} {i}" for k in range(4)}
    elif qtype == "ordering":
        q["items"] = [f"step {k} of {i}" for k in range(4)]
    else:
        q["back"] = f"Back {words}"
    return q


def topic_of(index: int, per_file: int = 10_000) -> str:
    """The topic of question `index`: one per bank file, ten topics in turn."""
    return f"topic-{index // per_file % 10}"


def question_dicts(n_questions: int, per_file: int = 10_000, seed: int = 1) -> Iterator[dict]:
    """The questions make_banks writes, in order, as plain dicts (other apps are fed the same content)."""
    rng = random.Random(seed)
    for i in range(n_questions):
        yield _question(i, rng)


def make_banks(folder: Path, n_questions: int, per_file: int = 10_000, seed: int = 1) -> Path:
    """Write `n_questions` into folder/bank-NN.yaml files plus a sources.yaml; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(
        "syn-src:\n  title: Synthetic source\n  url: https://example.org/synthetic\n", encoding="utf-8")
    questions = question_dicts(n_questions, per_file, seed)
    for start in range(0, n_questions, per_file):
        n = min(per_file, n_questions - start)
        doc = {"title": f"Synthetic bank {start // per_file}", "topic": topic_of(start, per_file),
               "questions": list(itertools.islice(questions, n))}
        with open(folder / f"bank-{start // per_file:03d}.yaml", "w", encoding="utf-8") as fh:
            yaml.dump(doc, fh, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                      sort_keys=False, width=10_000)
    return folder
