"""Where a comment section starts: one rule for text dumps and for the lines of an HTML extraction.

A comment section opens with a counted heading ("Kommentarer (3)", "12 Kommentare"), a prompt
("Skriv en kommentar", "Add a comment"), the header of one comment ("Kommentar von Anna", a name
and a relative time: "Kari · 3 timer siden") or a bare heading word followed by commenters. A bare
word alone ("Debatt") is also a subheading, so it opens comments only where commenters follow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsflow.articles.extraction import vocabulary as voc

_SPACES = re.compile(r"\s{2,}|[^\S ]")
_SENTENCE_END = re.compile(r"[.!?…][\s\"'»“”’)\]]*$")
# Particles allowed inside a person's name: "Ola van der Berg", "Max Muster und Erika Muster".
_NAME_PARTICLES = frozenset(
    ["og", "und", "and", "och", "&", "af", "av", "von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "zu"]
)
_MAX_NAME_TIME_WORDS = 9
# Every relative time holds one of these: a cheap test before the costly RELATIVE_TIME search.
_TIME_HINT = re.compile(
    r"vor|siden|sidan|sedan|ago|just|gerade|soeben|akkurat|nettopp|lige|nyss|gestern|heute|yesterday|today|"
    r"går|dag|idag",
    re.IGNORECASE,
)
_MAX_PROMPT_WORDS = 8

# A post header as forums and comment lists print one per post: a short line with a date and a time.
_DATE = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}\.?\s+[^\W\d]{3,10}\.?\s+\d{4}|[^\W\d]{3,10}\.?\s+\d{1,2},?\s+\d{4})"
)
POST_HEADER = re.compile(rf"{_DATE}.{{0,12}}?\d{{1,2}}:\d{{2}}", re.IGNORECASE)
# "Termin: 27.03.2020, 18:30 Uhr" is an event date in the article, not a post header.
_LABELLED = re.compile(r"^[^\W\d][\w ]{0,25}:\s")
_HEADER_MAX_CHARS = 60


def looks_like_name(text: str) -> bool:
    """1–5 capitalised tokens (particles allowed) or a handle: "Kari Nordmann", "energys@Rory"."""
    if len(text) > 60:
        return False
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or _SENTENCE_END.search(text.rstrip(".")):
        return False
    if any(ch.isdigit() for ch in text) and "@" not in text:
        return False
    named = 0
    for token in tokens:
        if "@" in token or token[:1].isupper():
            named += 1
        elif token.lower() not in _NAME_PARTICLES:
            return False
    return named >= 1 and (named >= 2 or "@" in text or len(tokens) == 1)


def is_name_time(text: str) -> bool:
    """A commenter line: a name (or handle) plus a relative time, "Zacharias 2vor Tagen", "Kari · 3 timer siden"."""
    if voc.count_words(text) > _MAX_NAME_TIME_WORDS or not _TIME_HINT.search(text):  # the regex is the costly part
        return False
    m = voc.RELATIVE_TIME.search(text)
    if m is None:
        return False
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,·•|–—-:")
    return not rest or looks_like_name(_SPACES.sub(" ", rest))


def is_prompt(text: str) -> bool:
    """A short invitation to comment. "Kommentieren wollte das Ministerium nichts." is prose, not a prompt."""
    return voc.count_words(text) <= _MAX_PROMPT_WORDS and bool(voc.COMMENT_PROMPT.match(text))


def is_post_header(line: str) -> bool:
    return len(line) <= _HEADER_MAX_CHARS and bool(POST_HEADER.search(line)) and not _LABELLED.match(line)


def opens_comments(lines: Sequence[str], i: int) -> bool:
    """Whether lines[i] opens a comment section."""
    text = lines[i]
    if voc.COMMENT_HEADING_GLUED.match(text) or is_prompt(text) or is_name_time(text) or voc.COMMENT_BY.match(text):
        return True
    if not voc.COMMENT_HEADING.match(text):
        return False
    following = lines[i + 1 : i + 3]
    return bool(re.search(r"\d", text)) or not following or any(is_name_time(t) or is_prompt(t) for t in following)


def comment_start(lines: Sequence[str], first: int = 0) -> int | None:
    """Index of the first line, at or after `first`, that opens a comment section; None if there is none.

    Callers choose `first`: a comment heading above the article is debris of a previous page, and
    early in a page "Kommentar" is more likely the label of an opinion piece.
    """
    for i in range(first, len(lines)):
        if opens_comments(lines, i):
            return i
    return None


def reply_start(lines: Sequence[str]) -> int | None:
    """In a thread of dated post headers, the first reply: the first header belongs to the article."""
    headers = (i for i, line in enumerate(lines) if is_post_header(line))
    next(headers, None)
    return next(headers, None)
