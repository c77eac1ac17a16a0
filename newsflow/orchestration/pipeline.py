"""What every ingesting flow shares: batches through the stage tasks, and a `runs` row whatever happens."""

from __future__ import annotations

import contextlib
import itertools
import logging
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prefect.context import get_run_context
from prefect.utilities.annotations import quote

from newsflow.articles.worker_pool import ProcessPool, default_workers
from newsflow.config import Settings
from newsflow.orchestration.disk_full import quiet_prefect_on_disk_full
from newsflow.orchestration.tasks import (
    failed_batch,
    fetch_task,
    process_task,
    store_each,
    store_task,
    translate_stage,
)
from newsflow.records import (
    BatchCounts,
    BatchResult,
    Failure,
    KnownFailure,
    RawDocument,
    Skipped,
    StreamItem,
    Unchanged,
)
from newsflow.runs.progress import reporter
from newsflow.runs.signals import Terminated, end_status, raise_if_stopped, request_stop
from newsflow.runs.summary import RunSummary, TranslateCounts
from newsflow.runs.window import Window
from newsflow.warehouse.backends.disk_full import DiskFull
from newsflow.warehouse.writer import Writer, open_writer


def flow_run_id() -> str | None:
    try:
        ctx = get_run_context()
    except RuntimeError:
        return None
    run = getattr(ctx, "flow_run", None)
    return str(run.id) if run else None


@dataclass
class Tally:
    """Counts so far, kept outside the stream so a run that crashes halfway still records them."""

    read: int = 0
    counts: BatchCounts = field(default_factory=BatchCounts)
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0
    known_failures: list[KnownFailure] = field(default_factory=list)

    def add(self, batch: Batch, counts: BatchCounts, failures: list[Failure] | None = None, processed: int = 0) -> None:
        """One batch's outcome: `processed` of its documents went through the stages, the rest needed no work."""
        self.counts = self.counts + counts
        self.failures.extend(failures or [])
        self.known_failures.extend(batch.known)
        self.skipped += batch.skipped
        self.read += processed + len(batch.early) + batch.unchanged + len(batch.known)


@dataclass
class Batch:
    """One batch of a source's stream, sorted by what each item needs."""

    docs: list[RawDocument]
    early: list[Failure]  # failed before processing (unreadable file, failed fetch): stored with the batch
    unchanged: int  # HTTP 304 or the same bytes as last time: nothing to process
    known: list[KnownFailure]
    skipped: int

    @classmethod
    def of(cls, items: list[StreamItem]) -> Batch:
        return cls(
            docs=[item for item in items if isinstance(item, RawDocument)],
            early=[item for item in items if isinstance(item, Failure)],
            unchanged=sum(isinstance(item, Unchanged) for item in items),
            known=[item for item in items if isinstance(item, KnownFailure)],
            skipped=sum(isinstance(item, Skipped) for item in items),
        )


def stored(writer: Writer, run_id: str, future: Any, batch: Batch) -> tuple[BatchResult, BatchCounts, list[Failure]]:
    """A batch's processing result, stored with its early failures. Processing that failed for good fails its
    documents; a batch the warehouse refuses is stored one by one, so that one bad article costs only itself."""
    try:
        result: BatchResult = future.result()
    except Exception as exc:  # retries exhausted: these documents fail, the run goes on
        result = failed_batch(batch.docs, exc)
    result.failures.extend(batch.early)
    result.unchanged += batch.unchanged
    try:
        quoted: Any = quote(result)  # Prefect unwraps it before the task runs
        return result, store_task(writer, run_id, quoted), []
    except DiskFull:
        raise  # storing one by one cannot help
    except Exception:
        counts, added = store_each(writer, run_id, result)
        return result, counts, added


def submit_in_process(docs: list[RawDocument], *args: Any, **kwargs: Any) -> Any:
    """`process_task` on the threads runner. `quote`: Prefect would otherwise walk every field of every document
    looking for futures (and the store every record), seconds of the flow's process per run. Not on Dask: its
    packing of task arguments turns the quote, a tuple, into a plain one."""
    return process_task.submit(quote(docs), *args, **kwargs)


def run_stages(
    writer: Writer,
    run_id: str,
    items: Iterable[StreamItem],
    settings: Settings,
    submit: Any = None,
    window: Window | None = None,
    tally: Tally | None = None,
) -> Tally:
    """Fetch, process and store batches: processing runs concurrently on the task runner while the flow
    fetches the next batch and stores the ones done, in order. Progress advances per document as it is
    processed (with the threads runner; per batch on Dask, whose workers cannot reach this process' bar).
    """
    threads = settings.orchestration.task_runner == "threads"
    submit = submit or (submit_in_process if threads else process_task.submit)
    tally = tally if tally is not None else Tally()
    progress = reporter()
    in_flight: deque[tuple[Any, Batch]] = deque()
    limit = max(2, settings.orchestration.max_workers * 2)  # bounded: memory stays flat on large sources

    def drain(keep: int) -> None:
        while len(in_flight) > keep:
            raise_if_stopped()
            future, batch = in_flight.popleft()
            result, counts, added = stored(writer, run_id, future, batch)
            tally.add(batch, counts, [*result.failures, *added], processed=len(result.documents))
            progress.advance((0 if threads else len(batch.docs)) + len(batch.early))

    stream = iter(items)
    size = settings.orchestration.batch_size
    with ProcessPool(process_workers(settings)) as pool:
        try:
            first, more = True, False
            while True:
                raise_if_stopped()
                items_read = fetch_task(stream, size)
                if not items_read:
                    break
                if first:
                    # After a full first batch, one item more tells whether the run outgrows it, so that a run
                    # of many batches puts its first on the workers too.
                    ahead = list(itertools.islice(stream, 1)) if len(items_read) == size else []
                    more = bool(ahead)
                    stream = itertools.chain(ahead, stream)
                batch = Batch.of(items_read)
                progress.advance(batch.unchanged + len(batch.known))  # nothing to wait for
                if not batch.docs and not batch.early:  # an unchanged rerun: nothing to process or store
                    tally.add(batch, BatchCounts(unchanged=batch.unchanged))
                    continue
                # A run that fits in one batch runs here and never starts worker processes.
                use_pool = pool if pool.workers > 1 and (more or not first) and batch.docs else None
                advance = progress.advance if threads else None
                future = submit(batch.docs, settings.languages, window=window, pool=use_pool, advance=advance)
                in_flight.append((future, batch))
                first = False
                drain(limit)
        except Exception:
            drain(0)  # the source broke: keep what was already read, then fail the run
            raise
        drain(0)
    return tally


@contextlib.contextmanager
def sigterm_noted() -> Iterator[None]:
    """Record SIGTERM before the handler in place (Prefect's, during a flow run) raises its exception, so that
    the run stops at the next batch even if that exception is swallowed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)

    def handler(signum: int, frame: Any) -> None:
        request_stop(signum)
        if callable(previous):
            previous(signum, frame)
        else:
            raise Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def process_workers(settings: Settings) -> int:
    """Worker processes for the process stage: only with the threads runner (Dask has its own workers)."""
    orchestration = settings.orchestration
    if orchestration.task_runner != "threads":
        return 1
    return orchestration.process_workers or default_workers()


def refresh_index(writer: Writer) -> None:
    """Update the search index for the articles changed. A failure here costs no articles: the next run's
    refresh (or any later one) catches up, so it is logged, not raised; a full disk ends the run."""
    try:
        writer.refresh_search_index()
    except DiskFull:
        raise
    except Exception as exc:
        logging.getLogger("newsflow").warning("search index not refreshed: %s: %s", type(exc).__name__, exc)


def end_on_full_disk(writer: Writer, run_id: str, tally: Tally, exc: DiskFull) -> DiskFull:
    """Mark the run failed; if the warehouse refuses even that, leave it to the next job and say so."""
    try:
        writer.finish_run(run_id, "failed", tally.counts, tally.read, error=str(exc))
        return exc
    except DiskFull:
        if writer.leave_run_end(run_id, "failed", str(exc)):
            return DiskFull(f"{exc}; run {run_id} could not be marked failed, the next run will")
        return DiskFull(f"{exc}; run {run_id} stays 'running' until the next run marks it crashed")


def run_job(
    flow: str,
    settings: Settings,
    parameters: dict[str, Any],
    items: Callable[[Writer], Iterable[StreamItem]],
    *,
    window: Window | None = None,
    translate: bool = True,
    label: str = "ingesting",
    total: int | None = None,
) -> RunSummary:
    """One run: a `runs` row first, the stream through the stages, translation, then the row's end state.

    An exception ends the row `failed`; SIGINT or SIGTERM (KeyboardInterrupt) `cancelled`; any other
    BaseException `crashed`. A process killed outright leaves it `running`, and the next run marks it `crashed`.
    """
    quiet_prefect_on_disk_full()
    with open_writer(settings.warehouse, f"newsflow {flow}") as writer:
        run_id = writer.start_run(flow, parameters, flow_run_id())
        tally = Tally()
        translated: TranslateCounts | None = None
        try:
            progress = reporter()
            progress.start(label, total)
            try:
                with sigterm_noted():
                    run_stages(writer, run_id, items(writer), settings, window=window, tally=tally)
            finally:
                progress.finish()
            translated = translate_stage(writer, settings, run_id) if translate else None
            refresh_index(writer)
        except DiskFull as exc:
            raise end_on_full_disk(writer, run_id, tally, exc) from exc.__cause__
        except BaseException as exc:
            status = end_status(exc)
            writer.finish_run(run_id, status, tally.counts, tally.read, error=f"{type(exc).__name__}: {exc}")
            exc.add_note(f"run {run_id} marked {status}")
            raise
        writer.finish_run(run_id, "completed", tally.counts, tally.read, translated.translated if translated else 0)
    return RunSummary.build(
        run_id, flow, tally.read, tally.counts, tally.failures, translated, tally.known_failures, tally.skipped
    )
