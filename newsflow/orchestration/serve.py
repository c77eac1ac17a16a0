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

from newsflow.config import Settings
from newsflow.orchestration.command_runs import prefect_api, signals_stop_the_run
from newsflow.orchestration.prefect_settings import configure_prefect
from newsflow.runs.signals import Terminated

# The console's level for -q, neither, -v. Records reach the API from INFO on (DEBUG with -v) whatever the console's.
LEVELS = {-1: "WARNING", 0: "INFO", 1: "DEBUG"}


def serve(settings: Settings, say: Callable[[str], None], verbosity: int = 0) -> int:
    """Serve until a signal; returns the signal that ended it (SIGINT or SIGTERM)."""
    # Flow and task logs at INFO reach the console and the Prefect UI; set before Prefect is imported (flow runs
    # started in child processes inherit them).
    console_level = LEVELS[max(-1, min(1, verbosity))]
    os.environ["PREFECT_LOGGING_LEVEL"] = "DEBUG" if console_level == "DEBUG" else "INFO"
    os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = console_level
    configure_prefect()
    try:
        # Until the runner's loop listens (below), a signal unwinds as in any other command.
        with signals_stop_the_run(), prefect_api(settings, say) as api:
            os.environ["PREFECT_API_URL"] = api  # flow runs start in child processes: they read it from here
            from prefect.settings import PREFECT_API_URL, temporary_settings

            from newsflow.orchestration.deployments import SPECS, build_deployments, full_name

            with temporary_settings(updates={PREFECT_API_URL: api}):
                deployments = build_deployments(settings)
                names = ", ".join(full_name(spec) for spec in SPECS)
                stop_s = settings.orchestration.stop_timeout_s
                return asyncio.run(
                    _run(
                        deployments,
                        lambda: say(f"serving {names} against {api}; Ctrl-C to stop"),
                        stop_s,
                        lambda: say(
                            f"schedules left unpaused: the Prefect server at {api} did not answer within {stop_s:g} s"
                        ),
                    )
                )
    except KeyboardInterrupt as exc:
        return signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT


async def _run(deployments: list[Any], ready: Callable[[], None], stop_s: float, unpaused: Callable[[], None]) -> int:
    """Serve until a signal; `ready()` once the runner is up, so what it says is true when it is said. Stopping
    waits `stop_s` on the server at most, then `unpaused()`: a server that stopped answering would otherwise hold
    each of its API calls for a minute, and Ctrl-C for many."""
    from prefect.runner import Runner

    loop = asyncio.get_running_loop()
    stopped: asyncio.Future[int] = loop.create_future()

    def on_signal(signum: int) -> None:
        if not stopped.done():
            stopped.set_result(signum)

    def listen() -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal, sig)

    listen()
    runner = Runner(pause_on_shutdown=True)

    # The runner installs `handle_sigterm` as SIGTERM's handler when it starts; Prefect's own stops the runner
    # from inside its loop and deadlocks. This one only tells our loop.
    def handle_sigterm(*args: Any, **kwargs: Any) -> None:
        loop.call_soon_threadsafe(on_signal, signal.SIGTERM)

    runner.handle_sigterm = handle_sigterm  # type: ignore[method-assign]
    for deployment in deployments:
        await runner.aadd_deployment(deployment)
        if stopped.done():
            return stopped.result()
    task = asyncio.create_task(runner.start())
    # Once it is up, the loop's own handlers again (polled: the runner signals nothing when it is up).
    while not runner.started and not task.done() and not stopped.done():
        await asyncio.sleep(0.05)
    listen()
    if runner.started and not stopped.done():
        ready()
    waiting: set[asyncio.Future[Any]] = {task, stopped}
    done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # the runner ended by itself: its error, if any, is the command's
        return 0
    try:
        await asyncio.wait_for(_stop_in_order(runner, task), stop_s)
    except TimeoutError:
        unpaused()
    return stopped.result()


async def _stop_in_order(runner: Any, task: asyncio.Task[Any]) -> None:
    """Runs cancelled, then the runner's own exit, which pauses the deployments' schedules."""
    while not runner.started and not task.done():  # stopped while starting: let it start, then stop in order
        await asyncio.sleep(0.05)
    if runner.started:
        await runner.astop()
    await task
