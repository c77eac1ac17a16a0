"""Moving a file warehouse into a lake: every row of the four data tables, in one lake transaction.

The lake must be empty (its schema is created by the usual migrations first). After the commit the
counts and distinct keys of each table are compared; a difference is an error that names the table.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsflow.config import WarehouseSettings
from newsflow.warehouse.backends.duckdb_file import WarehouseMissing
from newsflow.warehouse.backends.ducklake import LakeBackend

# table -> its key (DuckLake has no primary keys, so distinct keys are checked as well as counts)
TABLES = {"documents": "document_id", "articles": "article_id", "runs": "run_id", "failures": "failure_id"}
_SOURCE = "file_source"


class MoveRefused(RuntimeError):
    """The lake already holds data, or the copy does not match the file."""


@dataclass(frozen=True)
class Moved:
    table: str
    rows: int


def _counts(con: duckdb.DuckDBPyConnection, prefix: str = "") -> dict[str, tuple[int, int]]:
    counts = {}
    for table, key in TABLES.items():
        row = con.execute(f"SELECT count(*), count(DISTINCT {key}) FROM {prefix}{table}").fetchone()
        counts[table] = (int(row[0]), int(row[1])) if row else (0, 0)
    return counts


def move_to_lake(source: Path, target: WarehouseSettings) -> list[Moved]:
    """Copy the file warehouse at source into the (empty) lake target; returns the rows per table."""
    if not source.exists():
        raise WarehouseMissing(f"no file warehouse at {source}")
    lake = LakeBackend(target)
    try:
        if any(n for n, _ in lake.run(_counts).values()):
            raise MoveRefused(f"lake {target.catalog} is not empty: migrate into a new lake")

        expected = lake.run(lambda con: _copy(con, source), transaction=False)
        found = lake.run(_counts)
    finally:
        lake.close()
    for table, counts in expected.items():
        if found[table] != counts:
            raise MoveRefused(f"{table}: the file holds {counts[0]} rows, the lake {found[table][0]}")
    return [Moved(table, counts[0]) for table, counts in expected.items()]


def _copy(con: duckdb.DuckDBPyConnection, source: Path) -> dict[str, tuple[int, int]]:
    """All four tables in one lake transaction (ATTACH must happen outside it); returns the file's counts."""
    quoted = str(source).replace("'", "''")
    con.execute(f"ATTACH IF NOT EXISTS '{quoted}' AS {_SOURCE} (READ_ONLY)")
    try:
        expected = _counts(con, f"{_SOURCE}.")
        con.execute("BEGIN TRANSACTION")
        try:
            for table in TABLES:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_SOURCE}.{table}")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        return expected
    finally:
        con.execute(f"DETACH {_SOURCE}")
