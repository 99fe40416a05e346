"""Mutated Moodle XML, Anki text and Quizlet files: refused with FILE:LINE or written as banks the loader accepts,
never a traceback (as tests/faults/test_hostile_imports.py does for GIFT, Aiken and CSV)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.formats.base import FormatError
from quizapp.bank.formats.importing import TargetError, import_file
from quizapp.bank.loader import load_banks

HERE = Path(__file__).parent
SAMPLES = {
    "moodle-xml": ("in.xml", (HERE / "fixtures" / "moodle_course.xml").read_text(encoding="utf-8")),
    "anki-text": ("in.txt", "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:5\n"
                            "Basic\tK::P\tWhat is <b>it</b>?\tAn NMDA antagonist\ttag1 tag2\n"
                            "Cloze\tK::H\tMade in {{c1::1962}} by {{c2::Stevens::who}}\tExtra\t\n"
                            "Basic (type in the answer)\tK::P\tClass?\tarylcyclohexylamine\t\n"),
    "quizlet": ("in.txt", "NMDA\tA glutamate receptor\nEsketamine\tThe S-enantiomer\nsecond line\n"),
}
PIECES = ["<", ">", "</", "&", "&amp;", "<![CDATA[", "]]>", '"', "\t", "\n", "{", "}", "{{c1::", "::", "~", "#",
          "=", "%50%", "{1:SHORTANSWER:", "{1:NUMERICAL:=x:y}", "{1:MULTIRESPONSE:=a~b}", "@@PLUGINFILE@@/x.png",
          '<img src="../../x.png">', "\x00", "\u202e", "1e999", "nan", "-", "*", "\\", "fraction=\"abc\"",
          "<answer>", "<question type=\"matching\">", "</question>", "#separator:", "#html:false\n"]


@st.composite
def mutated(draw: st.DrawFn, sample: str) -> str:
    text = list(sample)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if how == "insert":
            text[at:at] = draw(st.sampled_from(PIECES))
        elif how == "delete" and text:
            del text[min(at, len(text) - 1): at + draw(st.integers(1, 8))]
        else:
            start = draw(st.integers(0, len(text)))
            text[at:at] = text[start: start + draw(st.integers(1, 60))]
    return "".join(text)


@pytest.mark.parametrize("fmt", list(SAMPLES))
def test_mutated_files_are_refused_with_lines_or_written_clean(tmp_path: Path, fmt: str) -> None:
    name, sample = SAMPLES[fmt]

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutated(sample))
    def check(text: str) -> None:
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        source = folder / name
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = folder / "bank"
        try:
            import_file(source, out, fmt)
        except FormatError as exc:
            lines = text.count("\n") + 1
            assert exc.notes and all(0 <= n.line <= lines for n in exc.notes), exc
            assert not out.exists()
            return
        except TargetError:
            return
        if out.exists():
            loaded = load_banks([out])
            assert not loaded.errors, [str(p) for p in loaded.errors]

    check()


def test_a_gap_that_is_not_a_number_skips_its_question() -> None:
    from quizapp.bank.formats import IMPORTERS

    xml = ('<quiz>\n<question type="cloze"><name><text>Gap</text></name><questiontext format="html">'
           "<text>Made in {1:NUMERICAL:=19x2:abc}.</text></questiontext></question></quiz>")
    out = IMPORTERS["moodle-xml"]().parse(xml, "in.xml")
    assert out.questions == []
    assert [n.render("in.xml") for n in out.notes] == [
        "in.xml:2: warning: 'Gap': gap 1: '19x2:abc' is not a number or number:tolerance; skipped"]


def test_html_the_standard_parser_gives_up_on_keeps_its_words() -> None:
    from quizapp.bank.formats.htmltext import html_to_markdown

    assert html_to_markdown("<p>Ketamine <b>blocks</b> <![<CDATA[ NMDA</p>") == (
        "Ketamine blocks NMDA", ["formatting (the HTML is malformed)"])
