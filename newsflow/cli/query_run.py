"""`newsflow query`'s run: check the SQL, lock a reader down, run it under its limits, stop it on time."""

from __future__ import annotations

import threading
from typing import Any

import duckdb

from newsflow.cli.common import EXIT_USAGE, fail
from newsflow.config import Settings
from newsflow.warehouse.backends.configured import open_reader
from newsflow.warehouse.backends.reader_setup import prepare_reader
from newsflow.warehouse.sandbox import (
    QueryLimits,
    QueryRefused,
    check_statement,
    lock_down,
    private_temp_dir,
    warehouse_dirs,
)


def run_query(
    settings: Settings, text: str, allow_files: bool, timeout_s: float
) -> tuple[list[str], list[tuple[Any, ...]]]:
    try:
        check_statement(text, allow_files=allow_files)
    except QueryRefused as exc:
        raise fail(f"query refused: {exc}", EXIT_USAGE) from None
    bounds = settings.query
    with private_temp_dir() as temp, open_reader(settings.warehouse) as con:
        prepare_reader(con, text)
        limits = QueryLimits(bounds.memory_limit, bounds.threads, temp)
        lock_down(con, allow_files, warehouse_dirs=warehouse_dirs(settings.warehouse), limits=limits)
        # DuckDB checks for an interrupt between vectors, so a long range() or join stops within moments.
        timer = threading.Timer(timeout_s, con.interrupt)
        timer.daemon = True
        timer.start()
        try:
            cursor = con.execute(text)
            columns = [c[0] for c in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.InterruptException:
            raise fail(f"query stopped: it ran past --timeout {timeout_s:g} s") from None
        except duckdb.OutOfMemoryException:
            raise fail(
                f"query stopped: it needs more memory than [query] memory_limit ({bounds.memory_limit})"
            ) from None
        except duckdb.Error as exc:
            raise fail(f"query failed: {exc}") from None
        finally:
            timer.cancel()
    return columns, rows
