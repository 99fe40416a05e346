"""What grading returns: a score from 0 to 1 and, per gradable part, what was given and expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Part:
    """One gradable part: a choice, a gap, a pair. `why` explains a wrong pick when the bank says;
    `typo_of` is the accepted answer a typed one was taken for, when typo tolerance accepted it."""

    label: str
    given: str
    expected: str
    ok: bool
    why: str | None = None
    typo_of: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    score: float  # 0..1
    parts: tuple[Part, ...] = ()
    answered: bool = True

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - 1e-9

    @property
    def partial(self) -> bool:
        return 0.0 < self.score < 1.0 - 1e-9
