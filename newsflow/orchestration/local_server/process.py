"""A local `prefect server start` for `newsflow serve`: Prefect's temporary server never runs its scheduler,
so a cron deployment only fires against a real server.

The server runs in its own process group on a free loopback port, with its SQLite database under
PREFECT_HOME, its output in PREFECT_HOME/server.log; `stop` ends the whole group (uvicorn and services).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The local Prefect server did not come up."""


@dataclass
class LocalServer:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def prefect_home() -> Path:
    from newsflow.orchestration.prefect_settings import prefect_home as home

    return home()


def server_command(port: int) -> list[str]:
    return [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)]


def start(port: int | None = None, home: Path | None = None, timeout_s: float = 180.0) -> LocalServer:
    """Start the server and return once /api/health answers; raises ServerError (after stopping it) if not."""
    home = home or prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)  # the server itself must not look for another one
    log_path = home / "server.log"
    with log_path.open("ab") as log:
        # A session of its own: Ctrl-C in the terminal reaches `newsflow serve`, which then stops the server
        # in order, after the runner has paused its schedules.
        process = subprocess.Popen(
            server_command(port),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = LocalServer(process, port, log_path)
    try:
        wait_healthy(server, timeout_s)
    except BaseException:
        stop(server)
        raise
    return server


def wait_healthy(server: LocalServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"prefect server exited with code {server.process.returncode}; see {server.log_path}")
        if healthy(server.api_url):
            return
        time.sleep(0.5)  # polling a health endpoint with a bounded deadline: there is no event to await
    raise ServerError(f"prefect server not healthy after {timeout_s:g} s; see {server.log_path}")


def healthy(api_url: str, timeout_s: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout_s) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def stop(server: LocalServer, timeout_s: float = 30.0) -> None:
    """SIGTERM to the server's process group, SIGKILL if it has not ended within timeout_s."""
    if server.process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        try:
            server.process.wait(timeout_s)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def running(port: int | None = None, home: Path | None = None, timeout_s: float = 180.0) -> Iterator[LocalServer]:
    server = start(port, home, timeout_s)
    try:
        yield server
    finally:
        stop(server)
