"""Lock a reader's connection down: what SQL that passed ``check_statement`` can still reach.

DuckDB is locked after the extensions the warehouse needs (fts) are loaded: no extension installed or
autoloaded, no file read or written outside the open database (a lake's data_path alone stays readable,
through ``allowed_directories``), spills into a fresh private folder instead of ``<db>.tmp`` or ``./.tmp``
(DuckDB lets SQL read its own temporary folder, so that folder must hold nothing but its spills), memory and
threads bounded, and the configuration locked so SQL cannot undo any of it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from newsflow.warehouse.sandbox.literals import literal

if TYPE_CHECKING:
    from newsflow.config import WarehouseSettings


@dataclass(frozen=True)
class QueryLimits:
    memory_limit: str = "2GB"  # DuckDB's memory_limit for one query connection
    threads: int = 2
    temp_dir: Path | None = None  # where spills go: a private folder (``private_temp_dir``)


def lock_down(
    con: duckdb.DuckDBPyConnection,
    allow_files: bool = False,
    warehouse_dirs: Sequence[str] = (),
    limits: QueryLimits | None = None,
) -> None:
    """After this the connection cannot install, load or autoload extensions, touch other files (unless
    ``allow_files``: reading them), use more than ``limits`` allow, or change any of these settings back.
    ``warehouse_dirs`` are folders (or s3:// prefixes) the warehouse itself reads from: a lake's data_path."""
    limits = limits or QueryLimits()
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute(f"SET memory_limit = {literal(limits.memory_limit)}")
    con.execute(f"SET threads = {int(limits.threads)}")
    if limits.temp_dir is not None:
        con.execute(f"SET temp_directory = {literal(str(limits.temp_dir))}")
        # Spilling is bounded too: no more on disk than the memory it stands in for.
        con.execute(f"SET max_temp_directory_size = {literal(limits.memory_limit)}")
    if not allow_files:
        if warehouse_dirs:
            # Kept readable when external access is off below; DuckDB matches them as path prefixes.
            con.execute(f"SET allowed_directories = [{', '.join(map(literal, warehouse_dirs))}]")
        con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


@contextlib.contextmanager
def private_temp_dir() -> Iterator[Path]:
    """A fresh folder only this user can open (mode 0700), outside the warehouse and the working folder,
    removed afterwards with whatever DuckDB spilled into it."""
    path = Path(tempfile.mkdtemp(prefix="newsflow-query-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def warehouse_dirs(settings: WarehouseSettings) -> tuple[str, ...]:
    """Where the configured warehouse reads its own data besides its open database: a lake's data_path."""
    if settings.backend == "ducklake" and settings.data_path:
        return (settings.data_path,)
    return ()
