"""Sibling questions as the bank sees them: a `fact:` key an author writes, and near-duplicate prompts found
without one; both survive the cache, a lazy load and the writer."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from quizapp.bank.loader import load_banks
from quizapp.bank.schema import bank_schema
from quizapp.bank.yamlwriter import dump_bank

SOURCES = "s: {title: S, url: 'https://example.org/s'}\n"
BANK = """title: Chemistry
topic: chemistry
questions:
  - {id: mm-base, type: numeric, prompt: "What is the molar mass of ketamine free base, in g/mol?", answer: 237.7,
     sources: [s]}
  - {id: mm-salt, type: numeric, prompt: "What is the molar mass of ketamine hydrochloride, in g/mol?",
     answer: 274.2, sources: [s]}
  - {id: who-made, type: true_false, prompt: "Calvin Stevens first made ketamine at Parke-Davis.", answer: true,
     sources: [s], fact: first-synthesis}
  - {id: pka, type: numeric, prompt: "What is the pKa of ketamine?", answer: 7.5, sources: [s]}
"""
OTHER = """title: History
topic: history
questions:
  - {id: year-made, type: numeric, prompt: "In which year was ketamine first synthesised?", answer: 1962,
     sources: [s], fact: first-synthesis}
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "chemistry.yaml").write_text(BANK, encoding="utf-8")
    (folder / "history.yaml").write_text(OTHER, encoding="utf-8")
    return folder


def test_a_fact_key_and_near_duplicate_prompts_make_siblings(tmp_path: Path) -> None:
    result = load_banks([_folder(tmp_path)])
    assert result.errors == []
    q = result.questions
    assert q["who-made"].fact == "first-synthesis"
    assert q["who-made"].siblings == q["year-made"].siblings == "first-synthesis"  # across banks, by the key
    assert q["mm-base"].siblings and q["mm-base"].siblings == q["mm-salt"].siblings  # found from the prompts
    assert q["pka"].siblings == ""  # a question of its own
    assert q["mm-base"].fact == ""  # found, not written: nothing to write back


def test_sibling_keys_survive_the_cache_and_a_lazy_load(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    load_banks([folder], tmp_path / "cache")
    lazy = load_banks([folder], tmp_path / "cache", lazy=True)
    heads = lazy.questions.heads()
    assert heads["mm-base"].siblings == heads["mm-salt"].siblings != ""
    assert heads["year-made"].siblings == "first-synthesis"
    assert lazy.questions["who-made"].fact == "first-synthesis"


def test_the_writer_and_the_schema_know_fact(tmp_path: Path) -> None:
    result = load_banks([_folder(tmp_path)])
    text = dump_bank("T", "t", [result.questions["who-made"], result.questions["mm-base"]])
    assert text.count("fact:") == 1 and "fact: first-synthesis" in text
    validator = jsonschema.Draft202012Validator(bank_schema())
    assert list(validator.iter_errors(yaml.safe_load(BANK))) == []
