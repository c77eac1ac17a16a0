"""Lists of the article's text that trafilatura leaves out between two of its paragraphs.

Where a page has no container trafilatura knows (no `article`, no `itemprop="articleBody"`, no content
class), trafilatura gathers the page's paragraphs one by one, and in its default (balanced) mode that
gathering takes `p`, quotes, code and tables, never lists: a list of tips or steps that the text
announces ("Protect yourself so:") is lost between the paragraph before it and the one after it. A list
is put back where its neighbours show it belongs to the body: the element before it is a paragraph whose
text ends with a line of the body, and the element after it a paragraph whose text starts with the next
line (or the list closes its block and the line before it announces it, ending in a colon). Its items
are prose, not links (a related-articles or a navigation list), and none of them is in the body yet.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

_SPACES = re.compile(r"\s+")
# The lists that are not inside another list (a nested list goes with its parent's item), with a paragraph
# before them and a paragraph or nothing after them (tested in C: a page's menus never reach Python).
_LISTS = XPath(
    "(//ul | //ol)[not(ancestor::ul or ancestor::ol)][preceding-sibling::*[1][self::p]]"
    "[not(following-sibling::*) or following-sibling::*[1][self::p]]"
)
# Prose, not links: the share of the list's text inside links.
_MAX_LINK_SHARE = 0.1
# The paragraph before the list announces it.
_ANNOUNCES = re.compile(r":\s*$")


def _text(el: HtmlElement) -> str:
    return _SPACES.sub(" ", el.text_content()).strip()


def _element_sibling(el: HtmlElement, forward: bool) -> HtmlElement | None:
    """The next (or previous) sibling that is an element, comments and processing instructions skipped."""
    sib = el.getnext() if forward else el.getprevious()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getnext() if forward else sib.getprevious()
    return sib


def _items(ul: HtmlElement) -> list[str] | None:
    """The list's items as lines ("- item"), or None when it is not prose."""
    items = [_text(li) for li in ul if isinstance(li.tag, str) and li.tag == "li"]
    items = [item for item in items if item]
    if not items:
        return None
    chars = sum(len(item) for item in items)
    links = sum(len(_text(a)) for a in ul.iter("a"))
    return None if links > _MAX_LINK_SHARE * chars else [f"- {item}" for item in items]


def _key(line: str) -> str:
    return line.removeprefix("- ")


def _neighbours(ul: HtmlElement) -> tuple[HtmlElement, HtmlElement | None] | None:
    """The paragraph before the list and the one after it (None where the list ends its block), or None
    when either neighbour is something else (checked first: it costs no text)."""
    before = _element_sibling(ul, forward=False)
    if before is None or before.tag != "p":
        return None
    after = _element_sibling(ul, forward=True)
    return None if after is not None and after.tag != "p" else (before, after)


def _slot(before: HtmlElement, after: HtmlElement | None, lines: list[str]) -> int | None:
    """Where the list goes among the lines: after the line its preceding paragraph ends with, when the next
    line starts its following paragraph (or the list ends its block after a line that announces it)."""
    before_text = _text(before)
    after_text = _text(after) if after is not None else None
    for i, line in enumerate(lines):
        if not before_text.endswith(_key(line)):
            continue
        if after_text is None:
            if _ANNOUNCES.search(line):
                return i + 1
        elif i + 1 < len(lines) and after_text.startswith(_key(lines[i + 1])):
            return i + 1
    return None


def with_lists(tree: HtmlElement, lines: list[str]) -> list[str]:
    """The lines with the prose lists trafilatura left out between two of them put back in place."""
    if not lines:
        return lines
    present = {_key(line) for line in lines}
    inserts: list[tuple[int, list[str]]] = []
    for ul in _LISTS(tree):
        if (neighbours := _neighbours(ul)) is None:
            continue
        items = _items(ul)
        if items is None or any(_key(item) in present for item in items):
            continue
        at = _slot(*neighbours, lines)
        if at is not None:
            inserts.append((at, items))
    for at, items in sorted(inserts, key=lambda x: x[0], reverse=True):
        lines = lines[:at] + items + lines[at:]
    return lines
