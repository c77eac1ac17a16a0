"""The polite fetcher: robots.txt, a minimum delay per host, timeouts, a size cap, retries, conditional GETs.

All HTTP runs on an asyncio loop in a private thread and is exposed through a sync API, so callers (CLI,
Prefect tasks) need no loop of their own, and one already inside a loop is not disturbed. The concerns it
puts together live beside it: results (``results.py``), headers (``headers.py``), the address policy and
pinned connections (``addresses.py``), robots.txt (``robots.py``), per-host pacing (``pacing.py``).

Politeness rules, and why:
- A *host* is the lower-cased hostname without the port: two ports on one name are one machine. Requests to
  one host run one at a time, each starting at least ``min_delay_s`` (or robots.txt's Crawl-delay, capped)
  after the previous one ended, retries and robots.txt included. Different hosts run concurrently, at most
  ``max_concurrency`` exchanges in flight overall.
- robots.txt is cached per origin (scheme, host, port; RFC 9309) for the Fetcher's lifetime. 2xx: obeyed.
  4xx: allow all (no rules published). 5xx, 429 or a network error after retries: disallow the whole origin
  for this run (RFC 9309 "unreachable"); the failures say so.
- Retries (``retries`` more attempts) for 429, 5xx, connection errors and timeouts, never for other 4xx.
  The wait is ``Retry-After`` when sent (seconds or HTTP date, capped at ``max_retry_after_s``), else
  ``backoff_s * 2**n`` capped at ``MAX_BACKOFF_S``; it holds back the whole host, not just this URL.
- ``total_timeout_s`` bounds one attempt (connect, headers and body), not the queueing before it; 0 disables it.
- Redirects are followed by hand (at most ``MAX_REDIRECTS``) so every hop is checked against robots.txt
  and paced for its own host.
- Server-side request forgery: unless ``allow_private_addresses``, non-public addresses are refused on every
  hop, robots.txt included; each connection is pinned to the addresses it checked (``addresses.py``).
- Backpressure: ``fetch_many`` starts requests in order, and at most ``WINDOW_PER_SLOT * max_concurrency`` of
  them may be started and not yet taken by the consumer (running, or done and waiting in the hand-over queue).
  A consumer slower than the network (the pipeline storing batches) thus holds at most that many bodies of
  ``max_bytes`` here, whatever the length of the feed, and a stop cancels only that many requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Coroutine, Generator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from newsflow.config import FetchSettings
from newsflow.records import Hints, RawDocument
from newsflow.sources.http.addresses import (
    AddressPolicy,
    IPNetwork,
    Refused,
    Resolver,
    pinned_async_transport,
    system_resolve,
)
from newsflow.sources.http.headers import default_user_agent, http_date, parse_content_type, parse_retry_after
from newsflow.sources.http.pacing import Clock, HostGate, Sleep, host_key
from newsflow.sources.http.results import Fetched, FetchFailed, FetchRequest, FetchResult, HttpState, NotModified
from newsflow.sources.http.robots import ROBOTS_MAX_BYTES, Robots, origin_of, parse_robots
from newsflow.sources.urls import joined

log = logging.getLogger(__name__)

MAX_REDIRECTS = 10
MAX_RETRY_AFTER_S = 120.0
MAX_BACKOFF_S = 60.0
# Requests started ahead of the consumer, per concurrency slot: enough that the slots stay busy while the
# consumer takes a result, few enough that fetched bodies cannot pile up (see Backpressure above).
WINDOW_PER_SLOT = 4
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
CONTENT_CODES = frozenset({200, 203})

T = TypeVar("T")


class _BodyTooLarge(Exception):
    pass


@dataclass(frozen=True)
class _Response:
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes  # read for 2xx only


class Fetcher:
    """Fetch URLs politely for one source. Use as a context manager; results come back as they complete.

    ``clock``/``sleep`` drive pacing and backoff (injected in tests so that no test sleeps).
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        source: str,
        min_delay_s: float | None = None,
        max_retry_after_s: float = MAX_RETRY_AFTER_S,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        allow_networks: Sequence[IPNetwork] = (),
        resolve: Resolver = system_resolve,
    ) -> None:
        self.settings = settings
        # allow_networks: exempt from the address guard (tests: one loopback host); resolve: the DNS seam
        self.policy = AddressPolicy(settings.allow_private_addresses, tuple(allow_networks), resolve)
        self.source = source
        self.user_agent = settings.user_agent or default_user_agent()
        self.min_delay_s = settings.min_delay_s if min_delay_s is None else min_delay_s
        self.max_retry_after_s = max_retry_after_s
        self._clock, self._sleep = clock, sleep
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._client: httpx.AsyncClient | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, asyncio.Task[Robots]] = {}
        self._lifecycle = threading.Lock()

    # -- sync API -------------------------------------------------------------------------------------

    def __enter__(self) -> Fetcher:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        with self._lifecycle:
            if self._loop is not None:
                return
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name=f"newsflow-fetch-{self.source}", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
            self._call(self._start())

    def close(self) -> None:
        with self._lifecycle:
            loop, thread = self._loop, self._thread
            if loop is None or thread is None:
                return
            try:
                self._call(self._stop())
            finally:
                loop.call_soon_threadsafe(loop.stop)
                thread.join()
                loop.close()
                self._loop = self._thread = None
                # Locks and tasks belong to the closed loop; a reopened Fetcher starts afresh.
                self._gates.clear()
                self._robots.clear()

    def fetch_many(self, requests: Sequence[FetchRequest]) -> Generator[FetchResult, None, None]:
        """Fetch all requests, concurrently across hosts; yields one result per request in completion order.
        Per-URL problems become FetchFailed, never exceptions. Closing the iterator early cancels the rest."""
        pending = list(requests)
        if not pending:
            return
        self.open()
        loop = self._loop
        assert loop is not None
        results: queue.Queue[FetchResult] = queue.Queue()
        # A slot per request started and not yet taken here: taking a result frees one (backpressure).
        window = asyncio.Semaphore(self.window)
        future = asyncio.run_coroutine_threadsafe(self._run_many(pending, results.put, window), loop)
        try:
            for _ in pending:
                result = results.get()
                with contextlib.suppress(RuntimeError):  # the loop was closed (close() from another thread)
                    loop.call_soon_threadsafe(window.release)
                yield result
        finally:
            future.cancel()

    @property
    def window(self) -> int:
        """How many requests of one ``fetch_many`` may be started and not yet taken by its consumer."""
        return WINDOW_PER_SLOT * max(1, self.settings.max_concurrency)

    def fetch_one(self, url: str, state: HttpState | None = None, hints: Hints = Hints()) -> FetchResult:
        results = self.fetch_many([(url, state, hints)])
        try:
            return next(results)
        finally:
            results.close()

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    # -- async core (runs on the private loop) --------------------------------------------------------

    async def _start(self) -> None:
        s = self.settings
        timeout = httpx.Timeout(
            connect=s.connect_timeout_s, read=s.read_timeout_s, write=s.read_timeout_s, pool=s.connect_timeout_s
        )
        concurrency = max(1, s.max_concurrency)
        self._semaphore = asyncio.Semaphore(concurrency)
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.user_agent},
            timeout=timeout,
            follow_redirects=False,
            limits=limits,
            trust_env=False,  # no proxies or netrc from the environment: behaviour must not depend on the shell
            transport=pinned_async_transport(self.policy, limits),  # every connection checked and pinned
        )

    async def _stop(self) -> None:
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:  # fetches still running for iterators that were abandoned without close()
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        self._client = None

    async def _run_many(
        self, requests: list[FetchRequest], put: Callable[[FetchResult], None], window: asyncio.Semaphore
    ) -> None:
        """Start the requests in order, each once a slot of ``window`` is free (the consumer frees one per
        result it takes); ``put`` hands each result over."""

        async def one(url: str, state: HttpState | None, hints: Hints) -> None:
            try:
                result = await self._fetch(url, state, hints)
            except asyncio.CancelledError:  # close() from another thread: unblock a consumer still waiting
                put(FetchFailed(url, "cancelled: the fetcher was closed"))
                raise
            except Exception as exc:  # a bug must not sink the other URLs of the run
                log.exception("unexpected error fetching %s", url)
                result = FetchFailed(url, f"unexpected {type(exc).__name__}: {exc}")
            put(result)

        tasks: list[asyncio.Task[None]] = []
        try:
            for request in requests:
                await window.acquire()
                tasks.append(asyncio.create_task(one(*request)))
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:  # requests never started still owe a waiting consumer their result
            for url, _state, _hints in requests[len(tasks) :]:
                put(FetchFailed(url, "cancelled: the fetcher was closed"))
            raise
        finally:  # the caller stopped iterating: stop the rest, and let them unwind before returning
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _fetch(self, request_url: str, state: HttpState | None, hints: Hints) -> FetchResult:
        url = request_url.strip()
        headers: dict[str, str] = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        for _ in range(MAX_REDIRECTS + 1):
            problem = _url_problem(url) or await self._address_problem(url)  # a clear failure before robots.txt
            if problem:
                return FetchFailed(request_url, problem)
            if self.settings.respect_robots:
                robots = await self._robots_for(url)
                if not robots.allows(url, self.user_agent):
                    why = f" ({robots.unreachable})" if robots.unreachable else ""
                    return FetchFailed(request_url, f"disallowed by robots.txt{why}")
            response = await self._request(url, headers, self.settings.max_bytes)
            if isinstance(response, FetchFailed):
                return FetchFailed(request_url, response.error, response.status)
            if response.status in REDIRECT_CODES:
                location = response.headers.get("location")
                if not location:
                    return FetchFailed(request_url, f"HTTP {response.status} without Location", response.status)
                target = joined(response.url, location)
                if target is None:
                    return FetchFailed(
                        request_url, f"redirect to an invalid URL: {location.strip()!r}", response.status
                    )
                url = target
                continue
            return self._result(request_url, state, hints, response)
        return FetchFailed(request_url, f"more than {MAX_REDIRECTS} redirects")

    def _result(self, request_url: str, state: HttpState | None, hints: Hints, response: _Response) -> FetchResult:
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        if response.status == 304:
            if state is None:
                return FetchFailed(request_url, "HTTP 304 Not Modified to an unconditional request", 304)
            fresh = HttpState(request_url, etag or state.etag, last_modified or state.last_modified, state.content_hash)
            return NotModified(request_url, fresh)
        if response.status not in CONTENT_CODES:
            return FetchFailed(request_url, _status_error(response), response.status)
        digest = hashlib.sha256(response.body).hexdigest()
        new_state = HttpState(request_url, etag, last_modified, digest)
        if state is not None and state.content_hash == digest:
            return NotModified(request_url, new_state)
        content_type, charset = parse_content_type(response.headers.get("content-type"), response.body)
        document = RawDocument(
            source=self.source,
            location=request_url,
            content=response.body,
            content_type=content_type,
            fetched_at=datetime.now(UTC),
            url=response.url,
            charset=charset,
            modified_at=http_date(last_modified),
            etag=etag,
            hints=hints,
        )
        return Fetched(request_url, document, new_state)

    def _gate(self, url: str) -> HostGate:
        key = host_key(url)
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = HostGate(self.min_delay_s, self._clock, self._sleep)
        return gate

    async def _robots_for(self, url: str) -> Robots:
        origin = origin_of(url)
        task = self._robots.get(origin)
        if task is None:  # the first caller loads it; concurrent callers for the origin await the same task
            task = self._robots[origin] = asyncio.create_task(self._load_robots(origin))
        return await asyncio.shield(task)

    async def _load_robots(self, origin: str) -> Robots:
        response = await self._request(f"{origin}/robots.txt", {}, ROBOTS_MAX_BYTES, robots=True)
        if isinstance(response, FetchFailed):
            return Robots(unreachable=f"robots.txt unreachable: {response.error}")
        if 200 <= response.status < 300:
            robots, delay = parse_robots(origin, response.body, self.user_agent)
            if delay is not None:
                gate = self._gate(origin)
                gate.delay = max(gate.delay, delay)
            return robots
        if 400 <= response.status < 500:
            return Robots()
        return Robots(unreachable=f"robots.txt unreachable: {_status_error(response)}")

    async def _request(
        self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool = False
    ) -> _Response | FetchFailed:
        """One URL with retries; paced per host. Returns the response, or a failure after the last attempt."""
        attempts = max(0, self.settings.retries) + 1
        gate = self._gate(url)
        for attempt in range(1, attempts + 1):
            retry_after: float | None = None
            async with gate.turn():
                assert self._semaphore is not None
                async with self._semaphore:
                    try:
                        response = await asyncio.wait_for(
                            self._exchange(url, headers, max_bytes, robots=robots),
                            self.settings.total_timeout_s or None,  # 0: no overall limit
                        )
                    except Exception as exc:
                        error, retryable = self._describe(exc)
                        failure = FetchFailed(url, error)
                    else:
                        if response.status != 429 and response.status < 500:
                            return response
                        retryable = True
                        failure = FetchFailed(url, _status_error(response), response.status)
                        retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
            if not retryable or attempt == attempts:
                suffix = f" (after {attempt} attempts)" if attempt > 1 else ""
                return FetchFailed(url, failure.error + suffix, failure.status)
            if retry_after is not None:
                wait = min(retry_after, self.max_retry_after_s)
            else:
                wait = min(self.settings.backoff_s * 2 ** (attempt - 1), MAX_BACKOFF_S)
            gate.hold_off(wait)
        raise AssertionError("unreachable")  # the loop always returns on its last attempt

    async def _address_problem(self, url: str) -> str | None:
        """Why the URL's host may not be fetched (it resolves to a non-public address), or None. The
        connection checks again, on the addresses it connects to: this only names the refusal early."""
        return await asyncio.get_running_loop().run_in_executor(None, self.policy.url_problem, url)

    async def _exchange(self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool) -> _Response:
        assert self._client is not None
        async with self._client.stream("GET", url, headers=headers, follow_redirects=robots) as response:
            body = b""
            if 200 <= response.status_code < 300:
                body = await _read_body(response, max_bytes, truncate=robots)
            return _Response(str(response.url), response.status_code, response.reason_phrase, response.headers, body)

    def _describe(self, exc: Exception) -> tuple[str, bool]:
        """Error text for a failed attempt, and whether another attempt may help."""
        s = self.settings
        if isinstance(exc, _BodyTooLarge):
            return f"body larger than {exc.args[0]} bytes", False
        if isinstance(exc, Refused):
            return str(exc), False
        if isinstance(exc, httpx.ConnectTimeout):
            return f"connect timed out after {s.connect_timeout_s} s", True
        if isinstance(exc, httpx.ReadTimeout):
            return f"read timed out after {s.read_timeout_s} s", True
        if isinstance(exc, httpx.TimeoutException):
            return f"timed out ({type(exc).__name__})", True
        if isinstance(exc, TimeoutError):  # asyncio.wait_for: the attempt as a whole
            return f"timed out after {s.total_timeout_s} s", True
        if isinstance(exc, httpx.TooManyRedirects):
            return "too many redirects", False
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.DecodingError | httpx.LocalProtocolError):
            return f"{type(exc).__name__}: {exc}", False
        if isinstance(exc, httpx.TransportError):
            return f"connection failed: {type(exc).__name__}: {exc}".rstrip(": "), True
        if isinstance(exc, httpx.HTTPError | httpx.InvalidURL):
            return f"{type(exc).__name__}: {exc}", False
        raise exc


async def _read_body(response: httpx.Response, max_bytes: int, *, truncate: bool) -> bytes:
    """Read at most ``max_bytes`` (decoded bytes, so gzip bombs stop too); beyond it fail or, for robots.txt,
    keep the head."""
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise _BodyTooLarge(max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                chunks.append(chunk[: max_bytes - (size - len(chunk))])
                break
            raise _BodyTooLarge(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _status_error(response: _Response) -> str:
    return f"HTTP {response.status} {response.reason}".rstrip()


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"invalid URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"unsupported URL scheme: {url!r}"
    if not parts.hostname:
        return f"URL without host: {url!r}"
    return None
