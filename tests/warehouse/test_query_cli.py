"""SQL as users write it (a file, stdin, a leading `--` comment), results that never lose a column, and
`status --format json`: through the CLI, on a sample warehouse."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult
from tests.support.backend import ON_LAKE
from tests.warehouse.test_schema import QUERIES

query_run = importlib.import_module("newsflow.cli.query_run")  # where the query is executed

# On a lake the BM25 indexes live in the local search file that `newsflow search` reads, not in what `query` attaches.
RUNNABLE = [q for q in QUERIES if not (ON_LAKE and "fts_main" in q.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("query", RUNNABLE, ids=[q.name for q in RUNNABLE])
def test_each_shipped_query_runs_as_the_readme_passes_it(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path], query: Path
) -> None:
    # `newsflow query "$(cat warehouse/queries/NAME.sql)"`: the file's text, leading `--` comment and all.
    text = query.read_text(encoding="utf-8")
    assert text.startswith("--")
    result = run_cli("query", text, "--config", config_for(filled_once), "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out), f"{query.name} returned nothing"


def test_query_reads_sql_from_a_file(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path], tmp_path: Path
) -> None:
    path = tmp_path / "count.sql"
    path.write_text("-- how many\nSELECT count(*) AS n FROM articles;\n", encoding="utf-8")
    result = run_cli("-c", config_for(filled_once), "query", "--file", path, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"n": 5}]


def test_query_reads_sql_from_stdin(
    run_cli: Callable[..., CliResult],
    filled_once: Path,
    config_for: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT lang FROM articles WHERE lang = 'de' LIMIT 1"))
    result = run_cli("-c", config_for(filled_once), "query", "-", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out == "lang\nde\n"


def test_query_without_sql_is_a_usage_error(run_cli: Callable[..., CliResult], filled_once: Path, config_for) -> None:
    result = run_cli("-c", config_for(filled_once), "query")
    assert result.code == 2
    assert "no SQL" in result.err


def test_a_result_too_wide_for_the_terminal_is_shown_as_records_with_every_column(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path]
) -> None:
    config = config_for(filled_once)
    columns = [
        row["column_name"]
        for row in json.loads(
            run_cli(
                "-c",
                config,
                "query",
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'articles' ORDER BY column_index",
                "--format",
                "json",
            ).out
        )
    ]
    assert len(columns) >= 20
    result = run_cli("-c", config, "query", "SELECT * FROM articles ORDER BY article_id LIMIT 2")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    dashes = "-" * (max(map(len, columns)) - 10)
    assert [line for line in lines if line.startswith("-[ RECORD")] == [
        f"-[ RECORD 1 ]{dashes}",
        f"-[ RECORD 2 ]{dashes}",
    ]
    labels = [line.split(" | ", 1)[0].rstrip() for line in lines if " | " in line]
    assert labels == columns * 2


def test_a_result_that_fits_stays_a_table(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path]
) -> None:
    result = run_cli(
        "-c", config_for(filled_once), "query", "SELECT lang, count(*) AS n FROM articles GROUP BY 1 ORDER BY 1"
    )
    assert result.code == 0, result.err
    assert "RECORD" not in result.out
    assert next(line.split() for line in result.out.splitlines() if line.strip()) == ["lang", "n"]


def test_status_as_json(run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path]) -> None:
    result = run_cli("status", "--format", "json", "--config", config_for(filled_once))
    assert result.code == 0, result.err
    status = json.loads(result.out)
    assert set(status) == {"articles", "runs", "failures"}
    assert sum(row["articles"] for row in status["articles"]) == 5
    assert [(run["flow"], run["status"], run["n_new"]) for run in status["runs"]] == [("ingest", "completed", 5)]
    assert status["failures"] == []


def test_version_help_and_config_after_the_subcommand(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path]
) -> None:
    version = run_cli("--version")
    assert (version.code, version.out) == (0, "newsflow 0.1.0\n")
    short_help = run_cli("query", "-h")
    assert short_help.code == 0 and "--file" in short_help.out
    late = run_cli("query", "SELECT 1 AS one", "--format", "json", "--config", config_for(filled_once))
    assert (late.code, json.loads(late.out)) == (0, [{"one": 1}])


def test_readme_query_examples_are_shipped_files() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [q.name for q in QUERIES] == [  # the loop below checks these, not an empty glob
        "articles_per_day.sql",
        "recent_runs.sql",
        "search.sql",
        "search_original.sql",
        "top_sources.sql",
        "untranslated_backlog.sql",
    ]
    for query in QUERIES:
        assert query.name in readme


def test_an_error_raised_after_the_first_chunk_of_the_result_is_one_line(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path]
) -> None:
    sql = "SELECT CASE WHEN range > 300000 THEN error('boom') END FROM range(400000)"
    result = run_cli("-c", config_for(filled_once), "query", sql)
    assert (result.code, result.out) == (1, "")
    (line,) = result.err.splitlines()
    # DuckDB 1.5.5 reports the error itself, or (a race between its threads, about 1 run in 20) "Interrupted!".
    assert line in (
        "error: query failed: Invalid Input Error: boom",
        "error: query failed: INTERRUPT Error: Interrupted!",
    )


@pytest.mark.skipif(ON_LAKE, reason="a query on a lake may not read files, and a FIFO is what holds this one")
@pytest.mark.parametrize(("sig", "name", "code"), [(signal.SIGINT, "SIGINT", 130), (signal.SIGTERM, "SIGTERM", 143)])
def test_a_signal_during_a_query_stops_it_with_one_line(
    filled_once: Path, config_for: Callable[..., Path], tmp_path: Path, sig: int, name: str, code: int
) -> None:
    # The query blocks reading a FIFO until this test opens it for writing, so the signal lands while DuckDB
    # runs it (with the GIL released); what follows the read would run for hours.
    fifo = tmp_path / "hold.csv"
    os.mkfifo(fifo)
    sql = f"SELECT count(*) FROM read_csv('{fifo}', header = false) AS a, range(100000000000) AS b"
    newsflow = str(Path(sys.executable).with_name("newsflow"))
    command = [newsflow, "-c", str(config_for(filled_once)), "query", "--allow-files", "--timeout", "3600", sql]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        with contextlib.suppress(BrokenPipeError), fifo.open("w") as hold:  # returns once the query has opened it
            proc.send_signal(sig)
            hold.write("x\n")
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert (proc.returncode, out, err) == (code, "", f"stopped by {name}: query interrupted (it changes nothing)\n")


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("SELECT 'a'::INT", "Conversion Error: Could not convert string 'a' to INT32"),
        ("SELECT error('first' || chr(10) || 'second')", "Invalid Input Error: first second"),
    ],
)
def test_a_failed_query_is_one_line_without_the_sql_quoted_back(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path], sql: str, error: str
) -> None:
    result = run_cli("-c", config_for(filled_once), "query", sql)
    assert (result.code, result.out) == (1, "")
    assert result.err == f"error: query failed: {error}\n"


def _usage_error(result: CliResult) -> str:
    """The message of a usage error, which is one line that ends where the command's help is."""
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1 and result.err.endswith(" (see `newsflow query -h`)\n"), result.err
    return result.err.removesuffix(" (see `newsflow query -h`)\n")


def test_sql_that_is_not_utf8_is_a_usage_error_from_the_argument_or_stdin(
    run_cli: Callable[..., CliResult],
    filled_once: Path,
    config_for: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A Latin-1 byte on a UTF-8 command line or stdin reaches Python as a lone surrogate (surrogateescape).
    decode = "'utf-8' codec can't decode byte 0xff in position 7: invalid start byte"
    argument = run_cli("-c", config_for(filled_once), "query", "SELECT \udcff")
    assert _usage_error(argument) == f"error: Invalid value for SQL: not UTF-8 text: {decode}"
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT \udcff"))
    stdin = run_cli("-c", config_for(filled_once), "query", "-")
    assert _usage_error(stdin) == f"error: Invalid value for SQL: cannot read stdin: {decode}"


def test_a_sql_file_past_a_million_characters_is_refused_unread_to_its_end(
    run_cli: Callable[..., CliResult], filled_once: Path, config_for: Callable[..., Path], tmp_path: Path
) -> None:
    huge = tmp_path / "dump.sql"  # the wrong file named, or /dev/zero, which has no end
    huge.write_text("SELECT 1;" + " " * 1_000_000, encoding="utf-8")
    result = run_cli("-c", config_for(filled_once), "query", "--file", huge)
    assert _usage_error(result) == (
        f"error: Invalid value for --file: cannot read {huge}: longer than 1,000,000 characters, not a query"
    )
