"""`newsflow query`'s run: check the SQL, lock a reader down, run it under its limits, stop it on time."""

from __future__ import annotations

import re
import threading
from typing import Any

import duckdb

from newsflow.cli.common import EXIT_USAGE, fail, interrupted
from newsflow.config import Settings
from newsflow.runs.signals import exception_for, signals_call
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

_SQL_CONTEXT = re.compile(r"LINE \d+:")


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
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            con.interrupt()

        timer = threading.Timer(timeout_s, stop)
        timer.daemon = True
        timer.start()
        try:
            # Ctrl-C (or SIGTERM) interrupts DuckDB itself: Python would notice the signal only after the query.
            with signals_call(con.interrupt) as signals:
                try:
                    cursor = con.execute(text)
                    columns = [c[0] for c in cursor.description] if cursor.description else []
                    rows = cursor.fetchall() if columns else []
                except duckdb.Error:
                    if signals:
                        raise interrupted(_query_stopped(signals[0])) from None
                    raise
            if signals:  # it ended before the interrupt reached it: the user asked for no result
                raise interrupted(_query_stopped(signals[0]))
        except duckdb.InterruptException as exc:
            if not timed_out.is_set():  # DuckDB's own interrupt (a race in 1.5.5 reports an error this way)
                raise fail(f"query failed: {_query_error(exc)}") from None
            raise fail(f"query stopped: it ran past --timeout {timeout_s:g} s") from None
        except duckdb.OutOfMemoryException:
            raise fail(
                f"query stopped: it needs more memory than [query] memory_limit ({bounds.memory_limit})"
            ) from None
        except duckdb.Error as exc:
            raise fail(f"query failed: {_query_error(exc)}") from None
        except KeyboardInterrupt as exc:  # a signal before or after the query itself
            raise interrupted(_query_stopped(exc)) from None
        finally:
            timer.cancel()
    return columns, rows


def _query_stopped(cause: KeyboardInterrupt | int) -> KeyboardInterrupt:
    """What `interrupted` reports, for a KeyboardInterrupt raised or a signal received."""
    exc = cause if isinstance(cause, KeyboardInterrupt) else exception_for(cause)
    exc.add_note("query interrupted (it changes nothing)")
    return exc


def _query_error(exc: Exception) -> str:
    """DuckDB's message; for an error raised while the result was being fetched, the error itself (DuckDB
    first says "Attempting to execute an unsuccessful or closed pending query result")."""
    text = str(exc)
    if "pending query result" in text and "\nError: " in text:
        text = text.rsplit("\nError: ", 1)[1]
    return _one_line(text)


def _one_line(message: str) -> str:
    """DuckDB's message on one line: its lines joined, without the SQL it quotes back under it (`LINE 1: ...` and
    a caret line), which the user has just typed."""
    lines = message.strip().splitlines()
    context = next((n for n, line in enumerate(lines) if _SQL_CONTEXT.match(line)), len(lines))
    return " ".join(line.strip() for line in lines[:context] if line.strip())
