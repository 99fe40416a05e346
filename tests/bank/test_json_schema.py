"""The JSON Schema (`quizapp schema`) and the loader describe one format: what one accepts the other does.

The schema is assembled from the question-type registry. It cannot see other files (sources.yaml,
images, ids in other banks), so those mistakes are the loader's alone; every other mistake in the
authoring guide is refused by both.
"""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from quizapp.bank import types
from quizapp.bank.formats.importing import import_file
from quizapp.bank.loader import load_banks
from quizapp.bank.schema import bank_schema

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "authoring.md"
MISTAKE = re.compile(r"```yaml mistake\n(.*?)```\n```text\n(.*?)\n```", re.S)
HEADER = "title: Examples\ntopic: examples\nquestions:\n"
SOURCES = "statpearls-ketamine:\n  title: Ketamine\n  url: https://www.ncbi.nlm.nih.gov/books/NBK470357/\n"
# Mistakes only the loader can see: they need another file, or the file system.
LOADER_ONLY = {"m-source": "a source key is looked up in sources.yaml", "m-image": "the image path is resolved on disk",
               "m-svg": "the image file is read and checked", "m-dup": "ids are compared across questions and files",
               "m-order": "gap numbers are counted in the text"}
FILE = re.compile(r"```svg (\S+)\n(.*?)```", re.S)  # the guide's figure files, which its mistakes refer to


def _validator() -> jsonschema.Draft202012Validator:
    schema = bank_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(data: object) -> list[str]:
    return [e.message for e in _validator().iter_errors(data)]


def test_every_type_has_its_variant() -> None:
    variants = bank_schema()["properties"]["questions"]["items"]["allOf"]
    assert [v["if"]["properties"]["type"]["const"] for v in variants] == types.names()


@pytest.mark.parametrize("bank", sorted((ROOT / "questions").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_bank_validates(bank: Path) -> None:
    if bank.name == "sources.yaml":
        pytest.skip("not a bank")
    assert _errors(yaml.safe_load(bank.read_text(encoding="utf-8"))) == []


def test_the_fixture_of_every_type_validates() -> None:
    data = yaml.safe_load((ROOT / "tests/bank/fixtures/valid/every_type.yaml").read_text(encoding="utf-8"))
    assert {q["type"] for q in data["questions"]} == set(types.names())
    assert _errors(data) == []


def test_an_unknown_type_is_refused() -> None:
    data = {"title": "t", "topic": "t", "questions": [{"id": "x", "type": "essay", "prompt": "Discuss."}]}
    assert _errors(data)


CASES = MISTAKE.findall(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("block", "expected"), CASES, ids=[re.search(r"id: (\S+)", b)[1] for b, _ in CASES])
def test_each_mistake_in_the_guide_is_refused_by_both(tmp_path: Path, block: str, expected: str) -> None:
    qid = re.search(r"id: (\S+)", block)[1]
    text = HEADER + "".join("  " + line + "\n" for line in block.splitlines())
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    for name, body in FILE.findall(DOC.read_text(encoding="utf-8")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    assert load_banks([tmp_path]).problems, "the loader accepts it"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # not YAML at all: nothing can validate it
    if qid in LOADER_ONLY:
        assert _errors(data) == [], f"the schema now sees this too ({LOADER_ONLY[qid]}): move it out of LOADER_ONLY"
    else:
        assert _errors(data), "the schema accepts what the loader refuses"


def test_a_bank_written_by_quizapp_import_validates(tmp_path: Path) -> None:
    out = tmp_path / "q" / "mechanism.yaml"
    import_file(ROOT / "tests/bank/formats/fixtures/every_construct.gift", out)
    assert _errors(yaml.safe_load(out.read_text(encoding="utf-8"))) == []
