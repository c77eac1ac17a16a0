"""Typed records passed between the pipeline's stages.

Data moves one way: RawDocument -> Extracted -> DocumentRecord + ArticleRecord (with its language) in a
BatchResult -> warehouse, then translation fills the article's English columns there.
Every stage failure becomes a Failure; the input that failed is still stored as a DocumentRecord.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Hints:
    """Metadata known before extraction (feed entries, sitemaps): fills gaps extraction leaves."""

    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    lang: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """Bytes exactly as read, with where and when they came from."""

    source: str
    location: str  # file path or URL as requested
    content: bytes
    content_type: str  # "text/html", "text/plain", "text/markdown"
    fetched_at: datetime
    url: str | None = None  # final URL after redirects (web) or None (files)
    charset: str | None = None  # declared by the transport (HTTP header), if any
    modified_at: datetime | None = None  # file mtime or HTTP Last-Modified
    etag: str | None = None
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True)
class Extracted:
    """What an extractor finds in one decoded document."""

    body: str  # paragraphs separated by one blank line
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    url: str | None = None  # canonical/source URL found in the document
    lang_hint: str | None = None  # <html lang>, JSON-LD inLanguage
    published_raw: str | None = None  # the publication time as printed, before any zone was applied


@dataclass(frozen=True)
class Failure:
    source: str
    location: str
    stage: str  # read | fetch | decode | extract | detect | store | translate
    error: str
    document_id: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A RawDocument as stored in `documents`, after decoding was tried."""

    document_id: str
    source: str
    location: str
    url: str | None
    content: bytes  # as stored: compressed as content_encoding says (newsflow.documents.stored)
    content_type: str
    encoding: str | None
    content_hash: str
    fetched_at: datetime
    modified_at: datetime | None
    etag: str | None
    hints: str | None  # JSON
    replaced_bytes: int | None = None  # undecodable bytes replaced by U+FFFD; None when decoding failed
    content_encoding: str | None = None  # "gzip"; None: content is the bytes as read


@dataclass(frozen=True)
class ArticleRecord:
    """One row of `articles` as the ingest stages produce it (translation columns come later)."""

    article_id: str
    source: str
    url: str | None
    location: str
    document_id: str
    title: str | None
    author: str | None
    published_at: datetime | None
    lang: str
    lang_confidence: float
    text: str
    translation_status: str
    content_hash: str
    published_raw: str | None = None  # published_at as the document printed it (local time, offset if any)
    lang_method: str = "langdetect"  # langdetect | neighbours | declared | hint (see newsflow.articles.language)


@dataclass(frozen=True)
class Fingerprint:
    """An article text's near-duplicate fingerprint (newsflow.articles.minhash): MinHash signature and LSH band keys."""

    signature: bytes  # little-endian uint32 MinHash values
    keys: tuple[int, ...]  # one signed 64-bit key per band, band i first


@dataclass
class BatchResult:
    """What processing one batch of documents produced, ready to store in one transaction."""

    documents: list[DocumentRecord] = field(default_factory=list)
    articles: list[ArticleRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    unchanged: int = 0  # inputs known unchanged before processing (HTTP 304, same hash)
    # Article texts' fingerprints by article id, computed where the CPU work runs (the process stage;
    # None: too short to compare); the store computes any that are missing.
    fingerprints: dict[str, Fingerprint | None] = field(default_factory=dict)

    def extend(self, other: BatchResult) -> None:
        self.documents.extend(other.documents)
        self.articles.extend(other.articles)
        self.failures.extend(other.failures)
        self.unchanged += other.unchanged
        self.fingerprints.update(other.fingerprints)


@dataclass(frozen=True)
class Unchanged:
    """An input known unchanged before processing (HTTP 304, or the same bytes as last time)."""

    source: str
    location: str


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that is not an article (an image, a PDF): counted, not read."""

    source: str
    location: str


@dataclass(frozen=True)
class KnownFailure:
    """An input stored byte for byte before whose failure is on record: reported, not retried, not a new failure."""

    source: str
    location: str
    error: str


@dataclass(frozen=True)
class StoredDocuments:
    """Which of some document ids are stored byte for byte: with their article, or without one but with a failure
    on record (document id -> its last error)."""

    with_article: frozenset[str]
    failed: Mapping[str, str]


@dataclass(frozen=True)
class BatchCounts:
    """What storing a batch changed, summed over a run."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def __add__(self, other: BatchCounts) -> BatchCounts:
        return BatchCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.failed + other.failed,
        )


@dataclass(frozen=True)
class PreviousFetch:
    """What the warehouse holds from the last fetch of a URL: validators for a conditional request."""

    location: str
    etag: str | None
    modified_at: datetime | None
    content_hash: str


# What a source's stream yields: a document to process, or what became of an input that will not be processed.
SourceItem = RawDocument | Failure | Unchanged | Skipped
# The stream the pipeline batches: a source's, after the store's lookup (articles.process.skip_known) has turned
# documents that failed before on the same bytes into KnownFailure.
StreamItem = SourceItem | KnownFailure
