"""Which warehouse backend the suite runs on: NEWSFLOW_TEST_BACKEND=duckdb (default) or ducklake.

Tests name a warehouse by a file path (`tmp/wh/news.duckdb`), as they always did. On the lake the same
path names a DuckLake beside it: SQLite catalog `news.duckdb.catalog.sqlite` and data `news.duckdb.lake/`.
The PostgreSQL catalog has its own tests (tests/warehouse/lake), on a throwaway server.

`make test` runs the suite twice: on the file, then on the lake. A module whose tests open no warehouse at all
says so with `pytestmark = pytest.mark.no_warehouse`, one whose tests name their backend themselves (tests/warehouse/lake, or a config naming the file)
with `own_backend`, one that tests another stage through a warehouse (extraction, fetching, runners, logs, the
docs' examples) by code no backend changes with `backend_neutral`; the lake pass
(`-m "not no_warehouse and not own_backend and not backend_neutral"`) skips all three, which would run the same
code twice. Every test of what the warehouse stores, reads or refuses, CLI tests included, runs on both.
"""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager
from pathlib import Path

import duckdb
import pytest

from newsflow.config import WarehouseSettings
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.backends.configured import open_backend, open_reader

BACKEND = os.environ.get("NEWSFLOW_TEST_BACKEND", "duckdb")
ON_LAKE = BACKEND == "ducklake"

# Tests of the file's one-writer lock: they have no meaning on a lake.
file_only = pytest.mark.skipif(
    ON_LAKE, reason="the file backend only (its one-writer lock, search index inside the file)"
)


def settings_for(db: Path, lock_timeout_s: float = 10.0) -> WarehouseSettings:
    if not ON_LAKE:
        return WarehouseSettings(db, lock_timeout_s)
    return WarehouseSettings(
        db,
        lock_timeout_s,
        backend="ducklake",
        catalog=f"sqlite:{db.with_name(db.name + '.catalog.sqlite')}",
        data_path=str(db.with_name(db.name + ".lake")) + "/",
        search_index=db.with_name(db.name + ".search.duckdb"),
    )


def warehouse_toml(db: str | Path, lock_timeout_s: float = 10.0) -> str:
    """The [warehouse] table's body for a warehouse at db (relative paths resolve against the config)."""
    lines = [f'path = "{db}"', f"lock_timeout_s = {lock_timeout_s}"]
    if ON_LAKE:
        name = Path(db).name
        lines += [
            'backend = "ducklake"',
            f'catalog = "sqlite:{Path(db).with_name(name + ".catalog.sqlite")}"',
            f'data_path = "{Path(db).with_name(name + ".lake")}/"',
            f'search_index = "{Path(db).with_name(name + ".search.duckdb")}"',
        ]
    return "\n".join(lines) + "\n"


def on_backend_under_test(config_text: str, db: str) -> str:
    """A config.toml's text as it is on the file backend; on the lake its [warehouse] table made one for db."""
    if not ON_LAKE:
        return config_text
    table = re.compile(r"^\[warehouse\]\n.*?(?=^\[)", re.MULTILINE | re.DOTALL)
    assert table.search(config_text), "no [warehouse] table followed by another table"
    return table.sub(lambda _: f"[warehouse]\n{warehouse_toml(db)}\n", config_text, count=1)


def backend_for(db: Path) -> Backend:
    return open_backend(settings_for(db))


def reader(db: Path, timeout_s: float = 10.0) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse at db, on the backend under test."""
    return open_reader(settings_for(db, timeout_s))
