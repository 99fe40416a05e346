"""GIFT as Moodle writes it and instructors use it: a bank per $CATEGORY, wildcards, images, exact decimals."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from quizapp.bank.formats.importing import import_file
from quizapp.bank.loader import load_banks
from quizapp.cli import main

# A GIFT export of a Moodle course with three categories (Moodle writes a blank line after each
# $CATEGORY line and between questions, and titles every question)
COURSE = """// question: 0  name: Switch category to $course$/top/Ketamine/Mechanism
$CATEGORY: $course$/top/Ketamine/Mechanism


// question: 101  name: Receptor
::Receptor::[html]Ketamine blocks which receptor?{
\t=NMDA
\t~GABA-A
}


// question: 0  name: Switch category to $course$/top/Ketamine/Side effects
$CATEGORY: $course$/top/Ketamine/Side effects


// question: 102  name: Salivation
::Salivation::[html]Ketamine increases salivation.{TRUE}


// question: 103  name: Emergence
::Emergence::[html]Name the reaction on waking from ketamine.{
\t=%100%emergence*
\t=%100%*delirium*
}


// question: 0  name: Switch category to $course$/top/Ketamine/Chemistry
$CATEGORY: $course$/top/Ketamine/Chemistry


// question: 104  name: Mass
::Mass::[html]Molar mass of ketamine base, in g/mol?{#237.7:0.1}


// question: 105  name: Structure
::Structure::[html]<p><img src="@@PLUGINFILE@@/structure.png" alt="structure" /></p>{
\t=ketamine
\t~phencyclidine
}
"""
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQAB"
                       "pfZFQAAAAABJRU5ErkJggg==")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    src = tmp_path / "course.txt"
    src.write_text(COURSE, encoding="utf-8")
    return src


def test_each_category_becomes_a_bank_with_its_own_topic(course: Path, tmp_path: Path) -> None:
    report = import_file(course, tmp_path / "q" / "course.yaml")
    loaded = load_banks([tmp_path / "q"])
    assert not loaded.errors
    assert sorted((b.title, b.topic) for b in loaded.banks) == [
        ("Chemistry", "chemistry"), ("Mechanism", "mechanism"), ("Side effects", "side-effects")]
    assert sorted(p.name for p in report.outputs) == [
        "course-chemistry.yaml", "course-mechanism.yaml", "course-side-effects.yaml"]
    by_topic = {b.topic: [q.prompt for q in b.questions] for b in loaded.banks}
    assert by_topic["side-effects"] == ["Ketamine increases salivation.", "Name the reaction on waking from ketamine."]
    assert all(not q.tags for q in loaded.questions.values())


def test_one_bank_merges_the_categories_as_tags(course: Path, tmp_path: Path) -> None:
    import_file(course, tmp_path / "q" / "course.yaml", one_bank=True)
    loaded = load_banks([tmp_path / "q"])
    assert [(b.title, b.topic) for b in loaded.banks] == [("Mechanism", "mechanism")]
    assert sorted({t for q in loaded.questions.values() for t in q.tags}) == ["chemistry", "side-effects"]


def test_a_folder_as_output_gets_a_file_per_category(course: Path, tmp_path: Path) -> None:
    assert main(["import", str(course), "-o", str(tmp_path / "bank")]) == 0
    assert sorted(p.name for p in (tmp_path / "bank").glob("*.yaml")) == [
        "chemistry.yaml", "mechanism.yaml", "side-effects.yaml"]


def test_topic_with_several_categories_asks_for_one_bank(course: Path, tmp_path: Path, capsys) -> None:
    assert main(["import", str(course), "-o", str(tmp_path / "q" / "x.yaml"), "--topic", "pk"]) == 1
    assert "add --one-bank to merge them" in capsys.readouterr().err
    assert not (tmp_path / "q").exists()


def test_wildcards_become_typo_tolerance_and_are_reported(course: Path, tmp_path: Path) -> None:
    report = import_file(course, tmp_path / "q" / "course.yaml")
    emergence = next(q for q in report.added if q.prompt.startswith("Name the reaction"))
    assert emergence.answers == ("emergence", "delirium") and emergence.fuzzy == 0.85
    assert emergence.grade("an emergence").score == 1.0  # what '*' allowed around the word
    text = "\n".join(report.lines())
    assert "Moodle wildcard in 'emergence*' (a '*' stands for any text) has no equivalent: 'emergence' is " \
           "accepted with typo tolerance" in text
    assert "'*delirium*'" in text


def test_tolerance_is_written_as_the_shortest_exact_decimal(course: Path, tmp_path: Path) -> None:
    report = import_file(course, tmp_path / "q" / "course.yaml")
    written = (tmp_path / "q" / "course-chemistry.yaml").read_text(encoding="utf-8")
    assert "tolerance: 0.1\n" in written and "0.0999" not in written and "00000" not in written
    mass = next(q for q in load_banks([tmp_path / "q"]).questions.values() if q.prompt.startswith("Molar"))
    assert (mass.low, mass.high) == (237.6, 237.79999999999998)  # 237.7 ∓ 0.1, as the GIFT said
    assert mass.grade("237.8").score == 1.0 and mass.grade("237.81").score == 0.0
    del report


def test_an_image_only_question_is_skipped_unless_its_image_is_beside_the_file(course: Path, tmp_path: Path) -> None:
    report = import_file(course, tmp_path / "q" / "course.yaml")
    assert not any(q.prompt == "See the image." for q in report.added)
    assert "'Structure': the question is only an image that is not here; skipped" in "\n".join(report.lines())
    (course.parent / "structure.png").write_bytes(PNG)
    again = import_file(course, tmp_path / "q2" / "course.yaml")
    structure = next(q for q in again.added if q.prompt == "See the image.")
    assert Path(structure.image).read_bytes() == PNG
    assert Path(structure.image).parent == tmp_path / "q2" / "images"
    loaded = load_banks([tmp_path / "q2"])
    assert not loaded.errors
    assert next(q for q in loaded.questions.values() if q.prompt == "See the image.").image == structure.image
    assert "its prompt reads 'See the image.'; write a stem that stands alone" in "\n".join(again.lines())
