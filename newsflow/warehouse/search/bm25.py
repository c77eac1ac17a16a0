"""Full-text search: BM25 indexes over English text and, stemmed per language, over original text.

The FTS extension indexes tables, one index per table, and does not follow later changes. So the
indexed text lives in search_en/search_de/search_nb (migration 002), and at the end of every job that
changed articles the index is brought up to date for the changed articles only (fts_delta): each chunk
of them is tokenized in a private in-memory database, with the warehouse closed, and merged in one
short transaction. Readers see the index before or after a chunk, never a half-merged one, and a
crash leaves the watermark in search_index_state where it was, so the next job redoes the rest.
A full build happens only for a missing index or one built with other options.

`INSTALL fts` needs the internet; the extension binary comes from the duckdb-extension-fts wheel,
built for exactly our DuckDB version, and is loaded from its path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from newsflow.warehouse.backends import extensions
from newsflow.warehouse.backends.transaction import transaction
from newsflow.warehouse.search import incremental as fts_delta

# Letters the index keeps: ASCII plus the Norwegian/German/Danish ones, so stemmers see real words
# (the extension's default keeps a-z only and strips accents, which breaks "Straße" and "søknad").
_KEEP = "a-zäöüßæøåéèàáóôêç"
_ORIGINAL_OPTIONS = f"stopwords='none', ignore='(\\.|[^{_KEEP}])+', strip_accents=0, lower=1"


@dataclass(frozen=True)
class Index:
    table: str
    stemmer: str
    select: str  # rows (article_id, title, body, updated_at) to index
    options: str = ""

    @property
    def create_sql(self) -> str:
        options = f", {self.options}" if self.options else ""
        return (
            f"PRAGMA create_fts_index('{self.table}', 'article_id', 'title', 'body', "
            f"stemmer='{self.stemmer}', overwrite=1{options})"
        )


INDEXES = (
    Index("search_en", "porter", "SELECT article_id, title, text AS body, updated_at FROM articles_en"),
    Index(
        "search_de",
        "german",
        "SELECT article_id, title, text AS body, updated_at FROM articles WHERE lang = 'de'",
        _ORIGINAL_OPTIONS,
    ),
    Index(
        "search_nb",
        "norwegian",
        "SELECT article_id, title, text AS body, updated_at FROM articles WHERE lang IN ('nb', 'nn', 'no')",
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


K = TypeVar("K")

# run(work) opens the warehouse for writing, calls work(con) and closes it again (Writer and backends do).
Run = Callable[[Callable[[duckdb.DuckDBPyConnection], Any]], Any]

# Text tokenized and merged per transaction: bounds how long one merge keeps readers out.
CHUNK_BYTES = 4_000_000


def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[int, Any]:
    row = con.execute("SELECT count(*), max(updated_at) FROM articles").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _built_through(con: duckdb.DuckDBPyConnection) -> tuple[int, Any] | None:
    """(articles, max(updated_at)) when the index was last brought up to date; None before the first build."""
    row = con.execute("SELECT articles, last_update FROM search_index_state LIMIT 1").fetchone()
    return (int(row[0]), row[1]) if row else None


def is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when articles changed (or were added) since the index was brought up to date."""
    return _built_through(con) != _fingerprint(con)


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: documents (re)indexed and dropped over all indexes, and how long it took."""

    indexed: int
    dropped: int
    seconds: float


def refresh(run: Run, force: bool = False) -> Refreshed | None:
    """Bring the indexes up to date for the articles changed since the last refresh; None when none changed.

    The warehouse is open only to plan (and read the first chunk) and to merge a chunk (and read the next),
    never while text is tokenized; a chunk holds up to CHUNK_BYTES of text over all indexes, so a refresh
    of a few articles opens the warehouse twice. force re-indexes every article, chunk by chunk, with the
    old index serving until each chunk is merged.
    """
    started = time.perf_counter()
    with _Memory() as memory:
        planned = run(partial(_plan, memory=memory, force=force, started=started))
        if planned is None:
            return None
        fingerprint, chunks, gone, rows = planned
        counted = (sum(len(ids) for chunk in chunks for ids in chunk.values()), sum(len(g) for g in gone.values()))
        for n, chunk in enumerate(chunks):
            tokens = {i: memory.tokenizers[i].tokenize(rows[i]) for i in chunk}
            last = n + 1 == len(chunks)
            rows = run(
                partial(
                    _merge,
                    tokens=tokens,
                    drop=gone if n == 0 else {},
                    following=None if last else chunks[n + 1],
                    then=partial(_record, fingerprint=fingerprint, started=started) if last else None,
                )
            )
    return Refreshed(*counted, time.perf_counter() - started)


class _Memory:
    """The private in-memory database where text is tokenized, opened when a refresh has work."""

    def __init__(self) -> None:
        self._con: duckdb.DuckDBPyConnection | None = None
        self._tokenizers: list[fts_delta.Tokenizer] | None = None

    @property
    def tokenizers(self) -> list[fts_delta.Tokenizer]:
        if self._tokenizers is None:
            self._con = extensions.connect()
            # A chunk is small (CHUNK_BYTES): DuckDB's threads cost more CPU than they save, on cores the
            # worker processes need (the refresh's CPU 2.5 to 1.5 s on 990 pages).
            self._con.execute("SET threads = 1")
            load_fts(self._con)
            self._tokenizers = fts_delta.tokenizers(self._con, [(index.table, index.create_sql) for index in INDEXES])
        return self._tokenizers

    def __enter__(self) -> _Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._con is not None:
            self._con.close()


Chunk = dict[int, list[str]]  # position in INDEXES -> article ids to (re)index


def _plan(
    con: duckdb.DuckDBPyConnection, memory: _Memory, force: bool, started: float
) -> tuple[tuple[int, Any], list[Chunk], dict[int, list[str]], dict[int, pa.Table]] | None:
    """None when no article changed; else the fingerprint now, the chunks to index, the ids each index
    drops and the first chunk's rows. An index that is missing, or was built with other options or another
    extension version, is rebuilt: in place for a layout the merge does not know, else emptied, to be
    filled chunk by chunk. With nothing to merge, the refresh is recorded here."""
    if not force and not is_stale(con):
        return None
    built_through = _built_through(con)
    since = None if force or built_through is None else built_through[1]
    load_fts(con)
    built = fts_delta.signatures(con, [index.table for index in INDEXES])
    sized: list[tuple[tuple[int, str], int]] = []
    gone: dict[int, list[str]] = {}
    for i, (index, tokenizer) in enumerate(zip(INDEXES, memory.tokenizers, strict=True)):
        if not tokenizer.supported:
            _rebuild_in_place(con, index)
            continue
        fresh = built[index.table] != tokenizer.signature
        if fresh:
            with transaction(con):
                fts_delta.recreate(con, index.table, index.create_sql)
        changed, dropped = _changes(con, index, None if fresh else since)
        sized.extend(((i, article_id), size) for article_id, size in changed)
        if dropped:
            gone[i] = dropped
    chunks: list[Chunk] = []
    for group in _chunks(sized, CHUNK_BYTES):
        chunk: Chunk = {}
        for i, article_id in group:
            chunk.setdefault(i, []).append(article_id)
        chunks.append(chunk)
    if not chunks and gone:
        chunks = [{}]
    fingerprint = _fingerprint(con)
    if not chunks:
        _record(con, fingerprint, started)
    return fingerprint, chunks, gone, _chunk_rows(con, chunks[0] if chunks else {})


def _record(con: duckdb.DuckDBPyConnection, fingerprint: tuple[int, Any], started: float) -> None:
    seconds = time.perf_counter() - started
    with transaction(con):
        con.execute("DELETE FROM search_index_state")
        con.execute("INSERT INTO search_index_state VALUES (now()::TIMESTAMP, ?, ?, ?)", [*fingerprint, seconds])


def _merge(
    con: duckdb.DuckDBPyConnection,
    tokens: dict[int, fts_delta.Tokens],
    drop: dict[int, list[str]],
    following: Chunk | None,
    then: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> dict[int, pa.Table]:
    """Merge one chunk (every index it touches, in one transaction), then read the next chunk's rows while
    the warehouse is open anyway (or, after the last chunk, `then` records the refresh)."""
    with transaction(con):
        for i in sorted({*tokens, *drop}):
            fts_delta.merge(con, INDEXES[i].table, drop.get(i, []), tokens.get(i) or fts_delta.empty_tokens())
    if then is not None:
        then(con)
    return _chunk_rows(con, following or {})


def _chunk_rows(con: duckdb.DuckDBPyConnection, chunk: Chunk) -> dict[int, pa.Table]:
    return {i: _rows(con, INDEXES[i], ids) for i, ids in chunk.items()}


def _changes(con: duckdb.DuckDBPyConnection, index: Index, since: Any) -> tuple[list[tuple[str, int]], list[str]]:
    """(article_id, text size) to (re)index: new to the index or updated after since; and ids to drop."""
    docs = f"{fts_delta.schema_of(index.table)}.docs"
    changed = con.execute(
        f"SELECT s.article_id, strlen(coalesce(s.title, '')) + strlen(coalesce(s.body, '')) FROM ({index.select}) s "
        f"LEFT JOIN {docs} d ON d.name = s.article_id WHERE d.name IS NULL OR $since IS NULL OR s.updated_at > $since "
        "ORDER BY s.article_id",
        {"since": since},
    ).fetchall()
    gone = con.execute(f"SELECT name FROM {docs} ANTI JOIN ({index.select}) s ON s.article_id = name").fetchall()
    return [(r[0], int(r[1])) for r in changed], [r[0] for r in gone]


def _chunks(sized: list[tuple[K, int]], limit: int) -> list[list[K]]:
    """Ids in groups of about limit bytes of text; a larger article is a group of its own."""
    chunks: list[list[K]] = []
    size = 0
    for article_id, n in sized:
        if not chunks or size + n > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(article_id)
        size += n
    return chunks


def _rows(con: duckdb.DuckDBPyConnection, index: Index, ids: list[str]) -> pa.Table:
    if not ids:
        return fts_delta.empty_tokens().rows
    rows = con.execute(
        f"SELECT article_id, title, body FROM ({index.select}) WHERE article_id IN (SELECT unnest($ids))", {"ids": ids}
    ).fetchall()
    return fts_delta.rows_table(rows)


def _rebuild_in_place(con: duckdb.DuckDBPyConnection, index: Index) -> None:
    """Refill and re-index one search table in one transaction: the fallback for an unknown index layout."""
    with transaction(con):
        con.execute(f"DELETE FROM {index.table}")
        con.execute(
            f"INSERT INTO {index.table} (article_id, title, body) SELECT article_id, title, body FROM ({index.select})"
        )
        con.execute(index.create_sql)
