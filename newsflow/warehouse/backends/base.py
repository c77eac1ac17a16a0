"""The warehouse as a destination: one interface, a DuckDB file or a DuckLake behind it.

The stores (run journal, documents and articles, translation queue) hand the backend a unit of work,
a function of a connection; the backend decides how it commits: under the file's one-writer lock, or
as an optimistic DuckLake transaction retried on conflict. The implementations: `duckdb_file.FileBackend`,
`ducklake.LakeBackend`; `configured.open_backend` picks the one [warehouse] names. This module imports neither.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

import duckdb

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
