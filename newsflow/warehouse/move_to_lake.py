"""Moving a file warehouse into a lake: every table of the file, derived ones included, in one lake transaction.

The lake must be empty (its schema is created by the usual migrations first). Every table of the file's
schema is copied: the data tables, the story tables (band keys and signatures, so that a copy ingested
after the move joins its story) and the search tables. After the commit the count of every table, and
the distinct keys of the keyed ones, are compared; a difference is an error that names the table. A lake
searches through its local index file, which is rebuilt from the moved articles at the end.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsflow.config import WarehouseSettings
from newsflow.warehouse.backends.duckdb_file import WarehouseMissing
from newsflow.warehouse.backends.ducklake import ALIAS, LakeBackend

# table -> its key (DuckLake has no primary keys, so distinct keys are checked as well as counts)
KEYS = {"documents": "document_id", "articles": "article_id", "runs": "run_id", "failures": "failure_id"}
# Kept by each warehouse itself, never copied: the schema's version, the lake's commit token.
_OWN = ("schema_version", "newsflow_commit_token")
_SOURCE = "file_source"


class MoveRefused(RuntimeError):
    """The lake already holds data, or the copy does not match the file."""


@dataclass(frozen=True)
class Moved:
    table: str
    rows: int


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' ORDER BY 1",
        [database],
    ).fetchall()
    return [name for (name,) in rows if name not in _OWN]


def _counts(con: duckdb.DuckDBPyConnection, tables: list[str], prefix: str = "") -> dict[str, tuple[int, int]]:
    counts = {}
    for table in tables:
        key = KEYS.get(table, "*")  # count(DISTINCT *) is not SQL: unkeyed tables count their rows twice
        distinct = f"count(DISTINCT {key})" if key != "*" else "count(*)"
        row = con.execute(f"SELECT count(*), {distinct} FROM {prefix}{table}").fetchone()
        counts[table] = (int(row[0]), int(row[1])) if row else (0, 0)
    return counts


def move_to_lake(source: Path, target: WarehouseSettings) -> list[Moved]:
    """Copy the file warehouse at source into the (empty) lake target; returns the rows per table."""
    if not source.exists():
        raise WarehouseMissing(f"no file warehouse at {source}")
    lake = LakeBackend(target)
    try:
        lake_tables = lake.run(lambda con: _tables(con, ALIAS))
        if any(n for n, _ in lake.run(lambda con: _counts(con, lake_tables)).values()):
            raise MoveRefused(f"lake {target.catalog} is not empty: migrate into a new lake")
        expected = lake.run(lambda con: _copy(con, source, lake_tables), transaction=False)
        found = lake.run(lambda con: _counts(con, list(expected)))
    finally:
        lake.close()
    for table, counts in expected.items():
        if found[table] != counts:
            raise MoveRefused(f"{table}: the file holds {counts[0]} rows, the lake {found[table][0]}")
    if target.search_index is not None:
        from newsflow.warehouse.search.lake_copy import LakeSearchIndex

        LakeSearchIndex(target).refresh(force=True)
    return [Moved(table, counts[0]) for table, counts in expected.items()]


def _copy(con: duckdb.DuckDBPyConnection, source: Path, lake_tables: list[str]) -> dict[str, tuple[int, int]]:
    """Every table in one lake transaction (ATTACH must happen outside it); returns the file's counts."""
    quoted = str(source).replace("'", "''")
    con.execute(f"ATTACH IF NOT EXISTS '{quoted}' AS {_SOURCE} (READ_ONLY)")
    try:
        tables = _tables(con, _SOURCE)
        unknown = sorted(set(tables) - set(lake_tables))
        if unknown:
            raise MoveRefused(
                f"{source} has tables this newsflow does not know ({', '.join(unknown)}): "
                "it was written by a newer newsflow; move it with that one"
            )
        expected = _counts(con, tables, f"{_SOURCE}.")
        con.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_SOURCE}.{table}")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        return expected
    finally:
        con.execute(f"DETACH {_SOURCE}")
