"""Full-text search: BM25 indexes over English text and, stemmed per language, over original text.

The FTS extension indexes tables, one index per table, and does not follow later changes. So the
indexed text lives in search_en/search_de/search_nb (migration 002), and after a run that changed
articles the tables are refilled and re-indexed in one transaction: readers see the old index or the
new one, and a crash mid-build leaves the old one.

`INSTALL fts` needs the internet; the extension binary comes from the duckdb-extension-fts wheel,
built for exactly our DuckDB version, and is loaded from its path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from newsflow.warehouse import extensions

# Letters the index keeps: ASCII plus the Norwegian/German/Danish ones, so stemmers see real words
# (the extension's default keeps a-z only and strips accents, which breaks "Straße" and "søknad").
_KEEP = "a-zäöüßæøåéèàáóôêç"
_ORIGINAL_OPTIONS = f"stopwords='none', ignore='(\\.|[^{_KEEP}])+', strip_accents=0, lower=1"


@dataclass(frozen=True)
class Index:
    table: str
    stemmer: str
    select: str  # rows (article_id, title, body) to index
    options: str = ""


INDEXES = (
    Index("search_en", "porter", "SELECT article_id, title, text FROM articles_en"),
    Index("search_de", "german", "SELECT article_id, title, text FROM articles WHERE lang = 'de'", _ORIGINAL_OPTIONS),
    Index(
        "search_nb",
        "norwegian",
        "SELECT article_id, title, text FROM articles WHERE lang IN ('nb', 'nn', 'no')",
        _ORIGINAL_OPTIONS,
    ),
)
ORIGINAL = ("search_de", "search_nb")


class SearchUnavailable(RuntimeError):
    """The FTS extension cannot be loaded, or no index has been built yet."""


def extension_path() -> Path | None:
    """The fts binary shipped by duckdb-extension-fts for this DuckDB version, if installed."""
    return extensions.extension_path("fts")


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts offline: from the wheel's binary, else whatever `INSTALL fts` put in ~/.duckdb."""
    try:
        extensions.load_extension(con, "fts")
    except extensions.ExtensionMissing as exc:
        raise SearchUnavailable(str(exc)) from exc


def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[int, Any]:
    row = con.execute("SELECT count(*), max(updated_at) FROM articles").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when articles changed (or were added) since the indexes were built."""
    built = con.execute("SELECT articles, last_update FROM search_index_state LIMIT 1").fetchone()
    return built is None or (int(built[0]), built[1]) != _fingerprint(con)


def rebuild(con: duckdb.DuckDBPyConnection) -> float:
    """Refill and re-index every search table in one transaction; returns the seconds it took."""
    load_fts(con)
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        articles, last_update = _fingerprint(con)
        for index in INDEXES:
            con.execute(f"DELETE FROM {index.table}")
            con.execute(f"INSERT INTO {index.table} (article_id, title, body) {index.select}")
            options = f", {index.options}" if index.options else ""
            con.execute(
                f"PRAGMA create_fts_index('{index.table}', 'article_id', 'title', 'body', "
                f"stemmer='{index.stemmer}', overwrite=1{options})"
            )
        seconds = time.perf_counter() - started
        con.execute("DELETE FROM search_index_state")
        con.execute(
            "INSERT INTO search_index_state VALUES (now()::TIMESTAMP, ?, ?, ?)", [articles, last_update, seconds]
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return seconds


def refresh(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Rebuild the indexes when articles changed since the last build; True when rebuilt."""
    if not force and not is_stale(con):
        return False
    rebuild(con)
    return True


def _ranked(table: str) -> str:
    return f"SELECT article_id, fts_main_{table}.match_bm25(article_id, $q) AS score, '{table}' AS idx FROM {table}"


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
        hits = _ranked("search_en")
        source = "articles_en"
    else:
        # BM25 scores of two indexes are not strictly comparable, but each language's ranking is kept.
        hits = " UNION ALL ".join(_ranked(t) for t in ORIGINAL)
        source = "articles"
    cursor = con.execute(
        f"""
        SELECT h.article_id, round(h.score, 3) AS score, a.lang, a.source,
               strftime(a.published_at, '%Y-%m-%d') AS published, a.title,
               left(regexp_replace(a.text, '\\s+', ' ', 'g'), 160) AS snippet
        FROM ({hits}) h JOIN {source} a USING (article_id)
        WHERE h.score IS NOT NULL
        ORDER BY h.score DESC, a.published_at DESC NULLS LAST
        LIMIT $limit
        """,
        {"q": text, "limit": int(limit)},
    )
    return [c[0] for c in cursor.description], cursor.fetchall()
