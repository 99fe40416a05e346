"""Which tags are for authors only: kept in the banks (for `quizapp check`, exports and searches), not shown
to students, who would read `#DIS-11` as noise.

An authoring tag starts with `_` (`_todo`, `_review-2025`), or is an id of the project's fact sheet's
"where sources disagree" list (`DIS-11`, any case).
"""

from __future__ import annotations

import re

_AUTHORING = re.compile(r"^(_.*|dis-\d+)$", re.IGNORECASE)


def is_authoring_tag(tag: str) -> bool:
    return bool(_AUTHORING.match(tag))
