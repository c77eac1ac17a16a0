"""Publication dates as news pages print them, in nb/nn/da/sv/de/en.

A regex finds the date-like span (so labels such as "Publisert:" or a byline around it do not
confuse the parser); dateparser turns the span into a datetime. Only absolute dates with day,
month and year are accepted: "vor 2 Tagen" or "Mai" are not publication dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import dateparser  # type: ignore[import-untyped]

# Languages whose month names occur in our sources; a short list keeps dateparser fast and deterministic.
DEFAULT_LANGUAGES: tuple[str, ...] = ("nb", "da", "sv", "de", "en")

# Numeric dates in our sources are European (14.03.2026, 9/3/2026): day first, always.
_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}

_MONTH = (
    r"(?:jan|feb|mar|mär|apr|ma[iyj]|jun|jul|aug|sep|o[ck]t|nov|de[scz])"
    r"[a-zäæøå]*\.?"
)
_TIME = (
    r"(?:\s*(?:,|-|–|kl\.?|klokken|um|at|@|\|)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?"
    r"(?:\s*(?:uhr|[ap]\.?m\.?))?(?:\s*(?:z|utc|gmt|[ce]e?s?t|[+-]\d{2}:?\d{2}))?)?"
)
# One date with an optional time: ISO, 14.03.2026, 12. März 2026, March 9, 2026.
DATE_PATTERN = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
    rf"|(?:\d{{1,2}}[./]\s?\d{{1,2}}[./]\s?\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}){_TIME}"
    r")(?!\d)",
    re.IGNORECASE,
)

# Words a date line may carry besides the date: labels, weekdays, "Uhr", a place dateline.
_DATE_LINE_WORDS = re.compile(
    r"\b(?:publisert|publ|oppdatert|sist|endret|publisere[dt]|udgivet|opdateret|publicerad|uppdaterad|"
    r"veröffentlicht|aktualisiert|zuletzt|erstellt|stand|am|um|uhr|kl|published|updated|posted|last|on|at|"
    r"dato|datum|date|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tisdag|lördag|söndag|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b\.?",
    re.IGNORECASE,
)


def _to_fixed_offset(value: datetime) -> datetime:
    """Replace dateparser's tz objects by a plain fixed offset, so equality and printing are predictable."""
    offset = value.utcoffset()
    if offset is None:
        return value
    return value.replace(tzinfo=timezone(timedelta(seconds=offset.total_seconds())))


@lru_cache(maxsize=2048)
def _parse_span(span: str, languages: tuple[str, ...]) -> datetime | None:
    try:
        iso = datetime.fromisoformat(span.strip().replace("z", "Z"))
    except ValueError:
        iso = None
    if iso is not None:
        return iso
    # dateparser reads "08.15" after "kl." fine, but not "kl." glued to the time or an "@".
    cleaned = re.sub(r"\s*(?:@|\|)\s*", " ", span)
    parsed = dateparser.parse(cleaned, languages=list(languages), settings=_SETTINGS)
    return _to_fixed_offset(parsed) if parsed is not None else None


def parse_date(text: str, languages: Sequence[str] | None = None) -> datetime | None:
    """The first absolute date (with time, if given) in `text`, or None.

    Timezone-aware when the text carries an offset or zone name, else naive local time as written.
    """
    langs = tuple(languages) if languages else DEFAULT_LANGUAGES
    for match in DATE_PATTERN.finditer(text):
        parsed = _parse_span(match.group(0).strip(" ,-–|"), langs)
        if parsed is not None:
            return parsed
    return None


def is_date_line(line: str) -> bool:
    """True for a short line that is only a date plus labels/weekday/dateline: "Publisert 14.03.2026 kl. 08.15"."""
    match = DATE_PATTERN.search(line)
    if match is None or len(line.split()) > 12:
        return False
    rest = _DATE_LINE_WORDS.sub(" ", line[: match.start()] + " " + line[match.end() :])
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return len(words) <= 2


def printed_date(text: str, value: datetime) -> str | None:
    """The span of `text` that prints `value` (the first date that parses to it, offset included), or None.

    Kept beside the UTC time for audit: it shows what the page said before any zone was applied.
    """
    # Cheap tests first: only a span with the year and the day in it can print this date (dateparser is slow).
    year, day = str(value.year), re.compile(rf"(?<!\d)0?{value.day}(?!\d)")
    for match in DATE_PATTERN.finditer(text):
        span = match.group(0).strip(" ,-–|")
        if year not in span or not day.search(span.replace(year, " ")):
            continue
        parsed = _parse_span(span, DEFAULT_LANGUAGES)
        if parsed is not None and parsed == value and parsed.utcoffset() == value.utcoffset():
            return span
    return None
