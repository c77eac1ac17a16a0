"""Fixtures for the orchestration tests: dated article files, a local feed site, warehouse readers."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.support.backend import reader
from tests.support.loopback import serving

NB_BODY = (
    "Kommunestyret i {town} vedtok torsdag å bygge en ny bro over fjorden. Broen skal stå ferdig om fem år, "
    "og prisen er anslått til to milliarder kroner.\n\n"
    "Ordføreren i {town} sier at prosjektet er det viktigste for byen på mange år, og at innbyggerne har ventet "
    "lenge på en bedre forbindelse."
)


def article_text(town: str, published: str | None) -> str:
    head = f"Title: Ny bro i {town}\n" + (f"Published: {published}\n" if published else "")
    return f"{head}\n{NB_BODY.format(town=town)}\n"


def write_article(folder: Path, name: str, town: str, published: str | None = None, mtime: str | None = None) -> Path:
    """A text dump, dated in its front matter (published) or only by its modification time (mtime, UTC)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(article_text(town, published), encoding="utf-8")
    if mtime:
        stamp = datetime.fromisoformat(mtime).replace(tzinfo=UTC).timestamp()
        os.utime(path, (stamp, stamp))
    return path


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with reader(db) as con:
        return con.execute(sql, params or []).fetchall()


@dataclass
class FeedSite:
    """A loopback web site: path -> (content type, body); every request path is logged."""

    port: int = 0
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = (content_type, body.encode("utf-8"))

    def hits(self, prefix: str = "/") -> list[str]:
        with self.lock:
            return [p for p in self.log if p.startswith(prefix)]


@pytest.fixture
def feed_site() -> Iterator[FeedSite]:
    site = FeedSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.log.append(self.path)
            content_type, body = site.pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in site.pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(Handler) as port:
        site.port = port
        yield site


def article_page(town: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in NB_BODY.format(town=town).split("\n\n"))
    return (
        f'<!doctype html><html lang="nb"><head><title>Ny bro i {town}</title></head>'
        f"<body><article><h1>Ny bro i {town}</h1>{paragraphs}</article></body></html>"
    )


def rss(entries: list[tuple[str, str, str]]) -> str:
    """entries: (title, link, RFC 822 date)."""
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>" for t, link, d in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Lokalt</title>{items}</channel></rss>'


@pytest.fixture
def config_for(write_config: Callable[..., Path]) -> Callable[..., Path]:
    """A config with fast, polite-enough fetching for loopback tests and the given [[sources]] bodies."""

    def make(*sources: str, extra: str = "") -> Path:
        base = "[fetch]\nmin_delay_s = 0.0\nretries = 0\nrespect_robots = false\nallow_private_addresses = true\n"
        return write_config(*sources, extra=base + extra)

    return make
