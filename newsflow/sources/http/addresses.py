"""Which addresses the fetcher may reach, and connections pinned to the addresses that were checked.

Server-side request forgery: unless ``allow_private_addresses``, a host that resolves to a loopback, private,
link-local, unspecified or otherwise non-public address is refused. The check is not a step before the
request (DNS may answer differently a moment later: rebinding) but the connection itself: httpx connects
through ``PinnedAsyncBackend``/``PinnedSyncBackend``, which resolve the host once, check every address it
got, and connect to a checked address. The URL's host name still goes in the Host header and the TLS server
name, since httpcore takes both from the URL, not from the socket. Every connection goes through it: pages,
feeds, sitemaps, robots.txt, each redirect hop, and `models install`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int | None], list[str]]  # host, port -> addresses (the seam tests rebind through)


class Refused(Exception):
    """A connection to a non-public address, refused before anything was sent."""


def address_kind(ip: IPAddress) -> str | None:
    """What makes an address off limits to a crawler ("loopback", "private", ...), or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),  # 169.254.169.254: cloud metadata
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-public", not ip.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def system_resolve(host: str, port: int | None) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False  # [fetch] allow_private_addresses
    allow_networks: tuple[IPNetwork, ...] = ()  # exempt from the guard (tests: one loopback host)
    resolve: Resolver = field(default=system_resolve, compare=False)

    def refusal(self, host: str, address: str) -> str | None:
        if self.allow_private:
            return None
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # fe80::1%eth0: drop the zone
        kind = address_kind(ip)
        if kind is None or any(ip in net for net in self.allow_networks):
            return None
        via = "" if host.strip("[]") == address else f"{host} resolves to "
        return f"refused: {via}{address}, a {kind} address ([fetch] allow_private_addresses = true allows it)"

    def checked_addresses(self, host: str, port: int | None) -> list[str]:
        """The host's addresses, resolved once, every one checked; raises Refused if any is off limits (a
        name answering both public and private is refused: the resolver picks which one is used)."""
        bare = host.strip("[]")
        try:
            found = [str(ipaddress.ip_address(bare))]
        except ValueError:
            try:
                found = self.resolve(bare, port)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        for address in found:
            problem = self.refusal(host, address)
            if problem:
                raise Refused(problem)
        return found

    def url_problem(self, url: str) -> str | None:
        """Why the URL's host may not be fetched, for a clear failure before any request; None when it may,
        or when it does not resolve (the request then fails on its own, naming why)."""
        if self.allow_private:
            return None
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return None
        try:
            self.checked_addresses(parts.hostname or "", port)
        except Refused as exc:
            return str(exc)
        except httpcore.ConnectError:
            return None
        return None


class PinnedAsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        addresses = await loop.run_in_executor(None, self.policy.checked_addresses, host, port)
        return await _first_connecting(
            addresses, lambda a: self._inner.connect_tcp(a, port, timeout, local_address, socket_options)
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise Refused("refused: unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _first_connecting(addresses: Sequence[str], connect: Callable[[str], Any]) -> Any:
    error: Exception | None = None
    for address in addresses:
        try:
            return await connect(address)
        except httpcore.ConnectError as exc:  # the next checked address, as getaddrinfo's order suggests
            error = exc
    assert error is not None
    raise error


class PinnedSyncBackend(httpcore.NetworkBackend):
    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in self.policy.checked_addresses(host, port):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise Refused("refused: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def pinned_async_transport(policy: AddressPolicy, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through the policy (no proxies from the environment)."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=PinnedAsyncBackend(policy),
    )
    return transport


def pinned_sync_transport(policy: AddressPolicy) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=PinnedSyncBackend(policy))
    return transport


def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=False)
