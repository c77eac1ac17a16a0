"""Arrow schemas of the warehouse tables, derived from the migrations (the one source of truth).

The migrations are applied to an in-memory DuckDB once per process and the column types read back,
so a column added or retyped in SQL reaches the bulk loaders without restating it here.
"""

from __future__ import annotations

from functools import cache, lru_cache

import duckdb
import pyarrow as pa

from newsflow.warehouse.schema_migrations import migrate


@lru_cache(maxsize=1)
def _schema_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


@cache
def arrow_schema(table: str, columns: tuple[str, ...]) -> pa.Schema:
    """The Arrow schema of these columns of a migrated table, in this order."""
    cursor = _schema_connection().execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0")
    return cursor.to_arrow_table().schema


def table_columns(table: str) -> dict[str, str]:
    """Column name -> DuckDB type of a migrated table."""
    rows = (
        _schema_connection()
        .execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        .fetchall()
    )
    return dict(rows)
