"""The article's lead (standfirst), which trafilatura loses in two ways; both decided on structure.

- In a block classed "teaser": trafilatura drops every div, p, section or span whose class or id holds
  "teaser", because teasers of other articles are boilerplate, and many CMS (TYPO3 news, Drupal, AEM)
  class the article's own lead the same way ("teaser-text", "article-teaser"). `keep_lead` renames
  ("teaser" to "lead") a teaser-classed block with a lead's shape: after the page's h1 and close to it
  in the tree, a sentence or more, prose rather than links, its class used once in the page.
- Outside the body's container: trafilatura takes the body from one container (`itemprop=
  "articleBody"`, the main div) and the lead printed between the headline and it is lost.
  `leads_before` finds it again: prose blocks between the headline (the h1; on a page without one, its
  first h2 or h3) and the body's first line, meeting the body's container or the headline a few levels
  up, not a caption, byline, author box, pop-up or link. Where the body opens with the headline itself
  (`is_headline`), the walk starts from the line after it; the headline it reaches is the one the lead
  stands under (a page's first h1 may be a hidden label of its menu).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsflow.articles.extraction.line_keys import line_key

# the blocks trafilatura's TEASER_DISCARD_XPATH removes
_TEASERS = XPath(
    "//*[contains(@class, 'easer') or contains(@id, 'easer')]"
    "[self::div or self::p or self::section or self::span]"
    "[contains(translate(@id, 'T', 't'), 'teaser') or contains(translate(@class, 'T', 't'), 'teaser')]"
)
_TEASER = re.compile("teaser", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# A lead is a sentence or two; a shorter block is a label or a box heading.
_MIN_CHARS = 100
# The block and the h1 meet at most this many levels above the h1 (0: siblings).
_MAX_LEVELS_UP = 2
# Prose, not a link list: the share of its text inside links.
_MAX_LINK_SHARE = 0.1


def _text(el: HtmlElement) -> str:
    return _SPACES.sub(" ", el.text_content()).strip()


def _levels_after_h1(el: HtmlElement, h1: HtmlElement, h1_up: list[HtmlElement]) -> int | None:
    """How far above the h1 the block and the h1 meet, when the block comes after the h1; else None."""
    child = el
    for parent in el.iterancestors():
        if parent in h1_up:
            up = h1_up.index(parent)
            h1_side = h1_up[up - 1] if up else h1
            return up if parent.index(child) > parent.index(h1_side) else None
        child = parent
    return None


_SAME_CLASS = XPath("count(//*[@class = $cls])")


def _is_lead(el: HtmlElement, h1: HtmlElement, h1_up: list[HtmlElement]) -> bool:
    text = _text(el)
    if len(text) < _MIN_CHARS or el.find(".//h1") is not None or any(a.tag == "a" for a in el.iterancestors()):
        return False
    links = sum(len(_text(a)) for a in el.iter("a"))
    if links > _MAX_LINK_SHARE * len(text):
        return False
    up = _levels_after_h1(el, h1, h1_up)
    if up is None or up > _MAX_LEVELS_UP:
        return False
    cls = el.get("class")
    return cls is None or _SAME_CLASS(el, cls=cls) <= 1


def keep_lead(tree: HtmlElement) -> None:
    """Rename the class and id of the teaser-classed blocks that are the article's lead (in place)."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return
    candidates = _TEASERS(tree)
    if not candidates:
        return
    h1_up = list(h1.iterancestors())
    for el in candidates:
        if _is_lead(el, h1, h1_up):
            for attr in ("class", "id"):
                if value := el.get(attr):
                    el.set(attr, _TEASER.sub("lead", value))


# ---------------------------------------------------------------- a lead outside trafilatura's body

# The visible text nodes after an element, in document order.
_TEXT_AFTER = XPath(
    "following::text()[normalize-space()][not(parent::script or parent::style or parent::noscript or parent::template)]"
)
_INLINE = frozenset(
    ("a", "span", "strong", "b", "em", "i", "u", "small", "big", "font", "time", "abbr", "sub", "sup", "cite", "q",
     "mark", "code", "label", "br", "s", "strike", "del", "ins")
)  # fmt: skip
# Regions whose text is not the article's lead, however prose-like: captions, menus, lists, boxes.
_NOT_LEAD = frozenset(
    ("a", "figure", "figcaption", "nav", "aside", "footer", "form", "button", "select", "li", "table", "blockquote")
)
# Class/id families of blocks between a headline and a body that are not the lead: captions and
# credits, author boxes and bylines, meta lines, pop-ups and overlays, consent and sign-up layers.
_NOT_LEAD_CLASS = re.compile(
    r"caption|credit|author|byline|(?<![a-z])bio(?![a-z])|(?<![a-z])meta(?![a-z])|tooltip|modal|popup|"
    r"overlay|dialog|consent|cookie|newsletter",
    re.IGNORECASE,
)
_PROBE = 40  # characters of the first line (whitespace removed) looked up in the page
_MAX_TRIES = 200  # occurrences of its first word tried
# How far before the body's first line the h1 may be (text nodes walked back); how many blocks are kept.
_MAX_NODES_BACK = 60
_MAX_LEAD_BLOCKS = 2
_MAX_LEAD_CHARS = 1500
# The lead and the body meet at most this many levels above the lead: a box elsewhere on the page
# (a teaser, an author's note) meets the body only high up. A lead printed in the headline's own
# header (`<header><h1/><p class="intro"/></header>`, the body far below) meets the headline instead,
# at most _MAX_LEVELS_UP levels above the lead.
_MAX_LEVELS_TO_BODY = 4
# The headline's tags: the h1, or where a page has none (TYPO3's news template prints the title in an
# h3), its first h2 or h3.
_H1: tuple[str, ...] = ("h1",)
_NO_H1: tuple[str, ...] = ("h2", "h3")
# A lead ends as a sentence does (a closing quote or bracket may follow), not with a colon or a link label.
_ENDS_SENTENCE = re.compile(r"(?:[.!?…][\"'»«”“’)\]]*|\))$")


def _block(node: str) -> HtmlElement | None:
    el = node.getparent()  # type: ignore[attr-defined]  # lxml's smart strings know their element
    if el is not None and node.is_tail:  # type: ignore[attr-defined]
        el = el.getparent()
    while el is not None and el.tag in _INLINE:
        el = el.getparent()
    return el


def _in_headline(el: HtmlElement, tags: tuple[str, ...]) -> bool:
    return el.tag in tags or any(a.tag in tags for a in el.iterancestors())


def _holds_headline(el: HtmlElement, tags: tuple[str, ...]) -> bool:
    return next(el.iterdescendants(*tags), None) is not None


def _below_meeting(el: HtmlElement, side: set[HtmlElement], levels: int) -> list[HtmlElement] | None:
    """The block and its ancestors below the one it shares with `side` (an element and its ancestors);
    None when that is more than `levels` up."""
    chain = [el, *el.iterancestors()]
    for i, node in enumerate(chain):
        if node in side:
            return chain[:i] if i <= levels else None
    return None


def _prose(el: HtmlElement, below: list[HtmlElement]) -> str | None:
    """The block's text when it reads as a lead: sentences, not links, not a caption, menu or box."""
    if any(node.tag in _NOT_LEAD for node in [el, *el.iterancestors()]):
        return None
    if any(_NOT_LEAD_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}") for node in below):
        return None
    text = _text(el)
    if not _MIN_CHARS <= len(text) <= _MAX_LEAD_CHARS or not _ENDS_SENTENCE.search(text):
        return None
    links = sum(len(_text(a)) for a in el.iter("a"))
    return None if links > _MAX_LINK_SHARE * len(text) else text


def _find(probe: str, first_word: str, text: str) -> int:
    """Where the line starts in the page's text: at an occurrence of its first word from which its first
    characters follow, whitespace allowed between any two (the page's own spacing); -1 if nowhere."""
    at = text.find(first_word)
    for _ in range(_MAX_TRIES):
        if at < 0 or _spelt_from(text, at, probe):
            return at
        at = text.find(first_word, at + 1)
    return -1


def _spelt_from(text: str, at: int, probe: str) -> bool:
    """Whether the characters of `probe` follow in `text` from `at`, whitespace skipped (no regex to compile)."""
    i, end = at, len(text)
    for ch in probe:
        while i < end and text[i].isspace():
            i += 1
        if i == end or text[i] != ch:
            return False
        i += 1
    return True


def leads_before(tree: HtmlElement, first_line: str) -> list[str]:
    """Prose blocks between the headline and the body's first line, near the body or the headline: the
    article's lead.

    trafilatura takes the body from one container (`itemprop="articleBody"`, the main `div`); a lead
    printed between the headline and that container is lost. Walks back from the first line's text
    node (searched after the page's first headline) to a headline; nothing when that is not within
    reach. The headline is the h1, or on a page without one its first h2 or h3.
    """
    probe = line_key(first_line)[:_PROBE]
    if not probe:
        return []
    tags = _H1
    h1 = next(tree.iter(*tags), None)
    if h1 is None:
        tags = _NO_H1
        h1 = next(tree.iter(*tags), None)
    if h1 is None:
        return []
    nodes = _TEXT_AFTER(h1)
    at = _find(probe, first_line.split()[0], "".join(nodes))
    if at < 0:
        return []
    first = bisect_right(list(accumulate(map(len, nodes))), at)
    body = _block(nodes[first])
    if body is None:
        return []
    blocks: list[HtmlElement] = []
    lowest = max(first - _MAX_NODES_BACK, 0)
    reached = lowest == 0  # the nodes start right after the first headline
    for i in range(first - 1, lowest - 1, -1):
        el = _block(nodes[i])
        if el is None:
            continue
        if _in_headline(el, tags):  # a later headline: the one the lead stands under
            h1 = el if el.tag in tags else next(el.iterancestors(*tags))
            reached = True
            break
        if el not in blocks:
            blocks.append(el)
    if not reached:
        return []
    body_side = {body, *body.iterancestors()}
    h1_side = {h1, *h1.iterancestors()}
    seen = set(blocks)
    # the innermost blocks only: a wrapper's text is its children's, and the byline beside them
    inner = [el for el in blocks if el not in body_side and not any(d in seen for d in el.iterdescendants())]
    leads = []
    for el in reversed(inner):
        below = _below_meeting(el, body_side, _MAX_LEVELS_TO_BODY)
        if below is None:
            below = _below_meeting(el, h1_side, _MAX_LEVELS_UP)
        if below is not None and not _holds_headline(el, tags) and (text := _prose(el, below)) is not None:
            leads.append(text)
    return leads[:_MAX_LEAD_BLOCKS]


def is_headline(tree: HtmlElement, line: str) -> bool:
    """Whether the line is a headline of the page: an h1's text, or on a page without one an h2's or h3's."""
    key = " ".join(line.split())
    heads = list(tree.iter(*_H1)) or list(tree.iter(*_NO_H1))
    return any(_text(h) == key for h in heads)
