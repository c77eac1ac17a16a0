"""The translation queue: articles waiting for English text, and the translations coming back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pyarrow as pa

from newsflow.common.times import utcnow
from newsflow.records import Failure
from newsflow.translation.segments import Segment
from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.keys import IN_KEYS, packed
from newsflow.warehouse.schema import arrow_schema
from newsflow.warehouse.stores import story_links, translation_history
from newsflow.warehouse.stores.articles import insert_failures


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
    segments: tuple[Segment, ...] = ()
    score: float | None = None
    flags: tuple[str, ...] = ()


_DONE_COLS = ("article_id", "title_en", "text_en", "translation_model", "translation_score", "translation_flags")
_SEGMENT_COLS = (
    "article_id",
    "field",
    "paragraph",
    "line",
    "position",
    "original",
    "english",
    "score",
    "tokens",
    "flags",
    "model",
)


# A claim older than this is void even if its run still says 'running' (a run killed outright keeps that status
# until the next run marks it crashed): far longer than one batch takes to translate.
CLAIM_LEASE = timedelta(minutes=30)
# Claims that still hold: their run is running (or is no run at all) and the lease has not passed.
_LIVE_CLAIMS = (
    "SELECT article_id FROM translation_claims WHERE claimed_at >= ? "
    "AND run_id NOT IN (SELECT run_id FROM runs WHERE status <> 'running')"
)


class TranslationQueue:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def claim(
        self, langs: Sequence[str], claimant: str, limit: int, retry_failed: bool = False
    ) -> list[PendingArticle]:
        """Up to `limit` waiting articles that no other live claim holds, claimed for `claimant` in one
        transaction: a keyed write, so two runs claiming at once on a lake conflict and one retries, then
        skips what the other claimed. The oldest first, as `pending` lists them."""
        statuses = ["pending", "failed"] if retry_failed else ["pending"]

        def work(con: duckdb.DuckDBPyConnection) -> list[PendingArticle]:
            now = utcnow()
            expired = now - CLAIM_LEASE
            con.execute(
                "DELETE FROM translation_claims WHERE claimed_at < ? "
                "OR run_id IN (SELECT run_id FROM runs WHERE status <> 'running')",
                [expired],
            )
            rows = con.execute(
                f"SELECT article_id, lang, title, text FROM articles WHERE translation_status {IN_KEYS} "
                f"AND lang {IN_KEYS} AND article_id NOT IN ({_LIVE_CLAIMS}) "
                "ORDER BY first_seen_at, article_id LIMIT ?",
                [packed(statuses), packed(langs), expired, limit],
            ).fetchall()
            if rows:
                con.execute(
                    "INSERT INTO translation_claims SELECT unnest(string_split(?, chr(0))), ?, ?",
                    [packed([row[0] for row in rows]), claimant, now],
                )
            return [PendingArticle(*row) for row in rows]

        claimed: list[PendingArticle] = self.backend.run(work, upsert=True)
        return claimed

    def release(self, claimant: str) -> None:
        """Drop what claimant still holds: at the end of its translation, the articles that failed, and those
        claimed but never stored when it stopped early."""
        self.backend.run(
            lambda con: con.execute("DELETE FROM translation_claims WHERE run_id = ?", [claimant]), upsert=True
        )

    def translated_by(self, langs: Sequence[str]) -> list[tuple[str, str, str | None]]:
        """(article_id, lang, translation_model) of the translated articles in these languages."""
        rows = self.backend.run(
            lambda con: con.execute(
                f"SELECT article_id, lang, translation_model FROM articles WHERE translation_status = 'translated' "
                f"AND lang {IN_KEYS} ORDER BY first_seen_at, article_id",
                [packed(langs)],
            ).fetchall()
        )
        return [(str(a), str(b), c) for a, b, c in rows]

    def articles(self, article_ids: Sequence[str]) -> list[PendingArticle]:
        """These articles' originals, to translate again."""
        rows = self.backend.run(
            lambda con: con.execute(
                f"SELECT article_id, lang, title, text FROM articles WHERE article_id {IN_KEYS} "
                "ORDER BY first_seen_at, article_id",
                [packed(article_ids)],
            ).fetchall()
        )
        return [PendingArticle(*row) for row in rows]

    def pending(self, langs: Sequence[str], retry_failed: bool = False) -> list[PendingArticle]:
        statuses = ["pending", "failed"] if retry_failed else ["pending"]
        rows = self.backend.run(
            lambda con: con.execute(
                f"SELECT article_id, lang, title, text FROM articles WHERE translation_status {IN_KEYS} "
                f"AND lang {IN_KEYS} ORDER BY first_seen_at, article_id",
                [packed(statuses), packed(langs)],
            ).fetchall()
        )
        return [PendingArticle(*row) for row in rows]

    def store(
        self, run_id: str | None, done: Sequence[TranslationRow], failed: Sequence[tuple[str, str]]
    ) -> list[Failure]:
        """Translated rows become 'translated'; failed ones 'failed' with a failures row each (returned, so the
        run's summary names each article and why)."""
        unique = list({row.article_id: row for row in done}.values())

        def work(con: duckdb.DuckDBPyConnection) -> list[Failure]:
            now = utcnow()
            if unique:
                _store_done(con, run_id, unique, now)
            stored = _store_failed(con, run_id, failed, now) if failed else []
            if unique:  # translated: their claims are done (failed ones stay claimed, so the job does not retry them)
                con.execute(
                    f"DELETE FROM translation_claims WHERE article_id {IN_KEYS}", [packed(r.article_id for r in unique)]
                )
            return stored

        failures: list[Failure] = self.backend.run(work, upsert=True)
        return failures


def _store_done(con: duckdb.DuckDBPyConnection, run_id: str | None, done: list[TranslationRow], now: datetime) -> None:
    batch = pa.Table.from_pylist(
        [
            dict(zip(_DONE_COLS, (d.article_id, d.title_en, d.text_en, d.model, d.score, list(d.flags)), strict=True))
            for d in done
        ],
        schema=arrow_schema("articles", _DONE_COLS),
    )
    segments = pa.Table.from_pylist(
        [_segment_row(d, s) for d in done for s in d.segments],
        schema=arrow_schema("translation_segments", _SEGMENT_COLS),
    )
    con.register("tr_batch", batch)
    con.register("tr_segments", segments)
    try:
        # The translation an article has now goes to the history first (and its sentence pairs away).
        translation_history.keep_replaced(
            con, "SELECT article_id FROM tr_batch", translation_history.RETRANSLATED, now, run_id
        )
        con.execute("DELETE FROM translation_segments WHERE article_id IN (SELECT article_id FROM tr_batch)")
        con.execute(
            "UPDATE articles AS a SET title_en = t.title_en, text_en = t.text_en, "
            "translation_model = t.translation_model, translation_score = t.translation_score, "
            "translation_flags = t.translation_flags, translation_status = 'translated', translated_at = ?, "
            "updated_at = ? FROM tr_batch t WHERE a.article_id = t.article_id",
            [now, now],
        )
        cols = ", ".join(_SEGMENT_COLS)
        con.execute(f"INSERT INTO translation_segments ({cols}) SELECT {cols} FROM tr_segments")
    finally:
        con.unregister("tr_batch")
        con.unregister("tr_segments")
    story_links.link(con, [story_links.StoryText(d.article_id, story_links.ENGLISH, d.text_en) for d in done])


def _segment_row(row: TranslationRow, s: Segment) -> dict[str, object]:
    values = (row.article_id, s.field, s.paragraph, s.line, s.position, s.original, s.english, s.score, s.tokens)
    return dict(zip(_SEGMENT_COLS, (*values, list(s.flags), row.model), strict=True))


def _store_failed(
    con: duckdb.DuckDBPyConnection, run_id: str | None, failed: Sequence[tuple[str, str]], now: datetime
) -> list[Failure]:
    ids = [f[0] for f in failed]
    con.execute(
        f"UPDATE articles SET translation_status = 'failed', updated_at = ? WHERE article_id {IN_KEYS}",
        [now, packed(ids)],
    )
    located = dict(
        con.execute(
            f"SELECT article_id, source || '\x1f' || location FROM articles WHERE article_id {IN_KEYS}",
            [packed(ids)],
        ).fetchall()
    )
    failures = []
    for article_id, error in failed:
        source, _, location = located.get(article_id, "?\x1f" + article_id).partition("\x1f")
        failures.append(Failure(source, location, "translate", error))
    insert_failures(con, run_id, failures, now)
    return failures
