"""RSS/Atom/RDF feeds to typed entries, and sniffing whether bytes are a feed or a sitemap.

Sniffing reads the root element name rather than searching for ``<rss`` anywhere, so an article that
quotes feed markup is still an article.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time
from typing import Any

import feedparser

from newsflow.common.langcodes import primary_language
from newsflow.sources.urls import canonicalize, joined

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SNIFF_BYTES = 4096

# Prolog before the root element: XML declaration, processing instructions, comments, doctype.
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute and canonicalised
    title: str | None = None
    published_at: datetime | None = None  # UTC; the entry's published date, else its updated date
    author: str | None = None
    lang: str | None = None  # ISO 639-1 primary subtag, Norwegian as "nb"


def parse_feed(content: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order, one per canonical URL.

    Relative links resolve against xml:base, else ``base_url`` (the URL the feed was fetched from).
    Entries without an http(s) link are skipped; a body that is not a feed gives an empty list.
    """
    # A stream, never the bytes: feedparser opens bytes that name an existing path as a local file.
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": base_url})
    feed_lang = primary_language(parsed.feed.get("language"))
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        absolute = joined(base_url, link)
        url = canonicalize(absolute) if absolute else ""
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        title_detail = entry.get("title_detail") or {}
        entries.append(
            FeedEntry(
                url=url,
                title=_clean(entry.get("title")),
                published_at=_struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
                author=_clean(entry.get("author")),
                lang=primary_language(title_detail.get("language")) or feed_lang,
            )
        )
    return entries


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """True for RSS/Atom/RDF: the root element decides; the content type only when the body can't be read."""
    root = sniff_root(body)
    if root is not None:
        return root in FEED_ROOTS
    return _media_type(content_type) in FEED_TYPES


def looks_like_sitemap(content_type: str, body: bytes) -> bool:
    """True for ``<urlset>`` or ``<sitemapindex>``, gzipped or not. No content type is specific to sitemaps,
    so only the body decides."""
    return sniff_root(body) in SITEMAP_ROOTS


def sniff_root(body: bytes) -> str | None:
    """Local name of the root element of an XML/HTML body (gzip unwrapped), lower-cased; None if unknown."""
    head = body[:_SNIFF_BYTES]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[: _SNIFF_BYTES * 4], _SNIFF_BYTES)
        except zlib.error:
            return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")
    prolog = _PROLOG.match(text)
    match = _ROOT.match(text, prolog.end() if prolog else 0)
    if not match:
        return None
    return match.group(1).rsplit(":", 1)[-1].lower()


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return str(link)
    for candidate in entry.get("links") or []:
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    return None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _struct_to_datetime(value: struct_time | None) -> datetime | None:
    """feedparser gives dates as UTC struct_time."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
