"""The Browse window's link to the study layer: searches, bulk actions, undo and card info on the database
worker; the text index built on the general pool after each load, so the worker never waits for it.

Nothing here touches SQL: quizapp.study.search finds, quizapp.study.bulk edits, quizapp.study.card_info
reads a card's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from quizapp import paths
from quizapp.ui.background import run_in_background
from quizapp.ui.bridge import Bridge

if TYPE_CHECKING:
    from quizapp.bank.loader import LoadResult
    from quizapp.study import StudyService
    from quizapp.study.bulk import CardEditor, Edit, Undone
    from quizapp.study.card_info import CardInfo
    from quizapp.study.custom import CustomStudy
    from quizapp.study.search import Moment, Search
    from quizapp.study.search.index import SearchIndex


_CLOSED = object()


@dataclass(frozen=True, slots=True)
class Found:
    """A finished search: the query as run, its ids in order, and the time the lines are judged at."""

    query: str
    ids: list[str]
    moment: Moment


class BrowseBridge(QObject):
    """Owned by the main window; every Browse window and the custom-study dialog go through it."""

    indexed = Signal()  # the text index matches the loaded banks
    changed = Signal()  # cards were edited (counts elsewhere are stale)

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._index: SearchIndex | None = None
        self._worker_search: Search | None = None  # used on the database worker only
        self._editor: CardEditor | None = None
        self._synced: LoadResult | None = None  # the load the index was last brought in line with
        self._syncing: LoadResult | None = None
        self._waiting: list[Callable[[], None]] = []

    # ----- the index
    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            from quizapp.study.search.index import SearchIndex

            self._index = SearchIndex.for_data_dir(self.bridge.data_dir)
        return self._index

    def reader(self) -> Search:
        """A Search of its own for the GUI thread (the table reads its rows with it)."""
        from quizapp.study.search import Search

        return Search(self.bridge.data_dir, self.index)

    @property
    def ready(self) -> bool:
        loaded = self.bridge.loaded
        return loaded is not None and self._synced is loaded.result

    def prepare(self, then: Callable[[], None] | None = None) -> None:
        """Bring the index in line with the loaded banks on the general pool; `then` once it is."""
        loaded = self.bridge.loaded
        if loaded is None:
            return
        if then is not None:
            self._waiting.append(then)
        result = loaded.result
        if self._synced is result:
            self._release()
            return
        if self._syncing is result:
            return
        self._syncing = result
        cache = paths.bank_cache_dir(self.bridge.data_dir)
        index = self.index

        def work() -> LoadResult:
            index.sync(result.questions, cache, result.cache_keys)
            return result

        def done(synced: LoadResult) -> None:
            self._syncing = None
            self._synced = synced
            current = self.bridge.loaded
            if current is not None and current.result is not synced:
                self.prepare()  # reloaded meanwhile: once more
                return
            self.indexed.emit()
            self._release()

        def failed(exc: BaseException) -> None:
            self._syncing = None
            self._waiting.clear()
            self.bridge.failed.emit(exc)

        run_in_background(work, done, failed)

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    # ----- the worker
    def _db(self, work: Callable[[StudyService], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """`work(service)` on the database worker, `done(result)` on the GUI thread. Work still queued when
        the app closes the database (a preview asked for while quitting) is dropped, not an error."""
        bridge = self.bridge

        def run() -> Any:
            try:
                service = bridge.service
            except RuntimeError:
                return _CLOSED
            return work(service)

        def finished(result: Any) -> None:
            if result is not _CLOSED:
                done(result)

        run_in_background(run, finished, failed or bridge.failed.emit, serial=True)

    def worker_search(self) -> Search:
        """The worker's Search (call on the database worker only)."""
        if self._worker_search is None:
            from quizapp.study.search import Search

            self._worker_search = Search(self.bridge.data_dir, self.index)
        return self._worker_search

    def editor(self, service: StudyService) -> CardEditor:
        if self._editor is None or self._editor.service is not service:
            from quizapp.study.bulk import CardEditor

            self._editor = CardEditor(service)
        return self._editor

    @property
    def can_undo(self) -> bool:
        return self._editor is not None and self._editor.can_undo

    def find(self, query: str, order: str, descending: bool, done: Callable[[Found], None],
             failed: Callable[[BaseException], None]) -> None:
        """Run `query` (a SearchError goes to `failed`); waits for the index first if a load is fresh."""
        if not self.ready:
            self.prepare(lambda: self.find(query, order, descending, done, failed))
            return

        def work(service: StudyService) -> Found:
            from quizapp.study.search import moment_of

            moment = moment_of(service)
            return Found(query, self.worker_search().find(query, moment, order, descending), moment)

        self._db(work, done, failed)

    def moment(self, done: Callable[[Moment], None]) -> None:
        def work(service: StudyService) -> Moment:
            from quizapp.study.search import moment_of

            return moment_of(service)

        self._db(work, done)

    def apply(self, action: str, ids: list[str], done: Callable[[Edit], None], day: date | None = None,
              failed: Callable[[BaseException], None] | None = None) -> None:
        """A bulk action (quizapp.study.bulk.ACTIONS) on `ids`, undoable with undo()."""
        def finished(edit: Edit) -> None:
            self.changed.emit()
            done(edit)

        self._db(lambda service: self.editor(service).apply(action, ids, day=day), finished, failed)

    def undo(self, done: Callable[[Undone | None], None]) -> None:
        def finished(undone: Undone | None) -> None:
            if undone is not None:
                self.changed.emit()
            done(undone)

        self._db(lambda service: self.editor(service).undo(), finished)

    def card_info(self, question_id: str, done: Callable[[CardInfo | None], None]) -> None:
        def work(service: StudyService) -> CardInfo | None:
            from quizapp.study.card_info import card_info

            return card_info(service, question_id)

        self._db(work, done)

    def count(self, spec: CustomStudy, done: Callable[[int], None], failed: Callable[[BaseException], None]) -> None:
        """How many questions a custom session over `spec` would hold (SearchError to `failed`)."""
        if not self.ready:
            self.prepare(lambda: self.count(spec, done, failed))
            return

        def work(service: StudyService) -> int:
            from quizapp.study.custom import custom_ids

            return len(custom_ids(service, self.worker_search(), spec, self.bridge.loaded.result.questions))

        self._db(work, done, failed)

    def session_maker(self, spec: CustomStudy) -> Callable[..., Any]:
        """What Bridge.start_with calls on the worker to make the custom session."""
        def make(service: StudyService, questions: Any) -> Any:
            from quizapp.study.custom import start_custom

            return start_custom(service, questions, self.worker_search(), spec)

        return make

    def close(self) -> None:
        """Close the worker's connection on the worker (the app is quitting)."""
        search = self._worker_search
        self._worker_search = None
        if search is not None:
            run_in_background(search.close, lambda _: None, serial=True)
