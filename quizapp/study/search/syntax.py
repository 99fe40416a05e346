"""The search language: a query string read into a tree of checked terms, or one error at one column.

Anki-like: bare words and "phrases" over a question's text, `field:value` filters, `-` to negate,
`or`, parentheses, AND between neighbours. Every value is checked here, so the engine only ever
sees well-formed terms and a mistake is reported where it was typed (docs/search.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.bank import types  # the one place the search language learns the type names

FIELDS = ("topic", "tag", "type", "id", "is", "rated", "prop", "difficulty")
STATES = ("new", "due", "learning", "review", "suspended", "buried", "flagged", "leech")
# prop: names (and the short forms Anki users type) -> the property the engine knows
PROPS = {"lapses": "lapses", "reps": "reps", "interval": "interval", "ivl": "interval", "due": "due",
         "stability": "stability", "difficulty": "difficulty", "retrievability": "retrievability",
         "r": "retrievability"}
OPERATORS = ("<=", ">=", "!=", "<", ">", "=")
BANK_LEVELS = (1, 2, 3)  # a question's `difficulty:` in the bank format
RATINGS = (1, 2, 3, 4)

_FIELD = re.compile(r"([A-Za-z_]+):")


def type_names() -> list[str]:
    """Every question type's name, as `type:` matches it (question.qtype)."""
    return types.names()
_PROP = re.compile(r"([A-Za-z_]*)(<=|>=|!=|<|>|=)?(.*)")
_RATED = re.compile(r"(\d+)(?::(.*))?")


class SearchError(ValueError):
    """A malformed query: `message` is one sentence naming the column; `position` is 0-based."""

    def __init__(self, problem: str, position: int) -> None:
        self.position = position
        self.message = f"Column {position + 1}: {problem}"
        super().__init__(self.message)

    def caret(self, query: str) -> str:
        """The query and a line with a caret under the column at fault (for a terminal)."""
        return f"{query}\n{' ' * self.position}^"


# ----- the tree -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Text:
    """Words of a question's text: one word, or a phrase whose words must stand together."""

    text: str
    prefix: bool  # the last word may continue (written `keta*`)
    position: int


@dataclass(frozen=True, slots=True)
class Match:
    """topic: / tag: / type: / id: / difficulty:, with the values (or `*` patterns) any of which may match."""

    field: str
    values: tuple[str, ...]
    position: int


@dataclass(frozen=True, slots=True)
class State:
    """is:NAME, one of STATES."""

    name: str
    position: int


@dataclass(frozen=True, slots=True)
class Rated:
    """rated:DAYS[:RATING]: answered in the last DAYS study days (today is day 1), with that rating."""

    days: int
    rating: int | None
    position: int


@dataclass(frozen=True, slots=True)
class Prop:
    """prop:NAME OP NUMBER on a card's scheduling numbers."""

    name: str
    op: str
    value: float
    position: int


@dataclass(frozen=True, slots=True)
class Not:
    term: Node


@dataclass(frozen=True, slots=True)
class And:
    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Everything:
    """The empty query: every question."""


Node = Text | Match | State | Rated | Prop | Not | And | Or | Everything


# ----- reading tokens ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(" ")" "-" "or" "and" "term"
    position: int
    source: str = ""  # the term as typed


def _term_end(query: str, start: int) -> int:
    """Where the term starting at `start` ends: at a space or parenthesis outside quotes."""
    i, quote = start, -1
    while i < len(query):
        ch = query[i]
        if quote >= 0:
            if ch == "\\" and i + 1 < len(query):
                i += 2
                continue
            if ch == '"':
                quote = -1
        elif ch == '"':
            quote = i
        elif ch.isspace() or ch in "()":
            break
        i += 1
    if quote >= 0:
        raise SearchError("this quote is never closed; add a \" to end the phrase.", quote)
    return i


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch, i))
            i += 1
        elif ch == "-":
            if i + 1 >= len(query) or query[i + 1].isspace() or query[i + 1] == ")":
                raise SearchError("'-' must stand right before what it leaves out, as in -tag:dosing.", i)
            out.append(_Token("-", i))
            i += 1
        else:
            end = _term_end(query, i)
            source = query[i:end]
            word = source.casefold()
            out.append(_Token(word if word in ("or", "and") else "term", i, source))
            i = end
    return out


def _unquote(source: str) -> tuple[str, bool]:
    """The text of a (partly) quoted term, and whether any of it was quoted."""
    out, quoted, i = [], False, 0
    while i < len(source):
        ch = source[i]
        if ch == '"':
            quoted = True
        elif ch == "\\" and i + 1 < len(source) and source[i + 1] in '"\\':
            out.append(source[i + 1])
            i += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out), quoted


# ----- terms ------------------------------------------------------------------------------------------
def _text(source: str, position: int) -> Text:
    text, quoted = _unquote(source)
    prefix = text.endswith("*")
    body = text[:-1] if prefix else text
    if "*" in body:
        where = position + source.index("*")
        raise SearchError("'*' may only end a word (keta* finds ketamine); it cannot start or split one.", where)
    if not any(ch.isalnum() for ch in body):
        what = "this phrase" if quoted else "this word"
        raise SearchError(f"{what} has no letters or digits to search for.", position)
    return Text(body, prefix, position)


def _values(field: str, raw: str, at: int, split: bool) -> tuple[str, ...]:
    values = tuple(v.strip() for v in raw.split(",")) if split else (raw.strip(),)
    if not raw.strip() or not all(values):
        raise SearchError(f"'{field}:' needs a value, as in {_EXAMPLES[field]}.", at)
    return values


_EXAMPLES = {"topic": "topic:pain", "tag": "tag:nmda", "type": f"type:{types.names()[0]}", "id": "id:ket-pk-001",
             "is": "is:due", "rated": "rated:7:1", "prop": "prop:lapses>3", "difficulty": "difficulty:3"}


def _field(name: str, source: str, position: int) -> Node:
    raw, _ = _unquote(source[len(name) + 1:])
    at = position + len(name) + 1  # where the value starts
    field = name.casefold()
    if field not in FIELDS:
        known = ", ".join(f"{f}:" for f in FIELDS)
        raise SearchError(f"there is no filter '{name}:' (known: {known}); put text with a colon in quotes.",
                          position)
    if field in ("topic", "tag"):
        return Match(field, _values(field, raw, at, split=False), position)
    if field == "id":
        return Match(field, _values(field, raw, at, split=True), position)
    if field == "type":
        values = tuple(v.casefold() for v in _values(field, raw, at, split=True))
        types = type_names()
        for v in values:
            if not any(re.fullmatch(re.escape(v).replace(r"\*", ".*"), t) for t in types):
                raise SearchError(f"there is no question type '{v}' (types: {', '.join(types)}).", at)
        return Match(field, values, position)
    if field == "difficulty":
        values = _values(field, raw, at, split=True)
        levels = ", ".join(map(str, BANK_LEVELS[:-1])) + f" or {BANK_LEVELS[-1]}"
        if not all(v.isdigit() and int(v) in BANK_LEVELS for v in values):
            raise SearchError(f"difficulty: takes the bank's level, {levels} (FSRS difficulty is "
                              "prop:difficulty).", at)
        return Match(field, tuple(str(int(v)) for v in values), position)
    if field == "is":
        value = _values(field, raw, at, split=False)[0].casefold()
        if value not in STATES:
            raise SearchError(f"is:{value} is not a card state; use one of {', '.join(STATES)}.", at)
        return State(value, position)
    if field == "rated":
        return _rated(raw, at, position)
    return _prop(raw, at, position)


def _rated(raw: str, at: int, position: int) -> Rated:
    m = _RATED.fullmatch(raw.strip())
    if m is None or int(m[1]) < 1:
        raise SearchError("rated: takes a number of days from 1 up, then optionally :rating, as in rated:7:1.", at)
    rating = None
    if m[2] is not None:
        if not (m[2].isdigit() and int(m[2]) in RATINGS):
            raise SearchError("the rating after rated:DAYS: is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).",
                              at + len(m[1]) + 1)
        rating = int(m[2])
    return Rated(int(m[1]), rating, position)


def _prop(raw: str, at: int, position: int) -> Prop:
    m = _PROP.fullmatch(raw.strip())
    name, op, number = (m[1], m[2], m[3]) if m else ("", None, "")
    known = ", ".join(sorted(set(PROPS.values())))
    if name.casefold() not in PROPS:
        raise SearchError(f"prop: needs a property ({known}), as in prop:lapses>3.", at)
    if op is None:
        raise SearchError(f"prop:{name} needs a comparison (< <= = != >= >) and a number, as in prop:{name}>3.",
                          at + len(name))
    if not number:
        raise SearchError(f"prop:{name}{op} needs a number after it.", at + len(name) + len(op))
    try:
        value = float(number)
    except ValueError:
        raise SearchError(f"'{number}' after prop:{name}{op} is not a number.", at + len(name) + len(op)) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SearchError(f"'{number}' after prop:{name}{op} is not a number.", at + len(name) + len(op))
    return Prop(PROPS[name.casefold()], op, value, position)


def _leaf(token: _Token) -> Node:
    m = _FIELD.match(token.source)
    if m is not None:
        return _field(m[1], token.source, token.position)
    return _text(token.source, token.position)


# ----- the grammar ------------------------------------------------------------------------------------
class _Parser:
    """or_expr := and_expr ('or' and_expr)* ; and_expr := unary (['and'] unary)* ;
    unary := '-' unary | '(' or_expr ')' | term."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def needs_term_after(self, token: _Token, what: str) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in (")", "or", "and"):
            raise SearchError(f"{what} needs a search term after it.", token.position)

    def parse(self) -> Node:
        if not self.tokens:
            return Everything()
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:  # only a ')' stops an or_expr early
            raise SearchError("this ')' has no '(' to close.", extra.position)
        return node

    def or_expr(self) -> Node:
        terms = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            self.needs_term_after(token, "'or'")
            terms.append(self.and_expr())
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def and_expr(self) -> Node:
        terms = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in (")", "or"):
            if token.kind == "and":
                self.take()
                self.needs_term_after(token, "'and'")
            terms.append(self.unary())
        return terms[0] if len(terms) == 1 else And(tuple(terms))

    def unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise SearchError("the query ends where a search term was expected.", len(self.query))
        if token.kind in ("or", "and"):
            raise SearchError(f"'{token.source}' needs a search term before it.", token.position)
        if token.kind == ")":
            raise SearchError("this ')' has no '(' to close.", token.position)
        self.take()
        if token.kind == "-":
            self.needs_term_after(token, "'-'")
            return Not(self.unary())
        if token.kind == "(":
            inside = self.peek()
            if inside is not None and inside.kind == ")":
                raise SearchError("these parentheses are empty.", token.position)
            if inside is None:
                raise SearchError("this '(' is never closed.", token.position)
            node = self.or_expr()
            close = self.peek()
            if close is None:
                raise SearchError("this '(' is never closed.", token.position)
            self.take()
            return node
        return _leaf(token)


def parse(query: str) -> Node:
    """The tree of `query`; SearchError (one sentence with the column) if it is malformed."""
    return _Parser(query).parse()
