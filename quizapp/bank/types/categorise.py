"""Categorise: sort 4-8 items into 2-4 named groups ("which of these effects are NMDA-mediated?").

Response: a mapping item -> chosen group name. Partial credit per item; each item may carry a `why`
shown when it is put in the wrong group.

    groups:
      NMDA receptor antagonism:
        - Dissociation
        - {text: Rapid antidepressant effect, why: "..."}
      Another mechanism:
        - Hypersalivation
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result, normalise
from quizapp.bank.model import AnkiCard, GiftText, MoodleXml, Question, Render
from quizapp.bank.schema_parts import TEXTISH
from quizapp.bank.types.info import TypeInfo
from quizapp.bank.yamlsafe import LList, LMap

MIN_GROUPS, MAX_GROUPS = 2, 4
MIN_ITEMS, MAX_ITEMS = 4, 8


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    group: str
    why: str | None = None


@dataclass(kw_only=True, slots=True)
class Categorise(Question):
    type: ClassVar[str] = "categorise"
    own_fields: ClassVar[frozenset[str]] = frozenset({"groups"})
    groups: tuple[str, ...]  # names, as written
    items: tuple[Item, ...]  # as written, group by group

    def answer_fields(self) -> dict[str, Any]:
        return {"groups": sorted(self.groups), "items": sorted((i.text, i.group) for i in self.items)}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        raw = f.raw("groups")
        if not isinstance(raw, LMap) or not MIN_GROUPS <= len(raw) <= MAX_GROUPS:
            f.report.add(f.where("groups"), f"{f.what}: 'groups' must map {MIN_GROUPS} to {MAX_GROUPS} group "
                                            f"names to their items")
            raise Missing
        groups, items = [], []
        for group, members in raw.items():
            gname = str(group).strip()
            if not gname:
                f.report.add(raw.where(group), f"{f.what}: a group needs a name")
                raise Missing
            groups.append(gname)
            if members is None:
                continue  # an empty group: a place where no item belongs
            if not isinstance(members, LList):
                f.report.add(raw.where(group), f"{f.what}: group '{gname}' must list its items ('- item' lines)")
                raise Missing
            for i, member in enumerate(members):
                if isinstance(member, LMap):
                    mf = Fields(member, f.report, f"{f.what}, group '{gname}' item {i + 1}")
                    items.append(Item(mf.text("text") or "", gname, mf.text("why", required=False)))
                    mf.check_unknown({"text", "why"})
                elif isinstance(member, str | int | float) and not isinstance(member, bool) and str(member).strip():
                    items.append(Item(str(member).strip(), gname))
                else:
                    f.report.add(members.where(i), f"{f.what}: group '{gname}' item {i + 1} must be text or "
                                                   "{text: ..., why: ...}")
                    raise Missing
        if len({g.casefold() for g in groups}) != len(groups):
            f.report.add(f.where("groups"), f"{f.what}: two groups have the same name")
            raise Missing
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            f.report.add(f.where("groups"), f"{f.what}: categorise needs {MIN_ITEMS} to {MAX_ITEMS} items in all, "
                                            f"has {len(items)}")
            raise Missing
        if len({normalise(i.text) for i in items}) != len(items):
            f.report.add(f.where("groups"), f"{f.what}: two items have the same text")
            raise Missing
        if sum(1 for g in groups if any(i.group == g for i in items)) < 2:
            f.report.add(f.where("groups"), f"{f.what}: at least two groups need items, or there is nothing to sort")
            raise Missing
        return cls(groups=tuple(groups), items=tuple(items), **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        item = {"oneOf": [TEXTISH, {"type": "object", "required": ["text"], "additionalProperties": False,
                                    "properties": {"text": TEXTISH, "why": TEXTISH}}]}
        return {"groups": {"type": "object", "minProperties": MIN_GROUPS, "maxProperties": MAX_GROUPS,
                           "additionalProperties": {"oneOf": [{"type": "null"},
                                                              {"type": "array", "items": item}]}}}, ["groups"]

    def group_of(self, text: str) -> str | None:
        return next((i.group for i in self.items if i.text == text), None)

    def grade(self, response: Any) -> Result:
        chosen: Mapping[str, Any] = response if isinstance(response, Mapping) else {}
        parts = []
        for item in self.items:
            got = chosen.get(item.text)
            got = got if isinstance(got, str) else ""
            ok = normalise(got) == normalise(item.group)
            parts.append(Part(item.text, got, item.group, ok, None if ok else item.why))
        return Result(sum(p.ok for p in parts) / len(parts), tuple(parts), any(p.given for p in parts))

    def encode(self) -> list[Any]:
        return [list(self.groups), [[i.text, i.group, i.why] for i in self.items]]

    @classmethod
    def decode(cls, values: list[Any]) -> dict[str, Any]:
        groups, items = values
        return {"groups": tuple(groups), "items": tuple(Item(t, g, w) for t, g, w in items)}

    def yaml_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for group in self.groups:
            members = [{"text": i.text, "why": i.why} if i.why else i.text for i in self.items if i.group == group]
            out[group] = members
        return {"groups": out}

    def anki(self, render: Render) -> AnkiCard:
        names = "".join(f"<li>{render(g)}</li>" for g in self.groups)
        shown = "".join(f"<li>{render(i.text)}</li>" for i in sorted(self.items, key=lambda i: i.text.casefold()))
        rows = "".join(f"<tr><td><b>{render(g)}</b></td><td>"
                       f"{', '.join(render(i.text) for i in self.items if i.group == g) or '—'}</td></tr>"
                       for g in self.groups)
        return AnkiCard("qa", {"front_extra": f"<p><i>Sort into:</i></p><ul>{names}</ul><p><i>Items:</i></p>"
                                              f"<ul>{shown}</ul>", "back": f"<table>{rows}</table>"})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        # Moodle lets several GIFT pairs share a right side, and a right side stand alone: a group each
        pairs = [f"={text(i.text)} -> {plain(i.group)}" for i in self.items]
        pairs += [f"= -> {plain(g)}" for g in self.groups if not any(i.group == g for i in self.items)]
        lost = ("the why of each misplaced item",) if any(i.why for i in self.items) else ()
        return GiftText(text(self.prompt) + " ", (" ".join(pairs),), lost=lost)

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        # A Moodle matching whose items share answers (Moodle allows it, and lists each answer once in the
        # menus); a group with no item is a subquestion without text, Moodle's extra answer. Chosen over
        # drag-and-drop into text (ddwtos), whose gaps each take one item and so cannot hold a group.
        subs = [(render(i.text), plain(i.group)) for i in self.items]
        subs += [("", plain(g)) for g in self.groups if not any(i.group == g for i in self.items)]
        lost = ("the why of each misplaced item",) if any(i.why for i in self.items) else ()
        return MoodleXml("matching", options=(("shuffleanswers", "true"),), subquestions=tuple(subs), lost=lost)

    def response_text(self, response: Any) -> str:
        given = response if isinstance(response, Mapping) else {}
        return "\n".join(f"- {i.text} → {given[i.text]}" for i in self.items
                         if isinstance(given.get(i.text), str) and given[i.text])

    def answer_text(self) -> str:
        return "\n".join(f"- {g}: {', '.join(i.text for i in self.items if i.group == g) or '(none)'}"
                         for g in self.groups)

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        return self.labelled_wrong_parts(response)


TYPES = (TypeInfo("categorise", Categorise, "Categorise", "categorise", 100, "sort items into named groups"),)
