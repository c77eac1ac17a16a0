"""The DuckDB warehouse: schema migrations, one writer at a time, read-only readers."""

from newsflow.warehouse.connect import WarehouseBusy, WarehouseMissing, read_connection
from newsflow.warehouse.store import BatchCounts, Writer

__all__ = ["BatchCounts", "WarehouseBusy", "WarehouseMissing", "Writer", "read_connection"]
