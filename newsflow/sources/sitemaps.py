"""XML sitemaps (plain, index, Google News, gzipped) to typed entries.

Parsing is safe for untrusted input: no entity expansion, no DTDs, no network, and gzip output is capped.
Elements are matched by local name, because real sitemaps get their namespaces wrong.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from newsflow.common.langcodes import primary_language
from newsflow.common.times import utc_aware
from newsflow.sources.urls import canonicalize, joined

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit for one file


class SitemapError(ValueError):
    """Bytes that are not a sitemap (bad XML, wrong root, gzip that does not inflate)."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute and canonicalised
    lastmod: datetime | None = None
    title: str | None = None  # news:title
    lang: str | None = None  # news:language, ISO 639-1, Norwegian as "nb"
    published_at: datetime | None = None  # news:publication_date


@dataclass(frozen=True)
class Sitemap:
    entries: list[SitemapEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # child sitemap URLs of an index, absolute, as written
    child_lastmod: dict[str, datetime] = field(default_factory=dict)  # lastmod of the children that have one


def parse_sitemap(content: bytes, base_url: str) -> Sitemap:
    """Parse a ``<urlset>`` or ``<sitemapindex>``; gzip bodies are recognised by their magic bytes."""
    xml = _gunzip(content) if content[:2] == b"\x1f\x8b" else content
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, recover=True
    )
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("not XML: empty document")
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children: list[str] = []
        child_lastmod: dict[str, datetime] = {}
        for item in _children(root, "sitemap"):
            loc = _loc(item, base_url)
            if loc is None or loc in children:
                continue
            children.append(loc)
            lastmod = parse_w3c_datetime(_text(_child(item, "lastmod")))
            if lastmod is not None:
                child_lastmod[loc] = lastmod
        return Sitemap(children=children, child_lastmod=child_lastmod)
    if kind != "urlset":
        raise SitemapError(f"not a sitemap: root element <{kind}>")
    entries: list[SitemapEntry] = []
    seen: set[str] = set()
    for item in _children(root, "url"):
        loc = _loc(item, base_url)
        if loc is None:
            continue
        url = canonicalize(loc)
        if url in seen:
            continue
        seen.add(url)
        news = _child(item, "news")
        publication = _child(news, "publication")
        entries.append(
            SitemapEntry(
                url=url,
                lastmod=parse_w3c_datetime(_text(_child(item, "lastmod"))),
                title=_text(_child(news, "title")),
                lang=primary_language(_text(_child(publication, "language"))),
                published_at=parse_w3c_datetime(_text(_child(news, "publication_date"))),
            )
        )
    return Sitemap(entries=entries)


def parse_w3c_datetime(value: str | None) -> datetime | None:
    """W3C datetime ('2024-05-01', '2024-05-01T10:00Z', '...+02:00'), RFC 822 as a fallback; always UTC-aware.
    A value without a zone is taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return utc_aware(parsed)


def _gunzip(content: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        xml = inflater.decompress(content, MAX_UNCOMPRESSED_BYTES)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip data: {exc}") from exc
    if inflater.unconsumed_tail:
        raise SitemapError(f"gzipped sitemap larger than {MAX_UNCOMPRESSED_BYTES} bytes uncompressed")
    if not inflater.eof:  # a cut download: its XML would parse (recovered) into a silent part of the list
        raise SitemapError(f"truncated gzip data: the stream stops after {len(content)} bytes, before its end")
    return xml


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == name]


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = " ".join(element.text.split())
    return text or None


def _loc(item: etree._Element, base_url: str) -> str | None:
    loc = _text(_child(item, "loc"))
    if not loc:
        return None
    absolute = joined(base_url, loc)
    return absolute if absolute and absolute.lower().startswith(("http://", "https://")) else None
