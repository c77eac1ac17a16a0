"""Small handwritten HTML pages for the extraction tests, parsed as newsflow parses a fetched page."""

from __future__ import annotations

from lxml.html import HtmlElement

from newsflow.articles.extraction.parse import load_html


def parsed_body(body: str, lang: str = "de") -> HtmlElement:
    """The tree of a page whose <body> is `body`."""
    tree = load_html(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    )
    assert tree is not None
    return tree
