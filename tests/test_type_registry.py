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
# The import side of the foreign formats: they say which of our types each construct becomes.
IMPORT_SIDE = {"bank/formats/" + m for m in (
    "aiken.py", "csvfmt.py", "gift.py", "quizlet.py", "importing.py", "wildcards.py", "anki/notes.py",
    "anki/text.py", "anki/package.py", "moodle/reader.py", "moodle/embedded.py", "moodle/tree.py")}
# Words the foreign formats themselves use, which their writers must say: Anki's note type and template
# syntax are "cloze"; Moodle's question types are called "cloze", "matching", "ordering" (a sorting into
# groups goes to Moodle as its "matching").
VOCABULARY = {"bank/formats/anki/export.py": {"cloze"},
              "bank/formats/moodle/writer.py": {"cloze", "matching", "ordering"},
              "bank/types/categorise.py": {"matching"}}


def _importers() -> set[str]:
    registered = {str(p.relative_to(PACKAGE)) for p in (PACKAGE / "bank" / "formats").rglob("*.py")
                  if "@register_import" in p.read_text(encoding="utf-8")}
    assert registered <= IMPORT_SIDE, f"a new importer: add it to IMPORT_SIDE ({registered - IMPORT_SIDE})"
    return IMPORT_SIDE


def _naming(name: str, cls: str) -> set[str]:
    """Modules that name a type: by its class, its enum member, or its name as a string ("matching",
    type: matching); the same word in plain English ("ids matching a query") does not count."""
    n = re.escape(name)
    pattern = re.compile(rf"\b{re.escape(cls)}\b(?! [a-z])|\.{n.upper()}\b|[\"']{n}[\"']|\btype: ?{n}\b")
    return {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))}


def test_every_type_is_named_only_in_its_own_modules_the_registries_and_importers() -> None:
    importers = _importers()
    assert all((PACKAGE / m).is_file() for m in importers)
    strays = {}
    for kind in types.TYPES:
        module = kind.cls.__module__.rsplit(".", 1)[-1]
        allowed = {f"bank/types/{module}.py", f"ui/questions/{module}.py", *REGISTRIES, *importers}
        allowed |= {path for path, words in VOCABULARY.items() if kind.name in words}
        found = _naming(kind.name, kind.cls.__name__) - allowed
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
