"""`newsflow search`: the best matches of a query, scored from the index tables as the reader's search is.

The fts extension's `match_bm25` macro, called per row, scores every document of the index for every row; here
each index scores the documents that hold one of the query's terms, once (`scores.py`). Same formula and scores.
"""

from __future__ import annotations

from typing import Any

import duckdb

from newsflow.warehouse.search import scores
from newsflow.warehouse.search.bm25 import INDEXES, ORIGINAL, SearchUnavailable


def _ranked(con: duckdb.DuckDBPyConnection, table: str, text: str) -> str:
    scored = scores.scores_sql(table, scores.query_terms(con, table, text))
    return f"SELECT article_id, score, '{table}' AS idx FROM ({scored})"


def search(con: duckdb.DuckDBPyConnection, text: str, lang: str = "en", limit: int = 20) -> tuple[list[str], list[Any]]:
    """Best matches first: (columns, rows). lang 'en' searches English text, 'original' the stemmed originals."""
    if lang not in ("en", "original"):
        raise ValueError(f"lang must be 'en' or 'original', not {lang!r}")
    built = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name IN ('fts_main_search_en', 'fts_main_search_de', "
        "'fts_main_search_nb')"
    ).fetchone()
    if not built or built[0] < len(INDEXES):
        raise SearchUnavailable("no search index yet: it is built at the end of an ingest or translate run")
    if lang == "en":
        hits = _ranked(con, "search_en", text)
        source = "articles_en"
    else:
        # BM25 scores of two indexes are not strictly comparable, but each language's ranking is kept.
        hits = " UNION ALL ".join(_ranked(con, t, text) for t in ORIGINAL)
        source = "articles"
    cursor = con.execute(
        f"""
        SELECT h.article_id, round(h.score, 3) AS score, a.lang, a.source,
               strftime(a.published_at, '%Y-%m-%d') AS published, a.title,
               left(regexp_replace(a.text, '\\s+', ' ', 'g'), 160) AS snippet
        FROM ({hits}) h JOIN {source} a USING (article_id)
        ORDER BY h.score DESC, a.published_at DESC NULLS LAST
        LIMIT $limit
        """,
        {"limit": int(limit)},
    )
    return [c[0] for c in cursor.description], cursor.fetchall()
