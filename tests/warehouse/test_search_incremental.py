"""The search index is updated for the changed articles only, and ends up as a full build of the same articles."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsflow.records import ArticleRecord, BatchResult, DocumentRecord
from newsflow.warehouse.backends.duckdb_file import read_connection, write_connection
from newsflow.warehouse.search import bm25 as search
from newsflow.warehouse.search.matches import search as ranked
from newsflow.warehouse.stores.translation_queue import TranslationRow
from newsflow.warehouse.writer import Writer
from tests.support.backend import file_only
from tests.warehouse.conftest import SAMPLES, record_pair

# The BM25 index inside the file warehouse; a lake's local index is tested in tests/lake.
pytestmark = file_only


def snapshot(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """An index by content (document ids are internal): rows, lengths, term occurrences, df and statistics."""
    s = f"fts_main_{table}"
    return {
        "rows": sorted(con.execute(f"SELECT article_id, title, body FROM {table}").fetchall()),
        "docs": dict(con.execute(f"SELECT name, len FROM {s}.docs").fetchall()),
        "terms": Counter(
            con.execute(
                f"SELECT d.name, t.fieldid, k.term FROM {s}.terms t JOIN {s}.docs d USING (docid) "
                f"JOIN {s}.dict k USING (termid)"
            ).fetchall()
        ),
        "df": dict(con.execute(f"SELECT term, df FROM {s}.dict").fetchall()),
        "stats": con.execute(f"SELECT num_docs, round(avgdl, 9) FROM {s}.stats").fetchall(),
    }


def full_build(db: Path, index: search.Index) -> dict[str, Any]:
    """What `PRAGMA create_fts_index` builds from the same articles, in a database of its own."""
    with read_connection(db) as con:
        rows = con.execute(f"SELECT article_id, title, body FROM ({index.select})").fetchall()
    memory = duckdb.connect()
    search.load_fts(memory)
    memory.execute(f"CREATE TABLE {index.table} (article_id VARCHAR, title VARCHAR, body VARCHAR)")
    if rows:
        memory.executemany(f"INSERT INTO {index.table} VALUES (?, ?, ?)", rows)
    memory.execute(index.create_sql)
    return snapshot(memory, index.table)


def assert_equals_full_build(db: Path) -> None:
    for index in search.INDEXES:
        with read_connection(db) as con:
            incremental = snapshot(con, index.table)
        assert incremental == full_build(db, index), index.table


def store(writer: Writer, *pairs: tuple[DocumentRecord, ArticleRecord]) -> None:
    run_id = writer.start_run("ingest", {})
    writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs], []))


def titles(db: Path, text: str, lang: str = "en") -> list[str]:
    with read_connection(db) as con:
        search.load_fts(con)
        columns, rows = ranked(con, text, lang)
    return [row[columns.index("title")] for row in rows]


def test_a_new_article_is_the_only_one_indexed(filled: Path) -> None:
    with Writer(filled, "test") as writer:
        store(writer, record_pair(10, "en", "Harbour expands", "The harbour adds two quays for ferries.", None))
        refreshed = writer.refresh_search_index()
    assert refreshed is not None and (refreshed.indexed, refreshed.dropped) == (1, 0)
    assert titles(filled, "quays") == ["Harbour expands"]
    assert_equals_full_build(filled)


def test_an_updated_article_replaces_its_old_terms(filled: Path) -> None:
    lang, title, _, published = SAMPLES[4]
    with Writer(filled, "test") as writer:
        store(writer, record_pair(4, lang, title, "Solar panels replaced the turbines at sea.", published))
        refreshed = writer.refresh_search_index()
    assert refreshed is not None and (refreshed.indexed, refreshed.dropped) == (1, 0)
    assert titles(filled, "turbines") == [title]
    assert titles(filled, "developers") == []
    assert_equals_full_build(filled)


def test_a_translation_adds_the_article_to_the_english_index(filled: Path) -> None:
    german = record_pair(1, *SAMPLES[1])[1]
    with Writer(filled, "test") as writer:
        writer.store_translations(
            None, [TranslationRow(german.article_id, "Grants for heat pumps", "Heat pumps.", "m")], []
        )
        refreshed = writer.refresh_search_index()
    # into search_en, and again into search_de: a translation changes the article's updated_at
    assert refreshed is not None and (refreshed.indexed, refreshed.dropped) == (2, 0)
    assert titles(filled, "pumps") == ["Grants for heat pumps"]
    assert_equals_full_build(filled)


def test_a_changed_text_drops_the_stale_translation_from_the_english_index(filled: Path) -> None:
    lang, title, _, published = SAMPLES[0]  # translated by the fixture
    with Writer(filled, "test") as writer:
        store(writer, record_pair(0, lang, title, "Der Stadtrat vertagt die Radwege.", published))
        refreshed = writer.refresh_search_index()
    # pending again: out of search_en, re-indexed in search_de
    assert refreshed is not None and (refreshed.indexed, refreshed.dropped) == (1, 1)
    assert titles(filled, "cycle paths") == []
    assert titles(filled, "vertagt", "original") == [title]
    assert_equals_full_build(filled)


def test_a_reprocessed_article_that_changed_language_moves_index(filled: Path) -> None:
    _, title, text, published = SAMPLES[3]  # Norwegian, now detected as German
    with Writer(filled, "test") as writer:
        store(writer, record_pair(3, "de", title, text + " Neu.", published))
        refreshed = writer.refresh_search_index()
    assert refreshed is not None and (refreshed.indexed, refreshed.dropped) == (1, 1)
    assert_equals_full_build(filled)


def test_force_reindexes_everything_in_chunks(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "CHUNK_BYTES", 60)  # about one article per merge
    with Writer(filled, "test") as writer:
        store(
            writer,
            record_pair(11, "de", "Neue Brücke", "Die neue Brücke über den Fluss ist offen.", datetime(2025, 5, 2)),
        )
        refreshed = writer.refresh_search_index(force=True)
    assert refreshed is not None and refreshed.indexed == 3 + 3 + 2  # en (1 + 2 translated), de, nb
    assert titles(filled, "Brücke", "original") == ["Neue Brücke"]
    assert_equals_full_build(filled)


def test_an_index_built_with_other_options_is_built_again(filled: Path) -> None:
    with write_connection(filled) as con:
        search.load_fts(con)
        con.execute(
            "PRAGMA create_fts_index('search_de', 'article_id', 'title', 'body', stemmer='porter', overwrite=1)"
        )
    with Writer(filled, "test") as writer:
        store(writer, record_pair(12, "en", "Tram line opens", "The new tram line opened.", None))
        refreshed = writer.refresh_search_index()
    assert refreshed is not None and refreshed.indexed == 1 + 2  # the new English one, both German ones again
    assert titles(filled, "Radweg", "original") == ["Stadtrat beschließt neue Radwege"]
    assert_equals_full_build(filled)


def test_chunks_group_about_limit_bytes_and_keep_a_large_article_alone() -> None:
    sized = [("a", 3), ("b", 3), ("c", 10), ("d", 1), ("e", 2)]
    assert search._chunks(sized, 6) == [["a", "b"], ["c"], ["d", "e"]]


def test_text_is_tokenized_on_one_duckdb_thread() -> None:
    # A chunk is a few MB at most: more threads cost the writer CPU that the worker processes need.
    with search._Memory() as memory:
        (tokenizer,) = memory.tokenizers[:1]
        assert tokenizer.con.execute("SELECT current_setting('threads')").fetchone() == (1,)
