"""Extracted lines that are teasers of the site's other pages, decided on the page's structure.

trafilatura keeps some teasers of other articles, and the post-filter's vocabulary cannot name them:
they hold no label, only another page's headline. A teaser here is a block (paragraph, heading, list
item, cell) that is one link and nothing else, whose text reads as a headline (three words or more, no
sentence end, not a web address), and whose link goes to another page of the same site. An article's
sentence that links somewhere has words outside the link or ends as a sentence ends; a headline that
links to its own page, a table of contents' jump to a section, and a link to another site (a source,
a product) are the article's.

The lines with a headline's shape are looked up among the page's links by their text, so a page
without such lines costs nothing and one with them one pass over its links.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

# Inline tags: a link's block is its nearest ancestor that is none of these.
_INLINE = frozenset(
    ("a", "span", "strong", "b", "em", "i", "u", "small", "big", "font", "time", "abbr", "sub", "sup",
     "cite", "q", "mark", "code", "label", "s", "strike", "del", "ins", "bdi", "bdo", "kbd", "var", "samp",
     "dfn", "img", "picture", "source", "svg", "button", "br", "wbr")
)  # fmt: skip
_TEXT = XPath("normalize-space(.)")
# The links whose text is as long as one of the lines looked for: the length test runs in C, and a
# page's many short links (menus, tags) never reach Python.
_LINKS_OF_LENGTH = XPath(
    "//a[string-length(normalize-space(.)) >= $shortest][string-length(normalize-space(.)) <= $longest]"
)
# A sentence or a label ends so; a headline does not.
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'»«”“’)\]]*$")
_ADDRESS = re.compile(r"https?://|www\.", re.IGNORECASE)
# A headline: at least this many words, at most this many characters.
_MIN_WORDS = 3
_MAX_CHARS = 150


def _key(line: str) -> str:
    """A line as the page prints it: trafilatura writes a list item as "- item" (the post-filter has
    collapsed the line's whitespace already)."""
    return line.removeprefix("- ")


def _headline_shaped(text: str) -> bool:
    return (
        len(text) <= _MAX_CHARS
        and len(text.split(maxsplit=_MIN_WORDS)) >= _MIN_WORDS
        and not _ENDS_SENTENCE.search(text)
        and not _ADDRESS.search(text)
    )


def _block_of(el: HtmlElement) -> HtmlElement | None:
    block = el.getparent()
    while block is not None and block.tag in _INLINE:
        block = block.getparent()
    return block


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def to_other_page(href: str | None, page: str | None) -> bool:
    """Whether a link goes to another page of the page's own site (relative links do, without a page URL)."""
    if not href or href.startswith("#"):
        return False
    try:
        if page is None:
            return not urlsplit(href).scheme and not href.startswith("//")
        target = urljoin(page, href)
        return _host(target) == _host(page) and urldefrag(target).url.rstrip("/") != urldefrag(page).url.rstrip("/")
    except ValueError:  # a malformed address ("http://[::1") is nobody's page
        return False


def teasers(tree: HtmlElement, lines: list[str], url: str | None) -> set[str]:
    """The lines that are a whole block made of one link, to another page of the site, with a headline's shape."""
    keys = {line: _key(line) for line in lines if len(line) <= _MAX_CHARS + 2}
    wanted = {key for key in keys.values() if _headline_shaped(key)}
    found: set[str] = set()
    if not wanted:
        return found
    lengths = [len(text) for text in wanted]
    for a in _LINKS_OF_LENGTH(tree, shortest=min(lengths), longest=max(lengths)):
        text = _TEXT(a)
        if text not in wanted or text in found or not to_other_page(a.get("href"), url):
            continue
        block = _block_of(a)
        if block is not None and _TEXT(block) == text:
            found.add(text)
    return {line for line, key in keys.items() if key in found}
