"""Hostile GIFT, Aiken and CSV files: refused with FILE:LINE, or written as a bank the loader accepts clean.

Mutated files (hypothesis) must never raise anything but the format's own error, whose every note
points inside the file; whatever is written must load without errors and hold no script, no
`javascript:` link, no remote image and no invisible or right-to-left override character.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.formats import importing
from quizapp.bank.formats.base import FormatError
from quizapp.bank.formats.importing import TargetError, import_file
from quizapp.bank.loader import load_banks

SAMPLES = {
    "gift": ("in.gift", "::T1:: What is 2+2? {=4#right ~3#no ~5}\n\n$CATEGORY: a/b\n::T2:: Ketamine is {T#yes#no}\n"
                        "::N:: num {#2.5:0.5}\n::M:: match {=a -> b =c -> d =e -> f}\n::W:: The {~x =y} word\n"),
    "aiken": ("in.txt", "What is it?\nA. one\nB. two\nANSWER: A\n\nNext?\nA) x\nB) y\nC) z\nANSWER: B\n"),
    "csv": ("in.csv", "type,prompt,answer,choices,explanation,difficulty\nsingle_choice,What?,a,a|b|c,because,2\n"
                      "true_false,Is it?,true,,,1\nshort_answer,Name?,x,,,\nnumeric,How many?,2.5,,,3\n"),
}
PIECES = ["{", "}", "=", "~", "#", "->", "::", "\n", "\r\n", "\\", "$CATEGORY:", "ANSWER:", "A.", ",", ";", '"',
          "|", "\x00", "\x07", "\u202e", "\u2066", "\u200b", "<script>alert(1)</script>", "[html]",
          '<img src="http://evil.example/x.png">', '<a href="javascript:alert(1)">x</a>', "1e999", "nan",
          "-5", "99999999999999999999", "numeric", "essay", "true", "{T}", "\t"]
UNSAFE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|<script|javascript:|<img",
                    re.IGNORECASE)


@st.composite
def mutated(draw: st.DrawFn, sample: str) -> str:
    text = list(sample)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if how == "insert":
            text[at:at] = draw(st.sampled_from(PIECES))
        elif how == "delete" and text:
            del text[min(at, len(text) - 1): at + draw(st.integers(1, 5))]
        else:
            start = draw(st.integers(0, len(text)))
            text[at:at] = text[start: start + draw(st.integers(1, 40))]
    return "".join(text)


def _check_import(tmp_path: Path, fmt: str, name: str, text: str) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    source = folder / name
    source.write_text(text, encoding="utf-8")
    out = folder / "bank" / "imported.yaml"
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
        loaded = load_banks([out.parent])
        assert not [p for p in loaded.problems if p.severity == "error"], [str(p) for p in loaded.problems]
        assert not UNSAFE.search(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", list(SAMPLES))
def test_mutated_files_are_refused_with_lines_or_written_clean(tmp_path, fmt):
    name, sample = SAMPLES[fmt]

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutated(sample))
    def check(text: str) -> None:
        _check_import(tmp_path, fmt, name, text)

    check()


def test_script_remote_image_and_javascript_link_are_dropped_with_a_note(tmp_path):
    source = tmp_path / "in.gift"
    source.write_text('::S:: [html]<p>Look <img src="http://evil.example/x.png"> at <a href="javascript:alert(1)">'
                      'this</a><script>steal()</script><style>p\\{color:red\\}</style></p> {=yes ~no}\n',
                      encoding="utf-8")
    report = import_file(source, tmp_path / "bank" / "b.yaml")
    written = (tmp_path / "bank" / "b.yaml").read_text(encoding="utf-8")
    assert not UNSAFE.search(written) and "steal" not in written and "color:red" not in written
    assert any(n.line == 1 and "image" in n.message for n in report.notes)


def test_invisible_and_bidi_characters_are_removed_and_reported_at_their_line(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Fine?\nA. a\nB. b\nANSWER: A\n\n"
                      "What \u202eis\u2066 this\x07?\nA. o\u200bne\nB. two\nANSWER: B\n", encoding="utf-8")
    report = import_file(source, tmp_path / "bank" / "b.yaml", "aiken")
    assert not UNSAFE.search((tmp_path / "bank" / "b.yaml").read_text(encoding="utf-8"))
    assert [n.line for n in report.notes if "invisible" in n.message] == [6]


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("huge-cell.csv", "type,prompt,answer\nshort_answer," + "x" * 200_000 + ",y\n", 2, "field larger"),
    ("types.csv", "type,prompt,answer,difficulty\nnumeric,How many?,lots,\nessay,Write.,x,\n"
                  "true_false,Right?,perhaps,\nsingle_choice,Which?,a,7\n", 2, "number"),
    ("binary.csv", "\ufffd\x00\x01,\x02\n", 1, "header"),
    ("empty.csv", "", 1, "empty"),
])
def test_wrong_types_and_odd_bytes_are_refused_with_their_line(tmp_path, name, text, line, words):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    fmt = "csv" if name.endswith(".csv") else "aiken"
    with pytest.raises(FormatError) as err:
        import_file(source, tmp_path / "bank" / "b.yaml", fmt)
    assert err.value.notes[0].line == line and words in str(err.value), str(err.value)
    assert not (tmp_path / "bank").exists()


def test_every_bad_row_of_a_csv_is_named(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("type,prompt,answer,difficulty\nnumeric,How many?,lots,\nessay,Write.,x,\n"
                      "true_false,Right?,perhaps,\nsingle_choice,Which?,a,7\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        import_file(source, tmp_path / "bank" / "b.yaml", "csv")
    assert [n.line for n in err.value.notes] == [2, 3, 4, 5]


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 1000)
    source = tmp_path / "big.gift"
    source.write_text("::Q:: x {T}\n" * 200, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        import_file(source, tmp_path / "bank" / "b.yaml")
    assert "an import is limited to" in str(err.value) and "split the file" in str(err.value)
