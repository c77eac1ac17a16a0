"""Date windows for backfills: parsing the bounds and keeping only what falls inside.

A window is half-open, ``since <= date < until``, so consecutive windows never overlap (the web
sources' discovery uses the same rule). Naive datetimes are UTC, as everywhere in the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsflow.common.times import utc_naive
from newsflow.config import ConfigError
from newsflow.records import BatchResult, DocumentRecord


@dataclass(frozen=True)
class Window:
    since: datetime | None = None  # naive UTC, inclusive
    until: datetime | None = None  # naive UTC, exclusive

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def contains(self, value: datetime | None) -> bool:
        value = utc_naive(value)
        if value is None:
            return not self
        return (self.since is None or value >= self.since) and (self.until is None or value < self.until)


def parse_bound(text: str | None, *, end: bool = False) -> datetime | None:
    """A CLI or flow-parameter bound: ``YYYY-MM-DD`` or an ISO datetime (naive means UTC).

    A date alone as the end bound means "through that day", so ``--until 2024-03-31`` includes the 31st.
    """
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        start = datetime(day.year, day.month, day.day)
        return start + timedelta(days=1) if end else start
    try:
        return utc_naive(datetime.fromisoformat(text))
    except ValueError as exc:
        raise ConfigError(f"not a date or ISO datetime: {text!r} (expected e.g. 2024-03-01)") from exc


def make_window(since: str | None, until: str | None) -> Window:
    window = Window(parse_bound(since), parse_bound(until, end=True))
    if window.since and window.until and window.since >= window.until:
        raise ConfigError(f"empty window: since {since} is not before until {until}")
    return window


def document_date(doc: DocumentRecord) -> datetime | None:
    return doc.modified_at


def filter_window(batch: BatchResult, window: Window) -> BatchResult:
    """Keep the articles dated in the window (published_at, else the file's or page's modification time),
    the documents behind them, and failures of documents dated in the window.

    Failures that name no document (a missing folder, a failed fetch) are kept: they are about the source.
    """
    if not window:
        return batch
    docs = {d.document_id: d for d in batch.documents}

    def doc_in_window(document_id: str | None) -> bool:
        doc = docs.get(document_id) if document_id else None
        return doc is None or window.contains(document_date(doc))

    articles = [
        a
        for a in batch.articles
        if window.contains(a.published_at or (document_date(docs[a.document_id]) if a.document_id in docs else None))
    ]
    failures = [f for f in batch.failures if doc_in_window(f.document_id)]
    kept_ids = {a.document_id for a in articles} | {f.document_id for f in failures if f.document_id}
    return BatchResult(
        documents=[d for d in batch.documents if d.document_id in kept_ids],
        articles=articles,
        failures=failures,
        unchanged=batch.unchanged,
        fingerprints={
            a.article_id: batch.fingerprints[a.article_id] for a in articles if a.article_id in batch.fingerprints
        },
    )
