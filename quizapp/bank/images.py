"""A question's image file checked at load: SVG, PNG or JPEG by its content, size-capped, SVG made safe.

The caps bound what one question may make the app parse and hold each time it is shown, and what an
export (the Anki package, the exam report, which embeds its figures) carries along. The committed
figures are 5-40 KB of SVG; an SVG of half a megabyte is already thousands of paths, which QtSvg
renders on the window's thread at every repaint, so 512 KiB leaves a wide margin and still stops a
file that would stall the window. A raster image is capped twice: 2 MiB on disk (a photograph at a
reading size is a few hundred KB) and 4096 pixels a side, because a small, highly compressed PNG can
decode to gigabytes (a "decompression bomb"); its header says its size without decoding it.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quizapp.bank.svgsafe import check_svg

MAX_SVG_BYTES = 512 * 1024
MAX_RASTER_BYTES = 2 * 1024 * 1024
MAX_RASTER_SIDE = 4096
MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
SHOWN = ("prompt", "feedback")  # where a question's image stands: under the prompt, or with the feedback
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_LINE = re.compile(r"line (\d+): (.*)", re.S)
_CURRENT_COLOR = re.compile(rb"currentcolor", re.I)
_ROOT_COLOR = re.compile(rb'(<svg\b[^>]*?\scolor=")[^"]*(")', re.S)


@dataclass(frozen=True, slots=True)
class ImageProblem:
    """Why an image cannot be shown; `line` is a line of the image file itself (SVG), when there is one."""

    message: str
    line: int | None = None


def check_image(path: Path) -> list[ImageProblem]:
    """The problems that keep the image file at `path` from being shown; empty means it may be shown.

    Results are remembered per file path, size and modification time, so a figure several questions
    share is read once per load."""
    try:
        st = path.stat()
    except OSError as exc:
        return [ImageProblem(f"cannot read the image: {exc.strerror or exc}")]
    return list(_check(str(path), st.st_size, st.st_mtime_ns))


@lru_cache(maxsize=512)
def _check(path: str, size: int, _mtime_ns: int) -> tuple[ImageProblem, ...]:
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in MIME:
        return (ImageProblem(f"'{suffix or 'no extension'}' is not an image kind the app shows; "
                             "use an SVG, PNG or JPEG file (.svg, .png, .jpg)"),)
    cap = MAX_SVG_BYTES if suffix == ".svg" else MAX_RASTER_BYTES
    if size > cap:
        kind = "an SVG" if suffix == ".svg" else "a PNG or JPEG"
        return (ImageProblem(f"the file is {size:,} bytes, over the {cap:,}-byte limit for {kind} image"),)
    try:
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        return (ImageProblem(f"cannot read the image: {exc.strerror or exc}"),)
    if suffix == ".svg":
        return tuple(_svg_problem(p) for p in check_svg(data, cap))
    return tuple(_raster_problems(data, "png" if suffix == ".png" else "jpeg"))


def _svg_problem(text: str) -> ImageProblem:
    found = _LINE.match(text)
    return ImageProblem(found[2], int(found[1])) if found else ImageProblem(text)


def _raster_problems(data: bytes, kind: str) -> list[ImageProblem]:
    # The content, not the name, decides how an image is decoded: a ".png" holding SVG text or HTML
    # would reach a decoder this check never looked at.
    size = _png_size(data) if kind == "png" else _jpeg_size(data)
    if size is None:
        return [ImageProblem(f"the file is not a {kind.upper()} image (its content does not start like one)")]
    width, height = size
    if width < 1 or height < 1:
        return [ImageProblem(f"the {kind.upper()} image says it is {width} x {height} pixels")]
    if max(width, height) > MAX_RASTER_SIDE:
        return [ImageProblem(f"the image is {width} x {height} pixels; the limit is {MAX_RASTER_SIDE} a side "
                             "(scale it down: it is shown at most a page wide)")]
    return []


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(_PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment, walking the segments without decoding."""
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # stand-alone markers carry no length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and i + 9 <= len(data):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        if marker in (0xD9, 0xDA) or length < 2:  # end of image, or the scan began before any frame
            return None
        i += 2 + length
    return None


_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\swidth="([\d.]+)(?:px)?"[^>]*?\sheight="([\d.]+)(?:px)?"', re.S)
_SVG_SIZE_SWAPPED = re.compile(rb'<svg\b[^>]*?\sheight="([\d.]+)(?:px)?"[^>]*?\swidth="([\d.]+)(?:px)?"', re.S)
_SVG_VIEWBOX = re.compile(rb'<svg\b[^>]*?\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', re.S)


def image_size(data: bytes, suffix: str) -> tuple[int, int] | None:
    """An image's own width and height in pixels, from its header (SVG: width/height, else its viewBox)."""
    if suffix.lower() == ".svg":
        found = _SVG_SIZE.search(data)
        if found:
            return round(float(found[1])), round(float(found[2]))
        found = _SVG_SIZE_SWAPPED.search(data)
        if found:
            return round(float(found[2])), round(float(found[1]))
        found = _SVG_VIEWBOX.search(data)
        return (round(float(found[1])), round(float(found[2]))) if found else None
    return _png_size(data) if suffix.lower() == ".png" else _jpeg_size(data)


def svg_with_ink(data: bytes, colour: str) -> bytes:
    """The SVG with its neutral ink (`currentColor`, the figures' text and lines) set to `colour`.

    A figure leaves its neutral ink to the page: the committed files fall back to a mid grey that reads
    on white and on black, and each renderer passes the colour of its own text instead, so the ink
    matches the theme (the app), or is dark on paper (the exam report)."""
    ink = colour.encode("ascii")
    return _ROOT_COLOR.sub(lambda m: m[1] + ink + m[2], _CURRENT_COLOR.sub(ink, data), count=1)
