"""What every ingesting flow shares: batches through the stage tasks, and a `runs` row whatever happens."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import flows.runtime  # noqa: F401 - Prefect settings before Prefect

# isort: split
from prefect.context import get_run_context

from flows.disk_full import quiet_prefect_on_disk_full
from flows.tasks import failed_batch, fetch_task, process_task, store_each, store_task, translate_stage
from newsflow.config import Settings
from newsflow.jobs import RunSummary, TranslateCounts
from newsflow.parallel import ProcessPool, default_workers
from newsflow.progress import reporter
from newsflow.records import BatchCounts, BatchResult, Failure, RawDocument, Unchanged
from newsflow.warehouse.disk import DiskFull
from newsflow.warehouse.writer import Writer, open_writer
from newsflow.window import Window


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


def store_stream(
    writer: Writer,
    run_id: str,
    items: Iterable[RawDocument | Failure | Unchanged],
    settings: Settings,
    submit: Any = None,
    window: Window | None = None,
    tally: Tally | None = None,
) -> tuple[int, BatchCounts, list[Failure]]:
    """Fetch, process and store batches: processing runs concurrently on the task runner while the flow
    fetches the next batch and stores the ones done, in order. Failures found before processing (unreadable
    files, failed fetches) are stored with their batch. Returns (items read, counts, failures).
    """
    submit = submit or process_task.submit
    tally = tally if tally is not None else Tally()
    progress = reporter()
    in_flight: deque[tuple[Any, list[RawDocument], list[Failure], int]] = deque()
    limit = max(2, settings.orchestration.max_workers * 2)  # bounded: memory stays flat on large sources

    def drain(keep: int) -> None:
        while len(in_flight) > keep:
            future, docs, early, unchanged = in_flight.popleft()
            try:
                result: BatchResult = future.result()
            except Exception as exc:  # retries exhausted: these documents fail, the run goes on
                result = failed_batch(docs, exc)
            result.failures.extend(early)
            result.unchanged += unchanged
            try:
                counts, added = store_task(writer, run_id, result), list[Failure]()
            except DiskFull:
                raise  # storing one by one cannot help
            except Exception:
                counts, added = store_each(writer, run_id, result)
            tally.counts = tally.counts + counts
            tally.failures.extend([*result.failures, *added])
            tally.read += len(result.documents) + len(early) + unchanged
            progress.advance(len(docs) + len(early) + unchanged)

    stream = iter(items)
    with ProcessPool(process_workers(settings)) as pool:
        try:
            first = True
            while batch := fetch_task(stream, settings.orchestration.batch_size):
                docs = [item for item in batch if isinstance(item, RawDocument)]
                early = [item for item in batch if isinstance(item, Failure)]
                unchanged = sum(isinstance(item, Unchanged) for item in batch)  # HTTP 304: nothing to process
                # The first batch runs here: a run that fits in one batch never starts worker processes.
                use_pool = pool if pool.workers > 1 and not first and docs else None
                future = submit(docs, settings.languages, window=window, pool=use_pool)
                in_flight.append((future, docs, early, unchanged))
                first = False
                drain(limit)
        except Exception:
            drain(0)  # the source broke: keep what was already read, then fail the run
            raise
        drain(0)
    return tally.read, tally.counts, tally.failures


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
    items: Callable[[Writer], Iterable[RawDocument | Failure | Unchanged]],
    *,
    window: Window | None = None,
    translate: bool = True,
    label: str = "ingesting",
) -> RunSummary:
    """One run: a `runs` row first, the stream through the stages, translation, then the row's end state.

    An exception ends the row `failed`; a signal or interrupt (BaseException) ends it `crashed`. A process
    killed outright leaves it `running`, and the next run marks it `crashed`.
    """
    quiet_prefect_on_disk_full()
    with open_writer(settings.warehouse, f"newsflow {flow}") as writer:
        run_id = writer.start_run(flow, parameters, flow_run_id())
        tally = Tally()
        translated: TranslateCounts | None = None
        try:
            progress = reporter()
            progress.start(label, None)
            try:
                store_stream(writer, run_id, items(writer), settings, window=window, tally=tally)
            finally:
                progress.finish()
            translated = translate_stage(writer, settings, run_id) if translate else None
            refresh_index(writer)
        except DiskFull as exc:
            raise end_on_full_disk(writer, run_id, tally, exc) from exc.__cause__
        except BaseException as exc:
            status = "failed" if isinstance(exc, Exception) else "crashed"
            writer.finish_run(run_id, status, tally.counts, tally.read, error=f"{type(exc).__name__}: {exc}")
            raise
        writer.finish_run(run_id, "completed", tally.counts, tally.read, translated.translated if translated else 0)
    return RunSummary.build(run_id, flow, tally.read, tally.counts, tally.failures, translated)
