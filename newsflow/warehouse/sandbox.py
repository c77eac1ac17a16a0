"""`newsflow query` runs analysts' SQL, which may come from anywhere: it reads the warehouse and nothing else.

DuckDB is locked down after the extensions the warehouse needs (fts) are loaded: no extension installed or
autoloaded (from the network or disk), no file read or written outside the open database (so no COPY TO,
EXPORT DATABASE, read_text('/etc/passwd'), ATTACH), and the configuration locked so SQL cannot undo that.
A lake reads its Parquet through the file system (or S3): its data_path alone stays allowed.
On top of that only reading statements run, and none calling a function with side effects (logging to files,
checkpoints, ``query()`` running SQL from a string), so `--allow-files` (reading a CSV to join) writes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings

READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
# Table functions that act instead of read: enable_logging writes CSV files wherever it is told.
SIDE_EFFECT_FUNCTIONS = frozenset(
    {"enable_logging", "disable_logging", "truncate_duckdb_logs", "checkpoint", "force_checkpoint", "query"}
)
_EXPLAIN = re.compile(r"^\s*EXPLAIN(?:\s+ANALYZE)?\s+", re.IGNORECASE)


class QueryRefused(ValueError):
    """SQL that `query` does not run: it would write, attach, install or change settings."""


def lock_down(con: duckdb.DuckDBPyConnection, allow_files: bool = False, warehouse_dirs: Sequence[str] = ()) -> None:
    """After this the connection cannot install, load or autoload extensions, touch other files (unless
    ``allow_files``: reading them), or change any of these settings back. ``warehouse_dirs`` are folders (or
    s3:// prefixes) the warehouse itself reads from: a lake's data_path, where its Parquet files are."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    if not allow_files:
        if warehouse_dirs:
            # Kept readable when external access is off below; DuckDB matches them as path prefixes.
            con.execute(f"SET allowed_directories = [{', '.join(map(_literal, warehouse_dirs))}]")
        con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def check_reads_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise QueryRefused unless every statement in ``sql`` only reads: SELECT-like (also DESCRIBE, SHOW,
    SUMMARIZE, PRAGMA queries) or EXPLAIN, calling no function with side effects."""
    statements = con.extract_statements(sql)
    for i, statement in enumerate(statements):
        if _pivot_expansion(statements, i):
            # DuckDB's own statements for `PIVOT ... ON col`: a temporary enum of the column's values, then the
            # SELECT; they carry no source text to parse, so the side-effect check reads the SQL as written.
            _refuse_named_side_effects(sql)
            continue
        if statement.type not in READ_STATEMENTS:
            raise QueryRefused(f"read-only: only reading statements run (SELECT, EXPLAIN), not {statement.type.name}")
        text = _EXPLAIN.sub("", statement.query, count=1)
        row = con.execute(f"SELECT json_serialize_sql({_literal(text)})").fetchone()
        tree = json.loads(row[0]) if row else {"error": True, "error_message": "no parse tree"}
        if tree.get("error"):
            raise QueryRefused(f"read-only: cannot check this statement ({tree.get('error_message')})")
        called = sorted(set(_function_names(tree)) & SIDE_EFFECT_FUNCTIONS)
        if called:
            raise QueryRefused(f"read-only: {called[0]}() is not allowed (it writes files or runs other SQL)")


def _literal(text: str) -> str:
    # A string literal, not a bound parameter: binding any parameter makes DuckDB's Python client try
    # `import pandas`, which where pandas is installed costs more than the whole query (0.5-1 s).
    return "'" + text.replace("'", "''") + "'"


def _pivot_expansion(statements: list[Any], i: int) -> bool:
    """Whether statement i is part of DuckDB's expansion of a PIVOT: a CREATE with no source text (SQL as
    written always has its text) and the SELECT right after it (whose text DuckDB rewrites, unparseable)."""

    def generated_enum(j: int) -> bool:
        s = statements[j]
        return s.type == duckdb.StatementType.CREATE and not s.query and j + 1 < len(statements)

    if generated_enum(i):
        return statements[i + 1].type == duckdb.StatementType.SELECT
    return statements[i].type == duckdb.StatementType.SELECT and i > 0 and generated_enum(i - 1)


def _refuse_named_side_effects(sql: str) -> None:
    called = sorted(name for name in SIDE_EFFECT_FUNCTIONS if re.search(rf"\b{name}\s*\(", sql, re.IGNORECASE))
    if called:
        raise QueryRefused(f"read-only: {called[0]}() is not allowed (it writes files or runs other SQL)")


def _function_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        name = node.get("function_name")
        if isinstance(name, str):
            yield name.lower()
        for value in node.values():
            yield from _function_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _function_names(value)


def warehouse_dirs(settings: WarehouseSettings) -> tuple[str, ...]:
    """Where the configured warehouse reads its own data besides its open database: a lake's data_path."""
    if settings.backend == "ducklake" and settings.data_path:
        return (settings.data_path,)
    return ()
