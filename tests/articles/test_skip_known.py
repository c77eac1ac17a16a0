"""Documents stored already are found by their key alone, in the flow's process, before any processing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest

from newsflow.articles import process
from newsflow.articles.process import document_id, document_record, skip_known
from newsflow.records import RawDocument, StoredDocuments, Unchanged

pytestmark = pytest.mark.no_warehouse

DOC = RawDocument(
    "dump", "dump/bro.txt", b"Title: Ny bro\n\nKommunestyret vedtok en ny bro.\n", "text/plain", datetime(2025, 5, 1)
)
OTHER = RawDocument(
    "dump", "dump/ny.txt", b"Title: Ny skole\n\nKommunestyret vedtok en ny skole.\n", "text/plain", datetime(2025, 5, 1)
)


def test_a_documents_key_is_the_one_its_stored_row_gets() -> None:
    assert document_id(DOC) == document_record(DOC, "utf-8").document_id


def test_stored_documents_are_found_without_compressing_any(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes) -> bytes:
        raise AssertionError("a document was compressed in the flow's process")

    monkeypatch.setattr(process.stored, "packed", refuse)

    def known(ids: Sequence[str]) -> StoredDocuments:
        return StoredDocuments(frozenset(ids) & {document_id(DOC)}, {})

    assert list(skip_known([DOC, OTHER], known)) == [Unchanged("dump", "dump/bro.txt"), OTHER]
