"""Stored documents back into RawDocuments, so the current code can re-extract them without fetching."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from newsflow.documents import stored
from newsflow.records import Hints, RawDocument


def _hints(value: str | None) -> Hints:
    if not value:
        return Hints()
    data = json.loads(value) if isinstance(value, str) else dict(value)
    published = data.get("published_at")
    return Hints(
        title=data.get("title"),
        author=data.get("author"),
        published_at=datetime.fromisoformat(published) if isinstance(published, str) and published else None,
        lang=data.get("lang"),
    )


def raw_document(row: Mapping[str, Any]) -> RawDocument:
    """One `documents` row (as `Writer.iter_documents` yields it) as the RawDocument it was stored from.

    The transport charset is not stored; for pages fetched over HTTP the encoding that decoded them last
    time stands in for it (a header-only charset would otherwise be lost). Files never had one.
    """
    url = row.get("url")
    return RawDocument(
        source=row["source"],
        location=row["location"],
        content=stored.unpacked(row["content"], row.get("content_encoding")),
        content_type=row["content_type"],
        fetched_at=row["fetched_at"],
        url=url,
        charset=row.get("encoding") if url else None,
        modified_at=row.get("modified_at"),
        hints=_hints(row.get("hints")),
    )


def stored_documents(batches: Iterable[list[dict[str, Any]]]) -> Iterator[RawDocument]:
    for rows in batches:
        for row in rows:
            yield raw_document(row)
