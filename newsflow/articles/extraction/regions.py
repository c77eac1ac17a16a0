"""Lines of the extracted text that come from a region the HTML marks as not the article: navigation (`<nav>`, a custom
element named for it: `<pp-navigation>`, ARIA `navigation`, `menu`, `menubar`, `search`), forms (`<form>`), controls
and pop-ups (ARIA `button`, `dialog`, `alertdialog`, `tooltip`; a `modal`, `popup`, `overlay` or `lightbox` class),
an image's caption or credit (a class of the caption family, "caption", "legend", "credit", "copyright", beside one
of the image family on the element or just above it; a "desc…" class only with the image family in the same class:
"media__description", not a header's "description"), and a label of the page's frame (a whole class token of the
meta, byline, reading-time, copyright or credit family: a post's date and category line, "reading time: 2 minutes",
a copyright notice, a photo agency's name), or text for screen readers only (a consent switch's or a control's
spoken label).

trafilatura drops navigation, forms and buttons before it extracts, but its fallbacks (readability, jusText) read
the page without that cleaning, and where they win, a section menu's current item, a newsletter sign-up's consent
notice or an image toggle's label reaches the text; captions that its own pass keeps sit in the story's flow. The
tag, role or class family says what the region is, whatever the language. A region that holds the headline or the
article's own container is the page's frame, not a region in it (ASP.NET wraps the whole page in one `<form>`), and
so is one that holds a quarter of the extracted text or more, unless it is navigation on a page that names its
article (`<main>`, `<article>`) outside it: a mega menu a fallback read whole is still a menu; a form, control,
pop-up or caption with much text is more than a box, and a label with more than a line or two is a section that
carries the class. A line goes only where all its occurrences in the page are inside such regions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsflow.articles.extraction.line_keys import element_key, line_key, squeezed

_NAVIGATION_ROLES = frozenset(("navigation", "menu", "menubar", "search"))
_BOX_ROLES = frozenset(("button", "dialog", "alertdialog", "tooltip"))
# <nav> and <form> by tag; roles and classes from their attribute values, one pass in C each (a value knows its
# element), matched in Python (a test per element in XPath costs several times more).
_ROLE_VALUES = XPath("//@role")
# Custom elements (web components) named for navigation: <pp-navigation>, <site-menu>, <x-breadcrumbs>.
_CUSTOM_ELEMENTS = XPath("//*[contains(local-name(), '-')]")
_NAVIGATION_NAME = re.compile(r"(?<![^-])(?:nav|navigation|menu|breadcrumbs?)(?![^-])")
_CLASS_VALUES = XPath("//@class")
# An image's caption or credit: a class of the caption family on the element, one of the image family on its class
# or id or on one of its two nearest ancestors'; a description, only with the image family in its own class.
_CAPTION = re.compile(r"caption|legend|credit|copyright|desc")
# "description" alone often names a teaser's or a header's lead: it counts only with the image in the same value
_DESCRIPTION_ONLY = re.compile(r"^(?:(?!caption|legend|credit|copyright).)*$", re.IGNORECASE)
_IMAGE = re.compile(r"image|img|photo|foto|picture|figure|media|gallery", re.IGNORECASE)
# A label of the article's frame, named by a class of its family: a post's meta line (date, category, reading time),
# a byline, a copyright notice, a credit without an image. The word is a whole part of a class token, between
# hyphens or underscores ("entry-meta", "article__byline", "copyright"), not in "metadata" or "accreditation".
# Text for screen readers only ("sr-only", "screen-reader-text", "visually-hidden"): a control's or a consent
# switch's spoken label, which the page never shows as its text; a label's size, too.
_LABEL = re.compile(
    r"(?<![^\s_-])(?:meta|byline|reading-?time|read-time|copyright|credits?|"
    r"sr-only|screen-?reader(?:-text|-only)?|visually-?hidden|element-invisible|assistive-text)(?![^\s_-])",
)
# A pop-up by its class: a modal, overlay or lightbox (a search help, a consent layer's text), which trafilatura's
# fallbacks read like any other block; a whole part of a class token, as the labels'.
_POPUP = re.compile(r"(?<![^\s_-])(?:modal|popup|pop-up|overlay|lightbox)(?![^\s_-])")
# A label says a line or two: more is a section that merely carries the class.
_LABEL_MAX_CHARS = 300
# the whole document's: a page may lack <body>, and a line that the <title> repeats stays
_PAGE_TEXT = XPath("//text()[not(parent::script or parent::style or parent::template)]")
# A sign-up form, a control, a pop-up or a caption says a few sentences at most (characters other than
# whitespace); more is a page laid out inside one. A menu may be long.
_BOX_MAX_CHARS = 1000
# A region holding this share of the extracted text or more is part of the article's frame (on dev, the regions
# removed hold at most a sixth of a page's text).
_FRAME_SHARE = 0.25


def _is_caption(el: HtmlElement, value: str) -> bool:
    if _DESCRIPTION_ONLY.match(value):
        return bool(_IMAGE.search(value))
    return _of_image(el)


def _of_image(el: HtmlElement | None) -> bool:
    for _ in range(3):
        if el is None:
            return False
        if _IMAGE.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return True
        el = el.getparent()
    return False


class _ClassValues:
    """The page's class values (in document order), searched by family: one regex search over all of them joined
    by newlines per family, a hit's value found by where it starts (where each starts: counted once per page). The
    families are written in lower case and searched in the lowered values (twice as fast as a case-blind search),
    or case-blind where lowering would move the offsets (a few non-ASCII letters lower to two characters)."""

    def __init__(self, tree: HtmlElement) -> None:
        self.values = _CLASS_VALUES(tree)
        joined = "\n".join(self.values)
        lowered = joined.lower()
        self.blind = len(lowered) != len(joined)
        self.joined = joined if self.blind else lowered
        self._starts: list[int] | None = None

    def matching(self, pattern: re.Pattern[str]) -> list:
        if self.blind:
            pattern = re.compile(pattern.pattern, re.IGNORECASE)
        if not (hits := [m.start() for m in pattern.finditer(self.joined)]):
            return []
        if self._starts is None:
            self._starts = list(accumulate((len(v) + 1 for v in self.values[:-1]), initial=0))
        starts = self._starts
        return [self.values[i] for i in sorted({bisect_right(starts, at) - 1 for at in hits})]


def _candidates(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement]]:
    """(navigation regions, boxes, labels): menus may be long, boxes a few sentences, labels a line or two."""
    navigation: list[HtmlElement] = list(tree.iter("nav"))
    navigation += [el for el in _CUSTOM_ELEMENTS(tree) if _NAVIGATION_NAME.search(el.tag)]
    boxes: list[HtmlElement] = list(tree.iter("form"))
    for value in _ROLE_VALUES(tree):
        role = value.strip().lower()
        if role in _NAVIGATION_ROLES:
            navigation.append(value.getparent())
        elif role in _BOX_ROLES:
            boxes.append(value.getparent())
    classes = _ClassValues(tree)
    boxes += [v.getparent() for v in classes.matching(_CAPTION) if _is_caption(v.getparent(), v)]
    boxes += [v.getparent() for v in classes.matching(_POPUP)]
    labels = [v.getparent() for v in classes.matching(_LABEL)]
    return navigation, boxes, labels


def _holds_article(el: HtmlElement) -> bool:
    """Whether the element is or holds the headline or the article's container: the page's frame."""
    return next(el.iter("h1", "article", "main"), None) is not None


def outside_regions(tree: HtmlElement, lines: list[str]) -> list[str]:
    """`lines` less those the page prints only inside its navigation, form, control, pop-up, caption and label
    regions."""
    navigation, boxes, labels = _candidates(tree)
    if not navigation and not boxes and not labels:
        return lines
    texts = {el: element_key(el) for el in navigation if not _holds_article(el)}
    # where the page names its article (<main>, <article>) outside them, its menus are menus however much of the
    # extracted text they hold
    menus = set(texts) if next(tree.iter("main", "article"), None) is not None else set()
    for el in boxes:
        if el not in texts and len(text := element_key(el)) <= _BOX_MAX_CHARS and not _holds_article(el):
            texts[el] = text
    for el in labels:  # in document order: a label inside one already taken adds nothing (a meta line's date)
        if el in texts or any(a in texts for a in el.iterancestors()):
            continue
        if len(text := element_key(el)) <= _LABEL_MAX_CHARS and not _holds_article(el):
            texts[el] = text
    outermost = [(el, text) for el, text in texts.items() if not any(a in texts for a in el.iterancestors())]
    keys = [line_key(line) for line in lines]
    # a region that holds much of the extracted text is where the article is, whatever its markup
    most = sum(map(len, keys)) * _FRAME_SHARE
    region_text = "\x00".join(
        text for el, text in outermost if el in menus or sum(len(k) for k in keys if k and k in text) < most
    )
    page_text = ""  # read only when a line is found in a region
    kept = []
    for line, key in zip(lines, keys, strict=True):
        in_regions = region_text.count(key) if key else 0
        if in_regions and not page_text:
            page_text = squeezed("".join(_PAGE_TEXT(tree)))
        if not in_regions or page_text.count(key) > in_regions:
            kept.append(line)
    return kept
