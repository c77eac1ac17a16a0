"""What a fetch gives back: a new document, an unchanged one, or a failure naming why."""

from __future__ import annotations

from dataclasses import dataclass

from newsflow.records import Hints, RawDocument


@dataclass(frozen=True)
class HttpState:
    """What is remembered about a URL between runs, keyed by the URL as requested (not the final URL)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None  # the Last-Modified header, verbatim, to send back as If-Modified-Since
    content_hash: str | None = None  # sha256 hex of the body bytes


@dataclass(frozen=True)
class Fetched:
    """A new or changed document."""

    request_url: str
    document: RawDocument
    state: HttpState


@dataclass(frozen=True)
class NotModified:
    """304 Not Modified, or a 200 whose body hashes as before; ``state`` carries any fresh validators."""

    request_url: str
    state: HttpState


@dataclass(frozen=True)
class FetchFailed:
    request_url: str
    error: str  # "HTTP 404 Not Found", "read timed out after 2.0 s", "disallowed by robots.txt"
    status: int | None = None


FetchResult = Fetched | NotModified | FetchFailed
FetchRequest = tuple[str, HttpState | None, Hints]
