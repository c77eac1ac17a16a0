from __future__ import annotations

import pytest

from newsflow.sources.urls import canonical_from_html, canonicalize

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/News/a?utm_source=x&utm_medium=rss#top", "http://www.example.com/News/a"),
        ("https://example.com:443/a?b=2&a=1&fbclid=X&gclid=Y&mc_cid=Z&ref=home", "https://example.com/a?a=1&b=2"),
        ("https://example.com:8443/a?id=5&_ga=1.2&igshid=q", "https://example.com:8443/a?id=5"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a?x=1&amp;y=2 ", "https://example.com/a?x=1&y=2"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
    ],
)
def test_canonicalize(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


def test_canonicalize_is_idempotent() -> None:
    once = canonicalize("https://Ex.no/sak/1?utm_campaign=c&page=2#kommentarer")
    assert canonicalize(once) == once == "https://ex.no/sak/1?page=2"


def test_two_urls_with_one_canonical_link() -> None:
    page = (
        '<html><head><link rel="alternate" href="/amp"><link rel="Canonical" href="/sak/1?utm_source=x"></head></html>'
    )
    assert canonical_from_html(page, "https://ex.no/sak/1?utm_source=fb") == "https://ex.no/sak/1"
    assert canonical_from_html(page.encode(), "https://ex.no/amp/sak/1") == "https://ex.no/sak/1"


def test_og_url_fallback_and_nothing_found() -> None:
    og = '<html><head><meta property="og:url" content="https://Ex.no/sak/2#x"></head><body></body></html>'
    assert canonical_from_html(og, "https://ex.no/other") == "https://ex.no/sak/2"
    assert canonical_from_html("<html><body><p>no head</p></body></html>", "https://ex.no/") is None
    assert canonical_from_html("", "https://ex.no/") is None
    assert canonical_from_html('<link rel="canonical" href="javascript:void(0)">', "https://ex.no/") is None


def test_a_canonical_link_that_is_no_url_gives_way_to_the_next_or_to_none() -> None:
    broken = '<link rel="canonical" href="http://[::1/sak/1">'
    assert canonical_from_html(broken + '<meta property="og:url" content="/sak/1">', "https://ex.no/amp/1") == (
        "https://ex.no/sak/1"
    )
    assert canonical_from_html(broken, "https://ex.no/amp/1") is None
