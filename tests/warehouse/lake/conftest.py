"""A real PostgreSQL server for the session (throwaway cluster), and lake configs on it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.postgres import Postgres, postgres_cluster

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with postgres_cluster() as server:
        yield server


@pytest.fixture
def pg_catalog(postgres: Postgres) -> str:
    """A fresh PostgreSQL database as a DuckLake catalog string."""
    return postgres.create_database(f"lake{next(_names)}")


@pytest.fixture
def lake_config(tmp_path: Path) -> Callable[..., Path]:
    """A config.toml for a lake with this catalog (data under tmp_path/lake/), with extra TOML appended."""

    def write(catalog: str, extra: str = "", name: str = "config.toml", batch_size: int = 200) -> Path:
        path = tmp_path / name
        path.write_text(
            f'[warehouse]\nbackend = "ducklake"\ncatalog = "{catalog}"\ndata_path = "lake/"\n'
            'search_index = "search.duckdb"\nlock_timeout_s = 60\n\n'
            f'[translation]\nmodels_dir = "{tmp_path / "no-models"}"\n\n'
            f"[orchestration]\nbatch_size = {batch_size}\nmax_workers = 2\n\n{extra}",
            encoding="utf-8",
        )
        return path

    return write


@pytest.fixture
def filled_file(tmp_path: Path) -> Path:
    """A file warehouse (whatever the suite's backend) with the warehouse tests' samples."""
    from newsflow.records import BatchCounts
    from newsflow.warehouse.stores.translation_queue import TranslationRow
    from newsflow.warehouse.writer import Writer
    from tests.warehouse.conftest import EN, SAMPLES, sample_batch

    db = tmp_path / "file" / "news.duckdb"
    batch = sample_batch()
    with Writer(db, "test fill") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, batch)
        done = [TranslationRow(a.article_id, *EN[a.title], "test-model") for a in batch.articles if a.title in EN]
        writer.store_translations(run_id, done, [])
        writer.finish_run(run_id, "completed", BatchCounts(new=len(batch.articles)), len(SAMPLES))
    return db
