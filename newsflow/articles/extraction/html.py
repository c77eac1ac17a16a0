"""HTML article extraction: trafilatura, plus newsflow's cleaning before and after it.

trafilatura finds the main text well but lets some boilerplate through: comment sections that
are not marked the way it expects (trafilatura issue #850), "read also" teasers, related-article
lists, share prompts, newsletter and cookie lines. We remove what the markup clearly marks as
such before extraction, and filter the extracted lines with the shared vocabulary after it.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import datetime

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.settings import Document, set_date_params

from newsflow.articles.extraction import vocabulary as v
from newsflow.articles.extraction.authors import markup_author
from newsflow.articles.extraction.block_scorer import keep_blocks
from newsflow.articles.extraction.blocks import teasers
from newsflow.articles.extraction.comments import comment_start, reply_start
from newsflow.articles.extraction.fallbacks import gated
from newsflow.articles.extraction.lead import is_headline, keep_lead, leads_before
from newsflow.articles.extraction.lists import with_lists
from newsflow.articles.extraction.marked import MarkedElements
from newsflow.articles.extraction.orphans import without_trailing_headings
from newsflow.articles.extraction.parse import load_html
from newsflow.articles.extraction.regions import outside_regions
from newsflow.articles.extraction.sections import with_sections
from newsflow.articles.extraction.soft_breaks import join_soft_breaks
from newsflow.common.langcodes import primary_language
from newsflow.records import Extracted
from newsflow.sources.urls import canonical_link

# ---------------------------------------------------------------- pre-cleaning the tree

# id/class tokens (split on whitespace) that mark comment sections, share bars and related-article lists.
# Skipped: tokens that describe the article ("category-kommentar", "has-comments"), BEM elements of
# another block ("gallery__item__comment": an editor's caption) and live-ticker commentary.
_COMMENT_TOKEN = re.compile(
    r"^(?!(?:category|tag|has|no|is|with|js|post-type)[-_])(?!.*live)"
    r"(?:[^_]*[-_])?(?:comments?|kommentare?|kommentarer|disqus(?:_thread)?|respond|replies|reply)(?:[-_].*)?$",
    re.IGNORECASE,
)
_SHARE_TOKEN = re.compile(
    r"^(?:.*[-_])?(?:share|sharing|shares|social-?share|sharebar|share-?buttons)(?:[-_].*)?$", re.IGNORECASE
)
_RELATED_TOKEN = re.compile(r"^(?!js[-_])(?:.*[-_])?(?:related|recommended)(?:[-_].*)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s{2,}|[^\S ]")  # a single plain space stays: no million-piece rebuild of long lines
# Tags that wrap the whole article on many sites, whatever their classes say.
_KEEP_TAGS = {"html", "body", "main", "article"}
# A share bar holds a few words; a longer block is a wrapper that merely carries the class.
_SHARE_MAX_CHARS = 200
# A related-article list is mostly links.
_RELATED_MIN_LINK_SHARE = 0.5


def _words(el: HtmlElement) -> int:
    return v.count_words("".join(el.itertext()))


def _link_share(el: HtmlElement) -> float:
    words = _words(el)
    return sum(_words(a) for a in el.iter("a")) / words if words else 1.0


def _holds_article(el: HtmlElement) -> bool:
    return next(el.iter("h1", "article", "main"), None) is not None


def _tokens(el: HtmlElement) -> list[str]:
    return f"{el.get('id', '')} {el.get('class', '')} {el.get('name', '')}".split()


def _is_noise(el: HtmlElement) -> bool:
    tokens = _tokens(el)
    if not tokens or _holds_article(el):
        return False
    if any(_COMMENT_TOKEN.match(t) for t in tokens):
        return True
    if any(_SHARE_TOKEN.match(t) for t in tokens):
        return len(_SPACES.sub(" ", "".join(el.itertext())).strip()) <= _SHARE_MAX_CHARS
    if any(_RELATED_TOKEN.match(t) for t in tokens):
        return _link_share(el) >= _RELATED_MIN_LINK_SHARE
    return False


# Cheap first pass in C over id/class attributes (and the name of anchors: `<a name="comments">`);
# _is_noise decides on the few candidates.
_CANDIDATES = MarkedElements(
    "comment|kommentar|disqus|respond|repl|shar|related|recommend", "comment|kommentar|disqus|respond|repl"
)
# Text a browser or trafilatura may show; scripts and styles are not text (a comment marker's block often
# carries the script that fills it).
_VISIBLE_TEXT = XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
_HIDDEN = frozenset(("script", "style", "template"))
# An empty jump target or placeholder named for comments (`<a name="comments">`, `<div id="comments">` that
# a script fills) stands for the block around it, the comment count or heading beside it: the largest
# ancestor with at most this much text. A longer block is the page. Classes do not make a marker: an icon
# classed "comment" sits in bylines and teasers beside text that is not a comment.
_MARKER_BLOCK_MAX_CHARS = 200


def _visible_chars(el: HtmlElement) -> int:
    """Characters of the element's text, scripts and styles left out, whitespace runs counted once."""
    return len(_SPACES.sub(" ", "".join(_VISIBLE_TEXT(el))).strip())


def _shows_text(el: HtmlElement) -> bool:
    """Whether any text of the element is outside scripts and styles (stops at the first)."""
    if (el.text or "").strip():
        return True
    for child in el.iterdescendants():
        if child.tag in _HIDDEN:
            if (child.tail or "").strip():
                return True
        elif (child.text or "").strip() or (child.tail or "").strip():
            return True
    return False


def _is_comment_marker(el: HtmlElement) -> bool:
    named = f"{el.get('id', '')} {el.get('name', '')}".split()
    return any(_COMMENT_TOKEN.match(t) for t in named) and not _shows_text(el)


def _marker_block(el: HtmlElement) -> HtmlElement:
    """The largest ancestor of an empty comment marker whose text is short and that holds no article."""
    block, parent = el, el.getparent()
    while (
        parent is not None
        and parent.tag not in _KEEP_TAGS
        and not _holds_article(parent)
        and _visible_chars(parent) <= _MARKER_BLOCK_MAX_CHARS
    ):
        block, parent = parent, parent.getparent()
    return block


def _noise_elements(tree: HtmlElement) -> list[HtmlElement]:
    found = [el for el in _CANDIDATES(tree) if el.tag not in _KEEP_TAGS and _is_noise(el)]
    inside = set(found)
    # a marker inside a section that goes anyway (`<a name="comments">` in `<div id="comments">`) says nothing more
    return [
        _marker_block(el) if _is_comment_marker(el) and not any(a in inside for a in el.iterancestors()) else el
        for el in found
    ]


def _preclean(tree: HtmlElement) -> None:
    """Drop elements whose id/class marks them as comments, share bars or related lists."""
    for el in _noise_elements(tree):
        if el.getparent() is not None:
            el.drop_tree()


# ---------------------------------------------------------------- post-filtering lines

# Newsletter, cookie and credit words mark a short line only: in a long paragraph they are the story.
_SHORT = 200
# A comment or related-list heading cuts the rest only in the text's second half: earlier, "Kommentar"
# is more likely the label of an opinion piece, and a teaser box sits inside the article.
_COMMENTS_FROM = 0.5


# A line that is only a date and/or a time ("23.10.2018", "Dienstag, 4. Juni 2019", "3:59 PM"): a
# dateline or a post's timestamp. The publication time is metadata, read from the page's markup.
_WEEKDAY = (
    r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag|tisdag|lördag|söndag|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tue|wed|thu|fri|sat|sun)\.?)"
)
_DATE_ONLY = re.compile(
    rf"^\W*(?:{_WEEKDAY},?\s+(?:den\s+)?)?"
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,10}\.?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)"
    r"(?:[,\s|–-]+(?:um\s+|kl\.?\s+|at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?)?\W*$",
    re.IGNORECASE,
)


def _fields(line: str) -> list[str]:
    """The cells of a pipe-separated meta line ("12.03.2026 | Politik | 3 Kommentare")."""
    return [f.strip() for f in line.split("|") if f.strip()]


def _is_noise_line(line: str) -> bool:
    s = line.strip().strip("|").strip()
    if v.is_boilerplate_line(s) or v.is_promo_line(s) or v.COMMENT_HEADING.match(s):
        return True
    if v.TEASER_LABEL.match(s) or v.FRAMED_TEASER.match(s) or v.RELATED_HEADING.match(s):
        return True
    if any(v.COMMENT_HEADING.match(f) or v.COMMENT_PROMPT.match(f) for f in _fields(s)):
        return True
    if v.COMMENT_INVITE.search(s) or v.ADVERT.match(s) or _DATE_ONLY.match(s) or v.is_appeal_line(s):
        return True
    if v.UNRENDERED_TEMPLATE.match(s) or v.BARE_PUNCTUATION.match(line.strip()):
        return True
    short = len(s) <= _SHORT
    return short and bool(v.NEWSLETTER.search(s) or v.COOKIE.search(s) or v.CREDIT_LINE.search(s))


def _second_half(lines: list[str]) -> int:
    """Index of the first line that starts in the second half of the text (by characters)."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= _COMMENTS_FROM:
            return i
        seen += len(line)
    return len(lines)


def _end_of_article(lines: list[str]) -> int | None:
    """Index of the first line of a trailing comment section, related list or reply thread, if any."""
    first = _second_half(lines)
    stripped = [line.strip("| ") for line in lines]
    comments = comment_start(stripped, first)
    related = next((i for i in range(first, len(lines)) if v.RELATED_HEADING.match(stripped[i])), None)
    ends = [i for i in (comments, related) if i is not None]
    return min(ends) if ends else reply_start(lines)


def _clean_lines(text: str) -> list[str]:
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    end = _end_of_article(lines)
    if end is not None:
        lines = lines[:end]
    return [line for line in lines if not _is_noise_line(line)]


# ---------------------------------------------------------------- metadata


def _json_ld_items(tree: HtmlElement) -> list[dict]:
    items: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                items.append(node)
                stack.extend(x for x in node.get("@graph", []) if isinstance(x, dict | list))
    return items


def _lang_hint(tree: HtmlElement, json_ld: list[dict]) -> str | None:
    root = tree.getroottree().getroot()
    hint = primary_language(root.get("lang") or root.get("xml:lang"))
    for item in json_ld:
        if hint:
            break
        value = item.get("inLanguage")
        hint = primary_language(value if isinstance(value, str) else None)
    return hint


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _published_at(tree: HtmlElement, json_ld: list[dict]) -> datetime | None:
    """The full publication timestamp where the page states one; trafilatura keeps only the day."""
    for item in json_ld:
        if found := _date(item.get("datePublished")):
            return found
    for value in tree.xpath('//meta[@property="article:published_time"]/@content'):
        if found := _date(value):
            return found
    return None


# ---------------------------------------------------------------- public API


def _metadata(tree: HtmlElement, url: str | None, published: datetime | None) -> Document:
    """Title, author and, when the page's markup gave none, the date: trafilatura's `extract_metadata` less
    what newsflow does not store (site name, categories, tags, licence), its date search in htmldate's fast
    mode (the extensive one, dateparser over every locale on every text node, cost more than the rest of the
    page's extraction and agreed with the fast one wherever that found a date), and the author's pass
    pruning `tree` in place instead of a copy of it, only where it can find something (`authors.py`). Last
    use of `tree`: it is changed."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs of its own; the page still counts
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    if published is None:
        meta.url = meta.url or extract_url(tree, url)
        meta.date = find_date(tree, **{**set_date_params(False), "url": meta.url})
    if not meta.author:
        meta.author = markup_author(tree)
    meta.clean_and_trim()
    return meta


def rule_lines(tree: HtmlElement, url: str | None) -> list[str]:
    """The article's lines by the rules: pre-clean, keep a teaser-classed lead, trafilatura, post-filter,
    then what trafilatura's body container left out: prose lists, the lead, the article's sections in sibling
    modules of the container's class. trafilatura works on a copy: `tree` stays
    pre-cleaned (the block scorer's training reads the same tree and lines)."""
    _preclean(tree)
    join_soft_breaks(tree)
    keep_lead(tree)
    with gated():
        doc = bare_extraction(tree, url=url, include_comments=False, with_metadata=False)
    if not isinstance(doc, Document) or not doc.text:
        return []
    lines = _clean_lines(doc.text)
    if not lines:
        return []
    if dropped := teasers(tree, lines, url):
        lines = [line for line in lines if line not in dropped]
        if not lines:
            return []
    lines = with_lists(tree, lines)
    body = " ".join(" ".join(lines).split())
    at = 1 if len(lines) > 1 and is_headline(tree, lines[0]) else 0
    leads = [line for line in leads_before(tree, lines[at]) if line not in body and not _is_noise_line(line)]
    lines = lines[:at] + leads + lines[at:]
    found = set(lines)
    return [line for line in with_sections(tree, lines) if line in found or not _is_noise_line(line)]


def after_pass(tree: HtmlElement, lines: list[str]) -> list[str]:
    """The structural after-pass: lines the page prints only in regions it names as not the article, then the
    headings left at the end of the text without their sections."""
    return without_trailing_headings(tree, outside_regions(tree, lines))


def _body(tree: HtmlElement, url: str | None) -> str:
    return "\n\n".join(after_pass(tree, keep_blocks(tree, rule_lines(tree, url), url)))


def extract_text(html: str, url: str | None = None) -> str:
    """The article body only, paragraphs separated by one blank line; "" when there is none."""
    tree = load_html(html)
    if tree is None:
        return ""
    return _body(tree, url)


def extract(html: str, url: str | None = None) -> Extracted | None:
    """Article body and metadata, or None when the page has no article text."""
    tree = load_html(html)
    if tree is None:
        return None
    # read before pre-cleaning and trafilatura, which both change the tree
    json_ld = _json_ld_items(tree)
    lang_hint = _lang_hint(tree, json_ld)
    canonical = canonical_link(tree, url) or url
    published = _published_at(tree, json_ld)
    body = _body(tree, url)
    if not body:
        return None
    meta = _metadata(tree, url, published)
    return Extracted(
        body=body,
        title=meta.title or None,
        author=meta.author or None,
        published_at=published or _date(meta.date),
        url=canonical,
        lang_hint=lang_hint,
    )
