"""How an extracted line is found again in the page's text: without any whitespace, since trafilatura and the
page break and space blocks differently, and without the dash trafilatura writes before a list item ("- item")."""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

# An element's text as the page shows it: scripts, styles and templates left out.
_SHOWN_TEXT = XPath(".//text()[not(parent::script or parent::style or parent::template)]")


def squeezed(text: str) -> str:
    """text without any whitespace."""
    return "".join(text.split())


def line_key(line: str) -> str:
    """An extracted line as it is searched in the page's squeezed text."""
    return squeezed(line.removeprefix("- "))


def element_key(el: HtmlElement) -> str:
    """An element's shown text, squeezed: what a line's key is looked up in."""
    return squeezed("".join(_SHOWN_TEXT(el)))
