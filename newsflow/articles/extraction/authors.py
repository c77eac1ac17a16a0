"""trafilatura's author search in the page's markup (its last resort after meta tags and JSON-LD), run only where it
can find something.

The search prunes the tree (`AUTHOR_DISCARD_XPATHS`), then tries `AUTHOR_XPATHS` in turn; their regular expressions
are EXSLT functions that lxml calls back into Python for every element, about 12 ms a page. Every one of those
expressions selects only an `author` element, an element with a `rel` child, or an element whose id, class, rel,
itemprop, data-testid or data-component holds one of `_WORDS` (in any case), and pruning removes elements, it adds
none. So on a page where no attribute holds such a word and there is no such element, the search finds nothing and
is skipped: the author is the same on every page (on the shared benchmark, 273 of the 542 pages that reach the
search skip it). tests/articles/extraction/test_authors.py fails if trafilatura's expressions compare
with a word `_WORDS` does not cover.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_metainfo, normalize_authors
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

# The attributes AUTHOR_XPATHS test, read in C as plain strings.
_ATTRIBUTES = XPath("//@id|//@class|//@rel|//@itemprop|//@data-testid|//@data-component", smart_strings=False)
# A word every value those expressions compare with holds ("author-?name" holds "author", "byline" "byl").
_WORD_LIST = (
    "author|byl|bbl|username|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|journalist-name|"
    "screenname|writer"
)
_WORDS = re.compile(_WORD_LIST, re.IGNORECASE)
# Ignoring case over ASCII text is comparing its lowercase, which sre scans for lowercase words much faster.
_LOWERCASE_WORDS = re.compile(_WORD_LIST)
# Elements the expressions match by name: `//author`, and `rel='me'` (a `rel` child, not the attribute).
_NAMED = ("author", "rel")


def searchable(tree: HtmlElement) -> bool:
    """Whether trafilatura's author expressions can select anything in `tree`'s document."""
    if next(tree.getroottree().getroot().iter(*_NAMED), None) is not None:
        return True
    values = "\n".join(_ATTRIBUTES(tree))
    if values.isascii():
        return _LOWERCASE_WORDS.search(values.lower()) is not None
    return _WORDS.search(values) is not None


def markup_author(tree: HtmlElement) -> str | None:
    """trafilatura's author from the markup, normalised, as its `extract_metadata` finds it; `tree` is pruned
    in place where the search runs."""
    if not searchable(tree):
        return None
    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None
