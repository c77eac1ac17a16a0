"""`newsflow query` runs analysts' SQL, which may come from anywhere: it reads the warehouse and nothing else.

DuckDB is locked down after the extensions the warehouse needs (fts) are loaded: no extension installed or
autoloaded (from the network or disk), no file read or written outside the open database (so no COPY TO,
EXPORT DATABASE, read_text('/etc/passwd'), ATTACH), and the configuration locked so SQL cannot undo that.
On top of that only reading statements run, so `--allow-files` (reading a CSV to join) still writes nothing.
"""

from __future__ import annotations

import duckdb

READ_STATEMENTS = frozenset(
    {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.CALL}
)


class QueryRefused(ValueError):
    """SQL that `query` does not run: it would write, attach, install or change settings."""


def lock_down(con: duckdb.DuckDBPyConnection, allow_files: bool = False) -> None:
    """After this the connection cannot install, load or autoload extensions, touch other files (unless
    ``allow_files``: reading them), or change any of these settings back."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    if not allow_files:
        con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def check_reads_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise QueryRefused unless every statement in ``sql`` only reads (SELECT, EXPLAIN, CALL, PRAGMA-likes)."""
    for statement in con.extract_statements(sql):
        if statement.type not in READ_STATEMENTS:
            kind = statement.type.name
            raise QueryRefused(f"read-only: only reading statements run (SELECT, EXPLAIN, CALL), not {kind}")
