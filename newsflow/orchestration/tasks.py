"""The pipeline's stages as Prefect tasks, one run per batch: fetch, process (extract + detect), store, translate.

`process` is submitted to the task runner (threads, or Dask workers): it is pure, takes bytes and returns
records. With Dask, translation batches go to the workers too (`translate_batch`: texts in, texts out;
each worker process loads each model once). `fetch` and `store` run in the flow's own process: one
fetcher keeps the per-host delays across batches, and only the flow talks to the warehouse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from newsflow.articles.process import document_record, process_batch
from newsflow.articles.worker_pool import ProcessPool
from newsflow.config import LanguageSettings, Settings, TranslationSettings
from newsflow.orchestration.disk_full import worth_retrying
from newsflow.records import (
    ArticleRecord,
    BatchCounts,
    BatchResult,
    Failure,
    RawDocument,
    StreamItem,
)
from newsflow.runs.summary import TranslateCounts
from newsflow.runs.window import Window, filter_window
from newsflow.warehouse.backends.disk_full import DiskFull
from newsflow.warehouse.writer import Writer

# Transient trouble (a reader holding the warehouse, a Dask worker lost) is retried with backoff;
# a task that still fails costs its batch's articles (recorded as failures), never the flow run.
RETRIES = 2
BACKOFF = exponential_backoff(backoff_factor=1)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(stream: Iterator[StreamItem], size: int) -> list[StreamItem]:
    """The next batch of a source's stream. Not retried here: the fetcher retries each request itself,
    with backoff per host, and turns what still fails into Failure items."""
    return list(islice(stream, size))


@task(name="process", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=BACKOFF)
def process_task(
    docs: list[RawDocument],
    languages: LanguageSettings,
    window: Window | None = None,
    pool: ProcessPool | None = None,
    advance: Callable[[int], None] | None = None,
) -> BatchResult:
    """`advance(n)` is told as documents are done (a progress bar; only where the task runs in this process)."""
    # With a pool (threads runner, large runs) the work runs in worker processes, on other cores.
    if pool:
        result = pool.process(docs, languages, advance)
    else:
        result = BatchResult()
        for doc in docs:
            result.extend(process_batch([doc], languages))
            if advance:
                advance(1)
    return filter_window(result, window) if window else result


@task(
    name="store", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=BACKOFF, retry_condition_fn=worth_retrying
)
def store_task(writer: Writer, run_id: str, result: BatchResult) -> BatchCounts:
    # One transaction per batch, rolled back on error: a retry never stores anything twice.
    return writer.store_batch(run_id, result)


@task(name="translate-batch", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=BACKOFF)
def translate_batch_task(settings: TranslationSettings, requests: list[Any]) -> list[Any]:
    # Runs on a Dask worker: the worker's engine (models loaded once per process) translates, the flow stores.
    from newsflow.translation import worker

    return worker.translate_batch(settings, requests)


@task(name="translation-languages", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=BACKOFF)
def languages_task(settings: TranslationSettings) -> set[str]:
    from newsflow.translation import worker

    return worker.languages(settings)


class DaskEngine:
    """Translation batches as tasks on the flow's Dask task runner, a few per worker in flight."""

    # Smaller batches than in-process: enough batches to keep every worker busy to the end (64-article batches
    # left one of two workers idle for the last one), large enough for full token batches (16-article batches
    # cost one worker 17% over in-process, 32-article ones 7%: benchmarks/dask_translation_bench.py).
    batch_articles = 32

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.translation
        self.in_flight = 2 * max(1, settings.orchestration.dask_workers)

    def languages(self) -> set[str]:
        return set(languages_task.submit(self.settings).result())

    def submit(self, requests: list[Any]) -> Any:
        return translate_batch_task.submit(self.settings, requests)


def translate_stage(
    writer: Writer,
    settings: Settings,
    run_id: str,
    langs: Sequence[str] | None = None,
    retry_failed: bool = False,
    upgrade: bool = False,
) -> TranslateCounts:
    """Translation after a run: on the Dask workers with task_runner = "dask", else in this process.
    Called from the flow itself, so that its batches can be submitted to the flow's task runner."""
    if settings.orchestration.task_runner == "dask":
        from newsflow.translation.pending import translate_pending  # not imported by a run without translation

        engine = DaskEngine(settings)
        return translate_pending(writer, settings, run_id, langs, retry_failed, engine=engine, upgrade=upgrade)
    return translate_task(writer, settings, run_id, langs, retry_failed, upgrade)


@task(
    name="translate",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=BACKOFF,
    retry_condition_fn=worth_retrying,
)
def translate_task(
    writer: Writer,
    settings: Settings,
    run_id: str,
    langs: Sequence[str] | None = None,
    retry_failed: bool = False,
    upgrade: bool = False,
) -> TranslateCounts:
    from newsflow.translation.pending import translate_pending

    # Picks up only what is still pending (or outdated), so a retry continues where the failed attempt stopped.
    return translate_pending(writer, settings, run_id, langs, retry_failed, upgrade=upgrade)


def failed_batch(docs: Sequence[RawDocument], error: BaseException) -> BatchResult:
    """A batch whose processing failed for good: its documents are kept (to reprocess later), each a failure."""
    message = f"processing failed: {type(error).__name__}: {error}"
    records = [document_record(doc, None) for doc in docs]
    failures = [Failure(r.source, r.location, "extract", message, r.document_id) for r in records]
    return BatchResult(documents=records, failures=failures)


def store_each(writer: Writer, run_id: str, result: BatchResult) -> tuple[BatchCounts, list[Failure]]:
    """Store a batch that would not store as a whole one document at a time: only the bad ones fail."""
    articles: defaultdict[str, list[ArticleRecord]] = defaultdict(list)
    failures: defaultdict[str | None, list[Failure]] = defaultdict(list)
    for article in result.articles:
        articles[article.document_id].append(article)
    for failure in result.failures:
        failures[failure.document_id].append(failure)
    counts, added = BatchCounts(), list[Failure]()
    for doc in result.documents:
        part = BatchResult([doc], articles.pop(doc.document_id, []), failures.pop(doc.document_id, []))
        try:
            counts = counts + writer.store_batch(run_id, part)
        except DiskFull:
            raise  # no document can be stored, and no failure row either: the run ends
        except Exception as exc:
            failure = Failure(doc.source, doc.location, "store", f"{type(exc).__name__}: {exc}", doc.document_id)
            writer.record_failures(run_id, [failure])
            counts, added = counts + BatchCounts(failed=1), [*added, failure]
    rest = [f for group in failures.values() for f in group]
    if rest:
        writer.record_failures(run_id, rest)
        counts = counts + BatchCounts(failed=len(rest))
    return counts + BatchCounts(unchanged=result.unchanged), added
