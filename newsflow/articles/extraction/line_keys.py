"""How an extracted line is found again in the page's text: without any whitespace, since trafilatura and the
page break and space blocks differently, and without the dash trafilatura writes before a list item ("- item")."""

from __future__ import annotations


def squeezed(text: str) -> str:
    """text without any whitespace."""
    return "".join(text.split())


def line_key(line: str) -> str:
    """An extracted line as it is searched in the page's squeezed text."""
    return squeezed(line.removeprefix("- "))
