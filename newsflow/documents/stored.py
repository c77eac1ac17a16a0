"""A document's raw bytes as `documents.content` keeps them: gzip-compressed, and back.

Compressed in the process stage (worker processes), so the single writer commits and checkpoints about a
quarter of the bytes: DuckDB stores a BLOB uncompressed, and raw pages are most of a warehouse. gzip from the
standard library, at level 1 (40 % of level 6's CPU for 1.2x the size), so any Python (`gzip.decompress`) or
`gunzip` reads a stored page back without newsflow. Rows stored before schema version 7 hold the bytes as
read: `content_encoding` is NULL there.
"""

from __future__ import annotations

import zlib

GZIP = "gzip"
_LEVEL = 1
_GZIP_WBITS = 31  # zlib's gzip container: the header (mtime 0, so the same bytes pack the same), CRC and size


class UnknownContentEncoding(ValueError):
    """A `content_encoding` this version cannot read (written by a newer newsflow)."""


def packed(raw: bytes) -> bytes:
    """The raw bytes as stored (content_encoding 'gzip')."""
    return zlib.compress(raw, _LEVEL, _GZIP_WBITS)


def unpacked(content: bytes, content_encoding: str | None) -> bytes:
    """A stored `content` back to the bytes exactly as read."""
    if content_encoding is None:
        return bytes(content)
    if content_encoding == GZIP:
        return zlib.decompress(content, _GZIP_WBITS)
    raise UnknownContentEncoding(f"documents.content_encoding {content_encoding!r} is not one this newsflow reads")
