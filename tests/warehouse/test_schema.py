"""Migrations, comments on everything analysts see, the views, and the example queries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from newsflow.documents.replay import raw_document
from newsflow.warehouse import schema_migrations
from newsflow.warehouse.backends.reader_setup import prepare_reader
from newsflow.warehouse.schema_migrations import migrate, migrations, schema_version
from newsflow.warehouse.writer import Writer
from tests.conftest import REPO, CliResult
from tests.support.backend import ON_LAKE, backend_for, reader

QUERIES = sorted((REPO / "warehouse" / "queries").glob("*.sql"))


def on_writer(db: Path, sql: str) -> list[tuple[object, ...]]:
    """sql on a fresh writer's connection (opening it applies the migrations)."""
    backend = backend_for(db)
    try:
        return backend.run(lambda con: con.execute(sql).fetchall())
    finally:
        backend.close()


def test_migrations_apply_on_open_and_only_once(db_path: Path) -> None:
    assert on_writer(db_path, "SELECT max(version) FROM schema_version") == [(migrations()[-1].version,)]
    assert migrations()[-1].version >= 2
    # reopening applies nothing twice
    rows = on_writer(db_path, "SELECT version, count(*) FROM schema_version GROUP BY ALL HAVING count(*) > 1")
    assert rows == []
    with reader(db_path) as con:
        assert schema_version(con) == migrations()[-1].version


def test_migrating_an_up_to_date_file_writes_nothing_so_a_read_only_connection_can(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con)
    with duckdb.connect(str(db), read_only=True) as con:
        assert migrate(con) == migrations()[-1].version


def test_a_file_at_an_older_version_is_migrated_on_a_write_connection(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    last = migrations()[-1]
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        for migration in migrations()[:-1]:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [migration.version, migration.name]
            )
    with duckdb.connect(str(db)) as con:
        assert migrate(con) == last.version
        assert con.execute("SELECT version, name FROM schema_version ORDER BY version DESC LIMIT 1").fetchall() == [
            (last.version, last.name)
        ]
        assert con.execute("SELECT count(*) FROM translation_claims").fetchall() == [(0,)]


def test_a_warehouse_from_before_compressed_documents_keeps_its_raw_bytes_readable(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = b"<html><body><p>Kommunestyret vedtok \xe5 bygge en ny bro.</p>\x00</body></html>\n"
    before = tuple(m for m in migrations() if m.version < 7)
    monkeypatch.setattr(schema_migrations, "migrations", lambda: before)
    on_writer(
        db_path,
        "INSERT INTO documents (document_id, source, location, content, content_type, encoding, content_hash, "
        f"fetched_at) VALUES ('d1', 'dump', 'old.html', from_hex('{page.hex()}'), 'text/html', 'cp1252', 'h', "
        "TIMESTAMP '2025-01-01 10:00')",
    )
    monkeypatch.undo()

    with Writer(backend_for(db_path), "test") as writer:
        (rows,) = list(writer.iter_documents())

    assert [(row["content_encoding"], raw_document(row).content) for row in rows] == [(None, page)]
    assert on_writer(db_path, "SELECT max(version) FROM schema_version") == [(7,)]


def test_every_table_view_and_column_has_a_comment(db_path: Path) -> None:
    on_writer(db_path, "SELECT 1")
    with reader(db_path) as con:
        bare_tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND comment IS NULL "
            "AND database_name = current_database() "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
            "AND comment IS NULL AND database_name = current_database()"
        ).fetchall()
        bare_columns = con.execute(
            "SELECT table_name || '.' || column_name FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal AND comment IS NULL AND database_name = current_database() "
            # DuckLake keeps no comments on view columns: the views' own comments say what they hold.
            + ("AND table_name NOT IN (SELECT view_name FROM duckdb_views())" if ON_LAKE else "")
        ).fetchall()
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert bare_tables == []
    assert bare_columns == []
    assert {"articles_en", "daily_counts", "translation_backlog"} <= views


def test_articles_en_is_english_text_with_language_and_source(filled_once: Path) -> None:
    with reader(filled_once) as con:
        rows = dict(con.execute("SELECT lang || ':' || title, text FROM articles_en").fetchall())
        langs = con.execute("SELECT lang, source, count(*) FROM articles_en GROUP BY ALL ORDER BY 1").fetchall()
    assert rows["de:City council approves new cycle paths"] == "The city council approved building cycle paths."
    assert "en:Offshore wind auction draws record bids" in rows
    assert "nb:Council adopts the budget" in rows
    assert langs == [("de", "test", 1), ("en", "test", 1), ("nb", "test", 1)]  # untranslated ones are not English


def test_daily_counts_and_backlog(filled_once: Path) -> None:
    with reader(filled_once) as con:
        total = con.execute("SELECT sum(articles) FROM daily_counts").fetchone()
        march = con.execute(
            "SELECT lang, translation_status, articles FROM daily_counts WHERE day = DATE '2025-03-05'"
        ).fetchall()
        backlog = con.execute(
            "SELECT lang, translation_status, articles FROM translation_backlog ORDER BY 1"
        ).fetchall()
    assert total == (5,)
    assert march == [("de", "translated", 1)]
    assert backlog == [("de", "pending", 1), ("nb", "pending", 1)]


@pytest.mark.parametrize(
    "query",
    # The search examples call the BM25 macros, which a lake does not hold (they live in its local index).
    [q for q in QUERIES if not (ON_LAKE and "fts_main" in q.read_text(encoding="utf-8"))],
    ids=lambda q: q.name,
)
def test_example_query_runs(filled_once: Path, query: Path) -> None:
    sql = query.read_text(encoding="utf-8")
    with reader(filled_once) as con:
        prepare_reader(con)
        rows = con.execute(sql).fetchall()
    assert rows, f"{query.name} returned nothing on the sample warehouse"


def test_there_are_example_queries() -> None:
    names = {q.stem for q in QUERIES}
    assert {"top_sources", "articles_per_day", "untranslated_backlog", "search"} <= names


def test_reader_cannot_write(filled_once: Path) -> None:
    with reader(filled_once) as con, pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")


def test_articles_per_day_spans_the_dated_articles_not_the_undated_ones_first_seen_day(
    filled_once: Path, config_for: Callable[..., Path], run_cli: Callable[..., CliResult]
) -> None:
    """The samples are dated March-April 2025; one undated article was first seen today. The 90 days end at the
    newest publication date, so the dated days all show (the undated one on its first-seen day too)."""
    query = REPO / "warehouse" / "queries" / "articles_per_day.sql"
    result = run_cli("--config", config_for(filled_once), "query", "--file", query, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    today = datetime.now(UTC).date().isoformat()
    assert [(row["day"], row.get("de"), row.get("nb"), row.get("en")) for row in rows] == [
        (today, None, 1, None),
        ("2025-04-02", None, None, 1),
        ("2025-04-01", 1, None, None),
        ("2025-03-20", None, 1, None),
        ("2025-03-05", 1, None, None),
    ]


class _CreatedMeanwhile:
    """A reader's connection while another one creates the warehouse: right after the reader's first statement,
    the other connection (same file, a real DuckDB) commits the version table."""

    def __init__(self, reader: duckdb.DuckDBPyConnection, writer: duckdb.DuckDBPyConnection) -> None:
        self.reader, self.writer, self.statements = reader, writer, 0

    def execute(self, sql: str, *args: object) -> duckdb.DuckDBPyConnection:
        self.statements += 1
        try:
            return self.reader.execute(sql, *args)
        finally:
            if self.statements == 1:
                self.writer.execute(
                    "CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (7)"
                )


def test_the_version_table_committed_between_two_reads_is_read(tmp_path: Path) -> None:
    # A reader opening a lake while its first run created it said "cannot be opened".
    path = str(tmp_path / "new.duckdb")
    with duckdb.connect(path) as reader_con, duckdb.connect(path) as writer_con:
        assert schema_version(_CreatedMeanwhile(reader_con, writer_con)) == 7  # type: ignore[arg-type]
