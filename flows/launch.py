"""Running a flow in this process for a command: Prefect configured, a server to report to, signals that end it.

The server is `PREFECT_API_URL` when set (it must answer), else the shared local server of the Prefect home
(started in the background by the first command, reused by the next ones; see flows/shared_server.py).
SIGTERM is turned into `Terminated` so that it unwinds like Ctrl-C: the run is marked `cancelled`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

from flows import shared_server as shared
from flows.runtime import configure_prefect, prefect_home
from newsflow.config import Settings
from newsflow.progress import Reporter, reporting
from newsflow.signals import Terminated


class ApiUnreachable(RuntimeError):
    """PREFECT_API_URL is set but nothing answers there."""


def configured_api_url() -> str | None:
    """PREFECT_API_URL as Prefect sees it (its settings context, when Prefect is already loaded)."""
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    return os.environ.get("PREFECT_API_URL") or None


def reachable(api_url: str, timeout_s: float = 3.0) -> bool:
    """Any HTTP answer counts (a cloud API may want a key for /health); only no answer at all does not."""
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


@contextlib.contextmanager
def terminate_raises() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread (as SIGINT raises KeyboardInterrupt), so runs unwind."""

    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_flow(settings: Settings, flow_fn: Any, say: Callable[[str], None], progress: Reporter, **params: Any) -> Any:
    """Run `flow_fn` here, against the chosen server, with the configured task runner."""
    with terminate_raises(), prefect_api(settings, say) as api:
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api  # read by Prefect when it is first imported below
        try:
            from prefect.settings import PREFECT_API_URL, temporary_settings

            from flows.runners import task_runner_for

            config = str(settings.config_path) if settings.config_path else None
            with temporary_settings(updates={PREFECT_API_URL: api}), reporting(progress):
                return flow_fn.with_options(task_runner=task_runner_for(settings))(config=config, **params)
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
