"""The item-writing rules: each one a fault that lets a student guess right or learn wrong.

A rule looks at one question as written (`Item`: its positioned YAML, its options, its stem) or, for
the key-position rule, at a whole bank. Rules work on the shape of a question (it has options to
pick from, or it is a statement judged true or false), never on its type's name.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quizapp.bank.yamlsafe import LList, LMap, Pos

GUIDE = "docs/authoring.md, \"Writing good items\""


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    key: bool
    pos: Pos


@dataclass(slots=True)
class Item:
    """One question as written: its mapping, its stem and, for questions with options, the options."""

    data: LMap
    stem: str
    options: list[Option]
    statement: bool  # a statement judged true or false (no options written)

    @property
    def stem_pos(self) -> Pos:
        return self.data.where("prompt")

    @property
    def keys(self) -> list[Option]:
        return [o for o in self.options if o.key]

    @property
    def distractors(self) -> list[Option]:
        return [o for o in self.options if not o.key]


Hit = tuple[Pos, str]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    summary: str
    guide: str  # where the item-writing guide says it
    check: Callable[[Item], Iterator[Hit]] | None = None  # per question
    check_bank: Callable[[list[Item]], Iterator[Hit]] | None = None  # per bank


def options_of(data: LMap) -> list[Option]:
    raw = data.get("choices")
    if not isinstance(raw, LList):
        return []
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, LMap):
            out.append(Option(str(item.get("text", "")), item.get("correct") is True, raw.where(i)))
        elif item is not None:
            out.append(Option(str(item), False, raw.where(i)))
    return out


def _plain(text: str) -> str:
    """Markup and punctuation off, lower case: what a reader compares."""
    text = re.sub(r"[*_`~^]", "", text).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s%/.-]", " ", text)).strip()


_ALL_NONE = re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+(above|following|others|options)\b"
                       r"|^all of these$", re.I)


def _all_none(item: Item) -> Iterator[Hit]:
    for o in item.options:
        if _ALL_NONE.search(_plain(o.text)):
            yield o.pos, f"option '{o.text}': \"all/none of the above\" rewards partial knowledge; write a real option"


def _long_key(item: Item) -> Iterator[Hit]:
    if len(item.keys) != 1 or len(item.distractors) < 2:
        return
    key = len(_plain(item.keys[0].text))
    longest = max(len(_plain(d.text)) for d in item.distractors)
    if key >= 1.6 * longest and key - longest >= 20:
        yield item.keys[0].pos, (f"the key ({key} characters) is much longer than every distractor (at most "
                                 f"{longest}): the most qualified option is the one to pick")


# A stem that asks for the exception: "... EXCEPT", "least likely", "Which is not ...". A negative inside a
# relative clause ("patients who did not respond") describes, it does not ask.
_NEGATIVE = re.compile(r"(?<![*_A-Za-z])(except|least)(?![*_A-Za-z])|(?<![*_A-Za-z])(?<!who )(?<!that )(?<!which )"
                       r"((?:is|are|was|were|does|do|did|would|should|could|can|has|have|will) (not))(?![*_A-Za-z])")


def _negative_stem(item: Item) -> Iterator[Hit]:
    if not item.options:
        return
    question = re.split(r"(?<=[.!?])\s+", item.stem.strip())[-1]  # the sentence that asks
    found = _NEGATIVE.search(question)
    if found:
        word = found.group(1) or found.group(3)
        yield item.stem_pos, (f"negative stem ('{word}' in \"{question}\"): write it in capitals or "
                              f"**bold** if it cannot be avoided, and keep such stems rare")


_STOP = frozenset(re.findall(r"\w+", """about above after again against among another because before being below
between both could does doing during each either every first from further having here into itself least like
made more most much other others over same should some such than that their theirs them then there these they
this those through under until very what when where which while whom whose with within without would your
ketamine patient patients"""))


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z][a-z-]{4,}", _plain(text)) if w not in _STOP}


def _key_echo(item: Item) -> Iterator[Hit]:
    if len(item.keys) != 1 or len(item.distractors) < 2:
        return
    echoed = _words(item.stem) & _words(item.keys[0].text)
    elsewhere = " ".join(_plain(d.text) for d in item.distractors)
    echoed = {w for w in echoed if w not in elsewhere}  # "frequent" is no cue beside an "infrequent" option
    if echoed:
        word = sorted(echoed)[0]
        yield item.keys[0].pos, f"only the key repeats the stem's word '{word}': a cue to the answer"


_ELSEWHERE = re.compile(r"\b(the (study|trial|review|question|case|figure|cohort|paper) above|as above|"
                        r"(previous|preceding|earlier|last) question|the same (study|trial|review|cohort|"
                        r"patient|paper|case|survey|series))\b", re.I)


def _refers_elsewhere(item: Item) -> Iterator[Hit]:
    found = _ELSEWHERE.search(item.stem)
    if found:
        yield item.stem_pos, (f"the stem refers to another question ('{found.group(0)}'): questions come in any "
                              f"order, so each stem must stand alone")


_ABSOLUTE = re.compile(r"\b(always|never|invariably|impossible|guaranteed?|completely|entirely|totally|"
                       r"in all cases|under no circumstances)\b", re.I)


def _absolute(item: Item) -> Iterator[Hit]:
    targets = [(o.pos, f"option '{o.text}'", o.text) for o in item.distractors]
    if item.statement:
        targets.append((item.stem_pos, "the statement", item.stem))
    for pos, what, text in targets:
        found = _ABSOLUTE.search(re.sub(r"[*_]", "", text))
        if found:
            yield pos, f"{what} says '{found.group(1)}': absolute words mark the wrong answer to test-wise students"


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}


def _normal(text: str) -> str:
    words = [_ROMAN.get(w, w) for w in re.findall(r"[\w%.]+", _plain(text))]
    return " ".join(w for w in words if w not in ("a", "an", "the"))


def _same_options(item: Item) -> Iterator[Hit]:
    seen: dict[str, Option] = {}
    for o in item.options:
        norm = _normal(o.text)
        if norm in seen:
            yield o.pos, f"options '{seen[norm].text}' and '{o.text}' say the same thing"
        else:
            seen[norm] = o


def _article_cue(item: Item) -> Iterator[Hit]:
    found = re.search(r"\b(a|an)\s*[:.…]*\s*$", item.stem.strip(), re.I)
    if not found or len(item.keys) != 1:
        return
    wants_vowel = found.group(1).lower() == "an"

    def fits(text: str) -> bool:
        first = _plain(text)[:1]
        return (first in "aeiou") == wants_vowel if first else True

    if fits(item.keys[0].text) and not all(fits(d.text) for d in item.distractors):
        yield item.stem_pos, f"the stem ends in '{found.group(1)}', which only some options fit: a grammatical cue"


def _key_position(items: list[Item]) -> Iterator[Hit]:
    single = [i for i in items if len(i.keys) == 1 and len(i.options) >= 3]
    if len(single) >= 8:
        spots = Counter(i.options.index(i.keys[0]) for i in single)
        spot, count = spots.most_common(1)[0]
        width = statistics.median(len(i.options) for i in single)
        if count / len(single) >= max(0.5, 2 / width):
            yield single[0].data.pos, (f"the key is written as option {spot + 1} in {count} of {len(single)} "
                                       f"one-key questions of this bank: spread it over the positions")
    multi = [i for i in items if len(i.keys) > 1]
    if len(multi) >= 4:
        leading = sum(all(o.key for o in i.options[:len(i.keys)]) for i in multi)
        if leading / len(multi) >= 0.5:
            yield multi[0].data.pos, (f"the keys are the first options in {leading} of {len(multi)} several-key "
                                      f"questions of this bank: mix them among the distractors")


RULES: tuple[Rule, ...] = (
    Rule("all-none-above", "no \"all/none of the above\"", "Choices: 'No \"all of the above\" / \"none of the above\"'",
         _all_none),
    Rule("long-key", "the key is not much longer than every distractor",
         "Choices: 'Similar length for all choices; the right one is not the longest or most qualified'", _long_key),
    Rule("negative-stem", "no negative stem unless emphasised",
         "Stems: 'Avoid negatives; if one is unavoidable, write it in capitals and keep it rare'", _negative_stem),
    Rule("key-echo", "no stem word repeated only in the key",
         "Stems: 'no grammatical cues that fit only the right choice' (a word cue is one)", _key_echo),
    Rule("refers-elsewhere", "each stem stands alone", "Stems: 'Put the whole problem in the stem'",
         _refers_elsewhere),
    Rule("absolute-word", "no absolute words in distractors or true/false statements",
         "Stems: 'No trick wording, no absolute terms that give the answer away (\"always\", \"never\")'", _absolute),
    Rule("same-options", "no two options that mean the same", "Choices: 'One best answer'; options must differ",
         _same_options),
    Rule("article-cue", "no a/an cue at the end of the stem",
         "Stems: 'no grammatical cues that fit only the right choice'", _article_cue),
    Rule("key-position", "the key's written position is spread across a bank",
         "Keys not always in one position (exports and readers see the written order)", None, _key_position),
)
BY_NAME = {r.name: r for r in RULES}
