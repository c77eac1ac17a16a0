"""The CPU-bound stage (decode, extract, detect) on every core, in worker processes.

Extraction and language detection are pure Python and hold the GIL, so threads alone use one core.
The pool starts lazily, on the first batch that asks for it, so small runs never pay for workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from newsflow.articles.process import process_batch
from newsflow.config import LanguageSettings
from newsflow.records import BatchResult, RawDocument


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker once the flow's process is gone (killed with SIGKILL, say),
    instead of waiting forever on a queue nobody writes to. The parent's pid comes from the parent: a
    worker still importing when the parent died would otherwise read its new parent, init, as its own."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsflow-parent-watch", daemon=True).start()


# Documents per task sent to a worker: small enough for a smooth progress bar, large enough that the
# pickling per task stays negligible next to extraction.
CHUNK = 25


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class PoolClosed(BaseException):
    """The pool ended (the run was interrupted) before a batch was done. A BaseException: not retried."""


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the flow's process decides, workers finish their slice quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)


def process_in_worker(docs: Sequence[RawDocument], languages: LanguageSettings) -> BatchResult:
    """`process_batch` in a worker. After the worker's first batch, what its imports and the libraries' first use
    made (modules, langdetect's profiles, jusText's stoplists: about 135,000 objects that live as long as the
    worker) is frozen out of the cyclic collector's reach, whose full collections walked it for nothing (2 % of
    a worker's CPU on real pages; objects freed by reference counting are freed as before)."""
    result = process_batch(docs, languages)
    if gc.get_freeze_count() == 0:
        gc.freeze()
    return result


class ProcessPool:
    """A lazily started pool of worker processes for `process_batch`; a context manager."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the flow process runs threads (Prefect, the fetcher), and forking a
                # threaded process can copy a held lock into the child.
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
                )
            return self._executor

    def process(
        self, docs: Sequence[RawDocument], languages: LanguageSettings, advance: Callable[[int], None] | None = None
    ) -> BatchResult:
        """The batch in slices over the workers; `advance(n)` as each slice is done, the result in order."""
        size = max(1, min(CHUNK, -(-len(docs) // self.workers)))
        slices = [list(docs[i : i + size]) for i in range(0, len(docs), size)]
        executor = self._get()
        futures = [executor.submit(process_in_worker, part, languages) for part in slices]
        sizes = {id(future): len(part) for future, part in zip(futures, slices, strict=True)}
        pending = set(futures)
        while pending:
            # Bounded waits: a pool closed under us (the run was interrupted) must not leave this thread waiting.
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if advance:
                advance(sum(sizes[id(future)] for future in done))
            if pending and self._closed:
                raise PoolClosed("the worker pool was closed while this batch was processed")
        result = BatchResult()
        for future in futures:
            result.extend(future.result())
        return result

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self._closed = True
        interrupted = exc_type is not None and not issubclass(exc_type, Exception)
        with self._lock:
            if self._executor is not None:
                if interrupted:
                    _stop_now(self._executor)
                else:
                    self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None


def _stop_now(executor: ProcessPoolExecutor) -> None:
    """Ctrl-C or SIGTERM: the slices in progress are not worth waiting for. A worker killed while it sent its
    result (SIGTERM to the process group reaches the workers too) leaves half a message on the result pipe, which
    the pool's manager thread then reads forever, and the interpreter's exit joins that thread. Once the workers
    are gone, this process' own copy of the pipe's writing end is the last: closing it turns that read into an end
    of file, which the manager handles as a broken pool."""
    results = executor._result_queue  # shutdown(wait=False) drops it
    for worker in list((executor._processes or {}).values()):  # the pool's own: not every child of this process
        worker.terminate()
    executor.shutdown(wait=False, cancel_futures=True)
    if results is not None:
        results._writer.close()  # type: ignore[attr-defined]
