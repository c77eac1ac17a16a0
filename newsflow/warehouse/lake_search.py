"""Search for a lake: a local DuckDB file with a copy of the lake's articles and the BM25 indexes.

Refreshed at the end of every job that changed articles (on the machine that ran it) and by `newsflow
search` itself whenever the lake's articles changed since the last build, so a search on any machine
sees the lake as of the moment it was run. The file is a small file warehouse (same migrations), so the
search SQL is the same on both backends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb

from newsflow.warehouse import search
from newsflow.warehouse.connect import write_connection
from newsflow.warehouse.lake import attach_sql, load_lake_extensions

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings

_SOURCE = "lake_source"


class LakeSearchIndex:
    def __init__(self, settings: WarehouseSettings) -> None:
        assert settings.search_index is not None
        self.settings = settings
        self.path = settings.search_index

    def refresh(self, force: bool = False) -> bool:
        """Copy the lake's articles and rebuild the indexes, when the lake changed since the last build."""
        with write_connection(self.path, self.settings.lock_timeout_s) as con:
            load_lake_extensions(con, self.settings)
            con.execute(attach_sql(self.settings, read_only=True, alias=_SOURCE))
            try:
                if not force and _built_from(con) == _fingerprint(con, f"{_SOURCE}.articles"):
                    return False
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute("DELETE FROM articles")
                    con.execute(f"INSERT INTO articles BY NAME SELECT * FROM {_SOURCE}.articles")
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise
                search.refresh(con, force=True)
            finally:
                con.execute(f"DETACH {_SOURCE}")
        return True


def _fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, Any]:
    row = con.execute(f"SELECT count(*), max(updated_at) FROM {table}").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _built_from(con: duckdb.DuckDBPyConnection) -> tuple[int, Any] | None:
    row = con.execute("SELECT articles, last_update FROM search_index_state LIMIT 1").fetchone()
    return (int(row[0]), row[1]) if row else None
