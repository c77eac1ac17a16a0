"""Per-connection setup for readers (extensions that views and search rely on)."""

from __future__ import annotations

import duckdb


def prepare_reader(con: duckdb.DuckDBPyConnection) -> None:
    """Make a read-only connection ready for analysts' SQL."""
    return None
