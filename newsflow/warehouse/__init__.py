"""The warehouse: a DuckDB file or a DuckLake behind one interface (backend.py), the stores on it."""

from newsflow.records import BatchCounts
from newsflow.warehouse.backends.configured import open_reader
from newsflow.warehouse.backends.duckdb_file import WarehouseBusy, WarehouseMissing, read_connection
from newsflow.warehouse.writer import Writer

__all__ = ["BatchCounts", "WarehouseBusy", "WarehouseMissing", "Writer", "open_reader", "read_connection"]
