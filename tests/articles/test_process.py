"""The process stage isolates documents: whatever one document's bytes raise, the others of its batch go on."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsflow.articles import process
from newsflow.config import LanguageSettings
from newsflow.documents.decode import Decoded
from newsflow.records import Failure, RawDocument

pytestmark = pytest.mark.no_warehouse


def _doc(name: str, content: bytes) -> RawDocument:
    return RawDocument("dump", f"/dump/{name}", content, "text/plain", datetime(2026, 12, 7))


def test_an_unexpected_error_decoding_one_document_fails_it_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for a bug in decoding (a codec or charset-normalizer raising what no one expected): before, a
    # LookupError from `<meta charset="base64">` escaped here and failed every document of the batch.
    real = process.decode_counted

    def decode(content: bytes, charset: str | None = None) -> Decoded:
        if content.startswith(b"BUG"):
            raise LookupError("'base64' is not a text encoding")
        return real(content, charset)

    monkeypatch.setattr(process, "decode_counted", decode)
    broken = _doc("a.txt", b"BUG")
    fine = _doc("b.txt", "Title: Ok\n\nOrdføreren åpnet den nye ferjekaien fredag morgen.\n".encode())
    result = process.process_batch([broken, fine], LanguageSettings())
    assert result.failures == [
        Failure(
            "dump",
            "/dump/a.txt",
            "decode",
            "LookupError: 'base64' is not a text encoding",
            process.document_id(broken),
        )
    ]
    assert [(a.location, a.title) for a in result.articles] == [("/dump/b.txt", "Ok")]
    assert [d.location for d in result.documents] == ["/dump/a.txt", "/dump/b.txt"]
