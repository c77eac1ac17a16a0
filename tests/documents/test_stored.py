"""A document's raw bytes as `documents.content` keeps them: gzip, read back exactly, by newsflow or by anyone."""

from __future__ import annotations

import gzip

import pytest

from newsflow.documents.stored import GZIP, UnknownContentEncoding, packed, unpacked

pytestmark = pytest.mark.no_warehouse

# A page as pages come: declared UTF-8, a few bytes in another code page, stray NULs, a long repeated body.
PAGE = (
    b'<html><head><meta charset="utf-8"><title>Byr\xc3\xa5det</title></head><body>\x00\x00'
    + b"<p>Kommunestyret vedtok budsjettet for neste \xe5r.</p>\n" * 300
    + b"</body></html>\n"
)


def test_stored_bytes_read_back_exactly() -> None:
    assert unpacked(packed(PAGE), GZIP) == PAGE


def test_stored_bytes_are_gzip_that_any_python_reads_back() -> None:
    assert gzip.decompress(packed(PAGE)) == PAGE


def test_stored_bytes_are_far_fewer_than_the_page() -> None:
    assert len(packed(PAGE)) * 10 < len(PAGE)


def test_the_same_page_is_stored_as_the_same_bytes() -> None:
    assert packed(PAGE) == packed(bytes(PAGE))


def test_rows_from_before_compression_are_the_bytes_as_read() -> None:
    assert unpacked(PAGE, None) == PAGE


def test_an_encoding_from_a_newer_newsflow_is_refused_not_misread() -> None:
    with pytest.raises(UnknownContentEncoding, match="'br' is not one this newsflow reads"):
        unpacked(PAGE, "br")
