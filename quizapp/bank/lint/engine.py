"""Running the rules over bank files: read each file's positioned YAML, apply every rule, honour waivers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import types
from quizapp.bank.bankfile import read_yaml_file
from quizapp.bank.fields import Report
from quizapp.bank.lint.rules import BY_NAME, RULES, Item, options_of
from quizapp.bank.loader import bank_files
from quizapp.bank.yamlsafe import LList, LMap, Pos

WAIVER_KEY = "lint"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.message} [{self.rule}]"


def _item(data: LMap) -> Item | None:
    kind = types.get(str(data.get("type", "")))
    if kind is None:
        return None  # `quizapp check` reports unknown types; nothing to say about its writing
    options = options_of(data)
    prompt = data.get("prompt")
    statement = kind.cls.guessable and not options  # picked from two fixed answers: a true/false statement
    return Item(data, str(prompt) if prompt is not None else "", options, statement)


def _waivers(data: LMap, file: str, found: list[Finding]) -> set[str]:
    raw = data.get(WAIVER_KEY)
    if raw is None:
        return set()
    pos = data.where(WAIVER_KEY)
    if not isinstance(raw, LMap):
        found.append(Finding(file, pos.line, pos.column, "waiver",
                             f"'{WAIVER_KEY}' must map rule names to the reason each is waived"))
        return set()
    waived = set()
    for name, reason in raw.items():
        at = raw.where(name)
        if name not in BY_NAME:
            found.append(Finding(file, at.line, at.column, "waiver",
                                 f"unknown rule '{name}' (rules: {', '.join(BY_NAME)})"))
        elif not isinstance(reason, str) or not reason.strip():
            found.append(Finding(file, at.line, at.column, "waiver", f"waiving '{name}' needs a reason"))
        else:
            waived.add(str(name))
    return waived


def lint_file(path: Path, shown: str | None = None) -> list[Finding]:
    """Every finding in one bank file (a file that does not parse has none: `quizapp check` says why)."""
    shown = shown or str(path)
    data = read_yaml_file(path, shown, Report(shown))
    questions = data.get("questions") if isinstance(data, LMap) else None
    if not isinstance(questions, LList):
        return []
    found: list[Finding] = []
    items: list[Item] = []
    for raw in questions:
        if not isinstance(raw, LMap):
            continue
        item = _item(raw)
        if item is None:
            continue
        waived = _waivers(raw, shown, found)
        items.append(item)
        for rule in RULES:
            if rule.check is not None and rule.name not in waived:
                found.extend(_at(shown, rule.name, pos, message) for pos, message in rule.check(item))
    for rule in RULES:
        if rule.check_bank is not None:
            found.extend(_at(shown, rule.name, pos, message) for pos, message in rule.check_bank(items))
    return sorted(found)


def _at(file: str, rule: str, pos: Pos, message: str) -> Finding:
    return Finding(file, pos.line, pos.column, rule, message)


def lint_paths(paths: Iterable[Path]) -> list[Finding]:
    """Findings for bank folders and files, file by file, each in line order."""
    found: list[Finding] = []
    for path in paths:
        files = bank_files(path) if path.is_dir() else [path]
        for file in files:
            found.extend(lint_file(file))
    return found
