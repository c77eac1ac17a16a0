"""No translation is lost: the English an article had goes to `translation_history` before anything replaces it.

Called inside the transaction that replaces or voids the translation, so the history row and the change
commit together. The replaced translation's sentence pairs are removed with it (the history keeps its text).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

RETRANSLATED = "retranslated"
TEXT_CHANGED = "text changed"


def keep_replaced(
    con: duckdb.DuckDBPyConnection, article_ids_sql: str, reason: str, now: datetime, run_id: str | None
) -> None:
    """Copy the current translation of the articles ``article_ids_sql`` selects (one column, article_id; their
    text_en is not NULL) into translation_history, and drop their sentence pairs."""
    con.execute(
        "INSERT INTO translation_history (article_id, title_en, text_en, model, translated_at, translation_score, "
        "translation_flags, replaced_at, reason, run_id) "
        "SELECT article_id, title_en, text_en, translation_model, translated_at, translation_score, "
        f"translation_flags, ?, ?, ? FROM articles WHERE text_en IS NOT NULL AND article_id IN ({article_ids_sql})",
        [now, reason, run_id],
    )
    con.execute(f"DELETE FROM translation_segments WHERE article_id IN ({article_ids_sql})")
