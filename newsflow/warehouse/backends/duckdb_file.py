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
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, TypeVar

import duckdb

from newsflow.common.times import utcnow
from newsflow.warehouse.backends import extensions
from newsflow.warehouse.backends.disk_full import reported_as_disk_full
from newsflow.warehouse.backends.run_notes import read_notes, write_in_place
from newsflow.warehouse.backends.transaction import in_transaction, retried
from newsflow.warehouse.backends.unusable import WarehouseUnusable, damaged_file, schema_too_new
from newsflow.warehouse.schema_migrations import latest_version, migrate, newer_than_known

__all__ = ["WarehouseBusy", "WarehouseMissing", "WarehouseUnusable", "WriterLock", "read_connection"]

if TYPE_CHECKING:
    from newsflow.warehouse.backends.base import Work

T = TypeVar("T")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse for longer than we were willing to wait."""


class WarehouseMissing(FileNotFoundError):
    """A reader asked for a warehouse that no run has created yet."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def gate_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".readers")


def _job_lock_held(path: Path) -> bool:
    """Whether some process holds the job lock now (a killed job leaves its name in the file, not its lock)."""
    try:
        with open(path, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return False
    except OSError:
        return False


def describe_holder(db_path: Path) -> str:
    """Which job holds the writer lock, as the lock file says ('' when no live job holds it)."""
    path = lock_path(db_path)
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return ""
    if not info or (info.get("pid") != os.getpid() and not _job_lock_held(path)):
        return ""
    return f"{info.get('job', 'a job')} (pid {info.get('pid')} on {info.get('host')}, since {info.get('since')})"


def _blocker(db_path: Path, what: str) -> str:
    if what == "writing":
        # This process normally holds the job lock itself, so whoever blocks a write is a reader.
        holder = describe_holder(db_path)
        if holder and f"pid {os.getpid()} " not in holder:
            return holder
        return "other processes have it open (read-only readers such as `newsflow query` or a DuckDB session)"
    return describe_holder(db_path) or "another process (not a newsflow job; a DuckDB session?)"


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _is_held_in_process(exc: Exception) -> bool:
    """This process has the file open with the other mode (a reader's connection while a write opens, or the
    reverse): DuckDB refuses it at once instead of with a lock error, and it passes as soon as that one closes."""
    return isinstance(exc, duckdb.ConnectionException) and "different configuration" in str(exc)


def _retry(
    open_fn: Callable[[], duckdb.DuckDBPyConnection], db_path: Path, timeout_s: float, what: str
) -> duckdb.DuckDBPyConnection:
    """Call open_fn until the file lock is free or timeout_s has passed (backoff 20 ms -> 1 s)."""

    def attempt() -> duckdb.DuckDBPyConnection:
        try:
            return open_fn()
        except duckdb.Error as exc:
            damaged = damaged_file(db_path, exc)
            if damaged is not None:
                raise damaged from None
            raise

    def busy(exc: Exception) -> Exception:
        return WarehouseBusy(
            f"warehouse {db_path} is busy: {_blocker(db_path, what)} holds it; gave up {what} after {timeout_s:g} s"
        )

    return retried(
        attempt,
        transient=lambda exc: (isinstance(exc, duckdb.IOException) and _is_lock_error(exc)) or _is_held_in_process(exc),
        timeout_s=timeout_s,
        give_up=busy,
        first_delay_s=0.02,
        max_delay_s=1.0,
        jitter=False,
    )


# A waiting reader holds a shared flock on the gate file; the writer takes it exclusively (and lets it
# go at once) before each batch, so it pauses at a batch boundary until waiting readers got in instead
# of winning every race for the file. Bounded, so a stream of readers cannot starve a run.
READER_PRIORITY_S = 5.0


@contextlib.contextmanager
def _waiting_reader(db_path: Path) -> Iterator[None]:
    try:
        handle = open(gate_path(db_path), "a+b")  # noqa: SIM115 - closed below
    except OSError:  # read-only folder: no priority, still correct
        yield
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
        yield
    finally:
        handle.close()


def _let_readers_in(db_path: Path, timeout_s: float) -> None:
    try:
        handle = open(gate_path(db_path), "a+b")  # noqa: SIM115 - closed below
    except OSError:
        return
    with handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return  # closing the file releases it
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.01)


def writer_signal(db_path: Path) -> int | None:
    """What a writer last left for the readers that keep a connection open (the gate file's mtime, ns); it changes
    on every attempt to open the file for writing. None without a gate file: no writer can be seen, keep nothing."""
    try:
        return os.stat(gate_path(db_path)).st_mtime_ns
    except OSError:
        return None


def _signal_readers(db_path: Path) -> None:
    """Tell a reader that holds the file open between its uses (held_reader.py) to let it go: sets the gate file's
    mtime to now, to the nanosecond, before every attempt to open the file for writing."""
    path = gate_path(db_path)
    try:
        with open(path, "a+b"):
            pass
        now = time.time_ns()
        try:
            os.utime(path, ns=(now, now))
        except PermissionError:  # another user's gate file: "now" at the clock's tick needs only write access
            os.utime(path)
    except OSError:  # read-only folder: no reader can keep a connection (writer_signal is None) either
        pass


def _open_for_writing(db_path: Path) -> duckdb.DuckDBPyConnection:
    _signal_readers(db_path)
    return extensions.connect(str(db_path))


@contextlib.contextmanager
def read_connection(db_path: Path, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, waiting up to timeout_s while a writer holds the file."""
    if not db_path.exists():
        raise WarehouseMissing(f"no warehouse at {db_path}: run `newsflow run` or `newsflow ingest` first")
    with _waiting_reader(db_path):
        con = _retry(lambda: extensions.connect(str(db_path), read_only=True), db_path, timeout_s, "reading")
    try:
        newer = newer_than_known(con)
        if newer is not None:
            raise schema_too_new(f"warehouse {db_path}", newer, latest_version())
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def write_connection(db_path: Path, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one batch; migrates the schema on first use."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _let_readers_in(db_path, min(timeout_s, READER_PRIORITY_S))
    with reported_as_disk_full(db_path):
        con = _retry(lambda: _open_for_writing(db_path), db_path, timeout_s, "writing")
        try:
            migrate(con, where=f"warehouse {db_path}")
            yield con
        finally:
            con.close()


class WriterLock:
    """An exclusive flock beside the database, held for a whole job (ingest, translate, ...).

    DuckDB's own lock is only held while a batch is written, so two jobs could interleave
    batches; this lock makes the second job wait (bounded) or refuse with the first one's name.
    """

    # Locks this process holds, by lock file: a command holds the lock across its flow (so that a job that lost
    # the race is refused before Prefect starts), and the flow's own WriterLock then joins it (a second flock
    # on another descriptor of the same file would wait for the first forever).
    # Per thread: another thread of this process is another job, which waits as any other would.
    _held: ClassVar[dict[tuple[str, int], WriterLock]] = {}

    def __init__(self, db_path: Path, job: str, timeout_s: float = 30.0, joinable: bool = False) -> None:
        """joinable: a later WriterLock of this thread on the same file joins this one (a command's, for its flow)."""
        self.db_path = db_path
        self.joinable = joinable
        self.job = job
        self.timeout_s = timeout_s
        self._file: IO[str] | None = None
        self._outer: WriterLock | None = None
        self.unrecorded: list[dict[str, Any]] = []

    def _key(self) -> tuple[str, int]:
        return os.path.realpath(lock_path(self.db_path)), threading.get_ident()

    def __enter__(self) -> WriterLock:
        outer = WriterLock._held.get(self._key())
        if outer is not None:
            self._outer = outer
            self.unrecorded = outer.unrecorded
            return self
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(self.db_path), "a+", encoding="utf-8")
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
        # Run ends a job before us could not write to a full warehouse: kept until recorded.
        self.unrecorded = read_notes(lock_path(self.db_path))
        self._info: dict[str, Any] = {
            "job": self.job,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": utcnow().isoformat(timespec="seconds"),
            **({"unrecorded": self.unrecorded} if self.unrecorded else {}),
        }
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(self._info))
        handle.flush()
        self._file = handle
        if self.joinable:
            WriterLock._held[self._key()] = self
        return self

    def leave_note(self, run_id: str, status: str, error: str) -> bool:
        """Keep a run's end that the warehouse refused, for the next job to record; False if even this failed."""
        if self._outer is not None:
            ok = self._outer.leave_note(run_id, status, error)
            self.unrecorded = self._outer.unrecorded
            return ok
        self.unrecorded = [*self.unrecorded, {"run_id": run_id, "status": status, "error": error}]
        self._info["unrecorded"] = self.unrecorded
        return write_in_place(lock_path(self.db_path), self._info)

    def forget_notes(self) -> None:
        """The notes are recorded in the warehouse now."""
        if self._outer is not None:
            self._outer.forget_notes()
            self.unrecorded = []
            return
        if self.unrecorded:
            self.unrecorded = []
            self._info.pop("unrecorded", None)
            write_in_place(lock_path(self.db_path), self._info)

    def __exit__(self, *exc: object) -> None:
        if self._outer is not None:
            self._outer = None
            return
        if self._file is None:
            return
        if self.joinable:
            WriterLock._held.pop(self._key(), None)
        if self.unrecorded:
            write_in_place(lock_path(self.db_path), {"unrecorded": self.unrecorded})
        else:
            self._file.seek(0)
            self._file.truncate()
            self._file.flush()
        fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._file.close()
        self._file = None


class FileBackend:
    """One DuckDB file: the job lock for a job's length, a connection per unit of work."""

    kind = "duckdb"
    keyed = True
    sole_writer = True

    def __init__(self, path: Path, timeout_s: float = 30.0) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._mutex = threading.Lock()  # threads of one process write one batch at a time

    def job(self, name: str) -> AbstractContextManager[object]:
        return WriterLock(self.path, name, self.timeout_s)

    def run(self, work: Work[T], *, transaction: bool = True, upsert: bool = False) -> T:
        with self._mutex, write_connection(self.path, self.timeout_s) as con:
            # One writer at a time (the job lock, then DuckDB's file lock, waited for on opening): a
            # transaction on the file never conflicts, so it is not retried; opening is (_retry).
            return in_transaction(con, work) if transaction else work(con)

    def read(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return read_connection(self.path, self.timeout_s)

    def check(self) -> None:
        if self.path.exists():  # a first run creates it
            with self.read():
                pass

    def close(self) -> None:
        pass
