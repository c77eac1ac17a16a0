"""A read-only connection to the DuckDB file kept open between uses, and given up as soon as a writer wants the file.

Opening a read-only connection and making it ready (fts loaded, locked down) costs a page of the reader more than
its queries, but DuckDB refuses a writer while any reader has the file open. Every attempt to open the file for
writing changes ``writer_signal`` first (duckdb_file.py), and the holder closes its connection:

- when the signal changed since the connection was opened: checked when it is lent, when it comes back, and
  every ``poll_s`` by a watcher thread while it is not in use (a connection in use is never closed under its user);
- after ``idle_s`` unused, so a writer that leaves no signal (a DuckDB session) gets the file too.

A writer therefore waits at most one use plus ``poll_s`` and its own retry's backoff step. While writers keep
signalling (a change within the last ``quiet_s``) each use gets a fresh connection, closed after it, as every reader
did before: a writer between two of its batches is never kept out by a connection reopened right after the last.
Nothing held is ever stale: no writer can change the file while the connection is open.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from newsflow.warehouse.backends.duckdb_file import writer_signal

POLL_S = 0.05
IDLE_S = 5.0
QUIET_S = 1.0

# Holders still open when the interpreter exits: their connections are closed first (a DuckDB database left to the
# interpreter's teardown, with a daemon watcher beside it, can abort the process: "terminate called ...").
_OPEN: weakref.WeakSet[HeldReader] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for holder in list(_OPEN):
        holder.close(wait_s=5.0)


@dataclass
class Lent:
    """A connection lent for one use, and what its users keep for as long as it stays open (the file cannot
    change meanwhile, so anything read from it stays true)."""

    con: duckdb.DuckDBPyConnection
    memo: dict[str, object] = field(default_factory=dict)


@dataclass
class _Held:
    lent: Lent
    signal: int | None  # writer_signal read before opening: a later change means a writer wants the file
    stack: ExitStack
    last_used: float = 0.0


class HeldReader:
    """Lends one read-only connection at a time (``lend``), kept open between uses while no writer wants the file.

    ``open_connection`` opens and prepares one (e.g. ``read_connection`` plus setup); it is entered on opening and
    left on closing, from whichever thread closes it."""

    def __init__(
        self,
        db_path: Path,
        open_connection: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]],
        *,
        poll_s: float = POLL_S,
        idle_s: float = IDLE_S,
        quiet_s: float = QUIET_S,
    ) -> None:
        self.db_path = db_path
        self._open_connection = open_connection
        self.poll_s, self.idle_s, self.quiet_s = poll_s, idle_s, quiet_s
        self._lock = threading.Lock()  # one user at a time; the watcher only acts when it gets it without waiting
        self._held: _Held | None = None
        self._seen = writer_signal(db_path)  # the last signal seen, and when it changed (not before we started)
        self._changed_at = float("-inf")
        self._watcher: tuple[threading.Thread, threading.Event] | None = None  # runs while a connection is held

    @property
    def holding(self) -> bool:
        """Whether a connection is open now (between uses too)."""
        return self._held is not None

    @contextmanager
    def lend(self) -> Iterator[Lent]:
        with self._lock:
            signal = self._look()
            held = self._held
            if held is not None and held.signal != signal:
                self._drop()
                held = None
            if held is None:
                held = self._open(signal)
            try:
                yield held.lent
            finally:
                signal = self._look()
                quiet = time.monotonic() - self._changed_at >= self.quiet_s
                if held.signal == signal and signal is not None and quiet:
                    held.last_used = time.monotonic()
                    self._held = held
                    _OPEN.add(self)
                    self._watch()
                else:
                    self._held = None
                    held.stack.close()

    def close(self, wait_s: float | None = None) -> None:
        """Close the connection (if open) and stop the watcher; a later ``lend`` opens again. ``wait_s`` bounds
        the wait for a use in progress (then nothing is closed)."""
        if not self._lock.acquire(timeout=-1 if wait_s is None else wait_s):
            return
        try:
            self._drop()
            watcher, self._watcher = self._watcher, None
        finally:
            self._lock.release()
        if watcher is not None:
            watcher[1].set()
            if watcher[0] is not threading.current_thread():
                watcher[0].join()

    def _look(self) -> int | None:
        signal = writer_signal(self.db_path)
        if signal != self._seen:
            self._seen, self._changed_at = signal, time.monotonic()
        return signal

    def _open(self, signal: int | None) -> _Held:
        stack = ExitStack()
        try:
            con = stack.enter_context(self._open_connection())
        except BaseException:
            stack.close()
            raise
        return _Held(Lent(con), signal, stack)

    def _drop(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.stack.close()

    def _watch(self) -> None:
        if self._watcher is None:  # under the lock, as the watcher's own leaving is
            stop = threading.Event()
            thread = threading.Thread(target=self._watch_loop, args=(stop,), name="held-reader", daemon=True)
            self._watcher = (thread, stop)
            thread.start()

    def _watch_loop(self, stop: threading.Event) -> None:
        """Until nothing is held: close the idle connection when a writer signalled or it has been idle too long."""
        while not stop.wait(self.poll_s):
            if not self._lock.acquire(blocking=False):
                continue  # in use: checked again when it comes back
            try:
                if self._watcher is None or self._watcher[1] is not stop:
                    return  # closed meanwhile: another watcher (if any) has the connection now
                held = self._held
                if held is not None and held.signal == self._look() and time.monotonic() - held.last_used < self.idle_s:
                    continue
                self._drop()
                self._watcher = None
                return
            finally:
                self._lock.release()
