"""A heading as the extracted text's last line: nothing of its section follows it in the text (trafilatura or the
rules left the section out, or it titles a box after the article: a teaser's headline, "read more" above a list
that went), so it says nothing of the article. A line is such a heading where the page has a heading element
(`<h1>`-`<h6>`) with exactly its text; the first line, the headline, always stays, and so does a heading that ends
as a sentence ends (a closing paragraph a page builder styled as a heading; titles do not end with a full stop).
"""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsflow.articles.extraction.line_keys import element_key, line_key

_HEADINGS = XPath("//h1|//h2|//h3|//h4|//h5|//h6")


def without_trailing_headings(tree: HtmlElement, lines: list[str]) -> list[str]:
    """`lines` less the headings at their end."""
    if len(lines) < 2:
        return lines
    headings = {element_key(h) for h in _HEADINGS(tree)}
    end = len(lines)
    while end > 1 and line_key(lines[end - 1]) in headings and not lines[end - 1].rstrip().endswith("."):
        end -= 1
    return lines[:end]
