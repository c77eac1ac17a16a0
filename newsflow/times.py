"""Times in one place. The warehouse stores naive UTC; this module is the only one that converts to it.

- `utcnow`, `utc_naive` and `utc_aware`: for times the pipeline makes or reads with a zone (HTTP dates,
  feed dates, window bounds). A naive value is taken as UTC already.
- `published_utc`: for a publication time as an article prints it. A naive one is local time, read in the
  source's declared zone, else in the zone of the article's language (known only after detection).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@overload
def utc_naive(value: datetime) -> datetime: ...
@overload
def utc_naive(value: None) -> None: ...
def utc_naive(value: datetime | None) -> datetime | None:
    """Naive UTC, as stored: an aware value is converted, a naive one is UTC already."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


@overload
def utc_aware(value: datetime) -> datetime: ...
@overload
def utc_aware(value: None) -> None: ...
def utc_aware(value: datetime | None) -> datetime | None:
    """Aware UTC, for arithmetic with aware values and HTTP dates: a naive value is taken as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
