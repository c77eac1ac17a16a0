"""Per-connection setup for readers (extensions that views and search rely on)."""

from __future__ import annotations

import contextlib
import re

import duckdb

from newsflow.warehouse.backends import extensions

# SQL that needs the fts extension: the search schemas' macros (fts_main_*.match_bm25) and its stemmer.
_USES_FTS = re.compile(r"\bfts_main_|\bmatch_bm25\b|\bstem\s*\(", re.IGNORECASE)


def needs_fts(sql: str) -> bool:
    return bool(_USES_FTS.search(sql))


def prepare_reader(con: duckdb.DuckDBPyConnection, sql: str | None = None) -> None:
    """Make a read-only connection ready for analysts' SQL: fts loaded, so fts_main_*.match_bm25 work.

    With the SQL given, fts is loaded only when the SQL uses it (loading it is most of a count's cost).
    A missing extension only disables search; plain SQL and the views still work.
    """
    if sql is not None and not needs_fts(sql):
        return
    with contextlib.suppress(extensions.ExtensionMissing):
        extensions.load_extension(con, "fts")
