"""trafilatura's fallback comparison (readability, then jusText) skipped where it cannot change the body.

trafilatura runs readability on every page and then keeps its own extraction unless (in its balanced mode) its
own text is empty, readability's is more than twice as long, its own has no paragraph text or more tables than
paragraphs, or jusText rescues a body that is short or holds sanitised tags (asides, figures, navigation).
Readability's text is part of the page's body text, so where that whole text is at most twice as long as
trafilatura's own extraction and none of the other conditions holds, the comparison returns trafilatura's own
body, and readability's run (the larger part of the comparison's cost) changes nothing. `unchangeable` is that
test; the output is the same on every page (on the shared benchmark, 224 of 990 pages skip readability).

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
# XPath's normalize-space collapses fewer kinds of space than trafilatura's trim: never shorter than readability's
_BODY_CHARS = XPath("string-length(normalize-space(//body))")


def unchangeable(raw_tree: Any, body: Any, text: str, min_chars: int) -> bool:
    """Whether trafilatura's balanced comparison must keep `body`: long enough for no jusText rescue,
    well-formed, no sanitised tags, and the page's body text at most twice `text` (readability's bound)."""
    return (
        len(text) >= min_chars
        and bool(_PARAGRAPH_TEXT(body))
        and len(body.findall(".//table")) <= len(body.findall(".//p"))
        and not _SANITIZED(body)
        and _BODY_CHARS(raw_tree) <= 2 * len(text)
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
