"""`newsflow serve`: the deployments served by a Prefect runner in this process, against the shared local
server (or PREFECT_API_URL), until SIGINT or SIGTERM.

Prefect's own `serve()` turns Ctrl-C into a page of exception groups and SIGTERM into an un-awaited coroutine
warning; here the runner is driven directly, and both signals stop it in order (schedules paused, one line).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from typing import Any

from flows.launch import prefect_api
from flows.runtime import configure_prefect
from newsflow.config import Settings

LEVELS = {-1: "WARNING", 0: "INFO", 1: "DEBUG"}


def serve(settings: Settings, say: Callable[[str], None], verbosity: int = 0) -> int:
    """Serve until a signal; returns the signal that ended it (SIGINT or SIGTERM)."""
    # Flow and task logs at INFO reach the console and the Prefect UI; set before Prefect is imported.
    os.environ["PREFECT_LOGGING_LEVEL"] = LEVELS[max(-1, min(1, verbosity))]
    configure_prefect()
    with prefect_api(settings, say) as api:
        os.environ["PREFECT_API_URL"] = api  # flow runs start in child processes: they read it from here
        from prefect.settings import PREFECT_API_URL, temporary_settings

        from flows.deployments import SPECS, build_deployments, full_name

        with temporary_settings(updates={PREFECT_API_URL: api}):
            deployments = build_deployments(settings)
            names = ", ".join(full_name(spec) for spec in SPECS)
            say(f"serving {names} against {api}; Ctrl-C to stop")
            return asyncio.run(_run(deployments))


async def _run(deployments: list[Any]) -> int:
    from prefect.runner import Runner

    runner = Runner(pause_on_shutdown=True)
    for deployment in deployments:
        await runner.aadd_deployment(deployment)
    loop = asyncio.get_running_loop()
    stopped: asyncio.Future[int] = loop.create_future()

    def on_signal(signum: int) -> None:
        if not stopped.done():
            stopped.set_result(signum)

    task = asyncio.create_task(runner.start())
    await asyncio.sleep(0)  # the runner installs its own SIGTERM handler first thing; ours replace it
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, sig)
    waiting: set[asyncio.Future[Any]] = {task, stopped}
    done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # the runner ended by itself: its error, if any, is the command's
        return 0
    if runner.started:
        await runner.astop()
    await task
    return stopped.result()
