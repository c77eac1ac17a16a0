"""Bytes to text: honour BOMs and declared charsets, then detect; never turn umlauts into '?'."""

from __future__ import annotations

import codecs
import functools
import re
import threading
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Our languages (nb, nn, da, sv, de, en) are written in Western code pages when not in Unicode;
# an unrestricted detector picks cp1250 or cp1006 for short German texts.
_WESTERN = ["cp1252", "iso8859_15", "mac_roman", "cp850"]
# Share of control characters above which bytes are binary, not text in any encoding. A proportion, not a
# presence: real pages carry a few stray NULs (one benchmark page has 22 in 194 KB) and extract fine.
_MAX_CONTROL_SHARE = 0.01
# ... and a short page may carry such a run too; a binary file of any size has hundreds (one byte in nine).
_STRAY_CONTROLS = 32
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")
_CONTROL_BYTES = _CONTROLS.encode("ascii")
_STRAY_CONTROL = re.compile(f"[{re.escape(_CONTROLS)}]")
_ASCII = "".join(map(chr, range(128)))
# Binary files say so in their first bytes (headers, tables of offsets): a cheap refusal before any decoding.
_HEAD = 8192


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we can tell."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bytes the encoding could not decode, each invalid sequence now one U+FFFD


# A declared encoding that fails on a few bytes still wins when it decodes more non-ASCII characters than
# it fails on (a UTF-8 page with a stray Latin-1 byte: its umlauts are valid UTF-8; a Latin-1 page
# mislabelled UTF-8 has no valid multi-byte character at all), and the failures stay under this share
# (or this many, on a short page).
_MAX_REPLACED_SHARE = 0.01
_MAX_REPLACED_ANYWAY = 8
_counting = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _counting.bad = getattr(_counting, "bad", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error("newsflow-count-replace", _count_and_replace)


def _nearly(content: bytes, encoding: str) -> Decoded | None:
    """content in encoding with its undecodable bytes replaced, if the encoding fits all but a few bytes."""
    _counting.bad = 0
    try:
        text = content.decode(encoding, errors="newsflow-count-replace")
    except LookupError:
        return None
    bad = int(_counting.bad)
    decoded_non_ascii = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if bad > max(_MAX_REPLACED_ANYWAY, len(content) * _MAX_REPLACED_SHARE) or decoded_non_ascii <= bad:
        return None
    return Decoded(text, encoding, bad)


# Python's codecs that are no charset a page is written in: a label naming one declares nothing.
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"})


def _normalise(label: str) -> str | None:
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # The registry also holds transforms (base64, zlib, hex, rot13), which are not text encodings at all.
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_CHARSETS:
        return None
    # Browsers read latin-1 and ascii labels as windows-1252; so do we (0x80-0x9f are real characters).
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _declared(content: bytes) -> str | None:
    head = content[:4096]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    declared = _normalise(match.group(1).decode("ascii")) if match else None
    # A declaration readable as ASCII was not written in UTF-16 or -32 (a BOM or the NUL bytes would say so):
    # browsers read such a page as UTF-8, and so do we.
    return "utf-8" if declared and declared.startswith(("utf-16", "utf-32")) else declared


def _too_many_controls(controls: int, length: int) -> bool:
    return controls > max(_STRAY_CONTROLS, length * _MAX_CONTROL_SHARE)


def _control_bytes(content: bytes) -> int:
    return len(content) - len(content.translate(None, _CONTROL_BYTES))  # one pass in C


def _binary_head(content: bytes) -> bool:
    head = content[:_HEAD]
    return _too_many_controls(_control_bytes(head), len(head))


@functools.cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return bytes(range(128)).decode(encoding) == _ASCII
    except UnicodeDecodeError:
        return False


def _control_count(content: bytes, text: str, encoding: str) -> int:
    """The control characters of `text`. In an ASCII-compatible codec each is its own byte (UTF-8's multi-byte
    sequences and the code pages' letters use 0x80 and up): counted in the bytes, one pass in C, without touching
    the characters."""
    if _ascii_compatible(encoding):
        return _control_bytes(content)
    return sum(map(text.count, _CONTROLS))  # UTF-16/32, escapes


def decode_bytes(content: bytes, charset: str | None = None) -> tuple[str, str]:
    """Return (text, encoding); see decode_counted."""
    decoded = decode_counted(content, charset)
    return decoded.text, decoded.encoding


def decode_counted(content: bytes, charset: str | None = None) -> Decoded:
    """Order: BOM, UTF-16 without one (its NUL high bytes), transport charset, valid UTF-8, declared charset, a
    declared charset (transport or document) that nearly fits with its few bad bytes replaced, detection."""
    if not content.strip():
        raise DecodeError("empty file")
    if not content.startswith(tuple(bom for bom, _ in _BOMS)):
        utf16 = _bomless_utf16(content)
        if utf16 is not None:
            return _checked(content, content.decode(utf16), utf16)
        if _binary_head(content):
            raise DecodeError("binary content, not text")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return _checked(content, content.decode(encoding, errors="strict"), encoding)
    transport, in_document = (_normalise(charset) if charset else None), _declared(content)
    declared = [c for c in (transport, in_document) if c]
    for encoding in dict.fromkeys(c for c in (transport, "utf-8", in_document) if c):
        try:
            return _checked(content, content.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    for encoding in dict.fromkeys(declared):
        nearly = _nearly(content, encoding)
        if nearly is not None:
            return _checked(content, nearly.text, encoding, nearly.replaced)
    best = from_bytes(content, cp_isolation=_WESTERN).best() or from_bytes(content).best()
    if best is None or best.encoding is None:
        raise DecodeError("binary content, not text in any known encoding")
    encoding = _normalise(best.encoding) or best.encoding
    try:
        return _checked(content, content.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes ({exc.reason} at byte {exc.start})") from exc


def _bomless_utf16(content: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 without a BOM (some Windows exports), which text in our languages
    shows plainly: the high byte of nearly every character is NUL, on one side of each pair and never on the
    other; None for anything else, binary included."""
    head = content[:_HEAD]
    if len(content) % 2 or len(head) < 4:
        return None
    pairs, even, odd = len(head) // 2, head[0::2].count(0), head[1::2].count(0)
    for nuls, stray, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if stray == 0 and nuls * 2 >= pairs:
            try:
                content.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _checked(content: bytes, text: str, encoding: str, replaced: int = 0) -> Decoded:
    controls = _control_count(content, text, encoding)
    if _too_many_controls(controls, len(text)):
        raise DecodeError("binary content, not text")
    if controls:  # the few a text page may carry are no text: a NUL must not reach a title, a body or a model
        text = _STRAY_CONTROL.sub("", text)
    return Decoded(text.lstrip("\ufeff"), encoding, replaced)
