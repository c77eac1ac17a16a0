"""The warehouse as a destination: one interface, a DuckDB file or a DuckLake behind it.

The stores (run journal, documents and articles, translation queue) hand the backend a unit of work,
a function of a connection; the backend decides how it commits: under the file's one-writer lock, or
as an optimistic DuckLake transaction retried on conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import duckdb

from newsflow.warehouse.backends.duckdb_file import WriterLock, read_connection, write_connection

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings

T = TypeVar("T")
Work = Callable[[duckdb.DuckDBPyConnection], T]


class Backend(Protocol):
    kind: str  # "duckdb" | "ducklake"
    keyed: bool  # tables have primary keys, so INSERT ... ON CONFLICT works
    sole_writer: bool  # one job writes at a time: a run found 'running' at start is dead

    def job(self, name: str) -> AbstractContextManager[object]:
        """Held for a whole job: the file's writer lock; nothing on a lake."""
        ...

    def run(self, work: Work[T], *, transaction: bool = True, upsert: bool = False) -> T:
        """work(con) in one transaction (or none: work manages its own); upsert marks a keyed write that
        must not interleave with another writer's keyed write."""
        ...

    def read(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A read-only connection (a snapshot on a lake), closed on exit."""
        ...

    def check(self) -> None:
        """Raise WarehouseUnusable (one line) if the warehouse cannot be used as it is; create nothing on a file."""
        ...

    def close(self) -> None: ...


class FileBackend:
    """One DuckDB file: the job lock for a job's length, a connection per unit of work."""

    kind = "duckdb"
    keyed = True
    sole_writer = True

    def __init__(self, path: Path, timeout_s: float = 30.0) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._mutex = threading.Lock()  # threads of one process write one batch at a time

    def job(self, name: str) -> AbstractContextManager[object]:
        return WriterLock(self.path, name, self.timeout_s)

    def run(self, work: Work[T], *, transaction: bool = True, upsert: bool = False) -> T:
        with self._mutex, write_connection(self.path, self.timeout_s) as con:
            if not transaction:
                return work(con)
            con.execute("BEGIN TRANSACTION")
            try:
                result = work(con)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            return result

    def read(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return read_connection(self.path, self.timeout_s)

    def check(self) -> None:
        if self.path.exists():  # a first run creates it
            with self.read():
                pass

    def close(self) -> None:
        pass


def open_backend(settings: WarehouseSettings) -> Backend:
    """The backend [warehouse] configures."""
    if settings.backend == "ducklake":
        from newsflow.warehouse.backends.ducklake import LakeBackend

        return LakeBackend(settings)
    return FileBackend(settings.path, settings.lock_timeout_s)


def open_reader(settings: WarehouseSettings) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection to the configured warehouse, for queries, status, search and export."""
    if settings.backend == "ducklake":
        from newsflow.warehouse.backends.ducklake import LakeBackend

        return LakeBackend(settings).read()
    return read_connection(settings.path, settings.lock_timeout_s)
