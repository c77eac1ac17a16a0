from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from newsflow.sources.sitemaps import Sitemap, SitemapEntry, SitemapError, parse_sitemap, parse_w3c_datetime

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://ex.no/sitemap-news.xml</loc><lastmod>2024-05-02T10:00:00+02:00</lastmod></sitemap>
  <sitemap><loc>/sitemap-2019.xml.gz</loc></sitemap>
  <sitemap><loc>https://ex.no/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://ex.no/sak/1?utm_source=sitemap</loc><lastmod>2024-05-02</lastmod>
    <news:news><news:publication><news:name>Ex</news:name><news:language>no</news:language></news:publication>
      <news:publication_date>2024-05-01T12:00:00+02:00</news:publication_date>
      <news:title>Stor  sak</news:title></news:news></url>
  <url><loc>https://ex.no/sak/2</loc></url>
  <url><loc>https://ex.no/sak/1</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>"""


def test_sitemap_index_children_and_their_lastmod() -> None:
    sitemap = parse_sitemap(INDEX, "https://ex.no/sitemap.xml")
    assert sitemap.entries == []
    assert sitemap.children == ["https://ex.no/sitemap-news.xml", "https://ex.no/sitemap-2019.xml.gz"]
    assert sitemap.child_lastmod == {"https://ex.no/sitemap-news.xml": datetime(2024, 5, 2, 8, tzinfo=UTC)}


def test_news_sitemap_entries() -> None:
    assert parse_sitemap(NEWS, "https://ex.no/sitemap-news.xml") == Sitemap(
        entries=[
            SitemapEntry(
                url="https://ex.no/sak/1",
                lastmod=datetime(2024, 5, 2, tzinfo=UTC),
                title="Stor sak",
                lang="nb",
                published_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
            ),
            SitemapEntry(url="https://ex.no/sak/2"),
        ]
    )


def test_gzipped_sitemap() -> None:
    assert parse_sitemap(gzip.compress(NEWS), "https://ex.no/s.xml.gz") == parse_sitemap(NEWS, "https://ex.no/s.xml")


def test_a_gzipped_sitemap_cut_short_is_refused_not_read_in_part() -> None:
    urls = b"".join(b"<url><loc>https://ex.no/a/%d</loc></url>" % n for n in range(2000))
    packed = gzip.compress(b"<urlset>" + urls + b"</urlset>")
    cut = packed[: len(packed) // 2]  # a download that stopped halfway: its first half inflates to ~1,000 entries
    with pytest.raises(SitemapError, match=f"^truncated gzip data: the stream stops after {len(cut)} bytes, before"):
        parse_sitemap(cut, "https://ex.no/s.xml.gz")


def test_entities_are_not_expanded_and_nothing_is_read() -> None:
    evil = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>
<urlset><url><loc>https://ex.no/&secret;&a;</loc></url></urlset>"""
    # The entry is kept, its entity references dropped: neither the file's text nor the expansion gets in.
    assert parse_sitemap(evil, "https://ex.no/") == Sitemap(entries=[SitemapEntry(url="https://ex.no/")])


@pytest.mark.parametrize("body", [b"<html><body>hi</body></html>", b"", b"\x1f\x8bnot gzip", b"<rss></rss>"])
def test_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(body, "https://ex.no/")


def test_parse_w3c_datetime() -> None:
    assert parse_w3c_datetime("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_w3c_datetime("2024-05-01T10:00Z") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_w3c_datetime("2024-05-01T10:00:00.5+02:00") == datetime(2024, 5, 1, 8, 0, 0, 500000, tzinfo=UTC)
    assert parse_w3c_datetime("Wed, 01 May 2024 10:00:00 GMT") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_w3c_datetime("yesterday") is None


def test_an_entry_that_is_no_url_is_passed_over() -> None:
    body = b"""<urlset><url><loc>http://[::1/sak/0</loc></url><url><loc>https://ex.no:port/sak/9</loc></url>
<url><loc>/sak/1</loc></url></urlset>"""
    assert parse_sitemap(body, "https://ex.no/sitemap.xml") == Sitemap(
        entries=[SitemapEntry(url="https://ex.no/sak/1")]
    )
