"""`newsflow query` reads the warehouse and nothing else: SQL with side effects is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CliResult
from tests.support.backend import backend_for

Cli = Callable[..., CliResult]


@pytest.fixture
def config(write_config: Callable[..., Path], tmp_path: Path) -> Path:
    path = write_config()
    backend_for(tmp_path / "warehouse" / "news.duckdb").run(lambda con: None)  # an empty, migrated warehouse
    return path


def test_plain_select_works(run_cli: Cli, config: Path) -> None:
    result = run_cli("--config", config, "query", "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert (result.code, result.out) == (0, "n\n0\n")


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("COPY (SELECT 42) TO '{tmp}/stolen.csv'", "COPY"),
        ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
        ("ATTACH '{tmp}/other.duckdb' AS other (READ_WRITE); INSERT INTO other.t VALUES (666)", "ATTACH"),
        ("INSTALL httpfs", "LOAD"),
        ("LOAD httpfs", "LOAD"),
        ("SET enable_external_access = true", "SET"),
        ("SELECT 1; CREATE TEMP TABLE x AS SELECT 1", "CREATE"),
        ("CALL enable_logging(storage = 'file', storage_path = '{tmp}/logs')", "CALL"),
    ],
)
def test_statements_with_side_effects_are_refused(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str, kind: str
) -> None:
    with duckdb.connect(str(tmp_path / "other.duckdb")) as other:
        other.execute("CREATE TABLE t (v INTEGER)")
    result = run_cli("--config", config, "query", sql.format(tmp=tmp_path))
    assert result.code == 2
    assert result.err.strip() == (
        f"error: query refused: read-only: only reading statements run (SELECT, EXPLAIN), not {kind}"
    )
    assert not (tmp_path / "stolen.csv").exists() and not (tmp_path / "dump").exists()
    with duckdb.connect(str(tmp_path / "other.duckdb"), read_only=True) as other:
        assert other.execute("SELECT count(*) FROM t").fetchone() == (0,)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('{tmp}/people.csv')",
        "SELECT * FROM '{tmp}/people.csv'",
    ],
)
def test_files_outside_the_warehouse_are_not_read_by_default(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str
) -> None:
    (tmp_path / "people.csv").write_text("name\nada\n")
    result = run_cli("--config", config, "query", sql.format(tmp=tmp_path))
    assert result.code == 1
    assert result.err.startswith("error: query failed: Permission Error: Cannot access file")
    assert result.out == ""


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM enable_logging(storage = 'file', storage_path = '{tmp}/logs')",
        "EXPLAIN ANALYZE SELECT * FROM enable_logging(storage = 'file', storage_path = '{tmp}/logs')",
        "SELECT * FROM query('SELECT * FROM enable_logging(storage = ''file'', storage_path = ''{tmp}/logs'')')",
    ],
)
def test_functions_that_write_files_are_refused_even_with_allow_files(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str
) -> None:
    result = run_cli("--config", config, "query", sql.format(tmp=tmp_path), "--allow-files")
    assert result.code == 2
    assert result.err.startswith("error: query refused: read-only: ")
    assert "() is not allowed (it writes files or runs other SQL)" in result.err
    assert not (tmp_path / "logs").exists()


def test_describe_show_summarize_and_explain_still_work(run_cli: Cli, config: Path) -> None:
    for sql in ("DESCRIBE articles", "SHOW TABLES", "SUMMARIZE articles", "EXPLAIN SELECT * FROM articles"):
        result = run_cli("--config", config, "query", sql)
        assert result.code == 0, (sql, result.err)


def test_allow_files_reads_a_csv_to_join_but_still_writes_nothing(run_cli: Cli, config: Path, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("name\nada\n")
    read = run_cli(
        "--config", config, "query", f"SELECT name FROM read_csv('{tmp_path}/people.csv')", "--allow-files",
        "--format", "csv",
    )  # fmt: skip
    assert (read.code, read.out) == (0, "name\nada\n")
    write = run_cli("--config", config, "query", f"COPY (SELECT 1) TO '{tmp_path}/out.csv'", "--allow-files")
    assert write.code == 2
    assert not (tmp_path / "out.csv").exists()


def test_a_pivot_over_the_values_of_a_column_runs(run_cli: Cli, config: Path) -> None:
    # DuckDB expands `PIVOT ... ON col` into a temporary enum of col's values plus the SELECT: still only a read.
    sql = "PIVOT (SELECT source, lang FROM articles) ON lang USING count(*) GROUP BY source"
    result = run_cli("--config", config, "query", sql, "--format", "csv")
    assert (result.code, result.err) == (0, "")


def test_a_pivot_over_a_function_that_writes_files_is_refused(run_cli: Cli, config: Path, tmp_path: Path) -> None:
    sql = (
        f"PIVOT (SELECT * FROM enable_logging(storage = 'file', storage_path = '{tmp_path}/logs')) ON a USING count(*)"
    )
    result = run_cli("--config", config, "query", sql, "--allow-files")
    assert result.code == 2
    assert result.err.startswith("error: query refused: read-only: enable_logging() is not allowed")
    assert not (tmp_path / "logs").exists()
