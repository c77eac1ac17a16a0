"""Times in one place. The warehouse stores naive UTC; this module is the only one that converts to it.

- `utcnow`, `utc_naive` and `utc_aware`: for times the pipeline makes or reads with a zone (HTTP dates,
  feed dates, window bounds). A naive value is taken as UTC already.
- `published_utc`: for a publication time as an article prints it. A naive one is local time, read in the
  source's declared zone, else in the zone of the article's language (known only after detection).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, tzinfo
from typing import overload
from zoneinfo import ZoneInfo


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


# Without a declared zone, a naive time is read where the article's language is written; else as UTC.
LANGUAGE_ZONES = {
    "nb": "Europe/Oslo",
    "nn": "Europe/Oslo",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "de": "Europe/Berlin",
}


def local_zone(lang: str, declared: str | None = None) -> tzinfo:
    """The zone of a naive publication time: the source's declared zone, else its language's, else UTC."""
    name = declared or LANGUAGE_ZONES.get(lang)
    return ZoneInfo(name) if name else UTC


def published_utc(value: datetime | None, zone: tzinfo) -> datetime | None:
    """A publication time as extracted, as naive UTC for the warehouse.

    - With an offset (``07:15+02:00``): that offset decides, whatever the zone.
    - Naive (``kl. 09.30``): local time in `zone`, daylight saving included. Across a change, the offset in
      force before it is used: a time that occurs twice (autumn) is the first, summer-time one; a time that
      does not exist (the hour skipped in spring) is read as if the clocks had not changed yet, so 02:30 in
      Oslo on the last Sunday of March is 01:30 UTC. Both are rare; the rule is the documented one of PEP 495.
    - Naive midnight is a date without a time (what htmldate and a bare "02.04.2026" give): it stays on
      its day, 00:00, rather than moving to the evening before in UTC.
    """
    if value is None:
        return None
    if value.tzinfo is not None:
        return utc_naive(value)
    if value.time() == time(0):
        return value
    return utc_naive(value.replace(tzinfo=zone, fold=0))
