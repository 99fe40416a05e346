"""A question type lives in one place: outside its own bank module and widget module, only the registries and
the importers of foreign formats (which say what they produce) name it."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.bank import types
from quizapp.ui.questions import widget_class
from quizapp.ui.questions.base import QuestionWidget

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
REGISTRIES = {"bank/types/__init__.py", "ui/questions/__init__.py"}
# Anki's own template syntax and note type are called "cloze": the Anki exporter must say it.
VOCABULARY = {"bank/formats/anki.py": {"cloze"}}


def _importers() -> set[str]:
    return {str(p.relative_to(PACKAGE)) for p in (PACKAGE / "bank" / "formats").rglob("*.py")
            if "@register_import" in p.read_text(encoding="utf-8")}


def _naming(words: set[str]) -> set[str]:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b")
    return {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))}


def test_every_type_is_named_only_in_its_own_modules_the_registries_and_importers() -> None:
    importers = _importers()
    assert {"bank/formats/gift.py", "bank/formats/csvfmt.py", "bank/formats/aiken.py"} <= importers
    strays = {}
    for kind in types.TYPES:
        module = kind.cls.__module__.rsplit(".", 1)[-1]
        allowed = {f"bank/types/{module}.py", f"ui/questions/{module}.py", *REGISTRIES, *importers}
        allowed |= {path for path, words in VOCABULARY.items() if kind.name in words}
        found = _naming({kind.name, kind.cls.__name__, kind.name.upper()}) - allowed
        if found:
            strays[kind.name] = sorted(found)
    assert strays == {}


def test_every_type_has_a_widget() -> None:
    for kind in types.TYPES:
        assert issubclass(widget_class(kind.cls), QuestionWidget), kind.name


def test_names_are_unique_and_ordered() -> None:
    names = types.names()
    assert len(names) == len(set(names)) >= 10
    assert [t.order for t in types.TYPES] == sorted(t.order for t in types.TYPES)
