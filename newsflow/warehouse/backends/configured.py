"""The backend [warehouse] configures: the one module that knows both implementations."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import duckdb

from newsflow.warehouse.backends.base import Backend
from newsflow.warehouse.backends.duckdb_file import FileBackend, read_connection

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings


def open_backend(settings: WarehouseSettings) -> Backend:
    """The backend [warehouse] configures."""
    if settings.backend == "ducklake":
        from newsflow.warehouse.backends.ducklake import LakeBackend  # the lake's extensions load only when used

        return LakeBackend(settings)
    return FileBackend(settings.path, settings.lock_timeout_s)


def open_reader(settings: WarehouseSettings) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection to the configured warehouse, for queries, status, search and export."""
    if settings.backend == "ducklake":
        from newsflow.warehouse.backends.ducklake import LakeBackend

        return LakeBackend(settings).read()
    return read_connection(settings.path, settings.lock_timeout_s)
