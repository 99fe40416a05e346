"""The figure questions on the command line: `check --stats` counts them per topic, `export` carries them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import yaml

from quizapp import paths
from quizapp.cli import main


def _figures_per_topic() -> dict[str, int]:
    counts: dict[str, int] = {}
    for bank in paths.bundled_questions().glob("*.yaml"):
        if bank.name == "sources.yaml":
            continue
        data = yaml.safe_load(bank.read_text(encoding="utf-8"))
        counts[data["topic"]] = counts.get(data["topic"], 0) + sum("image" in q for q in data["questions"])
    return counts


def test_check_stats_has_a_figures_column_per_topic(capsys) -> None:
    assert main(["check", "-q", "--stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    column = header.index("figures")
    rows = {cells[0]: int(cells[column]) for line in lines[2:] if line.startswith("| ")
            for cells in [[c.strip() for c in line.strip("|").split("|")]]}
    expected = _figures_per_topic()
    assert {t: n for t, n in rows.items() if t != "**all**"} == expected
    assert rows["**all**"] == sum(expected.values()) >= 20


def test_export_carries_the_figures_to_anki_and_names_them_for_gift(tmp_path: Path, capsys) -> None:
    apkg = tmp_path / "deck.apkg"
    assert main(["export", "--format", "anki", "-o", str(apkg)]) == 0
    figures = {p.name for p in (paths.bundled_questions() / "figures").glob("*.svg")}
    with zipfile.ZipFile(apkg) as z:
        names = set(json.loads(z.read("media")).values())  # the package's media index
    assert figures <= names
    capsys.readouterr()
    gift = tmp_path / "out.gift"
    assert main(["export", "--format", "gift", "-o", str(gift)]) == 0
    out = capsys.readouterr().out
    text = gift.read_text(encoding="utf-8")
    described = text.count("Figure (figures/")
    assert described >= 15 and out.count("the picture 'figures/") == described
