"""One DuckDB transaction whose failure reports its cause, not the rollback's."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb


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
