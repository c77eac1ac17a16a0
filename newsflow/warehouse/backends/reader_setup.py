"""Per-connection setup for readers (extensions that views and search rely on)."""

from __future__ import annotations

import contextlib

import duckdb

from newsflow.warehouse.search.bm25 import SearchUnavailable, load_fts


def prepare_reader(con: duckdb.DuckDBPyConnection) -> None:
    """Make a read-only connection ready for analysts' SQL: fts loaded, so fts_main_*.match_bm25 work.

    A missing extension only disables search; plain SQL and the views still work.
    """
    with contextlib.suppress(SearchUnavailable):
        load_fts(con)
