"""html.extract_text on small handwritten pages whose paragraphs are wrapped in the source: a browser shows each
paragraph on one line, and so does the extracted text; <br> and preformatted text keep their line breaks."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

HEADLINE = "Python 3 im Alltag"
FIRST = (
    "Der Umstieg auf Python 3 hat unser Projekt fast zwei Jahre gekostet, weil jede Zeichenkette einzeln "
    "geprüft werden musste."
)
SECOND = "Heute laufen alle Werkzeuge unter der neuen Version, und die alten Hilfsfunktionen sind entfernt."


def wrapped(text: str, width: int = 40) -> str:
    """The text wrapped in the source at `width` columns, as exported or hand-written HTML often is, with its
    "Python 3" set as <code> (trafilatura keeps the newlines of a paragraph that holds inline code)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line]).replace("Python 3", "<code>Python 3</code>")


def page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Python 3</title></head><body>'
        f"<article><h1>{HEADLINE}</h1>{body}</article></body></html>"
    )


def test_a_paragraph_wrapped_in_the_source_is_one_line() -> None:
    html = page(f"<p>{wrapped(FIRST)}</p>\n<p>{wrapped(SECOND)}</p>")
    assert extract_text(html) == "\n\n".join([HEADLINE, FIRST, SECOND])


def test_a_line_break_the_page_shows_stays() -> None:
    html = page(f"<p>{FIRST}<br>{SECOND}</p>")
    assert extract_text(html) == "\n\n".join([HEADLINE, FIRST, SECOND])


def test_preformatted_text_keeps_its_newlines() -> None:
    from lxml.html import fromstring

    from newsflow.articles.extraction.soft_breaks import join_soft_breaks

    tree = fromstring(f"<div><p>{wrapped(FIRST)}</p><pre>a = 1\nb = 2</pre></div>")
    join_soft_breaks(tree)
    assert (tree[0].text_content(), tree[1].text) == (FIRST, "a = 1\nb = 2")
