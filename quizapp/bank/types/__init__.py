"""The question-type registry: each module of this package defines question types; everything else asks here.

A module declares `TYPES`, a tuple of `TypeInfo` (one per name a bank may write after `type:`); the
registry finds the modules by listing this package, so adding a type is writing its module (and its
widget in quizapp/ui/questions/). Nothing outside the type's own modules names it, except importers of
foreign formats that say which of our types they produce.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from enum import StrEnum

from quizapp.bank.model import Question
from quizapp.bank.types.info import TypeInfo


def _discover() -> tuple[TypeInfo, ...]:
    found: list[TypeInfo] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name == "info" or module.name.startswith("_"):
            continue
        found.extend(importlib.import_module(f"{__name__}.{module.name}").TYPES)
    found.sort(key=lambda t: (t.order, t.name))
    names = [t.name for t in found]
    if len(set(names)) != len(names):
        raise RuntimeError(f"two question types share a name: {sorted(names)}")
    return tuple(found)


TYPES: tuple[TypeInfo, ...] = _discover()
_BY_NAME: dict[str, TypeInfo] = {t.name: t for t in TYPES}
_BY_CLASS: dict[str, type[Question]] = {t.cls.__name__: t.cls for t in TYPES}

# The type names as an enum (QType.<NAME>), for code and tests; plain strings compare equal.
QType = StrEnum("QType", [(t.name.upper(), t.name) for t in TYPES])  # type: ignore[misc]


def names() -> list[str]:
    """Every type name, in the order lists and tables show them."""
    return [t.name for t in TYPES]


def get(name: str) -> TypeInfo | None:
    return _BY_NAME.get(name)


def info(question: Question) -> TypeInfo:
    """The registry entry of a question (by its type name)."""
    return _BY_NAME[question.qtype]


def class_named(name: str) -> type[Question]:
    """A question class by its class name (how the bank cache records it)."""
    return _BY_CLASS[name]


def classes() -> Iterable[type[Question]]:
    return _BY_CLASS.values()


__all__ = ["TYPES", "QType", "TypeInfo", "class_named", "classes", "get", "info", "names"]
