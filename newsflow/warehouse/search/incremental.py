"""Incremental upkeep of a DuckDB fts index: tokenize the changed rows elsewhere, merge a small delta.

`PRAGMA create_fts_index` has no incremental mode: it re-tokenizes the whole table, and BM25 then
reads plain tables (fts_main_<table>.docs, terms, dict, stats). So the rows that changed are indexed
by the extension itself in a private in-memory database (tokenizing and stemming, the expensive part,
with the warehouse closed), and the result is merged into the warehouse's tables in one short
transaction: old versions out, new ones in, document frequencies and statistics updated. The scores
equal those of a full build (tests/warehouse/test_search_incremental.py compares them).

The merge relies on the extension's table layout (LAYOUT); `Tokenizer.supported` says whether the
installed extension still builds that layout, else callers fall back to a full build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from newsflow.warehouse.keys import IN_KEYS, packed

# The columns the merge reads and writes, as duckdb-extension-fts 1.5 creates them.
LAYOUT = {
    "dict": ("termid", "term", "df"),
    "docs": ("docid", "name", "len"),
    "stats": ("num_docs", "avgdl"),
    "terms": ("docid", "fieldid", "termid"),
}


def schema_of(table: str) -> str:
    return f"fts_main_{table}"


@dataclass(frozen=True)
class Tokens:
    """An indexed chunk: its rows, each document's length and its terms with their counts per field."""

    rows: pa.Table  # article_id, title, body
    docs: pa.Table  # name, len
    terms: pa.Table  # name, fieldid, term, n


def signatures(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, tuple[Any, ...]]:
    """What makes two indexes tokenize alike: their macros (tokenizer, options), columns, fields and stopwords.

    An empty tuple for a table without an index. Three catalog queries for all tables together (each
    costs up to ~0.1 s, whatever it filters on): ask once per database and refresh, not per table.
    """
    schemas = [schema_of(t) for t in tables]
    macros = con.execute(
        "SELECT schema_name, function_name, macro_definition FROM duckdb_functions() "
        f"WHERE schema_name {IN_KEYS} ORDER BY ALL",
        [packed(schemas)],
    ).fetchall()
    columns = con.execute(
        "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
        f"WHERE schema_name {IN_KEYS} ORDER BY schema_name, table_name, column_index",
        [packed(schemas)],
    ).fetchall()
    indexed = [s for s in schemas if any(c[0] == s for c in columns)]
    contents: dict[str, tuple[Any, Any]] = {}
    if indexed:
        # Each index's fields and a digest of its stopwords, all indexes in one query.
        parts = " UNION ALL ".join(
            f"SELECT '{s}' AS s, (SELECT list((fieldid, field) ORDER BY fieldid, field) FROM {s}.fields) AS f, "
            f"(SELECT (count(*), md5(string_agg(sw, ' ' ORDER BY sw))) FROM {s}.stopwords) AS w"
            for s in indexed
        )
        contents = {row[0]: (row[1], row[2]) for row in con.execute(parts).fetchall()}
    found: dict[str, tuple[Any, ...]] = {}
    for table, schema in zip(tables, schemas, strict=True):
        cols = tuple(c[1:] for c in columns if c[0] == schema)
        if not cols:
            found[table] = ()
            continue
        fields, stopwords = contents[schema]
        found[table] = (
            tuple(m[1:] for m in macros if m[0] == schema),
            cols,
            tuple(tuple(f.values()) if isinstance(f, dict) else tuple(f) for f in fields or []),
            tuple(stopwords.values()) if isinstance(stopwords, dict) else tuple(stopwords),
        )
    return found


class Tokenizer:
    """The extension indexing chunks of rows in a private in-memory database, with the warehouse's options.

    Its signature (what an index it builds looks like) comes from `tokenizers`, which asks for all at once."""

    def __init__(self, memory: duckdb.DuckDBPyConnection, table: str, create_sql: str) -> None:
        self.con = memory
        self.table = table
        self.create_sql = create_sql
        self.signature: tuple[Any, ...] = ()

    @property
    def supported(self) -> bool:
        """Whether this extension builds the layout the merge knows."""
        columns = {(t, c) for t, c, _ in self.signature[1]} if self.signature else set()
        return all((t, c) in columns for t, cols in LAYOUT.items() for c in cols)

    def _load(self, rows: pa.Table) -> None:
        self.con.register("incoming", rows)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {self.table} AS SELECT article_id, title, body FROM incoming")
        finally:
            self.con.unregister("incoming")
        self.con.execute(self.create_sql)

    def tokenize(self, rows: pa.Table) -> Tokens:
        self._load(rows)
        s = schema_of(self.table)
        docs = self.con.execute(f"SELECT name, len FROM {s}.docs").to_arrow_table()
        terms = self.con.execute(
            f"SELECT d.name, t.fieldid, k.term, count(*) AS n FROM {s}.terms t "
            f"JOIN {s}.docs d USING (docid) JOIN {s}.dict k USING (termid) GROUP BY ALL"
        ).to_arrow_table()
        return Tokens(rows, docs, terms)


def tokenizers(memory: duckdb.DuckDBPyConnection, indexes: list[tuple[str, str]]) -> list[Tokenizer]:
    """A Tokenizer per (table, create_sql), each index built once on no rows to learn its signature."""
    found = [Tokenizer(memory, table, create_sql) for table, create_sql in indexes]
    for tokenizer in found:
        tokenizer._load(_ROWS.empty_table())
    built = signatures(memory, [t.table for t in found])
    for tokenizer in found:
        tokenizer.signature = built[tokenizer.table]
    return found


_ROWS = pa.schema([("article_id", pa.string()), ("title", pa.string()), ("body", pa.string())])


def empty_tokens() -> Tokens:
    return Tokens(
        _ROWS.empty_table(),
        pa.table({"name": pa.array([], pa.string()), "len": pa.array([], pa.int64())}),
        pa.table(
            {
                "name": pa.array([], pa.string()),
                "fieldid": pa.array([], pa.int64()),
                "term": pa.array([], pa.string()),
                "n": pa.array([], pa.int64()),
            }
        ),
    )


def rows_table(rows: list[tuple[Any, ...]]) -> pa.Table:
    return pa.table(
        {name: [r[i] for r in rows] for i, name in enumerate(_ROWS.names)},
        schema=_ROWS,
    )


def recreate(con: duckdb.DuckDBPyConnection, table: str, create_sql: str) -> None:
    """An empty index with the current options, in place of a missing or differently built one."""
    con.execute(f"DELETE FROM {table}")
    con.execute(create_sql)


def merge(con: duckdb.DuckDBPyConnection, table: str, drop: list[str], tokens: Tokens) -> None:
    """Remove the documents named in drop (and those re-indexed), add the tokenized ones; caller commits."""
    names = pa.table({"name": pa.array(sorted({*drop, *tokens.rows.column("article_id").to_pylist()}), pa.string())})
    con.register("fts_drop", names)
    con.register("fts_rows", tokens.rows)
    con.register("fts_docs", tokens.docs)
    con.register("fts_terms", tokens.terms)
    try:
        _remove(con, table)
        _add(con, table)
        s = schema_of(table)
        con.execute(f"DELETE FROM {s}.stats")
        con.execute(f"INSERT INTO {s}.stats (num_docs, avgdl) SELECT count(docid), sum(len) / count(len) FROM {s}.docs")
    finally:
        for view in ("fts_drop", "fts_rows", "fts_docs", "fts_terms"):
            con.unregister(view)


def _remove(con: duckdb.DuckDBPyConnection, table: str) -> None:
    s = schema_of(table)
    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT name FROM fts_drop)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE fts_gone AS SELECT docid FROM {s}.docs SEMI JOIN fts_drop USING (name)")
    try:
        if con.execute("SELECT count(*) FROM fts_gone").fetchone() == (0,):
            return  # only new articles: no need to scan terms
        con.execute(
            f"UPDATE {s}.dict AS d SET df = d.df - g.n FROM (SELECT termid, count(DISTINCT docid) AS n "
            f"FROM {s}.terms SEMI JOIN fts_gone USING (docid) GROUP BY termid) AS g WHERE d.termid = g.termid"
        )
        con.execute(f"DELETE FROM {s}.terms WHERE docid IN (SELECT docid FROM fts_gone)")
        con.execute(f"DELETE FROM {s}.docs WHERE docid IN (SELECT docid FROM fts_gone)")
        con.execute(f"DELETE FROM {s}.dict WHERE df <= 0")  # a full build has no term without documents
    finally:
        con.execute("DROP TABLE fts_gone")


def _add(con: duckdb.DuckDBPyConnection, table: str) -> None:
    s = schema_of(table)
    con.execute(f"INSERT INTO {table} (article_id, title, body) SELECT article_id, title, body FROM fts_rows")
    con.execute(
        f"INSERT INTO {s}.docs (docid, name, len) SELECT (SELECT coalesce(max(docid) + 1, 0) FROM {s}.docs) "
        "+ row_number() OVER () - 1, name, len FROM fts_docs"
    )
    con.execute(
        f"INSERT INTO {s}.dict (termid, term, df) SELECT (SELECT coalesce(max(termid) + 1, 0) FROM {s}.dict) "
        f"+ row_number() OVER () - 1, term, 0 "
        f"FROM (SELECT DISTINCT term FROM fts_terms ANTI JOIN {s}.dict USING (term))"
    )
    con.execute(
        f"UPDATE {s}.dict AS d SET df = d.df + x.n FROM (SELECT term, count(DISTINCT name) AS n FROM fts_terms "
        "GROUP BY term) AS x WHERE d.term = x.term"
    )
    # One terms row per occurrence, as a full build writes them: BM25 counts rows for tf.
    con.execute(
        f"INSERT INTO {s}.terms (docid, fieldid, termid) SELECT docid, fieldid, termid FROM ("
        f"SELECT d.docid, t.fieldid, k.termid, unnest(range(t.n)) FROM fts_terms t "
        f"JOIN {s}.docs d USING (name) JOIN {s}.dict k USING (term))"
    )
