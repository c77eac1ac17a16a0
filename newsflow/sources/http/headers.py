"""Reading HTTP headers: Retry-After, Content-Type (sniffed when absent), dates; the User-Agent we send."""

from __future__ import annotations

import importlib.metadata
from datetime import datetime
from email.utils import parsedate_to_datetime

from newsflow.common.times import utc_aware
from newsflow.sources.feeds import sniff_root

PROJECT_URL = "https://github.com/newsflow/newsflow"
_TYPE_ALIASES = {
    "text/xml": "application/xml",
    "application/x-rss+xml": "application/rss+xml",
    "application/x-atom+xml": "application/atom+xml",
    "application/xhtml+xml": "text/html",
    "application/x-gzip": "application/gzip",
}


def default_user_agent() -> str:
    return f"newsflow/{_version()} (+{PROJECT_URL})"


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent or garbled."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(0.0, (utc_aware(when) - now).total_seconds())
    return seconds if seconds >= 0 else None


def parse_content_type(header: str | None, body: bytes = b"") -> tuple[str, str | None]:
    """Normalised media type and lower-cased charset parameter from a Content-Type header.
    Without a header the body is sniffed: HTML, XML, else application/octet-stream."""
    if not header or not header.split(";", 1)[0].strip():
        root = sniff_root(body)
        media = "text/html" if root == "html" else "application/xml" if root else "application/octet-stream"
        return media, None
    media, *params = (part.strip() for part in header.split(";"))
    media = media.lower()
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return _TYPE_ALIASES.get(media, media), charset


def http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return utc_aware(parsed)


def _version() -> str:
    import newsflow

    version = getattr(newsflow, "__version__", None)
    if isinstance(version, str) and version:
        return version
    try:
        return importlib.metadata.version("newsflow")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
