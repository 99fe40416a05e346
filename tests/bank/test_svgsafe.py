"""An SVG bank image is refused, with a line-numbered reason, for anything a renderer could run or fetch."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.svgsafe import check_svg

FIGURES = Path(__file__).resolve().parents[2] / "questions" / "figures"
CAP = 200_000
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def _svg(body: str, head: str = "") -> bytes:
    return (head + OPEN + body + "</svg>").encode()


def test_a_plain_drawing_passes() -> None:
    data = _svg('<defs><linearGradient id="g"/></defs><rect width="5" height="5" fill="url(#g)"/>'
                '<use href="#g"/><use xlink:href="#g"/><text x="1" y="9">Ketamine</text>')
    assert check_svg(data, CAP) == []


def test_embedded_png_and_jpeg_pass_but_embedded_svg_does_not() -> None:
    ok = _svg('<image href="data:image/png;base64,iVBORw0KGgo="/><image xlink:href="data:image/jpeg;base64,/9j/"/>')
    assert check_svg(ok, CAP) == []
    nested = _svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>')
    assert len(check_svg(nested, CAP)) == 1


@pytest.mark.parametrize("body, words", [
    ("<script>alert(1)</script>", "<script>"),
    ('<script xlink:href="#x"/>', "<script>"),
    ("<handler>alert(1)</handler>", "<handler>"),
    ('<rect onclick="alert(1)" width="1" height="1"/>', "onclick"),
    ('<svg onload="alert(1)"/>', "onload"),
    ("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>hi</div></foreignObject>", "foreignObject"),
    ('<image href="https://example.org/x.png"/>', "https://example.org/x.png"),
    ('<image xlink:href="figure.png"/>', "figure.png"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript:"),
    ('<use href="other.svg#part"/>', "other.svg#part"),
    ('<rect fill="url(http://example.org/p.svg#g)" width="1" height="1"/>', "external resource"),
    ('<rect style="fill: url(\'pattern.svg#p\')" width="1" height="1"/>', "external resource"),
    ("<style>@import url(http://example.org/a.css);</style>", "@import"),
    ("<style>rect { fill: url(http://example.org/g.svg#g) }</style>", "<style>"),
    ('<set attributeName="xlink:href" to="http://example.org/x"/>', "href"),
    ('<animate attributeName="onbegin" to="alert(1)"/>', "onbegin"),
])
def test_each_unsafe_construct_is_named(body: str, words: str) -> None:
    problems = check_svg(_svg("\n" + body), CAP)
    assert problems, body
    assert any(words in p for p in problems), problems
    assert all(p.startswith("line 2:") for p in problems), problems


def test_entities_are_refused_not_expanded() -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;">\n]>\n')
    problems = check_svg(_svg("<text>&b;</text>", bomb), CAP)
    assert problems == ["line 2: a DOCTYPE with an internal subset (entity or attribute declarations) is not allowed"]


def test_an_external_entity_is_refused() -> None:
    head = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    assert "internal subset" in check_svg(_svg("<text>&x;</text>", head), CAP)[0]


def test_a_default_attribute_cannot_be_smuggled_in_through_the_dtd() -> None:
    head = '<!DOCTYPE svg [<!ATTLIST image href CDATA "http://example.org/x.png">]>'
    assert check_svg(_svg("<image/>", head), CAP) != []


def test_a_plain_svg_doctype_is_accepted_and_not_fetched() -> None:
    head = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    assert check_svg(_svg("<rect width='1' height='1'/>", head), CAP) == []


def test_an_undeclared_entity_is_not_well_formed() -> None:
    assert "not well-formed" in check_svg(_svg("<text>&nbsp;</text>"), CAP)[0]


def test_broken_xml_names_its_line() -> None:
    problems = check_svg(b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', CAP)
    assert problems == ["line 3: not well-formed XML (mismatched tag)"]


def test_xml_stylesheet_instruction_is_refused() -> None:
    head = '<?xml-stylesheet href="http://example.org/s.css" type="text/css"?>\n'
    assert "xml-stylesheet" in check_svg(_svg("", head), CAP)[0]


def test_a_file_over_the_cap_is_refused_without_parsing() -> None:
    data = _svg("<rect/>" * 100)
    assert check_svg(data, len(data)) == []
    problems = check_svg(data, len(data) - 1)
    assert len(problems) == 1 and "over the" in problems[0] and f"{len(data):,} bytes" in problems[0]


def test_something_that_is_not_svg_is_refused() -> None:
    assert "not an SVG" in check_svg(b"<html><body>hi</body></html>", CAP)[0]
    assert check_svg(b"", CAP)[0].startswith("line 1: not well-formed")


@pytest.mark.parametrize("path", sorted(FIGURES.glob("*.svg")), ids=lambda p: p.name)
def test_every_committed_figure_passes(path: Path) -> None:
    assert check_svg(path.read_bytes(), CAP) == []
