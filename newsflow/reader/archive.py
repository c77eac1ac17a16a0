"""Read queries for one article, its story, its sentence pairs and the review list, on a read-only connection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import duckdb

from newsflow.translation.segments import Segment
from newsflow.warehouse.search import scores

_HEX = re.compile(r"^[0-9a-f]{6,64}$")


class ArticleNotFound(LookupError):
    """No article, or more than one, for what was asked; the message says which."""


@dataclass(frozen=True)
class Article:
    article_id: str
    source: str
    url: str | None
    location: str
    title: str | None
    published_at: datetime | None
    published_raw: str | None
    lang: str
    text: str
    title_en: str | None
    text_en: str | None
    translation_status: str
    translation_model: str | None
    translation_score: float | None
    translation_flags: tuple[str, ...]
    story_id: str | None
    first_seen_at: datetime

    @property
    def english_title(self) -> str | None:
        return self.title if self.lang == "en" else self.title_en

    @property
    def english_text(self) -> str | None:
        return self.text if self.lang == "en" else self.text_en


@dataclass(frozen=True)
class Version:
    """Another article of the same story."""

    article_id: str
    source: str
    lang: str
    title: str | None
    published_at: datetime | None
    first_seen_at: datetime


_ARTICLE_COLS = (
    "article_id, source, url, location, title, published_at, published_raw, lang, text, title_en, text_en, "
    "translation_status, translation_model, translation_score, translation_flags, story_id, first_seen_at"
)


def resolve(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """The article_id that ``ref`` names: an article id, a unique prefix of one (6+ hex digits, as search prints
    them), or the article's URL or location."""
    ref = ref.strip()
    rows = con.execute("SELECT article_id FROM articles WHERE article_id = ?", [ref]).fetchall()  # the key first
    if not rows:
        rows = con.execute(
            "SELECT article_id FROM articles WHERE url = $r OR location = $r LIMIT 2", {"r": ref}
        ).fetchall()
    if not rows and _HEX.match(ref.lower()):
        rows = con.execute(
            "SELECT article_id FROM articles WHERE starts_with(article_id, $r) LIMIT 2", {"r": ref.lower()}
        ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if rows:
        raise ArticleNotFound(f"{ref!r} names more than one article: give more of the id")
    raise ArticleNotFound(f"no article {ref!r} (an article id, a prefix of one, or its URL)")


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article:
    row = con.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE article_id = ?", [article_id]).fetchone()
    if row is None:
        raise ArticleNotFound(f"no article {article_id!r}")
    values = list(row)
    values[14] = tuple(values[14] or ())
    return Article(*values)


def versions(con: duckdb.DuckDBPyConnection, story_id: str | None) -> list[Version]:
    """Every article of a story, first seen first."""
    if story_id is None:
        return []
    rows = con.execute(
        "SELECT article_id, source, lang, coalesce(title_en, title), published_at, first_seen_at FROM articles "
        "WHERE story_id = ? ORDER BY first_seen_at, article_id",
        [story_id],
    ).fetchall()
    return [Version(*row) for row in rows]


def segments(con: duckdb.DuckDBPyConnection, article_id: str) -> list[Segment]:
    """The article's sentence pairs, title first, in reading order."""
    rows = con.execute(
        "SELECT field, paragraph, line, position, original, english, score, tokens, flags FROM translation_segments "
        "WHERE article_id = ? ORDER BY field = 'text', paragraph, position",
        [article_id],
    ).fetchall()
    return [Segment(f, p, n, pos, o, e, s, t, tuple(fl or ())) for f, p, n, pos, o, e, s, t, fl in rows]


def review(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[dict[str, object]]:
    """Rows of translation_review, worst first."""
    cursor = con.execute("SELECT * FROM translation_review LIMIT ?", [limit])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The last runs and the last failures, newest first (as `newsflow status`)."""
    run_cursor = con.execute(
        "SELECT run_id, flow, status, started_at, finished_at, n_read, n_new, n_updated, n_unchanged, n_failed, "
        "n_translated, error FROM runs ORDER BY started_at DESC LIMIT ?",
        [limit],
    )
    run_cols = [c[0] for c in run_cursor.description]
    run_rows = [dict(zip(run_cols, r, strict=True)) for r in run_cursor.fetchall()]
    fail_cursor = con.execute(
        "SELECT occurred_at, source, location, stage, error FROM failures ORDER BY occurred_at DESC LIMIT ?", [limit]
    )
    fail_cols = [c[0] for c in fail_cursor.description]
    return run_rows, [dict(zip(fail_cols, r, strict=True)) for r in fail_cursor.fetchall()]


@dataclass(frozen=True)
class Hit:
    article_id: str
    score: float | None  # BM25; None when listing without words
    source: str
    lang: str
    published_at: datetime | None
    title: str | None
    story_id: str | None
    snippet: str


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    lang: str | None = None
    since: datetime | None = None  # published (else first seen) on or after
    until: datetime | None = None  # before
    story: str | None = None


def search(con: duckdb.DuckDBPyConnection, words: str, filters: Filters, limit: int = 50) -> list[Hit]:
    """BM25 over the English text (as `newsflow search`), or the newest articles when no words are given; both
    narrowed by the filters. ``con`` holds the search index (``open_search_reader``) when words are given."""
    where = [
        "($source IS NULL OR a.source = $source)",
        "($lang IS NULL OR a.lang = $lang)",
        "($since IS NULL OR coalesce(a.published_at, a.first_seen_at) >= $since)",
        "($until IS NULL OR coalesce(a.published_at, a.first_seen_at) < $until)",
        "($story IS NULL OR a.story_id = $story)",
    ]
    params: dict[str, object] = {
        "source": filters.source,
        "lang": filters.lang,
        "since": filters.since,
        "until": filters.until,
        "story": filters.story,
        "limit": limit,
    }
    columns = (
        "a.source, a.lang, a.published_at, coalesce(a.title_en, a.title), a.story_id, "
        "left(regexp_replace(coalesce(a.text_en, a.text), '\\s+', ' ', 'g'), 200)"
    )
    if words.strip():
        hits = scores.scores_sql("search_en", scores.query_terms(con, "search_en", words))
        # The best hits first, on narrow columns; the texts are read for those alone (reading them for every
        # match made a search over 10,000 articles ten times the cost of its BM25).
        sql = (
            f"WITH top AS (SELECT h.article_id, h.score, a.published_at FROM ({hits}) h "
            f"JOIN articles a USING (article_id) WHERE {' AND '.join(where)} "
            "ORDER BY h.score DESC, a.published_at DESC NULLS LAST LIMIT $limit) "
            f"SELECT top.article_id, top.score, {columns} FROM top JOIN articles a USING (article_id) "
            "ORDER BY top.score DESC, top.published_at DESC NULLS LAST"
        )
    else:
        sql = (
            f"SELECT a.article_id, NULL, {columns} FROM articles a WHERE {' AND '.join(where)} "
            "ORDER BY coalesce(a.published_at, a.first_seen_at) DESC, a.article_id LIMIT $limit"
        )
    return [Hit(*row) for row in con.execute(sql, params).fetchall()]


def sources_and_languages(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """What the filters can choose from."""
    sources = [r[0] for r in con.execute("SELECT DISTINCT source FROM articles ORDER BY 1").fetchall()]
    langs = [r[0] for r in con.execute("SELECT DISTINCT lang FROM articles ORDER BY 1").fetchall()]
    return sources, langs
