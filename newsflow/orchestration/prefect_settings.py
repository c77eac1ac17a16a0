"""Prefect's settings for newsflow, applied by the entry points (the CLI, tests) before Prefect is first imported.

Nothing happens on import: `configure_prefect()` is called explicitly.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

DEFAULTS = {
    # Otherwise the server sends telemetry, which this tool must never do unasked.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # Commands use the shared local server or PREFECT_API_URL, never a temporary server per process
    # (10-15 s each, and left running when the process is killed).
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false",
    # INFO records of flow and task runs go to the API, so the UI shows what a run did; the console of a
    # command shows only warnings (it has its own progress and summary). `serve -v/-q` set both themselves.
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_LOGGING_SERVER_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}

# Prefect's background services log under their class names, outside the "prefect" tree; at exit they warn
# "Still processing items: N items remaining..." while they drain, which on a loaded machine lands after a
# command's last line (a Ctrl-C's one line included). Their errors still show.
SERVICE_LOGGERS = ("EventsWorker", "APILogWorker")


def default_home() -> Path:
    return Path.home() / ".newsflow" / "prefect"


def configure_prefect(home: Path | None = None) -> None:
    """Quiet, local Prefect: a home folder of our own unless the user chose one, no telemetry.
    Environment only: Prefect reads it once, when first imported."""
    if "PREFECT_HOME" not in os.environ:
        os.environ["PREFECT_HOME"] = str(home or default_home())
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    for name in SERVICE_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    # Prefect creates only the last folder of its home, and warns on every import when the parents are missing
    # (a fresh HOME has no ~/.newsflow). A folder that cannot be made is Prefect's to report, once it is used.
    with contextlib.suppress(OSError):
        prefect_home().mkdir(parents=True, exist_ok=True)


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or default_home()).expanduser()
