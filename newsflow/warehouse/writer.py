"""A job's handle on the warehouse: its backend and the four stores on it, for the length of one job.

The stores do the work (RunJournal, ArticleStore, TranslationQueue, SearchIndex); Writer only holds
the job lock where the backend needs one and keeps the names the flows call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsflow.records import BatchCounts, BatchResult, Failure
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.backends.configured import open_backend
from newsflow.warehouse.backends.duckdb_file import FileBackend
from newsflow.warehouse.search.bm25 import Refreshed
from newsflow.warehouse.search.refresh import search_index_for
from newsflow.warehouse.stores.articles import ArticleStore
from newsflow.warehouse.stores.runs import RunJournal
from newsflow.warehouse.stores.translation_queue import PendingArticle, TranslationQueue, TranslationRow

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from newsflow.config import WarehouseSettings


class Writer:
    """The writer of a warehouse for one job (an ingest, a translation run...).

    On a file it holds the job lock for its lifetime and a connection only while a batch is written; on
    a lake it holds nothing, and other writers commit alongside. Safe to share between threads.
    """

    def __init__(self, target: Path | Backend, job: str, timeout_s: float = 30.0) -> None:
        self.backend: Backend = FileBackend(target, timeout_s) if isinstance(target, Path) else target
        self.job = job
        self.runs = RunJournal(self.backend)
        self.store = ArticleStore(self.backend)
        self.queue = TranslationQueue(self.backend)
        self.search = search_index_for(self.backend)
        self._held: AbstractContextManager[object] | None = None

    def __enter__(self) -> Writer:
        held = self.backend.job(self.job)
        held.__enter__()
        self._held = held
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._held is not None:
                self._held.__exit__(None, None, None)
                self._held = None
        finally:
            self.backend.close()

    # The names the flows call, each one store's job.
    def start_run(self, flow: str, parameters: dict[str, Any], flow_run_id: str | None = None) -> str:
        # Ends of earlier runs that a full disk kept out of the warehouse, left in the file's job lock.
        notes = list(getattr(self._held, "unrecorded", []))
        run_id = self.runs.start(flow, parameters, flow_run_id, notes)
        if notes:
            self._held.forget_notes()  # type: ignore[union-attr]
        return run_id

    def leave_run_end(self, run_id: str, status: str, error: str) -> bool:
        """For a run whose end the warehouse refused (full disk): the next job records it; False if it cannot
        (only the file's job lock can carry it)."""
        leave = getattr(self._held, "leave_note", None)
        return bool(leave(run_id, status, error)) if leave else False

    def finish_run(self, *args: Any, **kwargs: Any) -> None:
        self.runs.finish(*args, **kwargs)

    def store_batch(self, run_id: str, batch: BatchResult) -> BatchCounts:
        return self.store.store_batch(run_id, batch)

    def record_failures(self, run_id: str | None, failures: Sequence[Failure]) -> None:
        self.store.record_failures(run_id, failures)

    def iter_documents(self, *args: Any, **kwargs: Any) -> Iterator[list[dict[str, Any]]]:
        return self.store.iter_documents(*args, **kwargs)

    def pending_articles(self, langs: Sequence[str], retry_failed: bool = False) -> list[PendingArticle]:
        return self.queue.pending(langs, retry_failed)

    def claim_pending(
        self, langs: Sequence[str], claimant: str, limit: int, retry_failed: bool = False
    ) -> list[PendingArticle]:
        return self.queue.claim(langs, claimant, limit, retry_failed)

    def release_claims(self, claimant: str) -> None:
        self.queue.release(claimant)

    def store_translations(
        self, run_id: str | None, done: Sequence[TranslationRow], failed: Sequence[tuple[str, str]]
    ) -> list[Failure]:
        return self.queue.store(run_id, done, failed)

    def refresh_search_index(self, force: bool = False) -> Refreshed | None:
        return self.search.refresh(force)


def open_writer(settings: WarehouseSettings, job: str) -> Writer:
    """The writer of the configured warehouse (use as a context manager)."""
    return Writer(open_backend(settings), job)
