"""A page's HTML to the lxml.html tree that the extractor, trafilatura and the metadata readers share.

trafilatura's `load_html`, with one change: lxml.html's parser picks each element's Python class in a Python
method (`HtmlElementClassLookup.lookup`), called whenever Python code touches an element (about 4,000 calls a
page: 14 % of extraction on the shared benchmark's pages). This parser looks classes up in C. Every element is an
`HtmlElement` (lxml.html's form classes, `FormElement` and the like, add form helpers nothing here calls);
comments, processing instructions and entities keep lxml.html's classes. Copies of the tree (trafilatura works on
copies) keep the parser, and so the lookup.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html


def _parser() -> HTMLParser:
    # trafilatura's own parser settings (trafilatura.utils.HTML_PARSER)
    parser = HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    lookup = etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
    parser.set_element_class_lookup(lookup)
    return parser


# Shared like trafilatura's: an lxml parser serialises concurrent parses itself.
PARSER = _parser()


def _from_bytes(text: str) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf8", "surrogatepass"), parser=PARSER)
    except Exception:  # lxml refuses some documents outright; the caller reports "no article"
        return None


def load_html(page: str | bytes) -> HtmlElement | None:
    """The page's tree, or None where it is not HTML (trafilatura's rules: the same trees, other classes)."""
    text = decode_file(page)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree: HtmlElement | None
    try:
        tree = fromstring(text, parser=PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, retried = _from_bytes(text), True
    except Exception:
        tree, retried = None, False
    else:
        retried = False
    if (tree is None or len(tree) < 1) and not retried:
        tree = _from_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree
