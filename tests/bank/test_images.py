"""A question's image at load: refused with FILE:LINE errors when unsafe, too big or not what its name says;
its alt text and place kept through the cache and the YAML writer."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from quizapp.bank import images
from quizapp.bank.images import MAX_RASTER_SIDE, check_image, svg_with_ink
from quizapp.bank.loader import load_banks
from quizapp.bank.yamlwriter import dump_bank

HEADER = "title: T\ntopic: t\nquestions:\n"
GOOD = "  - {id: good, type: true_false, prompt: Fine., answer: true}\n"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" color="#7f7f7f">\n'
       '<line x1="0" y1="0" x2="10" y2="10" stroke="currentColor"/>\n</svg>\n')


def _png(width: int, height: int) -> bytes:
    # signature, then the IHDR chunk (length, type, width, height, depth, colour type...); enough for the check
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII5B", 13, b"IHDR", width, height, 8, 6, 0, 0, 0) + b"\0" * 4


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\0\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def _question(file: str, qid: str = "img", shown: str = "") -> str:
    more = f", shown: {shown}" if shown else ""
    image = f"{{file: {file}, alt: A figure.{more}}}"
    return f"  - {{id: {qid}, type: true_false, prompt: p, answer: true, image: {image}}}\n"


def _load(folder: Path, *questions: str, cache: Path | None = None):
    (folder / "bank.yaml").write_text(HEADER + GOOD + "".join(questions), encoding="utf-8")
    return load_banks([folder], cache)


def test_a_safe_figure_loads_with_its_alt_text_and_place(tmp_path: Path) -> None:
    (tmp_path / "fig.svg").write_text(SVG)
    result = _load(tmp_path, _question("fig.svg"), _question("fig.svg", "later", "feedback"))
    assert result.errors == []
    first, later = result.questions["img"], result.questions["later"]
    assert first.image == str((tmp_path / "fig.svg").resolve())
    assert (first.image_alt, first.image_shown) == ("A figure.", "prompt")
    assert later.image_shown == "feedback"


def test_each_unsafe_part_of_an_svg_is_an_error_at_its_line_of_the_svg(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<text>ok</text>\n<script>alert(1)</script>\n'
        '<rect onclick="x()"/>\n<foreignObject/>\n</svg>\n')
    result = _load(tmp_path, _question("figures/bad.svg"))
    shown = [str(p).replace(str(tmp_path) + os.sep, "") for p in result.errors]
    assert shown == [
        "figures/bad.svg:3:1: error: question 'img': image refused: <script> element is not allowed "
        "(scripts never run in bank images)",
        "figures/bad.svg:4:1: error: question 'img': image refused: event attribute onclick= on <rect> is not allowed",
        "figures/bad.svg:5:1: error: question 'img': image refused: <foreignObject> is not allowed "
        "(it embeds HTML in the image)",
    ]
    assert "img" not in result.questions and "good" in result.questions


def test_an_svg_over_the_cap_is_an_error_at_the_image_key(tmp_path: Path) -> None:
    body = SVG.replace("</svg>", "<!--" + "x" * images.MAX_SVG_BYTES + "--></svg>")
    (tmp_path / "big.svg").write_text(body)
    (err,) = _load(tmp_path, _question("big.svg")).errors
    assert (err.line, err.column) == (5, 66)  # at `file:`
    assert err.file.endswith("bank.yaml")
    assert f"over the {images.MAX_SVG_BYTES:,}-byte limit for an SVG image" in err.message


@pytest.mark.parametrize(("name", "data", "words"), [
    ("big.png", _png(10, 10) + b"\0" * images.MAX_RASTER_BYTES, "-byte limit for a PNG or JPEG image"),
    ("wide.png", _png(MAX_RASTER_SIDE + 1, 10), f"{MAX_RASTER_SIDE + 1} x 10 pixels; the limit is"),
    ("tall.jpg", _jpeg(20, 9000), "20 x 9000 pixels; the limit is"),
    ("empty.png", _png(0, 10), "says it is 0 x 10 pixels"),
    ("page.jpeg", b"<html><img src=x onerror=alert(1)></html>", "is not a JPEG image"),
    ("svg-inside.png", SVG.encode(), "is not a PNG image"),
])
def test_a_raster_image_is_capped_and_must_be_what_its_name_says(tmp_path: Path, name: str, data: bytes,
                                                                  words: str) -> None:
    (tmp_path / name).write_bytes(data)
    (err,) = _load(tmp_path, _question(name)).errors
    assert words in err.message and f"image '{name}' refused" in err.message


def test_a_small_png_and_jpeg_pass() -> None:
    for data, suffix in ((_png(640, 480), ".png"), (_jpeg(800, 600), ".jpg")):
        assert images._raster_problems(data, "png" if suffix == ".png" else "jpeg") == []
    assert images._jpeg_size(_jpeg(800, 600)) == (800, 600)


def test_the_committed_figures_pass(tmp_path: Path) -> None:
    figures = sorted((Path(__file__).resolve().parents[2] / "questions" / "figures").glob("*.svg"))
    assert figures and all(check_image(p) == [] for p in figures)


def test_an_image_changed_after_caching_is_checked_again(tmp_path: Path) -> None:
    folder, cache = tmp_path / "banks", tmp_path / "cache"
    folder.mkdir()
    figure = folder / "fig.svg"
    figure.write_text(SVG)
    assert "img" in _load(folder, _question("fig.svg"), cache=cache).questions
    figure.write_text(SVG.replace("</svg>", "<script>x</script>\n</svg>"))
    later = os.stat(figure).st_mtime_ns + 2_000_000_000
    os.utime(figure, ns=(later, later))  # a later edit, whatever the file system's clock granularity
    again = load_banks([folder], cache)
    assert [p.line for p in again.errors] == [3] and "img" not in again.questions


def test_alt_text_and_place_survive_the_cache_lazy_heads_and_the_writer(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "fig.svg").write_text(SVG)
    _load(folder, _question("fig.svg", "later", "feedback"), cache=tmp_path / "cache")
    for lazy in (False, True):
        q = load_banks([folder], tmp_path / "cache", lazy=lazy).questions["later"]
        assert (q.image_alt, q.image_shown, Path(q.image or "").name) == ("A figure.", "feedback", "fig.svg")
    q = load_banks([folder]).questions["later"]
    text = dump_bank("T", "t", [q], bank_dir=folder)
    assert "    image:\n      file: fig.svg\n      alt: A figure.\n      shown: feedback\n" in text
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "fig.svg").write_text(SVG)
    (copy / "bank.yaml").write_text(text)
    back = load_banks([copy]).questions["later"]
    assert (back.image_alt, back.image_shown) == ("A figure.", "feedback")


def test_ink_is_set_to_the_colour_asked_for() -> None:
    inked = svg_with_ink(SVG.encode(), "#e4e8ed").decode()
    assert "currentColor" not in inked and 'stroke="#e4e8ed"' in inked and 'color="#e4e8ed"' in inked
