"""BM25 read straight from the index's tables (search/scores.py) gives the fts extension's own match_bm25 scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.records import BatchResult
from newsflow.warehouse.backends.duckdb_file import read_connection
from newsflow.warehouse.search.bm25 import load_fts
from newsflow.warehouse.search.matches import search
from newsflow.warehouse.search.scores import query_terms, scores_sql
from newsflow.warehouse.writer import Writer
from tests.warehouse.conftest import record_pair

pytestmark = pytest.mark.own_backend  # the index's tables are the same in a lake's local copy: one pass is enough

TEXTS = [
    ("Harbour strike ends", "Dock workers in the harbour voted to end the strike on Monday."),
    ("Council budget", "The council passed the budget; the harbour gets new cranes."),
    ("Weather", "Rain, then sun: the weekend looks dry."),
    ("Strikes spread", "Strikes spread from the harbour to the railways, striking workers said."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scores") / "news.duckdb"
    pairs = [record_pair(i, "en", title, text, None) for i, (title, text) in enumerate(TEXTS)]
    with Writer(path, "test") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
        writer.refresh_search_index(force=True)
    return path


@pytest.mark.parametrize("words", ["harbour", "Strike!", "harbour workers strike", "the", "nowhere", "", "STRIKES"])
def test_the_scores_are_the_extensions_own(db: Path, words: str) -> None:
    with read_connection(db) as con:
        load_fts(con)
        expected = dict(
            con.execute(
                "SELECT article_id, fts_main_search_en.match_bm25(article_id, $q) AS s FROM search_en WHERE s IS NOT NULL",
                {"q": words},
            ).fetchall()
        )
        got = dict(con.execute(scores_sql("search_en", query_terms(con, "search_en", words))).fetchall())
    assert got == pytest.approx(expected)


def test_a_stemmed_word_finds_its_forms_and_an_unknown_one_nothing(db: Path) -> None:
    with read_connection(db) as con:
        load_fts(con)
        assert query_terms(con, "search_en", "striking strikes") == query_terms(con, "search_en", "strike")
        assert query_terms(con, "search_en", "nowhere") == []
        assert con.execute(scores_sql("search_en", [])).fetchall() == []


def test_the_search_command_ranks_by_those_scores(db: Path) -> None:
    with read_connection(db) as con:
        load_fts(con)
        expected = con.execute(
            "SELECT article_id, round(fts_main_search_en.match_bm25(article_id, $q), 3) AS s FROM search_en "
            "WHERE s IS NOT NULL ORDER BY s DESC",
            {"q": "harbour strike"},
        ).fetchall()
        columns, rows = search(con, "harbour strike")
    assert columns[:2] == ["article_id", "score"]
    assert [(row[0], row[1]) for row in rows] == expected
    assert len(expected) == 3
