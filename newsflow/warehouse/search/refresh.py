"""The search index of a warehouse, refreshed at the end of a job that changed articles.

On a file the BM25 indexes live in the warehouse itself. A DuckLake cannot hold them: with DuckDB 1.5.5
`PRAGMA create_fts_index` on a lake table fails to commit ("Failed to convert DuckDB type to DuckLake -
unsupported type NULL", an internal column of the index tables). So a lake is searched through a local
DuckDB file holding a copy of `articles` and the indexes (see lake_search.py).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, Protocol

import duckdb

from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.backends.duckdb_file import FileBackend, read_connection
from newsflow.warehouse.search import bm25 as search

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings
    from newsflow.warehouse.backends.ducklake import LakeBackend


class SearchIndex(Protocol):
    def refresh(self, force: bool = False) -> search.Refreshed | None:
        """Update for the articles changed since the last refresh (by any run); None when none changed."""
        ...


class FileSearchIndex:
    def __init__(self, backend: FileBackend) -> None:
        self.backend = backend

    def refresh(self, force: bool = False) -> search.Refreshed | None:
        return search.refresh(partial(self.backend.run, transaction=False), force)


def open_search_reader(settings: WarehouseSettings) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection that holds the search indexes: the file itself, or a lake's local index
    (refreshed first when the lake changed since it was built)."""
    if settings.backend != "ducklake" or settings.search_index is None:
        return read_connection(settings.path, settings.lock_timeout_s)
    from newsflow.warehouse.backends.ducklake import LakeBackend
    from newsflow.warehouse.search.lake_copy import LakeSearchIndex

    with LakeBackend(settings).read():  # a missing lake is named as such, not as a missing index
        pass
    LakeSearchIndex(settings).refresh()
    return read_connection(settings.search_index, settings.lock_timeout_s)


def search_index_for(backend: Backend) -> SearchIndex:
    if isinstance(backend, FileBackend):
        return FileSearchIndex(backend)
    from newsflow.warehouse.search.lake_copy import LakeSearchIndex

    lake: LakeBackend = backend  # type: ignore[assignment]
    return LakeSearchIndex(lake.settings)
