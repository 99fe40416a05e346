"""GIFT -> app -> GIFT keeps meaning; app -> GIFT exports every type GIFT can express and notes the rest."""

from __future__ import annotations

from pathlib import Path

from fmt_helpers import meaning, parse

from quizapp.bank.formats import EXPORTERS
from quizapp.bank.formats.gift_export import questions_to_gift
from quizapp.bank.formats.importing import import_file
from quizapp.bank.loader import load_banks
from quizapp.bank.types import QType

HERE = Path(__file__).parent
EVERY_CONSTRUCT = HERE / "fixtures" / "every_construct.gift"
EVERY_TYPE = HERE.parent / "fixtures" / "valid"


def test_real_world_file_imports_with_a_report_naming_each_loss(tmp_path: Path) -> None:
    report = import_file(EVERY_CONSTRUCT, tmp_path / "q" / "mechanism.yaml")
    lines = "\n".join(report.lines())
    assert len(report.added) == 13
    for expected in [
        ":9: warning: 'Receptor': 50% credit for 'AMPA' not kept; it counts as wrong",
        ":20: warning: 'Racemate': true/false feedback 'Yes.'",
        ":22: warning: 'Enantiomer': partial-credit answer 'ketamine' (50%) not kept",
        ":30: warning: 'Several numbers': partial-credit answer '60:30' (50%) not kept",
        ":29: warning: 'Several numbers': feedback on answer '30:15' not kept",
        ":43: warning: 'Essay': essay questions are not supported; skipped",
        ":45: warning: description item 'Description' (text without answers) skipped",
        ":49: warning: 'Html': image 'water.png' is not in the GIFT file (GIFT holds no images); put 'water.png' "
        "beside the file to import it",
    ]:
        assert expected in lines, expected
    loaded = load_banks([tmp_path / "q"])
    assert not loaded.errors
    assert {q.qtype for q in loaded.questions.values()} == {
        QType.SINGLE_CHOICE, QType.MULTIPLE_CHOICE, QType.TRUE_FALSE, QType.SHORT_ANSWER, QType.NUMERIC,
        QType.MATCHING, QType.CLOZE}


def test_gift_to_app_to_gift_keeps_the_meaning() -> None:
    first = parse("gift", EVERY_CONSTRUCT.read_text(encoding="utf-8"))
    for q in first.questions:
        q.id, q.topic = f"q{q.line}", "mechanism"
    text, written, notes = questions_to_gift(first.questions, {})
    assert written == len(first.questions) and notes == []
    second = parse("gift", text)
    assert [meaning(q) for q in second.questions] == [meaning(q) for q in first.questions]
    assert second.notes == [n for n in second.notes if n.level == "info"]  # nothing lost the second time


def test_app_to_gift_exports_what_gift_can_express(tmp_path: Path) -> None:
    loaded = load_banks([EVERY_TYPE])
    out = tmp_path / "out.gift"
    result = EXPORTERS["gift"]().export(loaded, out)
    skipped = {n.message.split("'")[1] for n in result.notes if "not exported" in n.message}
    kinds = {loaded.questions[qid].qtype for qid in skipped}
    assert kinds <= {QType.FLASHCARD, QType.ORDERING, QType.CLOZE}
    assert QType.FLASHCARD in kinds and QType.ORDERING in kinds
    back = parse("gift", out.read_text(encoding="utf-8"))
    exported = [q for qid, q in loaded.questions.items() if qid not in skipped]
    assert result.written == len(exported) == len(back.questions)
    for original, again in zip(exported, back.questions, strict=True):
        m1, m2 = meaning(original), meaning(again)
        # what GIFT has no place for (each is named in the export's notes)
        for lossy in ("shuffle", "fuzzy", "unit", "difficulty", "image", "image_alt", "image_shown", "replaces"):
            m1.pop(lossy, None)
            m2.pop(lossy, None)
        if original.image:  # GIFT holds no files: the figure comes back as its description, where it was shown
            noted = "".join(n.message for n in result.notes)
            assert f"'{original.id}': the picture 'images/dot.png' (its alt text" in noted
            m1["prompt"] = f"Figure (images/dot.png, not included): {original.image_alt}\n\n{m1['prompt']}"
        if original.qtype == QType.CATEGORISE:  # the why of each item has no place in a matching block
            m1["items"] = tuple({**item, "why": None} for item in m1["items"])
        if original.qtype == QType.CLOZE and original.prompt:  # the instruction leads the sentence
            m1["text"] = f"{m1.pop('prompt')}\n{m1['text']}"
            m2.pop("prompt")
        assert m2 == m1, original.id


def _q(cls, **fields):
    return cls(id="x-1", topic="t", **fields)


def test_export_per_type_writes_the_expected_gift() -> None:
    from quizapp.bank.formats.gift_export import question_to_gift
    from quizapp.bank.types.choice import Choice, ChoiceQuestion
    from quizapp.bank.types.cloze import Cloze
    from quizapp.bank.types.matching import Matching
    from quizapp.bank.types.numeric import Numeric
    from quizapp.bank.types.short_answer import ShortAnswer
    from quizapp.bank.types.true_false import TrueFalse

    cases = [
        (_q(TrueFalse, prompt="Racemic?", answer=False, explanation="No: 1:1."),
         "::x-1::[html]Racemic? {FALSE####No\\: 1\\:1.}"),
        (_q(ShortAnswer, prompt="Name?", answers=("esketamine", "S=ket"), fuzzy=0.85),
         "::x-1::[html]Name? {=esketamine =S\\=ket}"),
        (_q(Numeric, prompt="Hours?", answer=2.5, low=2.0, high=3.0, unit="h"),
         "::x-1::[html]Hours? {#2.5:0.5}"),
        (_q(Numeric, prompt="Hours?", answer=2.2, low=2.0, high=3.0), "::x-1::[html]Hours? {#2..3}"),
        (_q(Matching, prompt="Match", pairs=(("a", "1"), ("b", "2"))),
         "::x-1::[html]Match {=a -> 1 =b -> 2}"),
        (_q(Cloze, prompt="Fill in.", text="First made in {{1962|'62}} by Stevens."),
         "::x-1::[html]Fill in.<br>First made in {=1962 ='62} by Stevens."),
        (_q(Cloze, prompt="", text="It was made by {{Stevens}}"),
         "::x-1::[html]It was made by _____ {=Stevens}"),
        # Moodle shows Markdown literally; HTML from the app's renderer reads as the app shows it
        (_q(ShortAnswer, prompt="Formula of ketamine: C~13~H~16~ClNO, *free base*?", answers=("yes",)),
         "::x-1::[html]Formula of ketamine\\: C<sub>13</sub>H<sub>16</sub>ClNO, <em>free base</em>? {=yes}"),
        (_q(Numeric, prompt="Mass?", answer=237.7, low=237.6, high=237.79999999999998),
         "::x-1::[html]Mass? {#237.7:0.1}"),
        (_q(ChoiceQuestion, prompt="Pick", choices=(Choice("a", True), Choice("b", False, "why #b")),
            multiple=True), "::x-1::[html]Pick {\n  ~%100%a\n  ~%-100%b#why \\#b\n}"),
    ]
    for question, expected in cases:
        text, _lost = question_to_gift(question)
        assert text == expected
        again = parse("gift", text).questions[0]
        assert again.qtype == question.qtype or question.qtype == "cloze"


def test_export_names_what_gift_loses() -> None:
    from quizapp.bank.formats.gift_export import question_to_gift
    from quizapp.bank.types.numeric import Numeric
    from quizapp.bank.types.short_answer import ShortAnswer

    _, lost = question_to_gift(_q(ShortAnswer, prompt="N?", answers=("a",), fuzzy=0.9))
    assert lost == ["typo tolerance (fuzzy)"]
    _, lost = question_to_gift(_q(Numeric, prompt="H?", answer=2.2, low=2.0, high=3.0, unit="h"))
    assert lost == ["the unit 'h' (GIFT numbers have none; the prompt should name it)",
                    "the shown answer 2.2 (GIFT ranges show their midpoint)"]


def test_a_figure_goes_to_gift_as_its_alt_text_where_the_app_shows_it(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "f.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"/>')
    (tmp_path / "bank.yaml").write_text(
        "title: T\ntopic: t\nquestions:\n"
        "  - {id: a, type: true_false, prompt: Is it racemic?, answer: true,\n"
        "     image: {file: figures/f.svg, alt: 'Two mirror-image structures: one R, one S.'}}\n"
        "  - {id: b, type: true_false, prompt: Made in 1962?, answer: true, explanation: Yes.,\n"
        "     image: {file: figures/f.svg, alt: A timeline., shown: feedback}}\n", encoding="utf-8")
    loaded = load_banks([tmp_path])
    out = tmp_path / "out.gift"
    result = EXPORTERS["gift"]().export(loaded, out)
    assert result.written == 2
    back = dict(zip("ab", parse("gift", out.read_text(encoding="utf-8")).questions, strict=True))
    described = "Figure (figures/f.svg, not included): Two mirror-image structures: one R, one S."
    assert back["a"].prompt == f"{described}\n\nIs it racemic?"  # read before the question, as it is seen
    assert back["b"].prompt == "Made in 1962?"  # shown only with the feedback, so not in the question text
    assert back["b"].explanation == "Yes.\n\nFigure (figures/f.svg, not included): A timeline."
    assert [n.message for n in result.notes] == [
        f"'{q}': the picture 'figures/f.svg' (its alt text stands in the text; add the file in Moodle's "
        "question editor) not kept in GIFT" for q in ("a", "b")]
