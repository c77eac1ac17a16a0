"""Search for a lake: a local DuckDB file with a copy of the lake's articles and the BM25 indexes.

Refreshed at the end of every job that changed articles (on the machine that ran it) and by `newsflow
search` itself whenever the lake's articles changed since the last build, so a search on any machine
sees the lake as of the moment it was run. The file is a small file warehouse (same migrations), so the
search SQL is the same on both backends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import duckdb

from newsflow.warehouse.backends.duckdb_file import write_connection
from newsflow.warehouse.backends.ducklake import attach_sql, load_lake_extensions
from newsflow.warehouse.backends.transaction import transaction
from newsflow.warehouse.search import bm25 as search

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings

_SOURCE = "lake_source"


class LakeSearchIndex:
    def __init__(self, settings: WarehouseSettings) -> None:
        assert settings.search_index is not None
        self.settings = settings
        self.path = settings.search_index

    def refresh(self, force: bool = False) -> search.Refreshed | None:
        """Bring the local copy of `articles` up to the lake's, then the indexes up to the copy; the copy is
        synced on the refresh's first opening of the local file, not on one of its own."""
        synced = False

        def run(work: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
            nonlocal synced
            with write_connection(self.path, self.settings.lock_timeout_s) as con:
                if not synced:
                    self._sync(con)
                    synced = True
                return work(con)

        return search.refresh(run, force)

    def _sync(self, con: duckdb.DuckDBPyConnection) -> None:
        """Replace the local articles by the lake's when they differ (count or newest update). Their
        updated_at values come along, so the index refresh then re-indexes only what changed."""
        load_lake_extensions(con, self.settings)
        con.execute(attach_sql(self.settings, read_only=True, alias=_SOURCE))
        try:
            if _fingerprint(con, "articles") == _fingerprint(con, f"{_SOURCE}.articles"):
                return
            with transaction(con):
                con.execute("DELETE FROM articles")
                con.execute(f"INSERT INTO articles BY NAME SELECT * FROM {_SOURCE}.articles")
        finally:
            con.execute(f"DETACH {_SOURCE}")


def _fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, Any]:
    row = con.execute(f"SELECT count(*), max(updated_at) FROM {table}").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)
