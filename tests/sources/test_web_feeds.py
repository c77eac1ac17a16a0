from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsflow.common.langcodes import primary_language as normalize_lang
from newsflow.sources.feeds import FeedEntry, looks_like_feed, looks_like_sitemap, parse_feed

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

RSS = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Nyheter</title><link>https://ex.no/</link><language>nb-NO</language>
<item><title>  F\xf8rste   sak </title><link>/sak/1?utm_source=rss</link>
  <pubDate>Tue, 02 Jan 2024 10:00:00 +0100</pubDate><dc:creator>Ola Nordmann</dc:creator></item>
<item><title>Duplikat</title><link>https://ex.no/sak/1?utm_medium=feed</link></item>
<item><title>Uten lenke</title></item>
<item><title>Andre</title><link>https://ex.no/sak/2</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
<title>Nachrichten</title>
<entry><title>Erster</title><link rel="alternate" href="artikel/1"/><link rel="enclosure" href="a.mp3"/>
  <published>2024-03-01T08:30:00+01:00</published><updated>2024-03-02T00:00:00Z</updated>
  <author><name>Erika Mustermann</name></author></entry>
<entry><title>Nur aktualisiert</title><link href="https://ex.de/artikel/2"/><updated>2024-03-02T12:00:00Z</updated></entry>
</feed>"""


def test_rss_entries_relative_links_dates_authors_language() -> None:
    entries = parse_feed(RSS, "https://ex.no/rss.xml")
    assert entries == [
        FeedEntry(
            url="https://ex.no/sak/1",
            title="F\u00f8rste sak",
            published_at=datetime(2024, 1, 2, 9, 0, tzinfo=UTC),
            author="Ola Nordmann",
            lang="nb",
        ),
        FeedEntry(url="https://ex.no/sak/2", title="Andre", published_at=None, author=None, lang="nb"),
    ]


def test_atom_entries_resolve_against_the_feed_url() -> None:
    first, second = parse_feed(ATOM, "https://ex.de/feeds/atom.xml")
    assert first.url == "https://ex.de/feeds/artikel/1"
    assert first.published_at == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)
    assert (first.title, first.author, first.lang) == ("Erster", "Erika Mustermann", "de")
    assert second.published_at == datetime(2024, 3, 2, 12, 0, tzinfo=UTC)  # updated when there is no published


def test_not_a_feed_gives_no_entries() -> None:
    assert parse_feed(b"<html><body>hello</body></html>", "https://ex.no/") == []


def test_a_body_naming_a_local_file_is_not_read(tmp_path: Path) -> None:
    local = tmp_path / "feed.xml"
    local.write_bytes(RSS)
    assert parse_feed(str(local).encode(), "https://ex.no/") == []


def test_looks_like_feed_reads_the_root_element() -> None:
    assert looks_like_feed("application/rss+xml", RSS)
    assert looks_like_feed("text/xml", ATOM)
    assert looks_like_feed("text/html", b'<?xml version="1.0"?><!-- x --><rdf:RDF xmlns:rdf="r"><channel/>')
    assert looks_like_feed("application/rss+xml", b"")  # unreadable body: the type decides
    article = b"<!DOCTYPE html><html><body><pre>&lt;rss version=2.0&gt;</pre><rss></body></html>"
    assert not looks_like_feed("text/html", article)
    assert not looks_like_feed("application/rss+xml", article)  # the body wins over a wrong type
    assert not looks_like_feed("application/xml", b"<urlset></urlset>")


def test_looks_like_sitemap() -> None:
    import gzip

    assert looks_like_sitemap("application/xml", b'<?xml version="1.0"?>\n<urlset xmlns="x"></urlset>')
    assert looks_like_sitemap("text/xml", b"\xef\xbb\xbf<sitemapindex></sitemapindex>")
    assert looks_like_sitemap("application/gzip", gzip.compress(b"<urlset></urlset>"))
    assert not looks_like_sitemap("application/xml", RSS)
    assert not looks_like_sitemap("text/html", b"<html><body>urlset</body></html>")


def test_normalize_lang() -> None:
    assert [normalize_lang(v) for v in ("nb-NO", "no", "DE", "en_US", "", None, "x-klingon")] == [
        "nb",
        "nb",
        "de",
        "en",
        None,
        None,
        None,
    ]
