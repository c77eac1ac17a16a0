"""BM25 scores read straight from an index's tables: the fts extension's `match_bm25` with its defaults, once per query.

`match_bm25(article_id, q)` is a macro called for every row of the search table, which DuckDB plans as scoring
every matching document and then joining that back to each row; the query words are stemmed and looked up in that
plan as well. Here the query's terms are looked up first (a tiny query on the index's dictionary), and the
documents that hold them are scored in one grouped pass over the index's `terms`, filtered on those term ids
(half the time of the macro over 10,000 articles whose every term is in most of them). Same formula, defaults
and scores: k 1.2, b 0.75, any of the words (not all), an unknown word adds nothing.
"""

from __future__ import annotations

import duckdb

from newsflow.warehouse.search.bm25 import INDEXES

K = 1.2
B = 0.75


def query_terms(con: duckdb.DuckDBPyConnection, table: str, text: str) -> list[int]:
    """The index's term ids for the words of ``text``, tokenized and stemmed as the index was (fts loaded).
    Raises duckdb.CatalogException where the index is missing."""
    stemmer = next(index.stemmer for index in INDEXES if index.table == table)
    rows = con.execute(
        f"SELECT termid FROM fts_main_{table}.dict WHERE term IN "
        f"(SELECT stem(unnest(fts_main_{table}.tokenize($q)), '{stemmer}'))",
        {"q": text},
    ).fetchall()
    return sorted(int(termid) for (termid,) in rows)


def scores_sql(table: str, termids: list[int]) -> str:
    """SQL for (article_id, score) of every document that holds one of the terms (none when there are none)."""
    if not termids:
        return "SELECT NULL::VARCHAR AS article_id, NULL::DOUBLE AS score WHERE false"
    ids = ", ".join(str(int(termid)) for termid in termids)  # ints: nothing of the query's text reaches the SQL
    fts = f"fts_main_{table}"
    return (
        f"WITH tf AS (SELECT docid, termid, count(*)::DOUBLE AS tf FROM {fts}.terms WHERE termid IN ({ids}) "
        "GROUP BY docid, termid), "
        f"st AS (SELECT num_docs::DOUBLE AS n, avgdl::DOUBLE AS avgdl FROM {fts}.stats) "
        "SELECT docs.name AS article_id, sum(log((st.n - dict.df + 0.5) / (dict.df + 0.5) + 1) "
        f"* (tf.tf * {K + 1}) / (tf.tf + {K} * ({1 - B} + {B} * (docs.len / st.avgdl)))) AS score "
        f"FROM tf JOIN {fts}.docs AS docs USING (docid) JOIN {fts}.dict AS dict USING (termid) CROSS JOIN st "
        "GROUP BY docs.name"
    )
