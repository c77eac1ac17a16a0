"""URL canonicalisation: one spelling per article, so the archive deduplicates and IDs stay stable."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import courlan
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement

# Courlan already drops most trackers (utm_*, fbclid, gclid, mc_*, ref, ...); these are the ones it keeps.
_EXTRA_TRACKERS = re.compile(
    r"^(?:_ga|_gl|_hsenc|_hsmi|hsa_\w+|mkt_tok|igshid|spm|ocid|cmpid|smid|sr_share|at_\w+|wt_\w+|__twitter_impression)$",
    re.IGNORECASE,
)


def canonicalize(url: str) -> str:
    """Normalise an http(s) URL: lower-case scheme and host, no default port, no fragment, no tracking
    parameters, remaining parameters sorted. Anything that is not an http(s) URL is returned stripped."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return url
    try:
        normalized = courlan.normalize_url(courlan.scrub_url(url))
        parts = urlsplit(normalized)
    except ValueError:  # unparsable port, bad IPv6 literal
        return url
    if not parts.hostname:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _EXTRA_TRACKERS.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def canonical_link(root: HtmlElement, base_url: str | None) -> str | None:
    """The page's own URL as it declares it: ``<link rel=canonical>`` (any case, among other rel
    tokens), else ``og:url``; made absolute against base_url, not canonicalised."""
    candidates = [
        link.get("href") for link in root.iter("link") if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += [
        meta.get("content") for meta in root.iter("meta") if (meta.get("property") or "").lower() == "og:url"
    ]
    for href in candidates:
        absolute = joined(base_url, href) if href and href.strip() else None
        if absolute:
            return absolute
    return None


def joined(base_url: str | None, href: str) -> str | None:
    """href made absolute against base_url; None when the result is no URL at all (an unclosed IPv6 bracket, a
    port that is not a number): one malformed link in a page or a listing is passed over, never fatal to it."""
    try:
        absolute = urljoin(base_url or "", href.strip())
        urlsplit(absolute).port  # noqa: B018 - parses the host and port, which urljoin leaves unchecked
    except ValueError:
        return None
    return absolute


def canonical_from_html(html: str | bytes, base_url: str) -> str | None:
    """The page's own canonical URL: ``<link rel=canonical>``, else ``og:url``; absolute and canonicalised."""
    if not html or not html.strip():
        return None
    try:
        root = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    absolute = canonical_link(root, base_url)
    if absolute and absolute.lower().startswith(("http://", "https://")):
        return canonicalize(absolute)
    return None
