"""How a run ends when the user stops it: SIGINT raises KeyboardInterrupt, SIGTERM is made to raise Terminated."""

from __future__ import annotations


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a run unwinds and records how it ended."""


def end_status(exc: BaseException) -> str:
    """The `runs.status` of a run ended by exc: cancelled by a signal, failed by an error, else crashed."""
    # Prefect turns SIGTERM into its own TerminationSignal (a BaseException with the signal number).
    if isinstance(exc, KeyboardInterrupt) or isinstance(getattr(exc, "signal", None), int):
        return "cancelled"
    return "failed" if isinstance(exc, Exception) else "crashed"
