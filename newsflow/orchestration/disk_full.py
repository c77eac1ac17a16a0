"""A full disk ends a run with one line on stderr, not a traceback per task retry and one for the flow.

Store and translate tasks do not retry a full disk (nothing can succeed until space is freed), and
Prefect's own error records for it are dropped: the command prints the one line itself.
"""

from __future__ import annotations

import logging
from typing import Any

from newsflow.warehouse.backends.disk_full import DiskFull


def worth_retrying(task: Any, task_run: Any, state: Any) -> bool:
    """A task's retry_condition_fn: anything but a full disk may pass on a retry."""
    return not isinstance(getattr(state, "data", None), DiskFull)


class _DropDiskFull(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, DiskFull) or "DiskFull" in record.getMessage())


def quiet_prefect_on_disk_full() -> None:
    """Drop Prefect's task and flow error records about a full disk (idempotent)."""
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropDiskFull) for f in logger.filters):
            logger.addFilter(_DropDiskFull())
