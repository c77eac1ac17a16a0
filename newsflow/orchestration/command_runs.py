"""Running a flow in this process for a command: Prefect configured, a server to report to, signals that end it.

The server is `PREFECT_API_URL` when set (it must answer), else the shared local server of the Prefect home
(started in the background by the first command, reused by the next ones; see
newsflow/orchestration/local_server/shared.py).
SIGTERM is turned into `Terminated` so that it unwinds like Ctrl-C: the run is marked `cancelled`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

from newsflow.config import Settings
from newsflow.orchestration.local_server import shared
from newsflow.orchestration.prefect_settings import configure_prefect, prefect_home
from newsflow.runs.progress import Reporter, reporting
from newsflow.runs.signals import (
    Terminated,
    clear_stop,
    exception_for,
    request_stop,
    stop_exception,
    stop_requested,
)


class ApiUnreachable(RuntimeError):
    """PREFECT_API_URL is set but nothing answers there."""


def configured_api_url() -> str | None:
    """PREFECT_API_URL as Prefect sees it (its settings context, when Prefect is already loaded)."""
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    return os.environ.get("PREFECT_API_URL") or None


def reachable(api_url: str, timeout_s: float = 10.0) -> bool:
    """Any HTTP answer counts (a cloud API may want a key for /health); only no answer at all does not. A refused
    connection is known at once; a server that accepted it gets as long as newsflow's local one (a busy server's
    SQLite database can hold its answers for seconds)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout_s):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError, ValueError):
        return False


@contextlib.contextmanager
def prefect_api(settings: Settings, say: Callable[[str], None]) -> Iterator[str]:
    """The API URL flows of this command report to, held in use for the length of the block."""
    configure_prefect()
    api = configured_api_url()
    if api:
        if not reachable(api):
            raise ApiUnreachable(
                f"PREFECT_API_URL={api} does not answer; start that server, or unset PREFECT_API_URL "
                "to use newsflow's local one"
            )
        yield api
        return
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)  # Prefect creates only the last folder of its home
    with shared.lease(home):
        server = shared.ensure(home, settings.orchestration.local_server_idle_s, say)
        yield server.api_url


class Stopping(logging.Filter):
    """Set by SIGINT/SIGTERM; then drops console log records. Prefect logs every interrupted task and flow as a
    crash (a crash is a BaseException: in these flows only a signal causes one), and the command prints one
    line instead. The records still reach the Prefect API."""

    def __init__(self) -> None:
        super().__init__()
        self.active = False

    def filter(self, record: logging.LogRecord) -> bool:
        if stop_requested() or (record.name.startswith("prefect") and "Crash" in record.getMessage()):
            self.active = True  # a handler other than ours came first (Prefect's, or the run's sigterm_noted)
        return not self.active


def _console_handlers() -> list[logging.Handler]:
    names = [name for name in logging.root.manager.loggerDict if name.startswith("prefect")]
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in names)]
    found = {id(h): h for lg in loggers for h in lg.handlers if type(h).__name__ != "APILogHandler"}
    return list(found.values())


@contextlib.contextmanager
def signals_stop_the_run() -> Iterator[Stopping]:
    """SIGINT raises KeyboardInterrupt and SIGTERM Terminated in the main thread, so a run unwinds and records
    how it ended."""
    stopping = Stopping()

    def handler(signum: int, frame: object) -> None:
        if stopping.active:
            return  # a second Ctrl-C while unwinding must not interrupt the bookkeeping
        stopping.active = True
        request_stop(signum)
        raise exception_for(signum)

    clear_stop()
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopping
    finally:
        clear_stop()
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def quiet_console(stopping: Stopping) -> Iterator[None]:
    """The filter on the console handlers Prefect has set up (call after importing Prefect)."""
    handlers = _console_handlers()
    for h in handlers:
        h.addFilter(stopping)
    try:
        yield
    finally:
        for h in handlers:
            h.removeFilter(stopping)


def run_flow(settings: Settings, flow_fn: Any, say: Callable[[str], None], progress: Reporter, **params: Any) -> Any:
    """Run `flow_fn` here, against the chosen server, with the configured task runner."""
    with signals_stop_the_run() as stopping, prefect_api(settings, say) as api:
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api  # read by Prefect when it is first imported below
        try:
            from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

            from newsflow.orchestration.task_runners import task_runner_for

            config = str(settings.config_path) if settings.config_path else None
            runner = task_runner_for(settings)
            # No heartbeats: this process watches its own run and records a crash in `runs` itself, and
            # Prefect joins its heartbeat thread at the end of every run, which costs up to 1 s per command.
            updates = {PREFECT_API_URL: api, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            with temporary_settings(updates=updates), reporting(progress), quiet_console(stopping):
                return flow_fn.with_options(task_runner=runner)(config=config, **params)
        except BaseException as exc:
            if stop_requested() and not isinstance(exc, KeyboardInterrupt):
                # The signal surfaced as another error (DuckDB interrupted mid-query: 'Query interrupted').
                stop = stop_exception()
                for note in getattr(exc, "__notes__", []):
                    stop.add_note(note)
                raise stop from exc
            if isinstance(getattr(exc, "signal", None), int) and not isinstance(exc, KeyboardInterrupt):
                # Prefect's SIGTERM handler, active during a flow run, raises its TerminationSignal instead.
                stop = Terminated()
                for note in getattr(exc, "__notes__", []):
                    stop.add_note(note)
                raise stop from exc
            raise
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
