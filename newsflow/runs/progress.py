"""Progress reporting that the core can call without knowing who listens (a rich bar, or nobody)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Reporter(Protocol):
    def start(self, label: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def finish(self) -> None: ...


class Silent:
    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


_SILENT = Silent()
_current: ContextVar[Reporter | None] = ContextVar("newsflow_progress", default=None)


def reporter() -> Reporter:
    return _current.get() or _SILENT


@contextmanager
def reporting(to: Reporter) -> Iterator[Reporter]:
    token = _current.set(to)
    try:
        yield to
    finally:
        _current.reset(token)
