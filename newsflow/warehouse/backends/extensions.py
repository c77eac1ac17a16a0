"""DuckDB extensions loaded offline from their PyPI wheels (duckdb-extension-<name>).

`INSTALL x` downloads from DuckDB's servers; each wheel ships the binary built for exactly our DuckDB
version, so we load it from its path and never reach the internet.

Connections that load them are opened by `connect`: where every extension newsflow loads comes from its
wheel, DuckDB's signature check is skipped. That check re-hashes the whole binary (11-41 MB) on every LOAD
in every new database, 30-170 ms each, most of a small lake command's time; and it adds nothing here: the
wheels were installed by pip, from the same index and hash-checked as duckdb's own Python module beside
them, whose code runs unchecked. Where a copy `INSTALL` left in ~/.duckdb could load instead, every load
is checked. Users' SQL never reaches a LOAD: `newsflow query` refuses it (sandbox/statements.py).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import duckdb


class ExtensionMissing(RuntimeError):
    """An extension's wheel is not installed (and no copy is in ~/.duckdb)."""


@cache
def extension_path(name: str) -> Path | None:
    """The binary shipped by the duckdb-extension-<name> wheel for this DuckDB version, if installed."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        return None
    version = duckdb.__version__.split("+")[0].split("-")[0]
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "extensions" / f"v{version}" / f"{name}.duckdb_extension"
        if path.is_file():
            return path
    return None


# Every extension newsflow loads. Connections to one file must all be opened with the same configuration
# (DuckDB keeps one instance per file), so the choice is made once, for all of them.
_LOADED = ("fts", "ducklake", "sqlite_scanner", "postgres_scanner", "httpfs")


def unchecked_loads_safe(wheels: Mapping[str, Path | None], installed: set[str]) -> bool:
    """Whether nothing but a wheel's binary can load: each extension has its wheel (`wheels`), or is not in
    `installed` (the copies `INSTALL` left in ~/.duckdb) either, so that it cannot load at all."""
    return not any(path is None and name in installed for name, path in wheels.items())


@cache
def _config() -> dict[str, str | bool | int | float | list[str]]:
    wheels = {name: extension_path(name) for name in _LOADED}
    installed: set[str] = set()
    if None in wheels.values():
        with duckdb.connect(":memory:") as con:
            rows = con.execute("SELECT extension_name FROM duckdb_extensions() WHERE installed").fetchall()
        installed = {name for (name,) in rows}
    return {"allow_unsigned_extensions": True} if unchecked_loads_safe(wheels, installed) else {}


def connect(database: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, for every connection newsflow may load an extension into (see the module's doc)."""
    return duckdb.connect(database, read_only=read_only, config=_config())


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """LOAD from the wheel's binary, else whatever an earlier `INSTALL` put in ~/.duckdb; never INSTALL."""
    path = extension_path(name)
    try:
        con.execute(f"LOAD '{path}'" if path else f"LOAD {name}")
    except duckdb.Error as exc:
        wheel = "duckdb-extension-" + name.replace("_", "-")
        raise ExtensionMissing(
            f"cannot load DuckDB's {name} extension ({exc}); install {wheel}=={duckdb.__version__}"
        ) from exc


def available(name: str) -> bool:
    """Whether `load_extension` can find the extension: its wheel, or a copy an earlier `INSTALL` left."""
    if extension_path(name) is not None:
        return True
    with duckdb.connect(":memory:") as con:
        row = con.execute("SELECT installed FROM duckdb_extensions() WHERE extension_name = ?", [name]).fetchone()
    return bool(row and row[0])
