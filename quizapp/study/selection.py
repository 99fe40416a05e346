"""What to study: all questions, some topics, some tags, some difficulty levels (combined with AND)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Selection:
    """An empty field means "any". Tags match when a card has at least one of them."""

    topics: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    difficulties: frozenset[int] = frozenset()

    @classmethod
    def all(cls) -> Selection:
        return cls()

    @classmethod
    def of(cls, topics: Iterable[str] = (), tags: Iterable[str] = (), difficulties: Iterable[int] = ()
           ) -> Selection:
        return cls(frozenset(topics), frozenset(tags), frozenset(difficulties))

    def sql(self, alias: str = "cards") -> tuple[str, dict[str, object]]:
        """A WHERE fragment (always valid, "1" when everything is selected) and its named parameters."""
        parts: list[str] = []
        params: dict[str, object] = {}

        def placeholders(name: str, values: frozenset) -> str:
            keys = [f"sel_{name}{i}" for i in range(len(values))]
            params.update(zip(keys, sorted(values), strict=True))
            return ", ".join(f":{k}" for k in keys)

        for column, values in (("topic", self.topics), ("difficulty", self.difficulties)):
            if values:
                parts.append(f"{alias}.{column} IN ({placeholders(column, values)})")
        if self.tags:
            parts.append(f"{alias}.question_id IN (SELECT question_id FROM card_tags WHERE tag IN "
                         f"({placeholders('tag', self.tags)}))")
        return (" AND ".join(parts) or "1"), params
