"""`newsflow search` (BM25, stemmed per language) and `newsflow export` (partitioned Parquet)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from newsflow.common.times import utcnow
from newsflow.records import BatchResult
from newsflow.warehouse.writer import Writer
from tests.conftest import Cli, CliResult
from tests.support.backend import backend_for, file_only
from tests.support.backend import reader as warehouse_reader
from tests.warehouse.conftest import record_pair


def hits(result: CliResult) -> list[dict[str, object]]:
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_search_english_ranks_translated_and_english_articles(
    filled_once: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    config = config_for(filled_once)
    found = hits(run_cli("-c", config, "search", "council budgets", "--format", "json"))
    assert [h["title"] for h in found][:1] == ["Council adopts the budget"]  # stemmed: budgets -> budget
    assert {h["lang"] for h in found} == {"nb", "de"}
    wind = hits(run_cli("-c", config, "search", "wind", "--limit", "1", "--format", "json"))
    assert [(h["lang"], h["title"]) for h in wind] == [("en", "Offshore wind auction draws record bids")]


def test_the_table_title_counts_hits_in_english(
    filled_once: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    config = config_for(filled_once)
    one = run_cli("-c", config, "search", "wind", "--limit", "1")
    assert one.code == 0, one.err
    assert "1 hit for 'wind'" in one.out
    two = run_cli("-c", config, "search", "council budgets", "--limit", "2")
    assert "2 hits for 'council budgets'" in two.out


def test_search_original_uses_german_and_norwegian_stemmers(
    filled_once: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    config = config_for(filled_once)
    de = hits(run_cli("-c", config, "search", "Radweg", "--lang", "original", "--format", "json"))
    assert [h["title"] for h in de] == ["Stadtrat beschließt neue Radwege"]
    nb = hits(run_cli("-c", config, "search", "budsjett", "--lang", "original", "--format", "json"))
    assert [h["title"] for h in nb] == ["Kommunestyret vedtok budsjettet"]
    umlaut = hits(run_cli("-c", config, "search", "Wärmepumpe", "--lang", "original", "--format", "json"))
    assert [h["title"] for h in umlaut] == ["Förderung für Wärmepumpen"]
    assert hits(run_cli("-c", config, "search", "zzzunknown", "--format", "json")) == []


def test_search_rejects_unknown_lang(filled_once: Path, config_for: Callable[..., Path], run_cli: Cli) -> None:
    result = run_cli("-c", config_for(filled_once), "search", "x", "--lang", "fr")
    assert result.code == 2 and "--lang" in result.err


@file_only  # a lake's search refreshes its local index itself: see tests/lake
def test_index_is_rebuilt_only_after_articles_changed(
    filled: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    with Writer(backend_for(filled), "test") as writer:
        assert not writer.refresh_search_index()  # nothing changed since the fixture built it
        doc, art = record_pair(99, "en", "Lighthouse keeper retires", "The last lighthouse keeper retired.", None)
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult(documents=[doc], articles=[art]))
        assert hits(run_cli("-c", config_for(filled), "search", "lighthouse", "--format", "json")) == []
        assert writer.refresh_search_index()
    found = hits(run_cli("-c", config_for(filled), "search", "lighthouse", "--format", "json"))
    assert [h["title"] for h in found] == ["Lighthouse keeper retires"]


@file_only  # a lake holds no BM25 macros: they live in its local search index
def test_query_command_can_use_search_macros(filled_once: Path, config_for: Callable[..., Path], run_cli: Cli) -> None:
    result = run_cli(
        "-c",
        config_for(filled_once),
        "query",
        "--format",
        "json",
        "SELECT count(*) AS n FROM search_en WHERE fts_main_search_en.match_bm25(article_id, 'wind') > 0",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"n": 1}]


@file_only  # a lake's search builds its local index on first use
def test_search_before_any_index_says_so(db_path: Path, config_for: Callable[..., Path], run_cli: Cli) -> None:
    with Writer(backend_for(db_path), "test") as writer:
        writer.start_run("ingest", {})
    result = run_cli("-c", config_for(db_path), "search", "x")
    assert result.code == 1 and "no search index yet" in result.err


def test_export_partitions_by_month_and_language(
    filled_once: Path, tmp_path: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    out = tmp_path / "export"
    result = run_cli("-c", config_for(filled_once), "export", out)
    assert result.code == 0, result.err
    assert "exported 5 articles" in result.out
    parts = sorted(p.relative_to(out).as_posix() for p in out.glob("month=*/lang=*"))
    first_seen = utcnow().strftime("%Y-%m")  # the undated article goes to the month it was first seen
    assert parts == sorted(
        [
            "month=2025-03/lang=de",
            "month=2025-03/lang=nb",
            "month=2025-04/lang=de",
            "month=2025-04/lang=en",
            f"month={first_seen}/lang=nb",
        ]
    )
    # DuckDB
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT month, lang, count(*), count(text_en) FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true) "
        "GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    assert sum(r[2] for r in rows) == 5 and ("2025-03", "de", 1, 1) in rows
    # pyarrow dataset: what pandas.read_parquet(DIR) uses
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 5 and {"month", "lang", "text", "text_en"} <= set(table.column_names)


def test_export_since_replaces_only_later_partitions(
    filled_once: Path, tmp_path: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    out = tmp_path / "export"
    assert run_cli("-c", config_for(filled_once), "export", out).code == 0
    march = sorted((out / "month=2025-03" / "lang=de").iterdir())
    result = run_cli("-c", config_for(filled_once), "export", out, "--since", "2025-04-15")
    assert result.code == 0 and "exported 3 articles from 2025-04-01" in result.out  # April + the undated one
    assert sorted((out / "month=2025-03" / "lang=de").iterdir()) == march  # untouched
    assert ds.dataset(out, format="parquet", partitioning="hive").count_rows() == 5
    assert not list(out.glob(".*"))  # no staging folders left
    assert run_cli("-c", config_for(filled_once), "export", out, "--since", "April").code == 2


@pytest.mark.parametrize("reader", ["polars", "pandas"])
def test_export_reads_in_dataframe_libraries(filled_once: Path, tmp_path: Path, reader: str) -> None:
    lib = pytest.importorskip(reader)
    from newsflow.warehouse.export import export_parquet

    out = tmp_path / "export"
    with warehouse_reader(filled_once) as con:
        export_parquet(con, out)
    if reader == "polars":
        frame = lib.scan_parquet(f"{out}/**/*.parquet", hive_partitioning=True).collect()
    else:
        frame = lib.read_parquet(out)
    assert len(frame) == 5


def test_export_to_a_file_or_under_one_is_one_line_naming_it(
    filled_once: Path, tmp_path: Path, config_for: Callable[..., Path], run_cli: Cli
) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine\n")
    for out, why in ((taken, "not a folder"), (taken / "export", "Not a directory")):
        result = run_cli("-c", config_for(filled_once), "export", out)
        assert (result.code, result.err) == (1, f"error: cannot export to {out}: {why}\n")
    assert taken.read_text() == "mine\n"
