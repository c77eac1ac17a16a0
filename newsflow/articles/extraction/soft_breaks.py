"""Newlines in a page's source text are spaces where the page is shown: only `<br>` and blocks break a line.

Hand-written and exported HTML often wraps a paragraph's source at 72 or 80 columns. trafilatura keeps those
newlines in its text, and a line of the extracted text is a paragraph here (and for translation, which works
paragraph by paragraph): a sentence wrapped in the source reached the archive as two or three paragraphs of
fragments. Text where white space is kept as written (`<pre>`, `<textarea>`, code) keeps its newlines.
"""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

# The body's text nodes with a newline and something else than white space: a few dozen per page (indentation
# between tags is white space only and changes nothing shown). Whether one is preformatted is asked of those few,
# in Python: an ancestor test in the XPath costs as much again as the search.
_WRAPPED = XPath("//body//text()[contains(., '\n')][normalize-space(.)]")
_KEPT_AS_WRITTEN = frozenset(("pre", "textarea", "code", "script", "style"))


def _as_written(owner: HtmlElement, is_tail: bool) -> bool:
    """Whether a text node of `owner` (its text, or its tail) is inside preformatted text."""
    if not is_tail and owner.tag in _KEPT_AS_WRITTEN:
        return True
    return any(a.tag in _KEPT_AS_WRITTEN for a in owner.iterancestors())


def join_soft_breaks(tree: HtmlElement) -> None:
    """Each newline (with a carriage return before it) in the tree's shown text becomes a space, in place."""
    for text in _WRAPPED(tree):
        owner = text.getparent()
        if owner is None or _as_written(owner, text.is_tail):
            continue
        joined = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        if text.is_tail:
            owner.tail = joined
        else:
            owner.text = joined
