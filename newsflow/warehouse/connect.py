"""Opening the DuckDB file under its one-writer rule.

DuckDB lets one process open a file read-write and then refuses every other open, read-only
ones included ("Could not set lock on file"). So the writer keeps its connection only while it
writes a batch, readers retry with backoff for a bounded time, and a lock file beside the
database says which job holds it, so a refused reader can name the job.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import duckdb

from newsflow.warehouse.migrate import migrate


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse for longer than we were willing to wait."""


class WarehouseMissing(FileNotFoundError):
    """A reader asked for a warehouse that no run has created yet."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def describe_holder(db_path: Path) -> str:
    """Who holds the writer lock, as the lock file says ('' when nobody wrote one)."""
    try:
        info = json.loads(lock_path(db_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return ""
    if not info:
        return ""
    return f"{info.get('job', 'a job')} (pid {info.get('pid')} on {info.get('host')}, since {info.get('since')})"


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _retry(open_fn: Callable[[], duckdb.DuckDBPyConnection], db_path: Path, timeout_s: float, what: str):
    """Call open_fn until the file lock is free or timeout_s has passed (backoff 20 ms -> 1 s)."""
    deadline = time.monotonic() + timeout_s
    delay = 0.02
    while True:
        try:
            return open_fn()
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    holder = describe_holder(db_path) or "another process"
                    raise WarehouseBusy(
                        f"warehouse {db_path} is busy: {holder} holds it; gave up {what} after {timeout_s:g} s"
                    ) from exc
                raise
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def read_connection(db_path: Path, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, waiting up to timeout_s while a writer holds the file."""
    if not db_path.exists():
        raise WarehouseMissing(f"no warehouse at {db_path}: run `newsflow run` or `newsflow ingest` first")
    con = _retry(lambda: duckdb.connect(str(db_path), read_only=True), db_path, timeout_s, "reading")
    try:
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def write_connection(db_path: Path, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one batch; migrates the schema on first use."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = _retry(lambda: duckdb.connect(str(db_path)), db_path, timeout_s, "writing")
    try:
        migrate(con)
        yield con
    finally:
        con.close()


class WriterLock:
    """An exclusive flock beside the database, held for a whole job (ingest, translate, ...).

    DuckDB's own lock is only held while a batch is written, so two jobs could interleave
    batches; this lock makes the second job wait (bounded) or refuse with the first one's name.
    """

    def __init__(self, db_path: Path, job: str, timeout_s: float = 30.0) -> None:
        self.db_path = db_path
        self.job = job
        self.timeout_s = timeout_s
        self._file: IO[str] | None = None

    def __enter__(self) -> WriterLock:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(self.db_path), "a+", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        deadline = time.monotonic() + self.timeout_s
        delay = 0.02
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    holder = describe_holder(self.db_path) or "another job"
                    raise WarehouseBusy(
                        f"warehouse {self.db_path} is being written by {holder}; "
                        f"not starting {self.job} (waited {self.timeout_s:g} s)"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        info: dict[str, Any] = {
            "job": self.job,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": utcnow().isoformat(timespec="seconds"),
        }
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(info))
        handle.flush()
        self._file = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            self._file.flush()
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
