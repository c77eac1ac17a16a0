"""The sandbox for analysts' SQL (`newsflow query`, the browser reader): what may run, and on what.

- ``check_statement`` admits reading statements that call only listed functions (``statements.py``, with the
  lists in ``allowlist.py``);
- ``lock_down`` takes the connection's means away: no extensions, no files outside the warehouse, a private
  temporary folder, memory and thread limits, the configuration locked (``connection.py``).
"""

from newsflow.warehouse.sandbox.connection import (
    QueryLimits,
    lock_down,
    private_temp_dir,
    warehouse_dirs,
)
from newsflow.warehouse.sandbox.statements import QueryRefused, check_statement

__all__ = ["QueryLimits", "QueryRefused", "check_statement", "lock_down", "private_temp_dir", "warehouse_dirs"]
