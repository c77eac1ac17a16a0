"""DuckDB extensions loaded offline from their PyPI wheels (duckdb-extension-<name>).

`INSTALL x` downloads from DuckDB's servers; each wheel ships the binary built for exactly our DuckDB
version, so we load it from its path and never reach the internet.
"""

from __future__ import annotations

import importlib.util
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
