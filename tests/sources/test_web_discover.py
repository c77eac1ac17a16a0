from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from websupport import Site

from newsflow.config import SourceSettings
from newsflow.records import Hints, RawDocument
from newsflow.sources.discovery import DiscoveryLimits, classify, discover
from newsflow.sources.http.results import Fetched, FetchFailed

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><language>de</language>
<item><title>Alt</title><link>/a/old</link><pubDate>Mon, 01 Jan 2024 12:00:00 GMT</pubDate></item>
<item><title>Neu</title><link>/a/new?utm_source=rss</link><pubDate>Wed, 03 Jan 2024 12:00:00 GMT</pubDate>
  <author>x@ex.de (Erika)</author></item>
<item><title>Undatiert</title><link>/a/undated</link></item>
</channel></rss>"""


def sitemap_site(site: Site) -> None:
    site.add(
        "/sitemap.xml",
        f"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{site.url("/news.xml")}</loc><lastmod>2024-05-03</lastmod></sitemap>
        <sitemap><loc>/archive.xml.gz</loc><lastmod>2024-04-30</lastmod></sitemap>
        <sitemap><loc>/missing.xml</loc></sitemap>
        <sitemap><loc>/sitemap.xml</loc></sitemap></sitemapindex>""",
        headers={"Content-Type": "application/xml"},
    )
    site.add(
        "/news.xml",
        """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>/n/1</loc><news:news><news:publication><news:language>nb</news:language></news:publication>
          <news:publication_date>2024-05-02T09:00:00Z</news:publication_date><news:title>En</news:title></news:news></url>
        <url><loc>/n/2</loc><lastmod>2024-05-03T09:00:00Z</lastmod></url>
        <url><loc>/n/undated</loc></url></urlset>""",
        headers={"Content-Type": "text/xml"},
    )
    archive = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>/old/1</loc><lastmod>2024-04-01</lastmod></url></urlset>"""
    site.add("/archive.xml.gz", gzip.compress(archive), headers={"Content-Type": "application/x-gzip"})


def test_urls_source_keeps_the_list_deduplicated(make_fetcher) -> None:
    source = SourceSettings(
        name="s", kind="urls", urls=("https://ex.no/a?utm_source=x", "https://EX.no/a", "https://ex.no/b")
    )
    found, failures = discover(source, make_fetcher(), since=datetime(2030, 1, 1, tzinfo=UTC))
    assert found == [("https://ex.no/a?utm_source=x", Hints()), ("https://ex.no/b", Hints())]
    assert failures == []


def test_feed_source_gives_entries_with_hints_newest_first(site: Site, make_fetcher) -> None:
    site.add("/feed", FEED, headers={"Content-Type": "application/rss+xml"})
    source = SourceSettings(name="s", kind="feed", url=site.url("/feed"))
    found, failures = discover(source, make_fetcher())
    assert failures == []
    assert [url for url, _ in found] == [site.url("/a/new"), site.url("/a/old"), site.url("/a/undated")]
    assert found[0][1] == Hints(
        title="Neu", author="x@ex.de (Erika)", published_at=datetime(2024, 1, 3, 12, tzinfo=UTC), lang="de"
    )


def test_feed_window_and_max_items(site: Site, make_fetcher) -> None:
    site.add("/feed", FEED, headers={"Content-Type": "application/rss+xml"})
    source = SourceSettings(name="s", kind="feed", url=site.url("/feed"))
    since, until = datetime(2024, 1, 2), datetime(2024, 1, 3, 12)  # naive: UTC; until is exclusive
    assert discover(source, make_fetcher(), since=since)[0] == [
        (site.url("/a/new"), discover(source, make_fetcher())[0][0][1])
    ]
    assert discover(source, make_fetcher(), since=since, until=until) == ([], [])
    limited = SourceSettings(name="s", kind="feed", url=site.url("/feed"), max_items=1)
    assert [u for u, _ in discover(limited, make_fetcher())[0]] == [site.url("/a/new")]


def test_feed_source_that_is_not_a_feed_or_fails(site: Site, make_fetcher) -> None:
    site.add("/page", "<html><body>hi</body></html>")
    fetcher = make_fetcher()
    found, failures = discover(SourceSettings(name="s", kind="feed", url=site.url("/page")), fetcher)
    assert found == [] and failures == [FetchFailed(site.url("/page"), "not a feed (text/html)", 200)]
    found, failures = discover(SourceSettings(name="s", kind="feed", url=site.url("/gone")), fetcher)
    assert found == [] and [f.status for f in failures] == [404]


def test_sitemap_index_news_and_gzip(site: Site, make_fetcher) -> None:
    sitemap_site(site)
    source = SourceSettings(name="s", kind="sitemap", url=site.url("/sitemap.xml"))
    found, failures = discover(source, make_fetcher())
    assert [u for u, _ in found] == [site.url(p) for p in ("/n/2", "/n/1", "/old/1", "/n/undated")]
    hints = dict(found)
    assert hints[site.url("/n/1")] == Hints(title="En", published_at=datetime(2024, 5, 2, 9, tzinfo=UTC), lang="nb")
    assert hints[site.url("/n/2")] == Hints()  # lastmod places it in time but is no publication date
    assert [(f.request_url, f.status) for f in failures] == [(site.url("/missing.xml"), 404)]
    assert len(site.hits("/sitemap.xml")) == 1  # the self-reference is not followed


def test_sitemap_window_skips_old_children_and_undated_entries(site: Site, make_fetcher) -> None:
    sitemap_site(site)
    source = SourceSettings(name="s", kind="sitemap", url=site.url("/sitemap.xml"))
    found, _ = discover(
        source, make_fetcher(), since=datetime(2024, 5, 1, tzinfo=UTC), until=datetime(2024, 5, 3, tzinfo=UTC)
    )
    assert [u for u, _ in found] == [site.url("/n/1")]
    assert site.hits("/archive.xml.gz") == []  # its lastmod is before the window


def test_classify(site: Site, make_fetcher) -> None:
    site.add("/feed", FEED, headers={"Content-Type": "text/xml"})
    site.add("/sm", gzip.compress(b"<urlset></urlset>"), headers={"Content-Type": "application/octet-stream"})
    site.add("/article", "<!doctype html><html><body><p>rss</p></body></html>")
    fetcher = make_fetcher()
    kinds = {}
    for path in ("/feed", "/sm", "/article"):
        result = fetcher.fetch_one(site.url(path))
        assert isinstance(result, Fetched)
        kinds[path] = classify(result.document)
    assert kinds == {"/feed": "feed", "/sm": "sitemap", "/article": "article"}
    text = RawDocument(
        source="s", location="x", content=b"just text", content_type="text/plain", fetched_at=datetime.now(UTC)
    )
    assert classify(text) == "article"


def test_a_feed_past_max_feed_entries_is_cut_with_one_failure(site: Site, make_fetcher) -> None:
    items = "".join(f"<item><title>{n}</title><link>/a/{n}</link></item>" for n in range(50))
    site.add("/big", f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>',
             headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    source = SourceSettings(name="s", kind="feed", url=site.url("/big"))
    found, failures = discover(source, make_fetcher(), limits=DiscoveryLimits(max_feed_entries=10))
    assert [u for u, _ in found] == [site.url(f"/a/{n}") for n in range(10)]
    assert failures == [
        FetchFailed(site.url("/big"), "feed lists 50 entries; the first 10 read ([fetch] max_feed_entries)", 200)
    ]


def test_a_sitemap_tree_past_max_sitemap_entries_stops_fetching_children(site: Site, make_fetcher) -> None:
    children = "".join(f"<sitemap><loc>/s{n}.xml</loc></sitemap>" for n in range(20))
    site.add("/index.xml", f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>',
             headers={"Content-Type": "application/xml"})  # fmt: skip
    for n in range(20):
        urls = "".join(f"<url><loc>/a/{n}-{k}</loc></url>" for k in range(5))
        site.add(f"/s{n}.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                 headers={"Content-Type": "application/xml"})  # fmt: skip
    source = SourceSettings(name="s", kind="sitemap", url=site.url("/index.xml"))
    found, failures = discover(source, make_fetcher(), limits=DiscoveryLimits(max_sitemap_entries=12))
    assert len(found) == 12
    assert [f.error for f in failures] == [
        "sitemap tree has more than 12 entries; the first 12 read ([fetch] max_sitemap_entries)"
    ]
