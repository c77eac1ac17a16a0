"""The warehouse: a DuckDB file or a DuckLake behind one interface (backend.py), the stores on it.

Names are resolved on first use (PEP 562): importing any `newsflow.warehouse.*` module runs this file, and a
reader (`newsflow query`) needs neither the writer nor the pyarrow and numpy it brings (~0.3 s of imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsflow.common.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsflow.records import BatchCounts
    from newsflow.warehouse.backends.configured import open_reader
    from newsflow.warehouse.backends.duckdb_file import WarehouseBusy, WarehouseMissing, read_connection
    from newsflow.warehouse.writer import Writer

_WHERE = {
    "BatchCounts": "newsflow.records",
    "open_reader": "newsflow.warehouse.backends.configured",
    "WarehouseBusy": "newsflow.warehouse.backends.duckdb_file",
    "WarehouseMissing": "newsflow.warehouse.backends.duckdb_file",
    "read_connection": "newsflow.warehouse.backends.duckdb_file",
    "Writer": "newsflow.warehouse.writer",
}
__all__ = ["BatchCounts", "WarehouseBusy", "WarehouseMissing", "Writer", "open_reader", "read_connection"]


__getattr__ = lazy_attributes(__name__, _WHERE)
