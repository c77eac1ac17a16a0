"""trafilatura's fallback comparison (readability, then jusText) skipped where it cannot change the body.

trafilatura runs readability on every page and then keeps its own extraction unless (in its balanced mode) its
own text is empty, readability's is more than twice as long, its own has no paragraph text or more tables than
paragraphs, or jusText rescues a body that is short or holds sanitised tags (asides, figures, navigation).
Readability's text is part of the page's text less the scripts, styles and fenced frames it drops first, plus
"VIDEO" in each video iframe it keeps (`readability_bound`), so where that text is at most twice as long as
trafilatura's own extraction and none of the other conditions holds, the comparison returns trafilatura's own
body, and readability's run (the larger part of the comparison's cost) changes nothing. `unchangeable` is that
test; the output is the same on every page (on the shared benchmark, 518 of the 990 comparisons skip readability;
bounded by the body's text with its scripts, as before, 226 did).

trafilatura has no option for this: `gated()` wraps the `compare_extraction` that `trafilatura.core` calls
(trafilatura is pinned to a minor version; tests/articles/extraction/test_fallbacks.py fails if that name or its
arguments move). The wrapper acts only inside `gated()`, in newsflow's own extraction: any other caller of
trafilatura in the process (the benchmarks' plain-trafilatura baseline) gets trafilatura as it is.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Iterator
from typing import Any

from lxml.etree import XPath
from trafilatura import core, external

_ACTIVE = contextvars.ContextVar("newsflow_gated_fallbacks", default=False)
_INSTALL = threading.Lock()
_original = external.compare_extraction
_PARAGRAPH_TEXT = XPath(".//p//text()")
_SANITIZED = XPath(external.SANITIZED_XPATH)
# XPath's normalize-space collapses fewer kinds of space than trafilatura's trim: never shorter than readability's.
# The whole document: readability returns the root (head and all) where it finds no candidate and no body.
_TEXT_CHARS = XPath("string-length(normalize-space(/))")
_DROPPED_TAGS = ("script", "style", "fencedframe")
_OWN_CHARS = XPath("string-length(normalize-space())")
# "VIDEO", and the space that may then separate it from the text around it
_VIDEO_CHARS = len(" VIDEO")


def readability_bound(raw_tree: Any) -> int:
    """At least the length of readability's trimmed text: the document's text, whitespace runs counted once, less
    each element readability drops (its text is a contiguous piece of the document's: taking it out removes at
    least its own collapsed length), plus "VIDEO" for each iframe."""
    dropped, iframes = 0, 0
    for el in raw_tree.iter(*_DROPPED_TAGS, "iframe"):  # one walk in C for both
        if el.tag == "iframe":
            iframes += 1
        elif next(el.iterancestors(*_DROPPED_TAGS), None) is None:  # inside a dropped one: counted with it
            dropped += int(_OWN_CHARS(el))
    return int(_TEXT_CHARS(raw_tree)) - dropped + _VIDEO_CHARS * iframes


def unchangeable(raw_tree: Any, body: Any, text: str, min_chars: int) -> bool:
    """Whether trafilatura's balanced comparison must keep `body`: long enough for no jusText rescue,
    well-formed, no sanitised tags, and readability's text at most twice `text` (`readability_bound`)."""
    return (
        len(text) >= min_chars
        and bool(_PARAGRAPH_TEXT(body))
        and len(body.findall(".//table")) <= len(body.findall(".//p"))
        and not _SANITIZED(body)
        and readability_bound(raw_tree) <= 2 * len(text)
    )


def _compare(cleaned_tree: Any, raw_tree: Any, body: Any, text: str, options: Any) -> tuple[Any, str]:
    if _ACTIVE.get() and options.focus == "balanced" and unchangeable(raw_tree, body, text, options.min_extracted_size):
        return body, text
    return _original(cleaned_tree, raw_tree, body, text, options)


@contextlib.contextmanager
def gated() -> Iterator[None]:
    """trafilatura calls inside this block skip the fallback comparison where it cannot change the result."""
    with _INSTALL:
        core.compare_extraction = _compare  # idempotent; see the module's note
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
