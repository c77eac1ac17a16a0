"""`newsflow query` reads the warehouse and nothing else: only reading statements calling listed functions
run, none writes a file on either backend, and every query is bounded in memory, threads and time."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from newsflow.config import ConfigError, parse_settings
from newsflow.warehouse.sandbox import QueryRefused, check_statement
from tests.conftest import Cli
from tests.support.backend import backend_for


@pytest.fixture
def config(write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty, migrated warehouse; `query` runs from tmp_path, where DuckDB would put `./.tmp`."""
    path = write_config()
    backend_for(tmp_path / "warehouse" / "news.duckdb").run(lambda con: None)
    monkeypatch.chdir(tmp_path)
    return path


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


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
        ("CHECKPOINT", "CALL"),  # DuckDB parses it as a call of checkpoint()
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


# Every statement an attacker tried, with the function named in its one-line refusal.
HOSTILE = [
    (
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM query(''SELECT 42 AS x'')'))",
        "table function json_execute_serialized_sql()",
    ),
    (
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM enable_logging()'))",
        "table function json_execute_serialized_sql()",
    ),
    ("SELECT * FROM query('SELECT 42 AS x')", "table function query()"),
    ("SELECT * FROM query_table('articles')", "table function query_table()"),
    ("""PIVOT (SELECT * FROM "query"('SELECT ''a'' k, 42 v')) ON k USING sum(v)""", "function query()"),
    (
        """PIVOT (SELECT * FROM "enable_logging"(storage='file', storage_path='{tmp}/x')) ON Success USING count(*)""",
        "function enable_logging()",
    ),
    ("PIVOT (SELECT * FROM range(3) AS t(a), checkpoint()) ON a USING count(*)", "function checkpoint()"),
    ("SELECT * FROM enable_logging(storage = 'file', storage_path = '{tmp}/logs')", "table function enable_logging()"),
    ("EXPLAIN ANALYZE SELECT * FROM enable_logging(storage = 'file', storage_path = '{tmp}/logs')", "enable_logging()"),
    ("SELECT * FROM enable_profiling()", "table function enable_profiling()"),
    ("SELECT * FROM checkpoint()", "table function checkpoint()"),
    ("SELECT * FROM force_checkpoint()", "table function force_checkpoint()"),
    ("SELECT * FROM truncate_duckdb_logs()", "table function truncate_duckdb_logs()"),
    ("SELECT * FROM ducklake_flush_inlined_data('lake')", "table function ducklake_flush_inlined_data()"),
    ("SELECT * FROM ducklake_merge_adjacent_files('lake')", "table function ducklake_merge_adjacent_files()"),
    ("SELECT * FROM ducklake_rewrite_data_files('lake')", "table function ducklake_rewrite_data_files()"),
    ("SELECT * FROM ducklake_expire_snapshots('lake', older_than => now())", "ducklake_expire_snapshots()"),
    ("SELECT * FROM ducklake_set_option('lake', 'data_inlining_row_limit', 0)", "ducklake_set_option()"),
    ("SELECT * FROM read_text('./.tmp/secret.txt')", "table function read_text() is not allowed without --allow-files"),
    (
        "SELECT * FROM read_text('warehouse/news.duckdb.tmp/secret.txt')",
        "table function read_text() is not allowed without --allow-files",
    ),
    ("SELECT * FROM glob('**')", "table function glob() is not allowed without --allow-files"),
    ("SELECT nextval('seq')", "function nextval()"),
    ("SELECT setseed(0.5)", "function setseed()"),
    ("SELECT write_log('x')", "function write_log()"),
    ("""SELECT "query"('SELECT 1')""", "function query()"),
]


@pytest.mark.parametrize(("sql", "named"), HOSTILE, ids=[h[0][:48] for h in HOSTILE])
def test_hostile_statements_are_refused_in_one_line_naming_the_function_and_write_nothing(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str, named: str
) -> None:
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "secret.txt").write_text("secret")
    (tmp_path / "warehouse" / "news.duckdb.tmp").mkdir()
    (tmp_path / "warehouse" / "news.duckdb.tmp" / "secret.txt").write_text("secret")
    before = tree(tmp_path)
    for flags in ((), ("--allow-files",)):
        result = run_cli("--config", config, "query", sql.format(tmp=tmp_path), *flags)
        refused = named if flags == () else named.removesuffix(" without --allow-files")
        if flags and "without --allow-files" in named:
            continue  # a reader of files, which --allow-files admits
        assert result.code == 2, result
        assert result.err.count("\n") == 1
        assert result.err.startswith("error: query refused: read-only: ")
        assert refused in result.err
        assert tree(tmp_path) == before


def test_temporary_folders_are_private_and_not_readable_by_the_sandbox(
    run_cli: Cli, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DuckDB lets SQL read its own temporary folder: it must not be `./.tmp` or `<db>.tmp`, where files are.
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "secret.csv").write_text("s\nsecret\n")
    private = Path(tempfile.mkdtemp(prefix="private-"))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    result = run_cli("--config", config, "query", "SELECT * FROM '.tmp/secret.csv'")
    assert result.code == 1
    assert result.err.startswith("error: query failed: Permission Error: Cannot access file")
    probe = run_cli(
        "--config", config, "query", "SELECT current_setting('temp_directory') AS t", "--format", "csv"
    )  # fmt: skip
    used = Path(probe.out.splitlines()[1])
    assert used.parent == private and used.name.startswith("newsflow-query-")
    assert os.listdir(private) == []  # removed after the query


# Statements that read, with the rows they give: the sandbox must not refuse what analysts write.
ACCEPTED = [
    ("SELECT count(*) AS n FROM articles", "n\n0\n"),
    ("WITH a AS (SELECT 41 AS x) SELECT x + 1 AS y FROM a", "y\n42\n"),
    ("SELECT sum(i) OVER (ORDER BY i) AS s FROM range(3) t(i) ORDER BY s", "s\n0\n1\n3\n"),
    (
        "SELECT upper(left('abc', 2)) || CAST(7 AS VARCHAR) AS v, list_transform([1, 2], x -> x * 2) AS l",
        'v,l\nAB7,"[2, 4]"\n',
    ),
    ("PIVOT (SELECT * FROM range(3) t(a)) ON a USING count(*)", "0,1,2\n1,1,1\n"),
    ("UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME k VALUE v", "k,v\na,1\nb,2\n"),
    ("SELECT column_name FROM (DESCRIBE runs) WHERE column_name = 'run_id'", "column_name\nrun_id\n"),
    ("SELECT count(*) > 0 AS some FROM (SUMMARIZE articles)", "some\nTrue\n"),
]


@pytest.mark.parametrize(("sql", "out"), ACCEPTED, ids=[a[0][:40] for a in ACCEPTED])
def test_reading_statements_give_their_rows_and_write_nothing(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str, out: str
) -> None:
    before = tree(tmp_path)
    result = run_cli("--config", config, "query", sql, "--format", "csv")
    assert (result.code, result.err, result.out) == (0, "", out)
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('{tmp}/people.csv')",
    ],
)
def test_readers_of_other_files_are_refused_without_allow_files(
    run_cli: Cli, config: Path, tmp_path: Path, sql: str
) -> None:
    (tmp_path / "people.csv").write_text("name\nada\n")
    result = run_cli("--config", config, "query", sql.format(tmp=tmp_path))
    assert result.code == 2
    assert result.err.endswith("() is not allowed without --allow-files\n")
    assert result.out == ""


def test_a_file_named_in_from_is_not_read_without_allow_files(run_cli: Cli, config: Path, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("name\nada\n")
    result = run_cli("--config", config, "query", f"SELECT * FROM '{tmp_path}/people.csv'")
    assert result.code == 1
    assert result.err.startswith("error: query failed: Permission Error: Cannot access file")


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


def test_the_check_needs_no_warehouse() -> None:
    # The browser reader calls it as `query` does.
    check_statement("SELECT fts_main_search_en.match_bm25(article_id, 'x') FROM search_en")
    with pytest.raises(QueryRefused, match=r"^read-only: table function checkpoint\(\) is not allowed$"):
        check_statement("SELECT 1; SELECT * FROM checkpoint()")


def test_a_query_past_the_memory_limit_stops_in_one_line(
    run_cli: Cli, write_config: Callable[..., Path], config: Path
) -> None:
    limited = write_config(extra='[query]\nmemory_limit = "64MB"\n', name="limited.toml")
    sql = "SELECT length(string_agg(repeat('x', 1000000), '')) AS n FROM range(400)"
    result = run_cli("--config", limited, "query", sql)
    assert result.code == 1
    assert result.err == "error: query stopped: it needs more memory than [query] memory_limit (64MB)\n"


def test_a_query_past_its_timeout_is_interrupted_in_one_line(run_cli: Cli, config: Path) -> None:
    sql = "SELECT sum(i * i) FROM range(1000000000000) t(i)"
    result = run_cli("--config", config, "query", sql, "--timeout", "0.2")
    assert result.code == 1
    assert result.err == "error: query stopped: it ran past --timeout 0.2 s\n"


def test_threads_are_bounded_by_config(run_cli: Cli, write_config: Callable[..., Path], config: Path) -> None:
    one = write_config(extra="[query]\nthreads = 1\n", name="one.toml")
    result = run_cli("--config", one, "query", "SELECT current_setting('threads') AS t", "--format", "csv")
    assert (result.code, result.out) == (0, "t\n1\n")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"memory_limit": "lots"}, "query.memory_limit: must be a size such as '2GB' or '512MB', not 'lots'"),
        ({"threads": 0}, "query.threads: must be at least 1, not 0"),
        ({"timeout_s": 0}, "query.timeout_s: must be more than 0, not 0.0"),
    ],
)
def test_query_limits_are_validated(tmp_path: Path, table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings({"query": table}, base=tmp_path)
    assert str(info.value) == message
