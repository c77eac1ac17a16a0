"""A local web site on 127.0.0.1 (port 0) in a thread, plus a fake clock so that no test sleeps.

The site is reachable as 127.0.0.1 and as localhost; the fetcher paces by hostname, so those are two hosts.
Every request is logged (path, Host, headers) so tests can assert what was sent, e.g. conditional GETs.
A handler that must hang waits on ``site.release``, which teardown sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from websupport import FakeTime, Site, fast_settings, serving

from newsflow.sources.http.client import Fetcher


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as state:
        yield state


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_fetcher(site: Site, fake_time: FakeTime) -> Iterator[Callable[..., Fetcher]]:
    """make_fetcher(min_delay_s=None, max_retry_after_s=..., **settings overrides) -> an open Fetcher."""
    opened: list[Fetcher] = []

    def make(*, min_delay_s: float | None = None, source: str = "test", **overrides: Any) -> Fetcher:
        extra = {k: overrides.pop(k) for k in ("max_retry_after_s",) if k in overrides}
        fetcher = Fetcher(
            fast_settings(**overrides),
            source=source,
            min_delay_s=min_delay_s,
            clock=fake_time.clock,
            sleep=fake_time.sleep,
            **extra,
        )
        fetcher.open()
        opened.append(fetcher)
        return fetcher

    yield make
    for fetcher in opened:
        fetcher.close()
