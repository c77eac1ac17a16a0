"""The ingest flow: sources -> documents -> articles -> warehouse -> translation, as one flow run."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import flows.runtime  # noqa: F401 - Prefect settings before Prefect
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.task_runners import ThreadPoolTaskRunner

from newsflow.batching import chunked
from newsflow.config import LanguageSettings, Settings, load_settings
from newsflow.jobs import RunSummary, translate_pending
from newsflow.process import process_batch
from newsflow.progress import reporter
from newsflow.records import BatchResult, Failure, RawDocument
from newsflow.sources.collect import collect_source, collect_targets
from newsflow.warehouse.store import BatchCounts, Writer


@task(name="process", cache_policy=NO_CACHE)
def process_task(docs: list[RawDocument], languages: LanguageSettings) -> BatchResult:
    return process_batch(docs, languages)


def flow_run_id() -> str | None:
    try:
        ctx = get_run_context()
    except RuntimeError:
        return None
    run = getattr(ctx, "flow_run", None)
    return str(run.id) if run else None


def store_stream(
    writer: Writer,
    run_id: str,
    items: Iterable[RawDocument | Failure],
    settings: Settings,
    submit: Any = None,
) -> tuple[int, BatchCounts, list[Failure]]:
    """Process documents in concurrent batches and store each batch as it completes.

    Failures found before processing (unreadable files, failed fetches) are stored with the
    batch they arrive in. Returns (documents read, counts, failures).
    """
    submit = submit or process_task.submit
    progress = reporter()
    in_flight: deque[tuple[Future[Any] | Any, list[Failure]]] = deque()
    counts = BatchCounts()
    failures: list[Failure] = []
    read = 0
    limit = max(2, settings.orchestration.max_workers * 2)

    def drain(block_until: int) -> None:
        nonlocal counts
        while len(in_flight) > block_until:
            future, early = in_flight.popleft()
            result: BatchResult = future.result()
            result.failures.extend(early)
            counts = counts + writer.store_batch(run_id, result)
            failures.extend(result.failures)
            progress.advance(len(result.documents) + len(early))

    for batch in chunked(items, settings.orchestration.batch_size):
        docs = [item for item in batch if isinstance(item, RawDocument)]
        early = [item for item in batch if isinstance(item, Failure)]
        read += len(batch)
        in_flight.append((submit(docs, settings.languages), early))
        drain(limit)
    drain(0)
    return read, counts, failures


def _inputs(settings: Settings, sources: Sequence[str] | None, targets: Sequence[str] | None, source_name: str,
            writer: Writer) -> Iterator[RawDocument | Failure]:
    if targets:
        yield from collect_targets(settings, list(targets), source_name, writer)
        return
    for name in sources or [s.name for s in settings.sources]:
        yield from collect_source(settings, settings.source(name), writer)


@flow(name="newsflow-ingest", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=True)
def ingest(
    config: str | None = None,
    sources: list[str] | None = None,
    targets: list[str] | None = None,
    source_name: str = "adhoc",
    translate: bool = True,
) -> RunSummary:
    """Every configured source (or the named ones, or ad-hoc files/URLs) into the warehouse."""
    settings = load_settings(config)
    logger = get_run_logger()
    parameters = {"sources": sources, "targets": targets, "source_name": source_name, "translate": translate}
    with Writer(settings.warehouse.path, "newsflow ingest", settings.warehouse.lock_timeout_s) as writer:
        run_id = writer.start_run("ingest", parameters, flow_run_id())
        read, counts, failures = 0, BatchCounts(), []
        try:
            progress = reporter()
            progress.start("ingesting", None)
            try:
                read, counts, failures = store_stream(writer, run_id, _inputs(settings, sources, targets, source_name, writer), settings)
            finally:
                progress.finish()
            translated = translate_pending(writer, settings, run_id) if translate else None
        except BaseException as exc:
            writer.finish_run(run_id, "failed", counts, read, error=f"{type(exc).__name__}: {exc}")
            raise
        n_translated = translated.translated if translated else 0
        writer.finish_run(run_id, "completed", counts, read, n_translated)
    summary = RunSummary.build(run_id, "ingest", read, counts, failures, translated)
    logger.info("ingest %s: %s", run_id, summary.line())
    return summary
