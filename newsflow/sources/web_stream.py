"""Web sources into the pipeline's stream: discover, fetch conditionally, yield documents and failures.

What a URL looked like last time (ETag, Last-Modified, content hash of the newest stored copy) comes
from the warehouse through a lookup the caller passes in (ArticleStore.previous_fetches): sources never
open the warehouse themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from email.utils import format_datetime

from newsflow.common.times import utc_aware
from newsflow.config import Settings, SourceSettings
from newsflow.records import Failure, Hints, PreviousFetch, RawDocument, Unchanged
from newsflow.sources.discovery import DiscoveryLimits, classify, discover
from newsflow.sources.http.client import Fetcher
from newsflow.sources.http.results import Fetched, FetchFailed, HttpState

# Where the validators of earlier fetches come from: the warehouse's ArticleStore.previous_fetches.
PreviousFetches = Callable[[Sequence[str]], Mapping[str, PreviousFetch]]


def known_states(previous: PreviousFetches | None, urls: Sequence[str]) -> dict[str, HttpState]:
    """The validators of the newest stored copy of each URL, for conditional requests."""
    if previous is None or not urls:
        return {}
    return {url: HttpState(url, p.etag, _http_date(p.modified_at), p.content_hash) for url, p in previous(urls).items()}


def _http_date(value: datetime | None) -> str | None:
    if value is None:
        return None
    return format_datetime(utc_aware(value), usegmt=True)


def _fetch(
    fetcher: Fetcher, source: str, found: Sequence[tuple[str, Hints]], previous: PreviousFetches | None
) -> Iterator[RawDocument | Failure | Unchanged]:
    states = known_states(previous, [url for url, _ in found])
    for result in fetcher.fetch_many([(url, states.get(url), hints) for url, hints in found]):
        if isinstance(result, Fetched):
            yield result.document
        elif isinstance(result, FetchFailed):
            yield Failure(source, result.request_url, "fetch", result.error)
        else:
            yield Unchanged(source, result.request_url)


def _failures(source: str, failed: Sequence[FetchFailed]) -> Iterator[Failure]:
    for item in failed:
        yield Failure(source, item.request_url, "fetch", item.error)


def limits_of(settings: Settings) -> DiscoveryLimits:
    return DiscoveryLimits(settings.fetch.max_feed_entries, settings.fetch.max_sitemap_entries)


def collect_web_source(
    settings: Settings,
    source: SourceSettings,
    previous: PreviousFetches | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[RawDocument | Failure | Unchanged]:
    with Fetcher(settings.fetch, source=source.name, min_delay_s=source.min_delay_s) as fetcher:
        found, failed = discover(source, fetcher, since=since, until=until, limits=limits_of(settings))
        yield from _failures(source.name, failed)
        yield from _fetch(fetcher, source.name, found, previous)


def collect_urls(
    settings: Settings, urls: Sequence[str], source_name: str, previous: PreviousFetches | None = None
) -> Iterator[RawDocument | Failure | Unchanged]:
    """Ad-hoc URLs: an article is ingested; a feed or sitemap is expanded into its articles."""
    with Fetcher(settings.fetch, source=source_name) as fetcher:
        states = known_states(previous, list(urls))
        for result in fetcher.fetch_many([(url, states.get(url), Hints()) for url in urls]):
            if isinstance(result, FetchFailed):
                yield Failure(source_name, result.request_url, "fetch", result.error)
                continue
            if not isinstance(result, Fetched):
                yield Unchanged(source_name, result.request_url)
                continue
            kind = classify(result.document)
            if kind == "article":
                yield result.document
                continue
            listing = SourceSettings(
                name=source_name,
                kind="feed" if kind == "feed" else "sitemap",
                url=result.document.url or result.request_url,
            )
            found, failed = discover(listing, fetcher, limits=limits_of(settings))
            yield from _failures(source_name, failed)
            yield from _fetch(fetcher, source_name, found, previous)
