"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl as an unprivileged user, on a free loopback port.

initdb refuses to run as root; CI runs as root, so the cluster then belongs to the `postgres` system user
(created by Debian's package) and its commands run through `runuser`. Stopped by the postmaster's PID.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    pid: int

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    def create_database(self, name: str) -> str:
        """A fresh database; returns the DuckLake catalog string for it."""
        psql = _bindir() / "psql"
        if not psql.exists():
            psql = Path(shutil.which("psql") or "psql")
        subprocess.run(
            [
                str(psql),
                "-q",
                "-h",
                self.host,
                "-p",
                str(self.port),
                "-U",
                self.user,
                "-d",
                "postgres",
                "-c",
                f'CREATE DATABASE "{name}"',
            ],
            check=True,
            capture_output=True,
        )
        return "postgres:" + self.dsn(name)


def _bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        raise PostgresUnavailable("pg_config not found: install Debian's postgresql package")
    out = subprocess.run([pg_config, "--bindir"], check=True, capture_output=True, text=True).stdout.strip()
    return Path(out)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> list[str]:
    """Command prefix that drops root to the postgres user (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable("running as root and there is no `postgres` user to run the cluster") from exc
    return ["runuser", "-u", "postgres", "--"]


@contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="newsflow-pg-"))
    prefix = _as_user()
    if prefix:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    port = _free_port()
    user = "newsflow"
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    try:
        yield Postgres("127.0.0.1", port, user, pid)
    finally:
        _stop(pid)
        shutil.rmtree(root, ignore_errors=True)


def _stop(pid: int, timeout_s: float = 20.0) -> None:
    """Fast shutdown by PID (SIGINT to the postmaster), then SIGKILL if it lingers."""
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
