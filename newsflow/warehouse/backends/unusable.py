"""A configured warehouse that cannot be opened as it is: one line saying which and what to do.

DuckDB and DuckLake report a damaged file, a catalog that does not answer or a data path that does not match
as long messages (or tracebacks); the commands print this error's message alone and exit 2.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from newsflow.config import WarehouseSettings


class WarehouseUnusable(RuntimeError):
    """The warehouse is there but cannot be used until someone acts (restore a file, start a server, fix config)."""


# What DuckDB says of a file that is not (or no longer) a whole DuckDB database.
_DAMAGED = (
    "not a valid duckdb database",
    "could not read enough bytes",
    "corrupt",
    "checksum",
    "invalid magic",
    "serialization error",
)
_UNREACHABLE = (
    "unable to connect",
    "connection refused",
    "could not connect",
    "could not translate host",
    "timeout expired",
    "connection to server",
    "no route to host",
)
_PASSWORD = re.compile(r"(password\s*=\s*)\S+", re.IGNORECASE)
_STORED_DATA_PATH = re.compile(r'existing data path in the catalog "([^"]*)"')


def first_line(exc: BaseException) -> str:
    text = _PASSWORD.sub(r"\1***", str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def damaged_file(path: Path, exc: BaseException) -> WarehouseUnusable | None:
    """The error for a file DuckDB cannot read as a database; None when exc says something else."""
    if path.is_dir():  # `path = "warehouse"`: the folder named where its file was meant
        return WarehouseUnusable(
            f"warehouse {path} is a folder, not a DuckDB file: set [warehouse] path to a file in it, "
            f"e.g. {path / 'news.duckdb'}"
        )
    if not any(marker in str(exc).lower() for marker in _DAMAGED):
        return None
    return WarehouseUnusable(
        f"warehouse {path} is damaged or not a DuckDB file ({first_line(exc)}); newsflow left it as it is: "
        "restore it from a backup, or move it away to start a new warehouse"
    )


def unusable_lake(settings: WarehouseSettings, exc: BaseException) -> WarehouseUnusable:
    """What a failed ATTACH of the lake means, in one line naming the catalog (which holds no password)."""
    catalog, data_path = settings.catalog or "", settings.data_path or ""
    text = str(exc)
    lowered = text.lower()
    stored = _STORED_DATA_PATH.search(text)
    if stored:
        return WarehouseUnusable(
            f"lake catalog {catalog} keeps its data at {stored.group(1)}, not at data_path {data_path}: "
            f"set [warehouse] data_path = {stored.group(1)!r}, or point catalog at the catalog of {data_path}"
        )
    if any(marker in lowered for marker in _UNREACHABLE):
        reason = "connection refused" if "connection refused" in lowered else first_line(exc)
        return WarehouseUnusable(
            f"lake catalog {catalog} does not answer ({reason}): start its PostgreSQL server, "
            "or fix [warehouse] catalog"
        )
    if "version" in lowered and "catalog" in lowered:
        return WarehouseUnusable(
            f"lake catalog {catalog} is of another DuckLake version ({first_line(exc)}): open it with the "
            "DuckDB and ducklake versions that wrote it, or upgrade newsflow's"
        )
    return WarehouseUnusable(f"lake catalog {catalog} cannot be opened ({first_line(exc)}): check [warehouse]")


def schema_too_new(where: str, version: int, known: int) -> WarehouseUnusable:
    return WarehouseUnusable(
        f"{where} has schema version {version}, newer than this newsflow knows ({known}): upgrade newsflow"
    )
