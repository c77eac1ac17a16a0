"""The shared local Prefect server: started by the first flow command, reused by the next ones, stopped when idle.

Prefect's temporary server costs 10-15 s per process. Instead, the first flow command starts a watchdog
process in the background (its own session, so Ctrl-C in the terminal does not reach it); the watchdog runs
`prefect server start` on a free loopback port, with its SQLite database under the Prefect home, and writes
`newsflow-server.json` there once the server is healthy. Later commands read that file and attach in
milliseconds.

Idle means: no command holds the lease (a shared flock on `newsflow-server.inuse`, released by the kernel
however a command ends, SIGKILL included) and the lease file was last touched more than `idle_s` ago.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from newsflow.orchestration.local_server import process as local

STATE = "newsflow-server.json"
LEASE = "newsflow-server.inuse"
START_LOCK = "newsflow-server.start"
LOG = "newsflow-server.log"
DEFAULT_IDLE_S = 600.0
CHECK_EVERY_S = 2.0


@dataclass(frozen=True)
class SharedServer:
    pid: int  # the watchdog's; it owns the server process
    port: int
    idle_s: float
    started_at: str
    server_pid: int  # `prefect server start`, in a process group of its own

    @property
    def url(self) -> str:
        return f"http://{local.HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_state(home: Path) -> SharedServer | None:
    try:
        data = json.loads((home / STATE).read_text(encoding="utf-8"))
        return SharedServer(
            int(data["pid"]), int(data["port"]), float(data["idle_s"]), str(data["started_at"]), int(data["server_pid"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find(home: Path) -> SharedServer | None:
    """The running shared server of this Prefect home, if its watchdog lives and the API answers."""
    found = read_state(home)
    if found is None or not _alive(found.pid) or not local.healthy(found.api_url):
        return None
    return found


@contextlib.contextmanager
def lease(home: Path) -> Iterator[None]:
    """Hold the server in use for the length of a command; touching the file marks the last use."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / LEASE
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
        os.utime(path)
        try:
            yield
        finally:
            os.utime(path)


def ensure(home: Path, idle_s: float, say: Callable[[str], None], timeout_s: float = 180.0) -> SharedServer:
    """The shared server, started in the background if none runs (one starter at a time)."""
    running = find(home)
    if running is not None:
        return running
    home.mkdir(parents=True, exist_ok=True)
    with open(home / START_LOCK, "a+b") as gate:
        fcntl.flock(gate.fileno(), fcntl.LOCK_EX)  # another command may be starting it right now
        running = find(home)
        if running is not None:
            return running
        say(f"starting a local Prefect server in the background (stops after {idle_s:g} s idle; log {home / LOG})…")
        with open(home / LOG, "ab") as log:
            watchdog = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "newsflow.orchestration.local_server.shared",
                    "--home",
                    str(home),
                    "--idle-s",
                    str(idle_s),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=str(Path(__file__).resolve().parents[3]),
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if watchdog.poll() is not None:
                raise local.ServerError(f"the local Prefect server did not start; see {home / LOG}")
            running = find(home)
            if running is not None and running.pid == watchdog.pid:
                return running
            time.sleep(0.2)  # bounded wait for a health endpoint: there is no event to await
        _terminate(watchdog.pid)
        raise local.ServerError(f"the local Prefect server was not healthy after {timeout_s:g} s; see {home / LOG}")


def _terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


def stop(home: Path, timeout_s: float = 30.0) -> SharedServer | None:
    """Stop the shared server of this home (its watchdog stops the server); the one stopped, or None."""
    found = read_state(home)
    if found is None or not _alive(found.pid):
        (home / STATE).unlink(missing_ok=True)
        return None
    _terminate(found.pid)
    deadline = time.monotonic() + timeout_s
    while _alive(found.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(found.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(found.pid, signal.SIGKILL)
    return found


# ---------------------------------------------------------------- the watchdog process


def _idle(home: Path, idle_s: float) -> bool:
    """No command holds the lease, and none touched it for idle_s. Keeps the lease exclusively while stopping."""
    path = home / LEASE
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if time.time() - path.stat().st_mtime <= idle_s:
            return False
        # Under the exclusive lock: a command arriving now finds no server and starts a new one.
        (home / STATE).unlink(missing_ok=True)
        return True


def watch(home: Path, idle_s: float) -> int:
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server = local.start(home=home)
    mine: SharedServer | None = None
    try:
        (home / LEASE).touch()
        os.utime(home / LEASE)
        mine = SharedServer(os.getpid(), server.port, idle_s, time.strftime("%Y-%m-%dT%H:%M:%S"), server.pid)
        tmp = home / (STATE + ".tmp")
        tmp.write_text(json.dumps(asdict(mine)), encoding="utf-8")
        tmp.replace(home / STATE)
        while not stopping and server.process.poll() is None and not _idle(home, idle_s):
            time.sleep(CHECK_EVERY_S)
    finally:
        current = read_state(home)
        if mine is not None and current is not None and current.pid == mine.pid:
            (home / STATE).unlink(missing_ok=True)
        local.stop(server)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--idle-s", type=float, default=DEFAULT_IDLE_S)
    args = parser.parse_args(argv)
    return watch(args.home, args.idle_s)


if __name__ == "__main__":
    sys.exit(main())
