"""The shared local Prefect server: started by the first flow command, reused by the next ones, stopped when idle.

Prefect's temporary server costs 10-15 s per process. Instead, the first flow command starts a watchdog
process in the background (its own session, so Ctrl-C in the terminal does not reach it); the watchdog runs
`prefect server start` on a free loopback port, with its SQLite database under the Prefect home, and writes
`newsflow-server.json` there once the server is healthy. Later commands read that file and attach in
milliseconds.

One server per Prefect home, always: the watchdog holds `newsflow-server.owner` (an exclusive flock, kept for
its whole life and released by the kernel however it ends), and a watchdog that cannot take it exits at once.
A server whose watchdog lives is never replaced: when it is slow to answer (a loaded machine, a stopped
process) a command waits for it, up to `PATIENCE_S`, then fails in one line. A watchdog removes only the state
it wrote.

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
from typing import Any

from newsflow.orchestration.local_server import process as local

STATE = "newsflow-server.json"
LEASE = "newsflow-server.inuse"
START_LOCK = "newsflow-server.start"
OWNER = "newsflow-server.owner"
LOG = "newsflow-server.log"
DEFAULT_IDLE_S = 600.0
CHECK_EVERY_S = 2.0
# How long a command waits for a server whose watchdog lives but which does not answer (busy or stopped),
# and how long one health request may take: a loaded machine answers in seconds, not milliseconds.
PATIENCE_S = 120.0
HEALTH_TIMEOUT_S = 10.0
HOME_HELD = 3  # the watchdog's exit code when another watchdog holds the home


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


def owned(home: Path) -> bool:
    """Whether a watchdog holds this home (its exclusive lock on OWNER; the kernel drops it when it dies)."""
    try:
        handle = open(home / OWNER, "a+b")  # noqa: SIM115 - closed below, whatever the probe finds
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


def find(home: Path, timeout_s: float = 2.0) -> SharedServer | None:
    """The running shared server of this Prefect home, if its watchdog lives and the API answers."""
    found = read_state(home)
    if found is None or not _alive(found.pid) or not local.healthy(found.api_url, timeout_s):
        return None
    return found


def holder(home: Path) -> SharedServer | None:
    """The state of the watchdog that holds the home, answering or not."""
    found = read_state(home)
    if found is None or not _alive(found.pid) or not owned(home):
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


def ensure(
    home: Path, idle_s: float, say: Callable[[str], None], timeout_s: float = 180.0, patience_s: float = PATIENCE_S
) -> SharedServer:
    """The shared server, started in the background if no watchdog holds the home (one starter at a time).
    A server whose watchdog lives is waited for, never replaced."""
    running = find(home)
    if running is not None:
        return running
    home.mkdir(parents=True, exist_ok=True)
    with open(home / START_LOCK, "a+b") as gate:
        fcntl.flock(gate.fileno(), fcntl.LOCK_EX)  # another command may be starting it right now
        watchdog: subprocess.Popen[bytes] | None = None
        deadline = time.monotonic() + timeout_s
        log = home / LOG
        while True:
            held = holder(home)
            if held is not None:
                if local.healthy(held.api_url, HEALTH_TIMEOUT_S):
                    return held
                if watchdog is None or held.pid != watchdog.pid:  # someone else's server: busy, not dead
                    return _wait_for(held, home, say, patience_s)
            elif watchdog is None and not owned(home):
                say(f"starting a local Prefect server in the background (stops after {idle_s:g} s idle; log {log})…")
                watchdog = _spawn(home, idle_s)
            # Else owned but no state: a watchdog is starting its server, or stopping after idling; poll.
            if watchdog is not None and watchdog.poll() is not None:
                if watchdog.returncode != HOME_HELD:
                    raise local.ServerError(f"the local Prefect server did not start; see {home / LOG}")
                watchdog = None  # another watchdog took the home first: wait for its server
            if time.monotonic() > deadline:
                if watchdog is not None:
                    _terminate(watchdog.pid)
                raise local.ServerError(
                    f"the local Prefect server was not healthy after {timeout_s:g} s; see {home / LOG}"
                )
            time.sleep(0.2)  # bounded polling of the state file and the health endpoint: there is no event to await


def _wait_for(held: SharedServer, home: Path, say: Callable[[str], None], patience_s: float) -> SharedServer:
    """Wait for a server that its watchdog still holds but that does not answer: busy, or stopped (SIGSTOP)."""
    say(
        f"the local Prefect server at {held.url} (pid {held.server_pid}) does not answer yet; "
        f"waiting up to {patience_s:g} s…"
    )
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if read_state(home) != held or not _alive(held.pid):
            raise local.ServerError(
                f"the local Prefect server at {held.url} stopped while waiting; run the command again"
            )
        if local.healthy(held.api_url, min(HEALTH_TIMEOUT_S, max(0.1, deadline - time.monotonic()))):
            return held
        time.sleep(0.5)  # bounded polling of the health endpoint
    raise local.ServerError(
        f"the local Prefect server at {held.url} (pid {held.server_pid}) did not answer within {patience_s:g} s; "
        "it may be stopped or overloaded (`newsflow server stop` ends it; the next command starts a new one)"
    )


def _spawn(home: Path, idle_s: float) -> subprocess.Popen[bytes]:
    with open(home / LOG, "ab") as log:
        return subprocess.Popen(
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


def _idle(home: Path, idle_s: float, mine: SharedServer) -> bool:
    """No command holds the lease, and none touched it for idle_s. Keeps the lease exclusively while stopping."""
    path = home / LEASE
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if time.time() - path.stat().st_mtime <= idle_s:
            return False
        # Under the exclusive lock: a command arriving now finds no server, and waits for this watchdog to end
        # (it still holds the home) before starting a new one.
        _forget(home, mine)
        return True


def _forget(home: Path, mine: SharedServer) -> None:
    """Remove the state file only if it is this watchdog's."""
    current = read_state(home)
    if current is not None and current.pid == mine.pid:
        (home / STATE).unlink(missing_ok=True)


def _take_home(home: Path, wait_s: float = 60.0) -> Any:
    """The home's OWNER lock, held open for the watchdog's life; None when another live watchdog holds it.
    A watchdog still stopping after idling (it holds the home but has no state any more) is waited for."""
    handle = open(home / OWNER, "a+b")  # noqa: SIM115 - held for the whole life of the watchdog
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            other = read_state(home)
            if (other is not None and _alive(other.pid)) or time.monotonic() > deadline:
                handle.close()
                return None
            time.sleep(0.2)  # bounded polling of a lock held by a watchdog that is shutting down


def _end_orphan(home: Path) -> None:
    """A server left by a watchdog that died (SIGKILL) while the server lived: end it, or two would share the
    home's database. Only a `prefect server start` of this home is ended."""
    stale = read_state(home)
    if stale is None or not _alive(stale.server_pid):
        return
    try:
        cmdline = Path(f"/proc/{stale.server_pid}/cmdline").read_bytes().split(b"\0")
        environ = Path(f"/proc/{stale.server_pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return
    if b"server" in cmdline and b"start" in cmdline and f"PREFECT_HOME={home}".encode() in environ:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(stale.server_pid, signal.SIGTERM)


def watch(home: Path, idle_s: float) -> int:
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    owner = _take_home(home)
    if owner is None:
        print(f"another newsflow watchdog holds {home}; not starting a second server", flush=True)
        return HOME_HELD
    with owner:
        _end_orphan(home)
        (home / STATE).unlink(missing_ok=True)  # whatever it says is of a watchdog that is gone
        server = local.start(home=home)
        mine: SharedServer | None = None
        try:
            (home / LEASE).touch()
            os.utime(home / LEASE)
            mine = SharedServer(os.getpid(), server.port, idle_s, time.strftime("%Y-%m-%dT%H:%M:%S"), server.pid)
            tmp = home / (STATE + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(asdict(mine)), encoding="utf-8")
            tmp.replace(home / STATE)
            while not stopping and server.process.poll() is None and not _idle(home, idle_s, mine):
                if read_state(home) != mine:  # the state was replaced or removed: this server is not the home's
                    break
                time.sleep(CHECK_EVERY_S)
        finally:
            if mine is not None:
                _forget(home, mine)
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
