"""The committed figures are exactly what scripts/make-figures draws, legible on light and dark backgrounds,
and every figure a question names exists and carries alt text (issue 20)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
FIGURES = QUESTIONS / "figures"
SCRIPT = ROOT / "scripts" / "make-figures"
BACKGROUNDS = ("#ffffff", "#1e1e1e")  # the app's light and dark reading backgrounds
COLOUR = re.compile(r"""(?:fill|stroke|color)\s*[=:]\s*['"]?(#[0-9a-fA-F]{6})\b""")


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_figures_are_current(tmp_path: Path) -> None:
    pytest.importorskip("rdkit", reason="RDKit is not installed (pip install -e '.[authoring]'); "
                                        "the figures cannot be redrawn to compare")
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    made = {p.name: p.read_bytes() for p in tmp_path.glob("*.svg")}
    committed = {p.name: p.read_bytes() for p in FIGURES.glob("*.svg")}
    assert sorted(made) == sorted(committed), "run scripts/make-figures and commit questions/figures"
    stale = [name for name in made if made[name] != committed[name]]
    assert stale == [], f"out of date (run scripts/make-figures): {stale}"


def test_drawing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    pytest.importorskip("rdkit", reason="RDKit is not installed (pip install -e '.[authoring]')")
    outs = []
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / name), "ketamine-enantiomers.svg",
                        "routes.svg"], check=True, capture_output=True, timeout=300)
        outs.append({p.name: p.read_bytes() for p in (tmp_path / name).glob("*.svg")})
    assert outs[0] == outs[1] and len(outs[0]) == 2


@pytest.mark.parametrize("path", sorted(FIGURES.glob("*.svg")), ids=lambda p: p.name)
def test_every_colour_reads_on_light_and_dark(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "<rect" not in text.split("<desc>")[0], "no background rectangle before the drawing"
    colours = set(COLOUR.findall(text))
    assert colours, "the figure names its colours"
    weak = {c: [round(_contrast(c, bg), 2) for bg in BACKGROUNDS] for c in colours
            if min(_contrast(c, bg) for bg in BACKGROUNDS) < 3.0}
    assert weak == {}, "colours under 3:1 against #ffffff or #1e1e1e"
    assert re.search(r'<svg[^>]* color="#7f7f7f"', text), "currentColor resolves to the mid grey"


def _image_questions() -> list[tuple[str, str, dict]]:
    out = []
    for bank in sorted(QUESTIONS.glob("*.yaml")):
        if bank.name == "sources.yaml":
            continue
        data = yaml.safe_load(bank.read_text(encoding="utf-8"))
        out += [(bank.name, q["id"], q["image"]) for q in data.get("questions", []) if "image" in q]
    return out


def test_every_image_names_a_figure_with_alt_text() -> None:
    images = _image_questions()
    assert len(images) >= 20
    bad = [(bank, qid) for bank, qid, img in images
           if not isinstance(img, dict) or not (QUESTIONS / img.get("file", "")).is_file()
           or len(str(img.get("alt", "")).strip()) < 40 or img.get("shown", "prompt") not in ("prompt", "feedback")]
    assert bad == []


def test_every_figure_is_used_by_a_question() -> None:
    used = {img["file"] for _, _, img in _image_questions()}
    unused = sorted(f"figures/{p.name}" for p in FIGURES.glob("*.svg") if f"figures/{p.name}" not in used)
    assert unused == []
