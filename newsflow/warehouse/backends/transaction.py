"""Transactions and their retries, for both backends: one BEGIN/COMMIT/ROLLBACK, one backoff loop.

A failed transaction reports its own cause, not the rollback's; a transient failure (the file's lock held by
another process, a lake commit that conflicted) is retried with backoff until a deadline, then named by the
backend's own error.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import duckdb

T = TypeVar("T")


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK after an error. A COMMIT that failed (a full disk) has already ended the transaction, and
    ROLLBACK then raises "no transaction is active", which would hide the error being handled."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, rolled back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def in_transaction(
    con: duckdb.DuckDBPyConnection, work: Callable[[duckdb.DuckDBPyConnection], T], *, first: str | None = None
) -> T:
    """work(con) in one transaction; `first` is a statement run inside it before the work (the lake's commit
    token, which makes two keyed writers conflict)."""
    with transaction(con):
        if first:
            con.execute(first)
        return work(con)


def retried(
    attempt: Callable[[], T],
    *,
    transient: Callable[[Exception], bool],
    timeout_s: float,
    give_up: Callable[[Exception], Exception],
    first_delay_s: float = 0.01,
    max_delay_s: float = 0.5,
    jitter: bool = True,
) -> T:
    """attempt() until it succeeds, fails for good (raised as it is), or transient failures outlast timeout_s
    (then give_up(last failure) is raised from it). The delay doubles from first_delay_s up to max_delay_s."""
    deadline = time.monotonic() + timeout_s
    delay = first_delay_s
    while True:
        try:
            return attempt()
        except Exception as exc:
            if not transient(exc):
                raise
            if time.monotonic() >= deadline:
                raise give_up(exc) from exc
        # Jitter: two writers that conflicted must not retry in lockstep.
        pause = delay * (0.5 + random.random()) if jitter else delay
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, max_delay_s)
