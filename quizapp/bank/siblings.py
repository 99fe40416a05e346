"""Sibling questions: several questions on one fact, which give each other away when studied together.

An author groups them with a `fact:` key (across banks). Questions of one bank file whose stems nearly
repeat each other (word-pair overlap, Jaccard >= NEAR) are grouped too, so an unmarked pair is still
kept apart; only in files of up to NEAR_MAX_QUESTIONS questions (written by hand: comparing the text
of a generated bank of 10,000 would add a fifth to its parse). The study layer shows one sibling a day
(quizapp/study/queues.py, session.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from quizapp.bank.model import Question

NEAR = 0.5  # share of word pairs two stems have in common (of all pairs in either) to count as near-duplicates
MIN_PAIRS = 4  # stems shorter than this ("Complete the sentence.") say too little to compare
RARE = 64  # a word pair in more questions of a file than this is too common to find candidates by
NEAR_MAX_QUESTIONS = 2_000
_WORDS = re.compile(r"\w+")


def _pairs(text: str) -> frozenset[tuple[str, str]]:
    return frozenset(pairwise(_WORDS.findall(text.casefold())))


def near_duplicates(questions: Sequence[Question]) -> list[tuple[int, int]]:
    """Index pairs of questions whose stems are near-duplicates.

    A similarity join with a prefix filter: two sets with Jaccard >= 1/2 share one of the rarest
    len/2 + 1 pairs of either, so each question is compared only with those sharing one of its rarest
    pairs (pairs found in more than RARE questions are skipped, which keeps big generated banks linear).
    """
    sets = [_pairs(q.stem()) for q in questions]
    index: dict[tuple[str, str], list[int]] = {}
    for i, pairs in enumerate(sets):
        if len(pairs) >= MIN_PAIRS:
            for pair in pairs:
                posting = index.get(pair)
                if posting is None:
                    index[pair] = [i]
                else:
                    posting.append(i)
    found: list[tuple[int, int]] = []
    for i, pairs in enumerate(sets):
        if len(pairs) < MIN_PAIRS:
            continue
        rare = [p for p in pairs if len(index[p]) <= RARE]
        prefix = len(pairs) // 2 + 1
        if len(rare) > prefix:
            rare = sorted(rare, key=lambda p: (len(index[p]), p))[:prefix]
        candidates = {j for p in rare for j in index[p] if j > i}
        for j in sorted(candidates):
            other = sets[j]
            if len(pairs & other) >= NEAR * len(pairs | other):
                found.append((i, j))
    return found


def mark_siblings(questions: Sequence[Question]) -> None:
    """Set each question's `siblings` key: its `fact`, the fact of a near-duplicate, or (for a group of
    near-duplicates without one) "~" and the group's first id; questions of their own keep ""."""
    parent = list(range(len(questions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in near_duplicates(questions) if len(questions) <= NEAR_MAX_QUESTIONS else ():
        parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(questions)):
        groups.setdefault(root(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        facts = sorted({questions[i].fact for i in members if questions[i].fact})
        key = facts[0] if facts else "~" + min(questions[i].id for i in members)
        for i in members:
            if not questions[i].fact:
                questions[i].siblings = key
