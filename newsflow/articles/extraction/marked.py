"""Elements whose id or class (or an anchor's name) holds one of a few words, in any case: found in C.

The same selection as the XPath `//*[@id or @class][re:test(concat(@id, ' ', @class), WORDS, 'i')] |
//a[@name][re:test(@name, NAMES, 'i')]`, whose EXSLT regular expression lxml calls back into Python for every
element with an id or class (about 2 ms a real page). Here one XPath reads the id and class values (lxml keeps
their elements), one regular expression runs over all of them joined, and the matches are mapped back to their
values: in C but for the few elements that match. Where the values are ASCII (nearly every page), the search
runs on their lowercase, which for ASCII is exactly what ignoring case compares; elsewhere, and on a page where
an anchor's name holds a word (rare), the XPath itself runs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from lxml.etree import XPath
from lxml.html import HtmlElement

_REGEXP = {"re": "http://exslt.org/regular-expressions"}
# The values in document order, an element's own next to each other; each knows its element.
_ID_CLASS = XPath("//@id|//@class")
_ANCHOR_NAMES = XPath("//a/@name", smart_strings=False)


class MarkedElements:
    """`MarkedElements(words, names)(tree)`: the elements, in document order, whose id or class holds a match of
    `words`, or that are anchors whose name holds one of `names`, case ignored. Both are regular expressions of
    lowercase words ("comment|share"): lowercasing the text must not change what they match."""

    def __init__(self, words: str, names: str) -> None:
        if words != words.lower() or "\\" in words:
            raise ValueError(f"not a lowercase word list: {words!r}")
        self._lowercase_words = re.compile(words)
        self._names = re.compile(names, re.IGNORECASE)
        self._xpath = XPath(
            f"//*[@id or @class][re:test(concat(@id, ' ', @class), '{words}', 'i')]"
            f" | //a[@name][re:test(@name, '{names}', 'i')]",
            namespaces=_REGEXP,
        )

    def xpath(self, tree: HtmlElement) -> list[HtmlElement]:
        """The same elements by the XPath (the reference the tests compare with)."""
        return self._xpath(tree)

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        names = _ANCHOR_NAMES(tree)
        if names and self._names.search("\n".join(names)):
            return self.xpath(tree)
        values = _ID_CLASS(tree)
        joined = "\n".join(values)
        if not joined.isascii():
            return self.xpath(tree)
        found: list[HtmlElement] = []
        ends: list[int] = []
        for match in self._lowercase_words.finditer(joined.lower()):
            if not ends:
                ends = list(accumulate(len(value) + 1 for value in values))
            element = values[bisect_right(ends, match.start())].getparent()
            if not found or found[-1] is not element:  # an element's id and class, or two words in one value
                found.append(element)
        return found
