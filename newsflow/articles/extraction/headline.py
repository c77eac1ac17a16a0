"""The headline inside the body: stored as the title, so its copies in the first paragraphs go.

Pages and dumps often print a kicker or section label above the headline ("Kultur", "NYHETER",
"Innenriks · Politikk") and repeat the headline as a paragraph, not always the first one. Where
the headline recurs among the first paragraphs, that copy goes, and so do the short labels above it.
"""

from __future__ import annotations

import re

from newsflow.articles.extraction.vocabulary import count_words

_LOOK_AHEAD = 4  # the headline stands among the first paragraphs, after labels, a byline, a date
_MAX_LABEL_WORDS = 6
_SENTENCE_OR_LABEL_END = re.compile(r"[.!?:;…]$")
_SPACES = re.compile(r"\s{2,}|[^\S ]")


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _is_label(paragraph: str) -> bool:
    """A kicker or section label: a few words, no sentence or label punctuation at the end."""
    return count_words(paragraph) <= _MAX_LABEL_WORDS and not _SENTENCE_OR_LABEL_END.search(paragraph)


def drop_title_copies(body: str, title: str | None) -> str:
    """The body without the headline's copy among its first paragraphs (and the labels above it)."""
    if not title or not title.strip():
        return body
    paragraphs = body.split("\n\n")
    key = _key(title)
    for j, paragraph in enumerate(paragraphs[:_LOOK_AHEAD]):
        if len(paragraph) > 2 * len(title) + 20 or _key(paragraph) != key:
            continue
        before = paragraphs[:j]
        if all(_is_label(p) for p in before):
            before = []
        rest = before + paragraphs[j + 1 :]
        return "\n\n".join(rest) if rest else body
    return body
