"""Syncing one student's computers through a folder they already share (docs/sync.md): events, not copies.

Each computer appends its events (answers, undos, card actions, settings, exams) to segment files in its own
sub-folder, reads the others', and derives card state by replaying FSRS over the merged log. Start with
`sync_folder(service, folder)`; `record` is what the study layer calls to note an event. Not the bank sync
(quizapp.study.sync), which matches cards to the loaded questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.study.devicesync.run import SyncResult, sync_folder

__all__ = ["SyncResult", "sync_folder"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the study layer imports `record` on its hot path, not the whole sync.
    if name in __all__:
        from quizapp.study.devicesync import run

        return getattr(run, name)
    raise AttributeError(f"module 'quizapp.study.devicesync' has no attribute {name!r}")
