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

Where the comparison is skipped, so is the copy of the page's tree it would have been handed.

trafilatura then retries a short extraction (under 3,000 characters) in recall mode, with a jusText candidate,
where it covers less than a fifth of the page's text, measured by `html2txt` (a copy of the page, cleaned and
spaced at block boundaries). That text is never longer than `page_text_bound`, the body's text less what the
cleaning drops first plus a space on each side of each block element, so where a fifth of the bound is at most
the extraction's length the retry cannot run and `html2txt` is not needed (on the shared benchmark, 343 of its
430 runs; the escalation itself still runs on the same 59 pages).

trafilatura has no option for either: `gated()` wraps the `_extract_and_compare` and the `html2txt` that
`trafilatura.core` calls (trafilatura is pinned to a minor version; tests/articles/extraction/test_fallbacks.py
fails if those names, their arguments or the one use of `html2txt` move). The wrappers act only inside `gated()`,
in newsflow's own extraction: any other caller of trafilatura in the process (the benchmarks' plain-trafilatura
baseline) gets trafilatura as it is.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Iterator
from copy import copy
from typing import Any

from lxml.etree import XPath
from trafilatura import core, external
from trafilatura.baseline import _BLOCK_ELEMS

_ACTIVE = contextvars.ContextVar("newsflow_gated_fallbacks", default=False)
_INSTALL = threading.Lock()
_original = external.compare_extraction
_original_extract_and_compare = core._extract_and_compare
_original_html2txt = core.html2txt
# The tree whose extraction the escalation will measure against its page text, and that extraction's length.
_MEASURED: contextvars.ContextVar[tuple[Any, int] | None] = contextvars.ContextVar(
    "newsflow_measured_extraction", default=None
)
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


# What `html2txt`'s cleaning drops first (a subset of trafilatura's BASIC_CLEAN_XPATH: tags alone, no regex).
_CLEANED_TAGS = ("aside", "fencedframe", "footer", "script", "style", "svg", "template")
_BLOCK_TAGS = tuple(sorted(_BLOCK_ELEMS))


def page_text_bound(tree: Any) -> int | None:
    """At least the length of `html2txt(tree)`, trafilatura's page text (None where the page has no body, which
    html2txt then reads whole): the body's text, whitespace runs counted once, less each element its cleaning
    drops (a contiguous piece of that text, see `readability_bound`), plus the one space it puts at each side of
    each block element."""
    body = tree.find(".//body")
    if body is None:
        return None
    dropped = 0
    for el in body.iterdescendants(*_CLEANED_TAGS):
        if next(el.iterancestors(*_CLEANED_TAGS), None) is None:  # inside a dropped one: counted with it
            dropped += int(_OWN_CHARS(el))
    blocks = sum(1 for _ in body.iterdescendants(*_BLOCK_TAGS))
    return int(_OWN_CHARS(body)) - dropped + 2 * blocks


def _extract_and_compare(cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Any) -> tuple[Any, str]:
    """trafilatura's main extractor, then its comparison only where it can change the body (no tree copy
    otherwise); records what the recall escalation's test will measure."""
    if not _ACTIVE.get() or options.focus != "balanced" or options.fast:
        return _original_extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    body, text = core.extract_content(cleaned_tree, options)
    if not unchangeable(tree, body, text, options.min_extracted_size):
        body, text = _original(cleaned_tree_backup, copy(tree), body, text, options)
    # shorter, trafilatura's baseline may replace the text before the escalation's test: then nothing is known
    _MEASURED.set((tree, len(text)) if len(text) >= options.min_extracted_size else None)
    return body, text


def _page_text(content: Any, clean: bool = True) -> str:
    """`html2txt(content)`, or "" where the escalation's test (extraction < share × page text) is false either
    way: trafilatura's core only takes this text's length, in that test."""
    measured = _MEASURED.get()
    _MEASURED.set(None)
    if clean and measured is not None and measured[0] is content:
        bound = page_text_bound(content)
        if bound is not None and core.ESCALATION_PAGE_SHARE * bound <= measured[1]:
            return ""
    return _original_html2txt(content, clean)


@contextlib.contextmanager
def gated() -> Iterator[None]:
    """trafilatura calls inside this block skip the fallback comparison where it cannot change the result."""
    with _INSTALL:  # idempotent; see the module's note
        core._extract_and_compare = _extract_and_compare
        core.html2txt = _page_text
    token, measured = _ACTIVE.set(True), _MEASURED.set(None)
    try:
        yield
    finally:
        _MEASURED.reset(measured)
        _ACTIVE.reset(token)
