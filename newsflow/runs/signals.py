"""How a run ends when the user stops it: SIGINT raises KeyboardInterrupt, SIGTERM is made to raise Terminated;
and how a signal stops C code that holds the main thread (`signals_call`)."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a run unwinds and records how it ended."""


def end_status(exc: BaseException) -> str:
    """The `runs.status` of a run ended by exc: cancelled by a signal, failed by an error, else crashed.
    Any exception after a requested stop counts as the stop: a signal that lands while DuckDB runs a query
    surfaces as its RuntimeError('Query interrupted')."""
    # Prefect turns SIGTERM into its own TerminationSignal (a BaseException with the signal number).
    if isinstance(exc, KeyboardInterrupt) or isinstance(getattr(exc, "signal", None), int) or _requested:
        return "cancelled"
    return "failed" if isinstance(exc, Exception) else "crashed"


# A signal is process-wide, so is the request to stop: the one piece of process state here. The handler
# records it; a run checks it between batches, in case the exception the handler raised was swallowed
# (a signal landing in a `__del__`, a callback or library code that catches BaseException).
_requested: list[int] = []


def request_stop(signum: int) -> None:
    _requested.append(signum)


def clear_stop() -> None:
    _requested.clear()


def stop_requested() -> bool:
    return bool(_requested)


def stop_exception() -> KeyboardInterrupt:
    """What a requested stop raises: Terminated for SIGTERM, else KeyboardInterrupt."""
    return exception_for(_requested[0]) if _requested else KeyboardInterrupt()


def exception_for(signum: int) -> KeyboardInterrupt:
    """What a stop by this signal raises: Terminated for SIGTERM, else KeyboardInterrupt."""
    return Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def raise_if_stopped() -> None:
    if _requested:
        raise stop_exception()


@contextlib.contextmanager
def signals_call(
    stop: Callable[[], None], signums: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)
) -> Iterator[list[int]]:
    """While C code holds the main thread (DuckDB running a query, the GIL released), a stop signal calls `stop`
    from a watcher thread: Python runs its own handlers only once that code returns, which for a long query is
    never. Yields the signals received, in order. Outside the main thread (where signals cannot be handled) it
    does nothing."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    done = threading.Event()

    def ignore(signum: int, frame: object) -> None:
        """Python's own handler: the watcher has seen the signal already (no KeyboardInterrupt mid-block)."""

    def watch() -> None:
        while data := reader.recv(64):
            if hits := [b for b in data if b in signums]:
                received.append(hits[0])  # before `stop`: whoever sees the interrupt sees why
                break
        # Again until the block ends: a signal just before the query started interrupted nothing yet.
        while data and not done.is_set():
            stop()
            done.wait(0.1)

    previous = {signum: signal.signal(signum, ignore) for signum in signums}
    for signum in signums:
        # Restart the system call a signal lands in: else a read inside the C code fails with EINTR (DuckDB:
        # "IO Error: ... Interrupted system call") before the watcher has stopped it.
        signal.siginterrupt(signum, False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    watcher = threading.Thread(target=watch, name="newsflow-signals", daemon=True)
    watcher.start()
    try:
        yield received
    finally:
        done.set()
        signal.set_wakeup_fd(old_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        writer.close()  # the watcher's recv sees the end and returns
        watcher.join()
        reader.close()
