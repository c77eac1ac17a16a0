"""Server-side request forgery: the fetcher refuses non-public addresses by default, on every hop."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from newsflow.config import FetchSettings
from newsflow.sources.http.addresses import address_kind
from newsflow.sources.http.client import Fetcher
from newsflow.sources.http.results import FetchFailed
from tests.support.loopback import serving

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

SETTINGS = FetchSettings(min_delay_s=0.0, retries=0, connect_timeout_s=2.0, read_timeout_s=2.0)
LOOPBACK_ONLY = [ipaddress.ip_network("127.0.0.1/32")]  # the test server, and nothing else


class Server:
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.redirects: dict[str, str] = {}
        self.hosts: list[str] = []  # the Host header of each request
        self.port = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.paths.append(self.path)
            state.hosts.append(self.headers["Host"])
            target = state.redirects.get(self.path)
            self.send_response(302 if target else 404 if self.path == "/robots.txt" else 200)
            if target:
                self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(Handler) as port:
        state.port = port
        yield state


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("fc00::1", "private"),
        ("fe80::1", "link-local"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_loopback_is_refused_by_default_without_a_request(server: Server) -> None:
    with Fetcher(SETTINGS, source="t") as fetcher:
        result = fetcher.fetch_one(server.url("/article"))
    assert result == FetchFailed(
        server.url("/article"),
        "refused: 127.0.0.1, a loopback address ([fetch] allow_private_addresses = true allows it)",
    )
    assert server.paths == []  # not even robots.txt


def test_a_name_is_checked_after_dns_resolution(server: Server) -> None:
    with Fetcher(SETTINGS, source="t") as fetcher:
        result = fetcher.fetch_one(server.url("/article", host="localhost"))
    assert isinstance(result, FetchFailed)
    assert result.error.startswith("refused: localhost resolves to ")
    assert "a loopback address" in result.error
    assert server.paths == []


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("http://10.1.2.3/admin", "refused: 10.1.2.3, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254, a link-local address"),
        ("http://[::1]:9/", "refused: ::1, a loopback address"),
        ("http://[fd12::1]/", "refused: fd12::1, a private address"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(server: Server, target: str, refusal: str) -> None:
    server.redirects["/go"] = target
    with Fetcher(SETTINGS, source="t", allow_networks=LOOPBACK_ONLY) as fetcher:
        result = fetcher.fetch_one(server.url("/go"))
    assert isinstance(result, FetchFailed)
    assert result.error.startswith(refusal)
    assert server.paths == ["/robots.txt", "/go"]


def test_allow_private_addresses_turns_the_guard_off(server: Server) -> None:
    allowed = FetchSettings(min_delay_s=0.0, retries=0, allow_private_addresses=True)
    with Fetcher(allowed, source="t") as fetcher:
        result = fetcher.fetch_one(server.url("/article"))
    assert not isinstance(result, FetchFailed)
    assert server.paths == ["/robots.txt", "/article"]


class Rebinding:
    """A resolver that gives a public address to the first lookup and loopback to every later one: DNS
    rebinding, as a name with a short TTL does it between a check and a connection."""

    def __init__(self) -> None:
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int | None) -> list[str]:
        self.lookups.append(host)
        return ["93.184.216.34"] if len(self.lookups) == 1 else ["127.0.0.1"]


REBOUND = (
    "refused: rebind.test resolves to 127.0.0.1, a loopback address ([fetch] allow_private_addresses = true allows it)"
)


def test_a_name_rebinding_after_the_check_reaches_nothing_not_even_robots_txt(server: Server) -> None:
    resolve = Rebinding()
    url = server.url("/a/secret?token=1", host="rebind.test")
    with Fetcher(SETTINGS, source="t", resolve=resolve) as fetcher:
        result = fetcher.fetch_one(url)
    assert result == FetchFailed(url, f"disallowed by robots.txt (robots.txt unreachable: {REBOUND})")
    assert server.paths == []
    assert resolve.lookups == ["rebind.test", "rebind.test"]  # the early check, then robots.txt's connection


def test_a_page_connection_is_pinned_to_the_address_it_checked(server: Server) -> None:
    no_robots = FetchSettings(min_delay_s=0.0, retries=0, connect_timeout_s=2.0, respect_robots=False)
    url = server.url("/a/secret?token=1", host="rebind.test")
    with Fetcher(no_robots, source="t", resolve=Rebinding()) as fetcher:
        result = fetcher.fetch_one(url)
    assert result == FetchFailed(url, REBOUND)
    assert server.paths == []


def test_a_pinned_connection_still_sends_the_name_as_host(server: Server) -> None:
    # Connected to the checked address, the request still names the host it asked for (Host header, SNI).
    with Fetcher(SETTINGS, source="t", allow_networks=LOOPBACK_ONLY, resolve=lambda h, p: ["127.0.0.1"]) as fetcher:
        result = fetcher.fetch_one(server.url("/article", host="news.example"))
    assert not isinstance(result, FetchFailed)
    assert server.hosts == [f"news.example:{server.port}"] * 2  # robots.txt, then the page
