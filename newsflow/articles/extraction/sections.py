"""Sections of the article that trafilatura leaves out beside the one it took: same-classed siblings.

Magazine and page-builder templates print a long article as a row of modules, each its own block of the
same class (`<div class="editorial-module editorial-module--text">`, one per few paragraphs, an image or
a quote module between them). trafilatura takes the body from one container, the one with the most text,
and the modules before and after it are lost: the article starts mid-story. The container the body's
paragraphs sit in is found from the lines; a few levels up, the blocks beside it that have exactly its tag
and class (a template's repeated module: a teaser or a comment is classed otherwise, and a blog's post
carries its own id in its class) hold the rest. Their paragraphs are put back in page order, before the
body's first line for a block before it, after its last for a block after it. Paragraphs that are mostly
links, or sit in a caption, quote or box, stay out.
"""

from __future__ import annotations

from collections import Counter

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsflow.articles.extraction.line_keys import line_key, squeezed

_PARAGRAPHS = XPath("//p")
_OWN_BLOCKS = XPath(".//p | .//h2 | .//h3 | .//h4 | .//h5 | .//h6")
# How many levels above the body's container the repeated module may sit (the paragraphs' div, its
# wrapper, the module).
_MAX_LEVELS_UP = 3
# Prose, not links: the share of a paragraph's text inside links.
_MAX_LINK_SHARE = 0.1
# A paragraph says something: a label ("Source:") or a separator is not one.
_MIN_WORDS = 3
# Regions whose paragraphs are not the story's, whatever their module.
_NOT_BODY = frozenset(("figure", "figcaption", "aside", "nav", "footer", "form", "blockquote", "a", "button"))
# The frame of the page: the blocks beside it are other pages' parts.
_FRAME = frozenset(("html", "body"))


def _container(paragraphs: list[HtmlElement]) -> HtmlElement | None:
    """The deepest element holding more than half of the body's paragraphs."""
    counts: Counter[HtmlElement] = Counter()
    depth: dict[HtmlElement, int] = {}
    for p in paragraphs:
        chain = list(p.iterancestors())
        for i, a in enumerate(chain):
            counts[a] += 1
            depth[a] = len(chain) - i
    held = [a for a, n in counts.items() if 2 * n > len(paragraphs)]
    return max(held, key=depth.__getitem__, default=None)


def _module_siblings(container: HtmlElement) -> tuple[HtmlElement, list[HtmlElement]] | None:
    """The module around the body (the container or an ancestor a few levels up) and its siblings of the
    same tag and class, when it has any."""
    el: HtmlElement | None = container
    for _ in range(_MAX_LEVELS_UP + 1):
        if el is None or el.tag in _FRAME:
            return None
        parent = el.getparent()
        cls = el.get("class")
        if parent is not None and cls:
            same = [s for s in parent if s is not el and s.tag == el.tag and s.get("class") == cls]
            if same:
                return el, same
        el = parent
    return None


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _path(el: HtmlElement, module: HtmlElement) -> tuple[tuple[str, str], ...]:
    """The tags and classes of the block's ancestors below the module: where in its module it sits."""
    path = []
    for node in el.iterancestors():
        if node is module:
            break
        path.append((node.tag, node.get("class") or ""))
    return tuple(path)


def _prose(el: HtmlElement) -> str | None:
    """The block's text when it says something in words rather than links."""
    text = _text(el)
    if len(text.split()) < _MIN_WORDS:
        return None
    links = sum(len(_text(a)) for a in el.iter("a"))
    return None if links > _MAX_LINK_SHARE * len(text) else text


def _inside(el: HtmlElement, module: HtmlElement) -> bool:
    return any(a is module for a in el.iterancestors())


def _blocks(sibling: HtmlElement, paths: set[tuple[tuple[str, str], ...]]) -> list[str]:
    """The prose of a sibling module's paragraphs and headings that sit where the body's do in its module."""
    texts = []
    for el in _OWN_BLOCKS(sibling):
        path = _path(el, sibling)
        if path in paths and not any(tag in _NOT_BODY for tag, _ in path) and (text := _prose(el)) is not None:
            texts.append(text)
    return texts


def with_sections(tree: HtmlElement, lines: list[str]) -> list[str]:
    """The lines with the paragraphs of the body's same-classed sibling modules put back in page order."""
    if not lines:
        return lines
    keys = {line_key(line): i for i, line in enumerate(lines)}
    found = [(p, keys[k]) for p in _PARAGRAPHS(tree) if (k := squeezed(p.text_content())) in keys]
    container = _container([p for p, _ in found])
    around = None if container is None else _module_siblings(container)
    if around is None:
        return lines
    module, siblings = around
    inside = [(p, i) for p, i in found if _inside(p, module)]
    if not inside:
        return lines
    paths = {_path(p, module) for p, _ in inside}
    present = set(keys)
    before: list[str] = []
    after: list[str] = []
    parent = module.getparent()
    position = parent.index(module)
    for sib in siblings:
        side = before if parent.index(sib) < position else after
        for text in _blocks(sib, paths):
            if (key := squeezed(text)) not in present:
                present.add(key)
                side.append(text)
    first, last = min(i for _, i in inside), max(i for _, i in inside)
    return lines[:first] + before + lines[first : last + 1] + after + lines[last + 1 :]
