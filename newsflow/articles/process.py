"""The pure middle of the pipeline: RawDocument -> decoded -> Extracted -> language -> records.

No I/O here: a batch of documents goes in, records and failures come out, ready to store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from datetime import datetime

from newsflow.articles.extraction.dates import printed_date
from newsflow.articles.extraction.headline import drop_title_copies
from newsflow.articles.language import UNDETERMINED, detect_language
from newsflow.articles.minhash import fingerprint
from newsflow.common.batching import chunked_by_size
from newsflow.common.letters import has_letters
from newsflow.common.times import local_zone, published_utc
from newsflow.config import LanguageSettings
from newsflow.documents import stored
from newsflow.documents.decode import DecodeError, decode_counted
from newsflow.records import (
    ArticleRecord,
    BatchResult,
    DocumentRecord,
    Extracted,
    Failure,
    Hints,
    KnownFailure,
    RawDocument,
    SourceItem,
    StoredDocuments,
    StreamItem,
    Unchanged,
)

# Bodies with fewer letters than this are navigation or error pages, not articles.
MIN_BODY_LETTERS = 40


class ExtractError(ValueError):
    """A document that decodes but holds no article text."""


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def document_id(doc: RawDocument, content_hash: str | None = None) -> str:
    """The `documents` key: the same source, location and bytes, the same row."""
    return sha256(f"{doc.source}\x00{doc.location}\x00{content_hash or sha256(doc.content)}")[:32]


def document_record(doc: RawDocument, encoding: str | None, replaced_bytes: int | None = None) -> DocumentRecord:
    content_hash = sha256(doc.content)
    hints = None if doc.hints == Hints() else json.dumps(asdict(doc.hints), default=str, ensure_ascii=False)
    return DocumentRecord(
        document_id=document_id(doc, content_hash),
        source=doc.source,
        location=doc.location,
        url=doc.url,
        content=stored.packed(doc.content),  # here, in the worker processes: the writer gets a quarter
        content_type=doc.content_type,
        encoding=encoding,
        content_hash=content_hash,
        fetched_at=doc.fetched_at,
        modified_at=doc.modified_at,
        etag=doc.etag,
        hints=hints,
        replaced_bytes=replaced_bytes,
        content_encoding=stored.GZIP,
    )


def _looks_like_html(doc: RawDocument, text: str) -> bool:
    if doc.content_type in ("text/html", "application/xhtml+xml"):
        return True
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def extract(doc: RawDocument, text: str) -> Extracted:
    html = _looks_like_html(doc, text)
    if html:
        from newsflow.articles.extraction.html import extract as extract_html

        found = extract_html(text, doc.url)
    else:
        from newsflow.articles.extraction.text import clean_text_dump

        found = clean_text_dump(text)
    if found is None or not has_letters(found.body, MIN_BODY_LETTERS):
        raise ExtractError("no article text found")
    hints = doc.hints
    published = found.published_at or hints.published_at
    # Feed and sitemap metadata fill what the page itself does not say.
    return replace(
        found,
        body=drop_title_copies(found.body, found.title or hints.title),
        title=found.title or hints.title,
        author=found.author or hints.author,
        published_at=published,
        lang_hint=found.lang_hint or hints.lang,
        published_raw=_as_printed(published, None if html else text),
    )


def _as_printed(published: datetime | None, dump: str | None) -> str | None:
    """The publication time as the document gave it: a text dump's own words where found; a page's and a
    feed's are machine-readable (JSON-LD, meta tags, RSS), kept in ISO form with their offset if any."""
    if published is None:
        return None
    return (printed_date(dump, published) if dump else None) or published.isoformat()


def canonical_url(found: Extracted, doc: RawDocument) -> str | None:
    url = found.url or doc.url
    if not url:
        return None
    try:
        from newsflow.sources.urls import canonicalize
    except ImportError:  # pragma: no cover - web sources not installed
        return url
    return canonicalize(url)


def translation_status(lang: str, languages: LanguageSettings) -> str:
    if lang == languages.target:
        return "not_needed"
    if lang in languages.translate:
        return "pending"
    return "unsupported"


def article_record(
    doc: DocumentRecord, found: Extracted, url: str | None, languages: LanguageSettings
) -> ArticleRecord:
    locale = languages.locale(doc.source)
    detected = detect_language("\n".join(filter(None, [found.title, found.body])), locale.languages)
    lang, method = detected.code, detected.method
    if lang == UNDETERMINED and found.lang_hint:
        lang, method = found.lang_hint, "hint"
    # A naive time is local: its zone is known only now that the language is.
    published_at = published_utc(found.published_at, local_zone(lang, locale.timezone))
    # Identity survives re-extraction: the canonical URL, else the raw bytes (not the cleaned text,
    # which changes whenever a cleaning rule does).
    article_id = sha256(f"url:{url}" if url else f"doc:{doc.source}:{doc.content_hash}")[:32]
    published = published_at.isoformat() if published_at else None
    content_hash = sha256(json.dumps([found.title, found.author, published, url, found.body, lang], ensure_ascii=False))
    return ArticleRecord(
        article_id=article_id,
        source=doc.source,
        url=url,
        location=doc.location,
        document_id=doc.document_id,
        title=found.title,
        author=found.author,
        published_at=published_at,
        lang=lang,
        lang_confidence=detected.confidence,
        text=found.body,
        translation_status=translation_status(lang, languages),
        content_hash=content_hash,
        published_raw=found.published_raw,
        lang_method=method,
    )


def process_document(doc: RawDocument, languages: LanguageSettings) -> BatchResult:
    """One document to its stored form: always the document, then an article or a failure."""
    try:
        decoded = decode_counted(doc.content, doc.charset)
    except Exception as exc:  # as below: one document's bytes must never fail the rest of its batch
        error = str(exc) if isinstance(exc, DecodeError) else f"{type(exc).__name__}: {exc}"
        record = document_record(doc, None)
        return BatchResult([record], [], [Failure(doc.source, doc.location, "decode", error, record.document_id)])
    text = decoded.text
    record = document_record(doc, decoded.encoding, decoded.replaced)
    try:
        found = extract(doc, text)
        article = article_record(record, found, canonical_url(found, doc), languages)
    except Exception as exc:  # one broken document must never stop the batch
        error = str(exc) if isinstance(exc, ExtractError) else f"{type(exc).__name__}: {exc}"
        return BatchResult([record], [], [Failure(doc.source, doc.location, "extract", error, record.document_id)])
    return BatchResult([record], [article], [], fingerprints={article.article_id: fingerprint(article.text)})


def process_batch(docs: Iterable[RawDocument], languages: LanguageSettings) -> BatchResult:
    result = BatchResult()
    for doc in docs:
        result.extend(process_document(doc, languages))
    return result


KnownDocuments = Callable[[Sequence[str]], StoredDocuments]


def _held_bytes(item: object) -> int:
    return len(item.content) if isinstance(item, RawDocument) else 0


# One lookup per this many documents, or bytes held: each lookup opens the warehouse (about 15 ms on the file).
LOOKUP_DOCUMENTS = 2000
LOOKUP_BYTES = 32 * 1024 * 1024


def skip_known(
    items: Iterable[SourceItem], known: KnownDocuments, chunk: int = LOOKUP_DOCUMENTS, max_bytes: int = LOOKUP_BYTES
) -> Iterator[StreamItem]:
    """Pass a source's stream through, turning documents already stored byte for byte into Unchanged, and
    those that failed before on the same bytes into KnownFailure (a scheduler's run stays green), whatever the
    stage they failed at: a file refused unread is known by the size and time its failure recorded.

    `known` looks the document ids up (ArticleStore.known_documents). A rerun over unchanged input then skips
    decoding, extraction and language detection, which is nearly all of its cost. Safe because a document and
    its article commit in one transaction.
    """
    for batch in chunked_by_size(items, chunk, max_bytes, _held_bytes):
        # Only the key, in the flow's process: the stored form (compressed) is made in the workers.
        ids = {id(item): document_id(item) for item in batch if isinstance(item, RawDocument)}
        # A file refused unread (too large, not a regular file) carries an id of its size and time instead.
        ids |= {id(item): item.document_id for item in batch if isinstance(item, Failure) and item.document_id}
        stored = known(list(ids.values()))
        for item in batch:
            doc_id = ids.get(id(item))
            if doc_id is None:
                yield item
            elif doc_id in stored.with_article:
                yield Unchanged(item.source, item.location)
            elif doc_id in stored.failed:
                yield KnownFailure(item.source, item.location, stored.failed[doc_id])
            else:
                yield item
