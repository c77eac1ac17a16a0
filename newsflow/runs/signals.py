"""How a run ends when the user stops it: SIGINT raises KeyboardInterrupt, SIGTERM is made to raise Terminated."""

from __future__ import annotations


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
    return Terminated() if _requested and _requested[0] == 15 else KeyboardInterrupt()


def raise_if_stopped() -> None:
    if _requested:
        raise stop_exception()
