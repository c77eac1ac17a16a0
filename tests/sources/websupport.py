"""The local test web site and the fake clock used by tests/web (imported by conftest.py and the tests)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsflow.config import FetchSettings

Reply = tuple[int, dict[str, str], bytes]
STREAM = "X-Test-Stream"  # reply header: send the body without Content-Length (read until close)


@dataclass(frozen=True)
class Logged:
    path: str
    host: str  # hostname from the Host header
    headers: dict[str, str]  # lower-cased names


@dataclass
class Site:
    port: int = 0
    routes: dict[str, Callable[[Logged], Reply]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        reply: Reply = (status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, data)
        self.routes[path] = lambda _req: reply

    def add_sequence(self, path: str, replies: list[Reply]) -> None:
        """Replies in turn; the last one repeats."""
        calls = iter(range(1_000_000))
        self.routes[path] = lambda _req: replies[min(next(calls), len(replies) - 1)]

    def hits(self, path: str, host: str | None = None) -> list[Logged]:
        with self.lock:
            return [e for e in self.log if e.path == path and (host is None or e.host == host)]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        site = self.site
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        entry = Logged(self.path, host, {k.lower(): v for k, v in self.headers.items()})
        with site.lock:
            site.log.append(entry)
            site.in_flight[host] = site.in_flight.get(host, 0) + 1
            site.max_in_flight[host] = max(site.max_in_flight.get(host, 0), site.in_flight[host])
        try:
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
            status, headers, body = route(entry) if route else (404, {"Content-Type": "text/plain"}, b"not found")
            headers = dict(headers)
            stream = headers.pop(STREAM, None)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if not stream:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status not in (204, 304):
                self.wfile.write(body)
        finally:
            with site.lock:
                site.in_flight[host] -= 1

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # clients that hung up, on purpose
        pass


class FakeTime:
    """A monotonic clock that only moves when the fetcher sleeps; sleeps are recorded, not slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def fast_settings(**overrides: Any) -> FetchSettings:
    base: dict[str, Any] = {
        "min_delay_s": 0.0,
        "connect_timeout_s": 2.0,
        "read_timeout_s": 5.0,
        "total_timeout_s": 10.0,
        "max_bytes": 100_000,
        "retries": 2,
        "backoff_s": 0.5,
        "max_concurrency": 4,
        "respect_robots": True,
        "allow_private_addresses": True,  # the test site is on loopback
    }
    return FetchSettings(**{**base, **overrides})


@contextlib.contextmanager
def serving() -> Iterator[Site]:
    """A Site served on 127.0.0.1 in a thread; on exit, hanging handlers are released and the server stopped."""
    state = Site()
    server = make_server(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def make_server(site: Site) -> ThreadingHTTPServer:
    """A server on 127.0.0.1, port chosen by the OS (written to ``site.port``), serving ``site``."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", 0), handler)
    site.port = server.server_address[1]
    return server
