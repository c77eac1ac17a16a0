"""One bad article never fails a flow run; every run leaves its `runs` row, even one that breaks halfway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.orchestration.conftest import rows, write_article

pytestmark = pytest.mark.slow


def _dump(tmp_path: Path) -> Path:
    dump = tmp_path / "dump"
    for town in ("Bergen", "Molde", "Tromsø", "Hamar"):
        write_article(dump, f"{town.lower()}.txt", town, published="2024-03-05 10:00")
    (dump / "boom.txt").write_text("Title: BOOM\n\nKommunestyret BOOM vedtok torsdag å bygge en ny bro over fjorden.\n")
    return dump


def test_an_article_that_raises_becomes_a_failure_and_the_run_completes(
    tmp_path: Path, config_for, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dump(tmp_path)
    # One process: the patched extract below lives in this process, not in worker processes.
    config = config_for(
        'name = "dump"\nkind = "files"\npath = "dump"', extra="[orchestration]\nbatch_size = 2\nprocess_workers = 1\n"
    )
    import newsflow.articles.process as process

    real_extract = process.extract

    def extract(doc, text):  # type: ignore[no-untyped-def]
        if "BOOM" in text:
            raise RuntimeError("extractor blew up")
        return real_extract(doc, text)

    monkeypatch.setattr(process, "extract", extract)
    from newsflow.orchestration.flows.ingest import ingest

    state = ingest(config=str(config), translate=False, return_state=True)

    assert state.is_completed()
    summary = state.result()
    assert (summary.new, summary.failed) == (4, 1)
    db = tmp_path / "warehouse" / "news.duckdb"
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    (failure,) = rows(db, "SELECT location, stage, error FROM failures")
    assert failure[0].endswith("boom.txt") and "extractor blew up" in failure[2]
    (run,) = rows(db, "SELECT status, n_read, n_new, n_failed, flow_run_id FROM runs")
    assert run == ("completed", 5, 4, 1, str(state.state_details.flow_run_id))


def test_a_process_task_that_fails_for_good_costs_only_its_batch(
    tmp_path: Path, config_for, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dump(tmp_path)
    # One process: the patched process_batch below lives in this process, not in worker processes.
    config = config_for(
        'name = "dump"\nkind = "files"\npath = "dump"', extra="[orchestration]\nbatch_size = 1\nprocess_workers = 1\n"
    )
    import newsflow.orchestration.tasks as tasks

    real_batch = tasks.process_batch

    def process_batch(docs, languages):  # type: ignore[no-untyped-def]
        if any(b"BOOM" in d.content for d in docs):
            raise MemoryError("worker ran out of memory")
        return real_batch(docs, languages)

    monkeypatch.setattr(tasks, "process_batch", process_batch)
    monkeypatch.setattr(tasks.process_task, "retry_delay_seconds", [0, 0])  # keep the retries, not the waits
    from newsflow.orchestration.flows.ingest import ingest

    state = ingest(config=str(config), translate=False, return_state=True)

    assert state.is_completed()
    db = tmp_path / "warehouse" / "news.duckdb"
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    (failure,) = rows(db, "SELECT location, stage, error FROM failures")
    assert failure[0].endswith("boom.txt") and "MemoryError" in failure[2]
    # The document is kept, so `reprocess` can retry it once the cause is fixed.
    assert rows(db, "SELECT count(*) FROM documents WHERE location LIKE '%boom.txt'") == [(1,)]


def test_a_run_that_breaks_halfway_still_records_its_row_and_counts(
    tmp_path: Path, config_for, prefect_harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dump(tmp_path)
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"', extra="[orchestration]\nbatch_size = 2\n")
    import newsflow.orchestration.flows.ingest as ingest_module

    real_collect = ingest_module.collect_source

    def collect(*args, **kwargs) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
        for n, item in enumerate(real_collect(*args, **kwargs)):
            if n == 3:
                raise ConnectionError("source went away")
            yield item

    monkeypatch.setattr(ingest_module, "collect_source", collect)

    state = ingest_module.ingest(config=str(config), translate=False, return_state=True)

    assert state.is_failed()
    db = tmp_path / "warehouse" / "news.duckdb"
    (run,) = rows(db, "SELECT status, n_read, n_new, error, finished_at IS NOT NULL FROM runs")
    assert run == ("failed", 2, 2, "ConnectionError: source went away", True)
