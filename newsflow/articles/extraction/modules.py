"""The article's other modules: blocks beside trafilatura's body container that repeat its tag and class.

Page builders split an article into modules (`<div class="editorial-module editorial-module--text">`,
Drupal's `paragraph paragraph--text`), one sibling element per run of text, image or quote. trafilatura
takes its body from one container; when that container is one module, the text of its sibling modules
is lost. The siblings with the tag and class of the body's block, or of an ancestor a few levels up
(the first level that has such siblings), are modules of the same kind. A module adds its prose blocks
(paragraphs, list items, subheadings, quotes) that the body lacks, before the body when it is printed
before it, after it otherwise, and only when one of those blocks is a paragraph of prose: a module whose
paragraphs are in the body already would add only its labels and captions. Links, menus, captions,
credits and forms inside a module stay out, as do blocks mostly made of links.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

# The text nodes that hold the start of a line (the body's block is found from its longest lines).
_HOLDING = XPath("//text()[contains(., $probe)]")
_BLOCKS = XPath(".//*[self::p or self::li or self::h2 or self::h3 or self::h4 or self::blockquote]")
_INLINE = frozenset(
    ("a", "span", "strong", "b", "em", "i", "u", "small", "big", "font", "time", "abbr", "sub", "sup", "cite", "q",
     "mark", "code", "label", "br", "s", "strike", "del", "ins")
)  # fmt: skip
# Regions of a module that are not its text, by tag and by class or id family.
_NOT_TEXT = frozenset(("a", "nav", "figure", "figcaption", "form", "button", "aside", "footer", "select"))
_NOT_TEXT_CLASS = re.compile(r"caption|credit|copyright|byline|author|teaser|related|share|newsletter", re.IGNORECASE)
_CODE = frozenset(("script", "style", "noscript", "template"))  # a block holding code is a widget
_SPACES = re.compile(r"\s+")
_PROBE = 30  # characters of a line looked up in the page
_LINES_TRIED = 3  # the longest lines, until one is found once in the page
_MAX_LEVELS = 4  # ancestors of the body's block tried for sibling modules
_MIN_CHARS = 20  # a shorter block is a label
_MAX_LINK_SHARE = 0.2  # of a block's text: an article's sentence links a few words, a teaser is its link
# A paragraph of prose: this long at least, ending as a sentence ends.
_PROSE_CHARS = 100
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'»«”“’)\]]*$")


def _text(el: HtmlElement) -> str:
    return _SPACES.sub(" ", el.text_content()).strip()


def _block(node: str) -> HtmlElement | None:
    el = node.getparent()  # type: ignore[attr-defined]  # lxml's smart strings know their element
    if el is not None and node.is_tail:  # type: ignore[attr-defined]
        el = el.getparent()
    while el is not None and el.tag in _INLINE:
        el = el.getparent()
    return el


def _body_block(tree: HtmlElement, lines: list[str]) -> HtmlElement | None:
    """The block of one of the body's longest lines, found by its first characters where they occur once."""
    for line in sorted(lines, key=len, reverse=True)[:_LINES_TRIED]:
        probe = line.removeprefix("- ")[:_PROBE]
        if len(probe) < _PROBE:
            break
        found = _HOLDING(tree, probe=probe)
        if len(found) == 1:
            return _block(found[0])
    return None


def _siblings(el: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """The siblings of `el` with its tag and class, before it and after it (none when it has no class)."""
    cls = (el.get("class") or "").strip()
    parent = el.getparent()
    if not cls or parent is None:
        return [], []
    before: list[HtmlElement] = []
    after: list[HtmlElement] = []
    side = before
    for sib in parent:
        if sib is el:
            side = after
        elif sib.tag == el.tag and (sib.get("class") or "").strip() == cls:
            side.append(sib)
    return before, after


def _is_text(block: HtmlElement, module: HtmlElement) -> bool:
    """Whether the block is the module's text: not in a link, menu, caption or form, not classed as one."""
    for el in [block, *block.iterancestors()]:
        if el is module:
            return True
        if el.tag in _NOT_TEXT or _NOT_TEXT_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return False
    return False


def _blocks(module: HtmlElement) -> list[str]:
    """The module's innermost text blocks; a list item as trafilatura writes it ("- item")."""
    found = _BLOCKS(module)
    inside = set(found)
    out = []
    for block in found:
        if any(d in inside or d.tag in _CODE for d in block.iterdescendants()) or not _is_text(block, module):
            continue
        text = _text(block)
        links = sum(len(_text(a)) for a in block.iter("a"))
        if len(text) >= _MIN_CHARS and links <= _MAX_LINK_SHARE * len(text):
            out.append(f"- {text}" if block.tag == "li" else text)
    return out


def _is_paragraph(text: str) -> bool:
    """A paragraph of prose; a list item (a related list's teaser, a booking condition) does not count."""
    return not text.startswith("- ") and len(text) >= _PROSE_CHARS and bool(_ENDS_SENTENCE.search(text))


def _new_prose(module: HtmlElement, body: str) -> list[str]:
    blocks = [text for text in _blocks(module) if text.removeprefix("- ") not in body]
    return blocks if any(_is_paragraph(t) for t in blocks) else []


def other_modules(tree: HtmlElement, lines: list[str], body: str) -> tuple[list[str], list[str]]:
    """The blocks of the body container's sibling modules that `body` (the lines' text, whitespace
    collapsed) lacks: those printed before the body, and those after it."""
    block = _body_block(tree, lines)
    if block is None:
        return [], []
    for el in [block, *block.iterancestors()][: _MAX_LEVELS + 1]:
        if el.tag in ("body", "html"):
            break
        before, after = _siblings(el)
        if before or after:
            return [t for m in before for t in _new_prose(m, body)], [t for m in after for t in _new_prose(m, body)]
    return [], []
