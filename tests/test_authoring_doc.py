"""Every example in docs/authoring.md loads, and every mistake shown there gives the message shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
FENCE = re.compile(r"```yaml (bank|question|sources|mistake)\n(.*?)```(?:\ntext\n)?", re.S)
MISTAKE = re.compile(r"```yaml mistake\n(.*?)```\n```text\n(.*?)\n```", re.S)
SOURCES = "statpearls-ketamine:\n  title: Ketamine\n  url: https://www.ncbi.nlm.nih.gov/books/NBK470357/\n"
HEADER = "title: Examples\ntopic: examples\nquestions:\n"
FILE = re.compile(r"```svg (\S+)\n(.*?)```", re.S)  # a file the examples refer to (a figure), by its path


def write_files(folder: Path) -> None:
    """Write the guide's figure files into `folder`, where its examples and mistakes look for them."""
    for name, body in FILE.findall(DOC.read_text(encoding="utf-8")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(body, encoding="utf-8")


def _blocks(kind: str) -> list[str]:
    return [body for k, body in FENCE.findall(DOC.read_text(encoding="utf-8")) if k == kind]


def _indent(block: str) -> str:
    return "".join("  " + line + "\n" for line in block.splitlines())


def test_doc_has_an_example_of_every_type() -> None:
    from quizapp.bank.types import QType

    text = "".join(_blocks("question"))
    assert all(f"type: {t.value}\n" in text for t in QType)


@pytest.mark.parametrize("kind", ["bank", "question"])
def test_examples_load_without_problems(tmp_path: Path, kind: str) -> None:
    (tmp_path / "sources.yaml").write_text(_blocks("sources")[0], encoding="utf-8")
    write_files(tmp_path)
    for i, block in enumerate(_blocks(kind)):
        text = block if kind == "bank" else HEADER + _indent(block)
        (tmp_path / f"ex{i}.yaml").write_text(text, encoding="utf-8")
    result = load_banks([tmp_path])
    assert result.problems == [], [str(p) for p in result.problems]
    assert result.questions


CASES = MISTAKE.findall(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("block", "expected"), CASES, ids=[re.search(r"id: (\S+)", b)[1] for b, _ in CASES])
def test_mistakes_give_the_documented_message(tmp_path: Path, block: str, expected: str) -> None:
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    write_files(tmp_path)
    (tmp_path / "bank.yaml").write_text(HEADER + _indent(block), encoding="utf-8")
    lines = [str(p).split(": ", 1)[1] for p in load_banks([tmp_path / "bank.yaml"]).problems]
    lines = [line.replace(str(tmp_path) + "/", "") for line in lines]
    assert expected in lines
