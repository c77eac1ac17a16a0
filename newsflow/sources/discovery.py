"""Discovery: from a web source's settings to the article URLs to fetch, with what the listing says about them.

Date window: an entry is kept when ``since <= date < until`` (half-open, so consecutive windows never
overlap); naive bounds are taken as UTC. Entries without a date are kept only when no window is given.
Sitemap entries are dated by news:publication_date, else lastmod; feed entries by published, else updated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from newsflow.common.times import utc_aware
from newsflow.config import SourceSettings
from newsflow.records import Hints, RawDocument
from newsflow.sources.feeds import looks_like_feed, looks_like_sitemap, parse_feed
from newsflow.sources.http.results import Fetched, FetchFailed, FetchRequest, FetchResult, HttpState
from newsflow.sources.kinds import source_kind
from newsflow.sources.sitemaps import SitemapError, parse_sitemap
from newsflow.sources.urls import canonicalize

MAX_SITEMAP_DEPTH = 3  # index -> index -> urlset is the deepest seen in practice; deeper is likely a loop
MAX_SITEMAPS = 500  # child sitemaps fetched per discovery at most

Discovered = list[tuple[str, Hints]]


class UrlFetcher(Protocol):
    """What discovery needs from a fetcher (``fetch.Fetcher`` fits)."""

    def fetch_one(self, url: str, state: HttpState | None = None, hints: Hints = Hints()) -> FetchResult: ...

    def fetch_many(self, requests: Sequence[FetchRequest]) -> Iterator[FetchResult]: ...


@dataclass(frozen=True)
class _Item:
    url: str
    hints: Hints
    date: datetime | None


@dataclass(frozen=True)
class DiscoveryLimits:
    """Bounds on the work one listing can cause ([fetch] max_feed_entries, max_sitemap_entries)."""

    max_feed_entries: int = 10_000
    max_sitemap_entries: int = 50_000


def discover(
    source: SourceSettings,
    fetcher: UrlFetcher,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limits: DiscoveryLimits = DiscoveryLimits(),
) -> tuple[Discovered, list[FetchFailed]]:
    """URLs to fetch for a ``urls``, ``feed`` or ``sitemap`` source, and the listings that could not be read.

    ``urls``: the configured list as written (deduplicated by canonical form; a list has no dates, so the
    window does not apply). ``feed``/``sitemap``: canonical entry URLs, newest first, in the window,
    at most ``max_items``.
    """
    kind = source_kind(source.kind)
    if kind.locator == "urls":
        seen: set[str] = set()
        listed: Discovered = []
        for url in source.urls:
            key = canonicalize(url)
            if key not in seen:
                seen.add(key)
                listed.append((url.strip(), Hints()))
        return _limit(listed, source.max_items), []
    if kind.listing is None or not source.url:
        raise ValueError(f"source {source.name!r}: discovery needs kind urls, feed or sitemap with a url")
    if kind.listing == "feed":
        items, failures = _from_feed(source.url, fetcher, limits.max_feed_entries)
    else:
        items, failures = _from_sitemaps(source.url, fetcher, since=utc_aware(since), cap=limits.max_sitemap_entries)
    kept = _select(items, since=utc_aware(since), until=utc_aware(until))
    return _limit([(item.url, item.hints) for item in kept], source.max_items), failures


def classify(doc: RawDocument) -> Literal["feed", "sitemap", "article"]:
    """What an ad-hoc URL turned out to be, from its content type and body."""
    if looks_like_feed(doc.content_type, doc.content):
        return "feed"
    if looks_like_sitemap(doc.content_type, doc.content):
        return "sitemap"
    return "article"


def _select(items: Iterable[_Item], *, since: datetime | None, until: datetime | None) -> list[_Item]:
    """Items in the window, deduplicated by URL, newest first (undated last, in listing order)."""
    windowed = since is not None or until is not None
    kept: dict[str, _Item] = {}
    for item in items:
        if item.url in kept:
            continue
        if item.date is None:
            if windowed:
                continue
        elif (since is not None and item.date < since) or (until is not None and item.date >= until):
            continue
        kept[item.url] = item
    dated = sorted(((i.date, n) for n, i in enumerate(kept.values()) if i.date is not None), reverse=True)
    ordered = list(kept.values())
    return [ordered[n] for _, n in dated] + [i for i in ordered if i.date is None]


def _from_feed(url: str, fetcher: UrlFetcher, cap: int) -> tuple[list[_Item], list[FetchFailed]]:
    result = fetcher.fetch_one(url)
    if isinstance(result, FetchFailed):
        return [], [result]
    if not isinstance(result, Fetched):  # no state was given, so this cannot happen; keep mypy and readers honest
        return [], []
    doc = result.document
    if not looks_like_feed(doc.content_type, doc.content):
        return [], [FetchFailed(url, f"not a feed ({doc.content_type})", 200)]
    items = _feed_items(doc.content, doc.url or url)
    if len(items) > cap:
        return items[:cap], [_over_cap(url, "feed", len(items), cap, "max_feed_entries")]
    return items, []


def _over_cap(url: str, what: str, found: int, cap: int, key: str) -> FetchFailed:
    return FetchFailed(url, f"{what} lists {found} entries; the first {cap} read ([fetch] {key})", 200)


def _feed_items(content: bytes, base_url: str) -> list[_Item]:
    return [
        _Item(e.url, Hints(title=e.title, author=e.author, published_at=e.published_at, lang=e.lang), e.published_at)
        for e in parse_feed(content, base_url)
    ]


def _from_sitemaps(
    root_url: str, fetcher: UrlFetcher, *, since: datetime | None, cap: int = 50_000
) -> tuple[list[_Item], list[FetchFailed]]:
    """Breadth-first through sitemap indexes, one level fetched concurrently at a time. Child sitemaps whose
    lastmod is before ``since`` are skipped: nothing in them can be newer. Past ``cap`` entries over the whole
    tree, nothing more is read or fetched, and one failure says so."""
    items: list[_Item] = []
    failures: list[FetchFailed] = []
    visited = {root_url}
    level = [root_url]
    for depth in range(MAX_SITEMAP_DEPTH + 1):
        if not level:
            break
        next_level: list[str] = []
        fetched = {r.request_url: r for r in fetcher.fetch_many([(u, None, Hints()) for u in level])}
        for result in (fetched[u] for u in level):  # listing order, not completion order: stable output
            if isinstance(result, FetchFailed):
                failures.append(result)
                continue
            if not isinstance(result, Fetched):
                continue
            doc = result.document
            base_url = doc.url or result.request_url
            if len(items) >= cap:
                continue
            if looks_like_feed(doc.content_type, doc.content):  # search engines accept RSS/Atom as sitemaps too
                items.extend(_feed_items(doc.content, base_url))
                continue
            try:
                sitemap = parse_sitemap(doc.content, base_url)
            except SitemapError as exc:
                failures.append(FetchFailed(result.request_url, str(exc), 200))
                continue
            for entry in sitemap.entries:
                date = entry.published_at or entry.lastmod
                hints = Hints(title=entry.title, published_at=entry.published_at, lang=entry.lang)
                items.append(_Item(entry.url, hints, date))  # lastmod dates the window, but is no publication date
            for child in sitemap.children:
                lastmod = sitemap.child_lastmod.get(child)
                if child in visited or (since is not None and lastmod is not None and lastmod < since):
                    continue
                visited.add(child)
                if depth == MAX_SITEMAP_DEPTH:
                    failures.append(FetchFailed(child, f"sitemap nested deeper than {MAX_SITEMAP_DEPTH} levels"))
                elif len(visited) > MAX_SITEMAPS:
                    failures.append(FetchFailed(child, f"more than {MAX_SITEMAPS} sitemaps; skipped"))
                else:
                    next_level.append(child)
        level = next_level if len(items) < cap else []
    if len(items) > cap or (len(items) == cap and level):
        failures.append(
            FetchFailed(
                root_url,
                f"sitemap tree has more than {cap} entries; the first {cap} read ([fetch] max_sitemap_entries)",
                200,
            )
        )
    return items[:cap], failures


def _limit(found: Discovered, max_items: int | None) -> Discovered:
    return found if max_items is None else found[:max_items]
