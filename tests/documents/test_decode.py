"""Decoding: every encoding our sources use, umlauts intact; binary and empty input refused."""

from __future__ import annotations

import codecs
import random

import pytest

from newsflow.documents.decode import DecodeError, decode_bytes, decode_counted

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

GERMAN = "Die Straßenbahn fährt über die Brücke – „schön“, sagt Frau Müller. Größe: 3 €."
NORWEGIAN = "Blåbærsyltetøy på Ørland – «godt», sier Åse."


def test_utf8() -> None:
    assert decode_bytes(GERMAN.encode("utf-8")) == (GERMAN, "utf-8")


def test_utf8_with_bom() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert (text, encoding) == (GERMAN, "utf-8-sig")


def test_windows_1252_german_keeps_umlauts_quotes_and_euro() -> None:
    assert decode_bytes(GERMAN.encode("cp1252"))[0] == GERMAN


def test_latin1_german_and_norwegian() -> None:
    german = "Grüße aus Köln, schöne Straße."
    assert decode_bytes(german.encode("latin-1"))[0] == german
    norwegian = "Blåbærsyltetøy på Ørland, sier Åse."
    assert decode_bytes(norwegian.encode("latin-1"))[0] == norwegian


def test_declared_meta_charset_is_honoured() -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{GERMAN}</p></body></html>'
    assert GERMAN in decode_bytes(html.encode("cp1252"))[0]


def test_transport_charset_wins_over_guessing() -> None:
    text = "Pris: 20 € for blåbær på Ørland, sier Åse."
    # In cp1252 0xa4 would be '¤'; the header says ISO-8859-15, where it is '€'.
    assert decode_bytes(text.encode("iso-8859-15"), charset="iso-8859-15")[0] == text


def test_utf16_with_bom() -> None:
    assert decode_bytes(NORWEGIAN.encode("utf-16"))[0] == NORWEGIAN


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_utf16_not_refused_as_binary(encoding: str) -> None:
    text = f"Title: Syltetøy\r\n\r\n{NORWEGIAN}\r\n{GERMAN}\r\n"
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
def test_empty_input_is_refused(content: bytes) -> None:
    with pytest.raises(DecodeError, match="empty file"):
        decode_bytes(content)


def test_binary_input_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(DecodeError):
        decode_bytes(png)


def test_a_few_stray_nuls_in_a_long_page_are_text() -> None:
    # As on a real page (lostiempos.com): a run of NULs after an image tag, far down a 190 KB page.
    page = "<p>" + GERMAN + "</p>\n"
    content = (page * 200).encode("utf-8") + b"<img />" + b"\x00" * 22 + (page * 200).encode("utf-8")
    text, encoding = decode_bytes(content)
    assert (encoding, text.count(GERMAN)) == ("utf-8", 400)


def test_stray_control_characters_are_left_out_of_the_text() -> None:
    # A text dump whose title line ends in a NUL: before, the title was stored with it.
    content = b"Title: Harbour strike ends\x00\nDock\x01 workers voted\x1b to end the strike.\n"
    assert decode_bytes(content) == ("Title: Harbour strike ends\nDock workers voted to end the strike.\n", "utf-8")


def test_stray_controls_in_utf16_are_left_out_too() -> None:
    content = "\ufeffHarbour\x00 strike ends after three weeks.".encode("utf-16")
    assert decode_bytes(content) == ("Harbour strike ends after three weeks.", "utf-16")


def test_stray_nuls_near_the_top_of_a_long_page_are_text() -> None:
    content = b"<html>\x00\x00\x00<body>" + ("<p>" + GERMAN + "</p>\n").encode("utf-8") * 100
    assert decode_bytes(content)[1] == "utf-8"


def test_random_bytes_after_a_zip_header_are_refused() -> None:
    rng = random.Random(17)
    archive = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(rng.randrange(256) for _ in range(50_000))
    with pytest.raises(DecodeError, match="binary content"):
        decode_bytes(archive)


def test_text_whose_controls_pass_one_percent_is_refused() -> None:
    # Valid UTF-8 throughout, but one control character in fifty: not a page.
    content = ("x" * 49 + "\x01").encode("ascii") * 2000
    with pytest.raises(DecodeError, match="binary content"):
        decode_bytes(content)


def test_declared_utf8_with_a_few_invalid_bytes_stays_utf8_with_them_replaced_and_counted() -> None:
    html = f'<html><head><meta charset="utf-8"></head><body><p>{GERMAN} {GERMAN}</p></body></html>'
    content = html.encode("utf-8").replace(b"Frau", b"Frau\xfc", 1).replace(b"sagt", b"\xe4\xf6sagt\x9f", 1)
    decoded = decode_counted(content)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 4)
    assert "Brücke – „schön“, \ufffd\ufffdsagt\ufffd Frau\ufffd Müller" in decoded.text


def test_a_latin1_page_mislabelled_utf8_is_still_read_as_latin1() -> None:
    # Every umlaut is an invalid UTF-8 byte and none is valid UTF-8: the declaration does not nearly fit.
    html = f'<html><head><meta charset="utf-8"></head><body><p>{GERMAN}</p></body></html>'
    decoded = decode_counted(html.encode("cp1252"))
    assert (decoded.encoding, decoded.replaced) == ("cp1252", 0)
    assert GERMAN in decoded.text


LATIN1_PAGE = (
    '<html><head><meta charset="{}"></head><body><p>Kommunestyret vedtok torsdag kveld en ny bro over fjorden, '
    "etter et langt møte i rådhuset.</p></body></html>"
)


@pytest.mark.parametrize(
    "label", ["base64", "zlib", "hex", "rot13", "idna", "punycode", "undefined", "unicode_escape", "utf-7"]
)
def test_a_label_naming_a_python_codec_that_is_no_charset_declares_nothing(label: str) -> None:
    page = LATIN1_PAGE.format(label)
    assert decode_bytes(page.encode("latin-1")) == (page, "cp1252")
    assert decode_bytes(page.encode("latin-1"), charset=label) == (page, "cp1252")


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_page_declaring_utf16_in_ascii_is_read_as_utf8(label: str) -> None:
    page = LATIN1_PAGE.format(label)
    assert decode_bytes(page.encode("utf-8")) == (page, "utf-8")
