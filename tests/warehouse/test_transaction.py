"""The one transaction helper both backends use: commit, rollback that keeps the cause, bounded retries."""

from __future__ import annotations

import duckdb
import pytest

from newsflow.warehouse.backends.transaction import in_transaction, retried

pytestmark = pytest.mark.no_warehouse  # an in-memory DuckDB: the lake pass would repeat it


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]


def test_the_first_statement_and_the_work_commit_together() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE token (n BIGINT)")
    con.execute("INSERT INTO token VALUES (0)")

    result = in_transaction(
        con, lambda c: c.execute("CREATE TABLE t AS SELECT 42 AS x").fetchall(), first=("UPDATE token SET n = n + 1")
    )

    assert result == [(1,)]  # CREATE TABLE AS reports the rows it wrote
    assert con.execute("SELECT n FROM token").fetchall() == [(1,)]
    assert con.execute("SELECT x FROM t").fetchall() == [(42,)]


def test_a_failing_work_rolls_back_everything_and_raises_its_own_error() -> None:
    con = duckdb.connect()

    def work(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("CREATE TABLE t (x INT)")
        c.execute("SELECT * FROM no_such_table")

    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        in_transaction(con, work)
    assert _tables(con) == []


class Flaky:
    """Fails with the given errors, in order, then returns 'done'."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def _transient(exc: Exception) -> bool:
    return "conflict" in str(exc)


def test_transient_failures_are_retried_until_the_attempt_succeeds() -> None:
    attempt = Flaky(RuntimeError("conflict 1"), RuntimeError("conflict 2"))
    result = retried(attempt, transient=_transient, timeout_s=60, give_up=RuntimeError, first_delay_s=0.0)
    assert (result, attempt.calls) == ("done", 3)


def test_a_failure_that_is_not_transient_is_raised_at_once() -> None:
    attempt = Flaky(ValueError("broken"))
    with pytest.raises(ValueError, match="broken"):
        retried(attempt, transient=_transient, timeout_s=60, give_up=RuntimeError, first_delay_s=0.0)
    assert attempt.calls == 1


def test_past_the_deadline_the_backend_names_the_failure_and_chains_the_cause() -> None:
    attempt = Flaky(RuntimeError("conflict"))
    with pytest.raises(TimeoutError, match="gave up: conflict") as caught:
        retried(attempt, transient=_transient, timeout_s=0, give_up=lambda exc: TimeoutError(f"gave up: {exc}"))
    assert str(caught.value.__cause__) == "conflict"
    assert attempt.calls == 1
