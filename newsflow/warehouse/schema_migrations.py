"""Versioned schema migrations, applied in order when the writer opens the warehouse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import duckdb

from newsflow.warehouse.backends.transaction import transaction

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@lru_cache(maxsize=1)
def migrations() -> tuple[Migration, ...]:
    folder = resources.files("newsflow.warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda m: m.version))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The stored schema version (0 for a warehouse without one): one read where the table exists."""
    read = "SELECT max(version) FROM schema_version"
    try:
        row = con.execute(read).fetchone()
    # A missing table is a CatalogException, or an InvalidInputException where the name meets a Python
    # object (DuckDB's replacement scan finds this very function): only a new warehouse asks the catalog.
    except (duckdb.CatalogException, duckdb.InvalidInputException):
        if not _has_version_table(con):
            return 0
        # the first run committed it between the two (a reader opening a lake while it is created): read it now;
        # a table there that still cannot be read is an error
        row = con.execute(read).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _has_version_table(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_version' AND table_catalog = current_database()"
    ).fetchone()
    return bool(row and row[0])


# DuckLake has no primary keys or indexes; its writers keep keys unique themselves (see store.py).
_PRIMARY_KEY = re.compile(r"\s+PRIMARY KEY\b", re.IGNORECASE)


_VIEW = re.compile(r"CREATE (?:OR REPLACE )?VIEW (?:IF NOT EXISTS )?(\w+)", re.IGNORECASE)


def for_backend(sql: str, keys: bool) -> str:
    """A migration's SQL as a backend runs it. A lake (keys=False) has no PRIMARY KEY clauses, and no
    comments on view columns (DuckLake keeps comments on tables, their columns and views only)."""
    if keys:
        return sql
    views = set(_VIEW.findall(sql))
    lines = [
        line for line in sql.splitlines() if not any(line.startswith(f"COMMENT ON COLUMN {view}.") for view in views)
    ]
    return _PRIMARY_KEY.sub("", "\n".join(lines))


def latest_version() -> int:
    return migrations()[-1].version


def newer_than_known(con: duckdb.DuckDBPyConnection) -> int | None:
    """The stored schema version when a newer newsflow wrote it (this one must not write or guess at it)."""
    current = schema_version(con)
    return current if current > latest_version() else None


def migrate(con: duckdb.DuckDBPyConnection, keys: bool = True, where: str = "the warehouse") -> int:
    """Apply every migration newer than the stored version; refuse a schema newer than this code's (where
    names the warehouse in that error). A new warehouse gets them all in one transaction (created whole or
    not at all, one commit); an older one each in its own, as DuckDB refuses to modify a table that the same
    transaction altered. An up-to-date warehouse costs one read and writes nothing, so it migrates on a
    read-only connection too."""
    current = schema_version(con)
    if current > latest_version():
        from newsflow.warehouse.backends.unusable import schema_too_new

        raise schema_too_new(where, current, latest_version())
    if current == latest_version():
        return current
    pending = [migration for migration in migrations() if migration.version > current]
    steps = [pending] if current == 0 else [[migration] for migration in pending]
    for step in steps:
        with transaction(con):
            if current == 0:
                con.execute(
                    for_backend(
                        "CREATE TABLE IF NOT EXISTS schema_version "
                        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)",
                        keys,
                    )
                )
            for migration in step:
                con.execute(for_backend(migration.sql, keys))
                con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [migration.version, migration.name]
                )
        current = step[-1].version
    return current
