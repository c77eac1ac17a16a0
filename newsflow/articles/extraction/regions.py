"""Lines of the extracted text that come from a region the HTML marks as not the article: navigation
(`<nav>`, ARIA `navigation`, `menu`, `menubar`, `search`), forms (`<form>`), controls and pop-ups (ARIA
`button`, `dialog`, `alertdialog`, `tooltip`), and an image's caption or credit (a class or id of the caption
family, "caption", "legend", "credit", "copyright", "desc…", beside one of the image family on the element or
just above it).

trafilatura drops navigation, forms and buttons before it extracts, but its fallbacks (readability,
jusText) read the page without that cleaning, and where they win, a section menu's current item, a
newsletter sign-up's consent notice or an image toggle's label reaches the text; captions that its own
pass keeps sit in the story's flow. The tag, role or class family says what the region is, whatever the
language. A region that holds the headline or the article's own container is the page's frame, not a
region in it (ASP.NET wraps the whole page in one `<form>`), and a form, control, pop-up or caption with
much text is more than a box. A line goes only where all its occurrences in the page are inside such
regions.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

_NAVIGATION_ROLES = ("navigation", "menu", "menubar", "search")
_BOX_ROLES = ("button", "dialog", "alertdialog", "tooltip")
_REGIONS = XPath(
    "//body//nav | //body//form | //body//*[@role][contains($roles, concat(' ', normalize-space(@role), ' '))]"
)
_ROLES = f" {' '.join((*_NAVIGATION_ROLES, *_BOX_ROLES))} "
# An image's caption or credit: a class or id of the caption family on the element, one of the image family on it
# or on one of its two nearest ancestors.
_CAPTION_WORDS = ("caption", "legend", "credit", "copyright", "desc")
_LOWER_CLASS = "translate(concat(@class, ' ', @id), 'ACDEGILNOPRST', 'acdegilnoprst')"
_ANY_CAPTION_WORD = " or ".join(f"contains({_LOWER_CLASS}, '{w}')" for w in _CAPTION_WORDS)
_CAPTIONS = XPath(f"//body//*[@class or @id][{_ANY_CAPTION_WORD}]")
_IMAGE = re.compile(r"image|img|photo|foto|picture|figure|media|gallery", re.IGNORECASE)
_HOLDS_ARTICLE = XPath("boolean(.//h1 | .//article | .//main)")
_CHARS = XPath("string-length(normalize-space(.))")
_BODY_TEXT = XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
_SPACE = re.compile(r"\s+")
# A sign-up form, a control or a pop-up says a few sentences at most; more is a page laid out inside one.
# (A menu may be long.)
_BOX_MAX_CHARS = 1000


def _is_region(el: HtmlElement) -> bool:
    if _HOLDS_ARTICLE(el):
        return False
    return el.tag == "nav" or el.get("role", "").strip() in _NAVIGATION_ROLES or _CHARS(el) <= _BOX_MAX_CHARS


def _of_image(el: HtmlElement) -> bool:
    for _ in range(3):
        if el is None:
            return False
        if _IMAGE.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return True
        el = el.getparent()
    return False


def _squeezed(text: str) -> str:
    """Text without any whitespace: trafilatura and the page space blocks differently."""
    return _SPACE.sub("", text)


def _outermost(regions: list[HtmlElement]) -> list[HtmlElement]:
    inside = set(regions)
    return [el for el in regions if not any(a in inside for a in el.iterancestors())]


def outside_regions(tree: HtmlElement, lines: list[str]) -> list[str]:
    """`lines` less those the page prints only inside its navigation, form, control and pop-up regions."""
    found = [*_REGIONS(tree, roles=_ROLES), *(el for el in _CAPTIONS(tree) if _of_image(el))]
    regions = _outermost([el for el in found if _is_region(el)])
    if not regions:
        return lines
    region_text = "\x00".join(_squeezed("".join(el.itertext())) for el in regions)
    page_text = _squeezed("".join(_BODY_TEXT(tree)))
    kept = []
    for line in lines:
        key = _squeezed(line.removeprefix("- "))
        in_regions = region_text.count(key) if key else 0
        if not in_regions or page_text.count(key) > in_regions:
            kept.append(line)
    return kept
