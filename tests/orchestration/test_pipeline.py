"""Which batches go to the worker processes: every batch of a run that outgrows one batch, none of a run that fits."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from prefect import flow

from newsflow.articles.process import process_batch
from newsflow.config import OrchestrationSettings, Settings
from newsflow.orchestration.pipeline import run_stages
from newsflow.records import BatchResult, RawDocument
from newsflow.warehouse.writer import open_writer
from tests.support.backend import settings_for

# The stage tasks are Prefect tasks: they run on the session's harness.
pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.backend_neutral]


def raw(n: int) -> RawDocument:
    text = f"Title: Ny bro nummer {n}\n\nKommunestyret vedtok torsdag å bygge bro nummer {n} over fjorden.\n"
    return RawDocument("seeds", f"bro-{n}.txt", text.encode(), "text/plain", datetime(2026, 3, 1, tzinfo=UTC))


def pooled_batches(tmp_path: Path, documents: int, batch_size: int) -> list[tuple[int, bool]]:
    """(documents, given a pool) for each batch the stages submitted, processed in this process."""
    settings = Settings(
        None,
        settings_for(tmp_path / "news.duckdb"),
        orchestration=OrchestrationSettings(process_workers=2, batch_size=batch_size),
    )
    seen: list[tuple[int, bool]] = []

    def submit(docs: list[RawDocument], languages: Any, pool: Any = None, **_: Any) -> Future[BatchResult]:
        seen.append((len(docs), pool is not None))
        future: Future[BatchResult] = Future()
        future.set_result(process_batch(docs, languages))
        return future

    @flow
    def ingest() -> None:  # the stage tasks run inside a flow run, as in every command
        with open_writer(settings.warehouse, "test") as writer:
            run_stages(writer, writer.start_run("ingest", {}), [raw(n) for n in range(documents)], settings, submit)

    ingest()
    return seen


def test_a_run_of_one_full_batch_starts_no_workers(tmp_path: Path) -> None:
    assert pooled_batches(tmp_path, documents=3, batch_size=3) == [(3, False)]


def test_a_run_of_one_partial_batch_starts_no_workers(tmp_path: Path) -> None:
    assert pooled_batches(tmp_path, documents=2, batch_size=3) == [(2, False)]


def test_a_run_of_several_batches_puts_the_first_on_the_workers_too(tmp_path: Path) -> None:
    assert pooled_batches(tmp_path, documents=7, batch_size=3) == [(3, True), (3, True), (1, True)]
