"""Prefect's settings, applied before Prefect is first imported (it reads them once, at import)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    # Otherwise the temporary server sends telemetry, which this tool must never do unasked.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The 20 s default timed out on a cold start on 2 cores.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_SERVER_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def configure_prefect(home: Path | None = None) -> None:
    """Quiet, local Prefect: a home folder of our own unless the user chose one, no telemetry."""
    if "PREFECT_HOME" not in os.environ:
        os.environ["PREFECT_HOME"] = str(home or Path.home() / ".newsflow" / "prefect")
    # Prefect creates only the last folder of its home; make the parents.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


configure_prefect()
