"""The document and article store: bulk idempotent upserts of a batch, failures, and what is stored already.

Each batch is one transaction, so readers get in between batches and a killed process leaves only whole
batches behind. On a backend without primary keys (DuckLake) the same SQL keeps keys unique: new rows
are inserted with an anti-join, inside a transaction the backend serialises against other upserts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from functools import partial
from operator import attrgetter
from typing import Any

import duckdb
import pyarrow as pa

from newsflow.common.times import utc_naive, utcnow
from newsflow.records import (
    ArticleRecord,
    BatchCounts,
    BatchResult,
    DocumentRecord,
    Failure,
    PreviousFetch,
    StoredDocuments,
)
from newsflow.runs.window import Window
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.keys import IN_KEYS, packed
from newsflow.warehouse.schema import arrow_schema
from newsflow.warehouse.stores import story_links, translation_history

__all__ = ["ArticleStore", "BatchCounts", "insert_failures"]

_ARTICLE_COLS = tuple(f.name for f in fields(ArticleRecord))
_DOC_COLS = tuple(f.name for f in fields(DocumentRecord))
_FAILURE_COLS = ("failure_id", "run_id", "source", "location", "stage", "error", "document_id", "occurred_at")


def _table(rows: Sequence[Any], names: Sequence[str], schema: pa.Schema) -> pa.Table:
    # Column by column through C-level map/attrgetter: a per-value Python loop was 55 % of a 50k upsert,
    # and transposing with zip(*rows) still cost 4x this.
    if not rows:
        return schema.empty_table()
    columns: dict[str, Any] = {}
    for name in names:
        column = list(map(attrgetter(name), rows))
        if pa.types.is_timestamp(schema.field(name).type) and any(
            v is not None and v.tzinfo is not None for v in column
        ):
            column = [utc_naive(v) for v in column]
        columns[name] = column
    return pa.table(columns, schema=schema)


def _dedupe(rows: Sequence[Any], key: str) -> list[Any]:
    # Duplicate keys inside one INSERT are not an error in DuckDB: the first row silently wins.
    # We want the last one (the newest reading), and each key once.
    return list({getattr(row, key): row for row in rows}.values())


def insert_failures(
    con: duckdb.DuckDBPyConnection, run_id: str | None, failures: Sequence[Failure], now: datetime
) -> None:
    if not failures:
        return
    table = pa.table(
        {
            "failure_id": [uuid.uuid4().hex for _ in failures],
            "run_id": [run_id] * len(failures),
            "source": [f.source for f in failures],
            "location": [f.location for f in failures],
            "stage": [f.stage for f in failures],
            "error": [f.error for f in failures],
            "document_id": [f.document_id for f in failures],
            "occurred_at": [now] * len(failures),
        },
        schema=arrow_schema("failures", _FAILURE_COLS),
    )
    con.register("failure_batch", table)
    try:
        cols = ", ".join(_FAILURE_COLS)
        con.execute(f"INSERT INTO failures ({cols}) SELECT {cols} FROM failure_batch")
    finally:
        con.unregister("failure_batch")


# A changed text or title makes the old translation wrong: back to the status ingest chose.
_SAME_TEXT = "a.text = b.text AND a.title IS NOT DISTINCT FROM b.title AND a.lang = b.lang"
_UPDATE_ARTICLES = f"""
    UPDATE articles AS a SET
        source = b.source, url = b.url, location = b.location, document_id = b.document_id,
        author = b.author, published_at = b.published_at, published_raw = b.published_raw,
        lang = b.lang, lang_confidence = b.lang_confidence, lang_method = b.lang_method,
        translation_status = CASE WHEN {_SAME_TEXT} THEN a.translation_status ELSE b.translation_status END,
        title_en = CASE WHEN {_SAME_TEXT} THEN a.title_en ELSE NULL END,
        text_en = CASE WHEN {_SAME_TEXT} THEN a.text_en ELSE NULL END,
        translation_model = CASE WHEN {_SAME_TEXT} THEN a.translation_model ELSE NULL END,
        translation_score = CASE WHEN {_SAME_TEXT} THEN a.translation_score ELSE NULL END,
        translation_flags = CASE WHEN {_SAME_TEXT} THEN a.translation_flags ELSE NULL END,
        title = b.title, text = b.text,
        content_hash = b.content_hash, updated_at = ?, run_id = ?
    FROM art_batch AS b
    WHERE a.article_id = b.article_id AND a.content_hash <> b.content_hash
"""


# Articles of the batch whose stored translation the update below voids (their text or title changed).
_TRANSLATION_VOIDED = f"""
    SELECT a.article_id FROM articles AS a JOIN art_batch AS b USING (article_id)
    WHERE a.content_hash <> b.content_hash AND NOT ({_SAME_TEXT}) AND a.text_en IS NOT NULL
"""


class ArticleStore:
    """Documents (inputs as read) and articles (what was extracted from them), with their failures."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def store_batch(self, run_id: str, batch: BatchResult) -> BatchCounts:
        """Documents, articles and failures of one batch in one transaction; returns what changed."""
        docs = _dedupe(batch.documents, "document_id")
        articles = _dedupe(batch.articles, "article_id")

        def work(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
            now = utcnow()
            self._insert_documents(con, run_id, docs)
            changed = self._upsert_articles(con, run_id, articles, now)
            insert_failures(con, run_id, batch.failures, now)
            story_links.link(con, story_links.original_texts(articles), batch.fingerprints)
            return changed

        new, updated = self.backend.run(work, upsert=True)
        # An article repeated within the batch counts as unchanged, as it would in a later batch: counts add up.
        unchanged = len(batch.articles) - new - updated + batch.unchanged
        return BatchCounts(new=new, updated=updated, unchanged=unchanged, failed=len(batch.failures))

    def _insert_documents(self, con: duckdb.DuckDBPyConnection, run_id: str, docs: list[DocumentRecord]) -> None:
        if not docs:
            return
        cols = ", ".join(_DOC_COLS)
        con.register("doc_batch", _table(docs, _DOC_COLS, arrow_schema("documents", _DOC_COLS)))
        try:
            if self.backend.keyed:
                con.execute(
                    f"INSERT INTO documents ({cols}, run_id) SELECT {cols}, ? FROM doc_batch ON CONFLICT DO NOTHING",
                    [run_id],
                )
            else:
                con.execute(
                    f"INSERT INTO documents ({cols}, run_id) SELECT {', '.join('b.' + c for c in _DOC_COLS)}, ? "
                    "FROM doc_batch b ANTI JOIN documents d USING (document_id)",
                    [run_id],
                )
        finally:
            con.unregister("doc_batch")

    def _upsert_articles(
        self, con: duckdb.DuckDBPyConnection, run_id: str, articles: list[ArticleRecord], now: datetime
    ) -> tuple[int, int]:
        if not articles:
            return 0, 0
        con.register("art_batch", _table(articles, _ARTICLE_COLS, arrow_schema("articles", _ARTICLE_COLS)))
        try:
            row = con.execute(
                "SELECT count(*) FILTER (WHERE a.article_id IS NULL), "
                "count(*) FILTER (WHERE a.article_id IS NOT NULL AND a.content_hash <> b.content_hash) "
                "FROM art_batch b LEFT JOIN articles a USING (article_id)"
            ).fetchone()
            new, updated = (int(row[0]), int(row[1])) if row else (0, 0)
            if updated:
                translation_history.keep_replaced(
                    con, _TRANSLATION_VOIDED, translation_history.TEXT_CHANGED, now, run_id
                )
                con.execute(_UPDATE_ARTICLES, [now, run_id])
            if new:
                con.execute(
                    f"INSERT INTO articles ({', '.join(_ARTICLE_COLS)}, first_seen_at, updated_at, run_id) "
                    f"SELECT {', '.join('b.' + c for c in _ARTICLE_COLS)}, ?, ?, ? FROM art_batch b "
                    "ANTI JOIN articles a USING (article_id)",
                    [now, now, run_id],
                )
        finally:
            con.unregister("art_batch")
        return new, updated

    def record_failures(self, run_id: str | None, failures: Sequence[Failure]) -> None:
        self.backend.run(lambda con: insert_failures(con, run_id, failures, utcnow()))

    # ---------------------------------------------------------------- what is stored already

    def known_documents(self, document_ids: Sequence[str]) -> StoredDocuments:
        """Which of these documents are stored already (same source, location and bytes): with their article,
        or without one but with a failure on record, so that an unchanged bad input is reported as a known
        failure instead of failing every scheduled run again. One transaction for both: a rerun asks this
        for every chunk."""
        if not document_ids:
            return StoredDocuments(frozenset(), {})
        ids = packed(document_ids)

        def work(con: duckdb.DuckDBPyConnection) -> tuple[list[Any], list[Any]]:
            stored = con.execute(f"SELECT document_id FROM articles WHERE document_id {IN_KEYS}", [ids])
            with_article = stored.fetchall()
            failed = con.execute(
                "SELECT document_id, arg_max(error, occurred_at) FROM failures "
                f"WHERE document_id {IN_KEYS} GROUP BY document_id",
                [ids],
            ).fetchall()
            return with_article, failed

        with_article, failed = self.backend.run(work)
        known = frozenset(row[0] for row in with_article)
        return StoredDocuments(known, {doc: error for doc, error in failed if doc not in known})

    def previous_fetches(self, urls: Sequence[str]) -> Mapping[str, PreviousFetch]:
        """The validators of the newest stored copy of each URL, for conditional requests.

        Stored in the same transaction as its articles: a run killed between fetching and storing simply
        fetches again next time.
        """
        if not urls:
            return {}
        rows = self.backend.run(
            lambda con: con.execute(
                "SELECT location, etag, modified_at, content_hash FROM documents "
                f"WHERE location {IN_KEYS} "
                "QUALIFY row_number() OVER (PARTITION BY location ORDER BY fetched_at DESC) = 1",
                [packed(urls)],
            ).fetchall()
        )
        return {row[0]: PreviousFetch(*row) for row in rows}

    def iter_documents(
        self,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        batch_size: int = 500,
    ) -> Iterator[list[dict[str, Any]]]:
        """The newest stored document per location dated in the window (its article's publication time, else
        its fetch time), in batches (each batch read in its own short transaction)."""
        window = Window(since, until)
        where, params = ("source = ?", [source]) if source else ("TRUE", [])
        query = (
            "SELECT document_id FROM (SELECT document_id, source, location, row_number() OVER "
            f"(PARTITION BY source, location ORDER BY fetched_at DESC) AS rn FROM documents WHERE {where}) "
            "WHERE rn = 1 ORDER BY source, location"
        )
        ids = [row[0] for row in self.backend.run(lambda con: con.execute(query, params).fetchall())]
        for start in range(0, len(ids), batch_size):
            rows = self.backend.run(partial(_documents, ids=ids[start : start + batch_size]))
            if window:
                rows = [r for r in rows if window.contains(r.get("published_at") or r["fetched_at"])]
            if rows:
                yield rows


def _documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    cursor = con.execute(
        "SELECT d.*, a.published_at FROM documents d LEFT JOIN articles a USING (document_id) "
        f"WHERE d.document_id {IN_KEYS}",
        [packed(ids)],
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
