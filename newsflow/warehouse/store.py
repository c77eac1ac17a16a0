"""The warehouse writer: runs, bulk idempotent upserts, failures, translations.

Each write opens the file, writes one batch in one transaction and closes it again, so readers
get in between batches and a killed process leaves only whole batches behind.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsflow.batching import chunked
from newsflow.records import ArticleRecord, BatchResult, DocumentRecord, Failure, RawDocument, Unchanged
from newsflow.times import utc_naive, utcnow
from newsflow.warehouse import search
from newsflow.warehouse import stories as story_links
from newsflow.warehouse.connect import WriterLock, write_connection
from newsflow.warehouse.transaction import rollback

_DOC_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("source", pa.string()),
        ("location", pa.string()),
        ("url", pa.string()),
        ("content", pa.binary()),
        ("content_type", pa.string()),
        ("encoding", pa.string()),
        ("content_hash", pa.string()),
        ("fetched_at", pa.timestamp("us")),
        ("modified_at", pa.timestamp("us")),
        ("etag", pa.string()),
        ("hints", pa.string()),
    ]
)
_ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("location", pa.string()),
        ("document_id", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("lang", pa.string()),
        ("lang_confidence", pa.float64()),
        ("text", pa.string()),
        ("translation_status", pa.string()),
        ("content_hash", pa.string()),
        ("published_raw", pa.string()),
        ("lang_method", pa.string()),
    ]
)
_Item = RawDocument | Failure | Unchanged
_ARTICLE_COLS = [f.name for f in fields(ArticleRecord)]
_DOC_COLS = [f.name for f in fields(DocumentRecord)]


@dataclass(frozen=True)
class BatchCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def __add__(self, other: BatchCounts) -> BatchCounts:
        return BatchCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.failed + other.failed,
        )


@dataclass(frozen=True)
class PendingArticle:
    article_id: str
    lang: str
    title: str | None
    text: str


@dataclass(frozen=True)
class TranslationRow:
    article_id: str
    title_en: str | None
    text_en: str
    model: str


def _table(rows: Sequence[Any], names: list[str], schema: pa.Schema) -> pa.Table:
    # Column by column through C-level map/attrgetter: a per-value Python loop was 55 % of a 50k upsert,
    # and transposing with zip(*rows) still cost 4x this.
    if not rows:
        return schema.empty_table()
    values = [list(map(attrgetter(name), rows)) for name in names]
    columns: dict[str, Any] = {}
    for name, column in zip(names, values, strict=True):
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


class Writer:
    """The one writer of a warehouse, for the length of one job (an ingest, a translation run...).

    Holds the job lock for its lifetime and a DuckDB connection only while a batch is written.
    Safe to share between threads of one process: batches are written one at a time.
    """

    def __init__(self, db_path: Path, job: str, timeout_s: float = 30.0) -> None:
        self.db_path = db_path
        self.timeout_s = timeout_s
        self._job_lock = WriterLock(db_path, job, timeout_s)
        self._mutex = threading.Lock()

    def __enter__(self) -> Writer:
        self._job_lock.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._job_lock.__exit__(*exc)

    def _connect(self) -> Any:
        return write_connection(self.db_path, self.timeout_s)

    # ---------------------------------------------------------------- runs

    def start_run(self, flow: str, parameters: dict[str, Any], flow_run_id: str | None = None) -> str:
        """Record a new run; any run still marked running cannot be alive (we hold the job lock): crashed."""
        run_id = utcnow().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        with self._mutex, self._connect() as con:
            for note in self._job_lock.unrecorded:  # ends that a full disk kept out of the warehouse
                con.execute(
                    "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?), error = ? "
                    "WHERE run_id = ? AND status = 'running'",
                    [note.get("status", "failed"), utcnow(), note.get("error"), note["run_id"]],
                )
            con.execute(
                "UPDATE runs SET status = 'crashed', finished_at = coalesce(finished_at, ?), "
                "error = coalesce(error, 'process ended before the run finished') WHERE status = 'running'",
                [utcnow()],
            )
            con.execute(
                "INSERT INTO runs (run_id, flow, flow_run_id, parameters, started_at, status, pid, host) "
                "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                [
                    run_id,
                    flow,
                    flow_run_id,
                    json.dumps(parameters, default=str),
                    utcnow(),
                    os.getpid(),
                    socket.gethostname(),
                ],
            )
        self._job_lock.forget_notes()
        return run_id

    def leave_run_end(self, run_id: str, status: str, error: str) -> bool:
        """For a run whose end the warehouse refused (full disk): the next job records it; False if it cannot."""
        return self._job_lock.leave_note(run_id, status, error)

    def finish_run(
        self,
        run_id: str,
        status: str,
        counts: BatchCounts,
        n_read: int,
        n_translated: int = 0,
        error: str | None = None,
    ) -> None:
        with self._mutex, self._connect() as con:
            con.execute(
                "UPDATE runs SET status = ?, finished_at = ?, n_read = ?, n_new = ?, n_updated = ?, n_unchanged = ?, "
                "n_failed = ?, n_translated = ?, error = ? WHERE run_id = ?",
                [
                    status,
                    utcnow(),
                    n_read,
                    counts.new,
                    counts.updated,
                    counts.unchanged,
                    counts.failed,
                    n_translated,
                    error,
                    run_id,
                ],
            )

    # ---------------------------------------------------------------- ingest

    def store_batch(self, run_id: str, batch: BatchResult) -> BatchCounts:
        """Documents, articles and failures of one batch in one transaction; returns what changed."""
        docs = _dedupe(batch.documents, "document_id")
        articles = _dedupe(batch.articles, "article_id")
        now = utcnow()
        with self._mutex, self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                new, updated = self._upsert(con, run_id, docs, articles, now)
                self._insert_failures(con, run_id, batch.failures, now)
                story_links.link(con, story_links.original_texts(articles), batch.fingerprints)
                con.execute("COMMIT")
            except Exception:
                rollback(con)
                raise
        # An article repeated within the batch counts as unchanged, as it would in a later batch: counts add up.
        unchanged = len(batch.articles) - new - updated + batch.unchanged
        return BatchCounts(new=new, updated=updated, unchanged=unchanged, failed=len(batch.failures))

    def _upsert(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        docs: list[DocumentRecord],
        articles: list[ArticleRecord],
        now: datetime,
    ) -> tuple[int, int]:
        if docs:
            doc_batch = _table(docs, _DOC_COLS, _DOC_SCHEMA)
            con.register("doc_batch", doc_batch)
            con.execute(
                f"INSERT INTO documents ({', '.join(_DOC_COLS)}, run_id) "
                f"SELECT {', '.join(_DOC_COLS)}, ? FROM doc_batch ON CONFLICT DO NOTHING",
                [run_id],
            )
            con.unregister("doc_batch")
        if not articles:
            return 0, 0
        art_batch = _table(articles, _ARTICLE_COLS, _ARTICLE_SCHEMA)
        con.register("art_batch", art_batch)
        try:
            row = con.execute(
                "SELECT count(*) FILTER (WHERE a.article_id IS NULL), "
                "count(*) FILTER (WHERE a.article_id IS NOT NULL AND a.content_hash <> b.content_hash) "
                "FROM art_batch b LEFT JOIN articles a USING (article_id)"
            ).fetchone()
            new, updated = (int(row[0]), int(row[1])) if row else (0, 0)
            if updated:
                # A changed text or title makes the old translation wrong: back to the status ingest chose.
                con.execute(
                    """
                    UPDATE articles AS a SET
                        source = b.source, url = b.url, location = b.location, document_id = b.document_id,
                        author = b.author, published_at = b.published_at, published_raw = b.published_raw,
                        lang = b.lang, lang_confidence = b.lang_confidence, lang_method = b.lang_method,
                        translation_status = CASE WHEN a.text = b.text AND a.title IS NOT DISTINCT FROM b.title
                            AND a.lang = b.lang THEN a.translation_status ELSE b.translation_status END,
                        title_en = CASE WHEN a.text = b.text AND a.title IS NOT DISTINCT FROM b.title
                            AND a.lang = b.lang THEN a.title_en ELSE NULL END,
                        text_en = CASE WHEN a.text = b.text AND a.title IS NOT DISTINCT FROM b.title
                            AND a.lang = b.lang THEN a.text_en ELSE NULL END,
                        translation_model = CASE WHEN a.text = b.text AND a.title IS NOT DISTINCT FROM b.title
                            AND a.lang = b.lang THEN a.translation_model ELSE NULL END,
                        title = b.title, text = b.text,
                        content_hash = b.content_hash, updated_at = ?, run_id = ?
                    FROM art_batch AS b
                    WHERE a.article_id = b.article_id AND a.content_hash <> b.content_hash
                    """,
                    [now, run_id],
                )
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

    def _insert_failures(
        self, con: duckdb.DuckDBPyConnection, run_id: str | None, failures: Sequence[Failure], now: datetime
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
                "occurred_at": pa.array([now] * len(failures), pa.timestamp("us")),
            }
        )
        con.register("failure_batch", table)
        con.execute(
            "INSERT INTO failures (failure_id, run_id, source, location, stage, error, document_id, occurred_at) "
            "SELECT failure_id, run_id, source, location, stage, error, document_id, occurred_at FROM failure_batch"
        )
        con.unregister("failure_batch")

    def record_failures(self, run_id: str | None, failures: Sequence[Failure]) -> None:
        with self._mutex, self._connect() as con:
            self._insert_failures(con, run_id, failures, utcnow())

    # ---------------------------------------------------------------- documents for reprocessing

    def iter_documents(
        self,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        batch_size: int = 500,
    ) -> Iterator[list[dict[str, Any]]]:
        """The newest stored document per location, in batches (the connection is closed between batches)."""
        where, params = ["TRUE"], []
        if source:
            where.append("source = ?")
            params.append(source)
        query = (
            "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY source, location ORDER BY fetched_at DESC) AS rn "
            f"FROM documents WHERE {' AND '.join(where)}) WHERE rn = 1 ORDER BY source, location"
        )
        with self._mutex, self._connect() as con:
            keys = con.execute(f"SELECT document_id, fetched_at FROM ({query})", params).fetchall()
        ids = [k[0] for k in keys]
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            with self._mutex, self._connect() as con:
                cur = con.execute(
                    "SELECT d.*, a.published_at FROM documents d LEFT JOIN articles a USING (document_id) "
                    "WHERE d.document_id IN (SELECT unnest(?))",
                    [chunk],
                )
                names = [c[0] for c in cur.description]
                rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            if since or until:
                rows = [r for r in rows if _in_window(r.get("published_at") or r["fetched_at"], since, until)]
            if rows:
                yield rows

    # ---------------------------------------------------------------- translation

    def pending_articles(
        self, langs: Sequence[str], retry_failed: bool = False, limit: int | None = None
    ) -> list[PendingArticle]:
        statuses = ["pending", "failed"] if retry_failed else ["pending"]
        sql = (
            "SELECT article_id, lang, title, text FROM articles "
            "WHERE translation_status IN (SELECT unnest(?)) AND lang IN (SELECT unnest(?)) ORDER BY first_seen_at"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._mutex, self._connect() as con:
            rows = con.execute(sql, [statuses, list(langs)]).fetchall()
        return [PendingArticle(*row) for row in rows]

    def store_translations(
        self, run_id: str | None, done: Sequence[TranslationRow], failed: Sequence[tuple[str, str]]
    ) -> list[Failure]:
        """Translated rows become 'translated'; failed ones 'failed' with a failures row each (returned)."""
        now = utcnow()
        failures: list[Failure] = []
        with self._mutex, self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                if done:
                    table = pa.Table.from_pylist([asdict(d) for d in _dedupe(done, "article_id")])
                    con.register("tr_batch", table)
                    con.execute(
                        "UPDATE articles AS a SET title_en = t.title_en, text_en = t.text_en, "
                        "translation_model = t.model, translation_status = 'translated', translated_at = ?, "
                        "updated_at = ? FROM tr_batch t WHERE a.article_id = t.article_id",
                        [now, now],
                    )
                    con.unregister("tr_batch")
                    english = [story_links.StoryText(d.article_id, story_links.ENGLISH, d.text_en) for d in done]
                    story_links.link(con, english)
                if failed:
                    ids = [f[0] for f in failed]
                    con.execute(
                        "UPDATE articles SET translation_status = 'failed', updated_at = ? "
                        "WHERE article_id IN (SELECT unnest(?))",
                        [now, ids],
                    )
                    located = dict(
                        con.execute(
                            "SELECT article_id, source || '\x1f' || location FROM articles "
                            "WHERE article_id IN (SELECT unnest(?))",
                            [ids],
                        ).fetchall()
                    )
                    for article_id, error in failed:
                        source, _, location = located.get(article_id, "?\x1f" + article_id).partition("\x1f")
                        failures.append(Failure(source, location, "translate", error))
                    self._insert_failures(con, run_id, failures, now)
                con.execute("COMMIT")
            except Exception:
                rollback(con)
                raise
        return failures

    # ---------------------------------------------------------------- search and change detection

    def refresh_search_index(self, force: bool = False) -> search.Refreshed | None:
        """Update the full-text indexes for the articles changed since the last refresh (by any run, including
        one that crashed before its own refresh); None when nothing changed. Call at the end of a job."""
        return search.refresh(self._run, force)

    def _run(self, work: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        with self._mutex, self._connect() as con:
            return work(con)

    def known_documents(self, document_ids: Sequence[str]) -> set[str]:
        """Which of these documents are stored already (same source, location and bytes) with their article.

        A stored document without an article (it failed, or repeated another one) is processed again, so a
        still-bad input is reported again rather than counted unchanged.
        """
        if not document_ids:
            return set()
        with self._mutex, self._connect() as con:
            rows = con.execute(
                "SELECT document_id FROM articles WHERE document_id IN (SELECT unnest(?))", [list(document_ids)]
            ).fetchall()
        return {row[0] for row in rows}

    def skip_known(self, items: Iterable[_Item], chunk: int = 200) -> Iterator[_Item | Unchanged]:
        """Pass a source's stream through, turning documents already stored byte for byte into Unchanged.

        A rerun over unchanged input then skips decoding, extraction and language detection, which is
        nearly all of its cost. Safe because a document and its article commit in one transaction.
        """
        from newsflow.process import document_record

        for batch in chunked(items, chunk):
            ids = {id(item): document_record(item, None).document_id for item in batch if isinstance(item, RawDocument)}
            known = self.known_documents(list(ids.values()))
            for item in batch:
                if isinstance(item, RawDocument) and ids[id(item)] in known:
                    yield Unchanged(item.source, item.location)
                else:
                    yield item


def _in_window(value: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if value is None:
        return False
    return (since is None or value >= since) and (until is None or value < until)
