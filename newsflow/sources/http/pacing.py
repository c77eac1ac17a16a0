"""Per-host pacing: one request at a time per host, spaced by a delay from the end of the previous one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def host_key(url: str) -> str:
    """The pacing key: lower-cased hostname, port ignored."""
    return (urlsplit(url).hostname or "").lower()


class HostGate:
    """One request at a time per host, spaced by a delay measured from the end of the previous one."""

    def __init__(self, delay: float, clock: Clock, sleep: Sleep) -> None:
        self.delay = delay
        self._clock, self._sleep = clock, sleep
        self._lock = asyncio.Lock()
        self._last_end: float | None = None
        self._not_before = 0.0

    def hold_off(self, seconds: float) -> None:
        """No request to this host for ``seconds`` from now (Retry-After, backoff)."""
        self._not_before = max(self._not_before, self._clock() + seconds)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        async with self._lock:
            start = self._not_before
            if self._last_end is not None:
                start = max(start, self._last_end + self.delay)
            wait = start - self._clock()
            if wait > 0:
                await self._sleep(wait)
            try:
                yield
            finally:
                self._last_end = self._clock()
