"""Cleaner for already-scraped article dumps (plain text or markdown).

Scrapers save the whole page as text: image markup, captions, share bars, teasers, ads, the
article, an author box, then comments and "most read" lists. The cleaner keeps the article's
paragraphs and subheadings and moves title, byline, date and source URL into metadata.

Rules work from structure (position, line length, sentence punctuation, name-plus-time lines,
headings with counts) plus the shared vocabulary; never from sentences of any one site.
A real paragraph (long, ends like a sentence) is never dropped for a word it merely contains.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsflow.extract import vocabulary as voc
from newsflow.extract.dates import is_date_line, parse_date
from newsflow.records import Extracted

# --- line normalisation -------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_MD_IMAGE = re.compile(r"\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_RULE = re.compile(r"^(?:[-=*_~]\s*){3,}$")
_WRAPPED_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_URL = re.compile(r"https?://[^\s<>()\[\]]+")
_BARE_URL = re.compile(r"^<?https?://\S+>?$")

# --- structural patterns ------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\s\"'»“”’)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-*+•–]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Whole line in brackets that starts with a label: "(Les også: …)", "[Oppdatert: …]".
_BRACKET_LABEL = re.compile(r"^[(\[]\s*[^\W\d][\w ]{0,30}:.*[)\]]$")
# Gallery counters: "Bilde 1 av 5", "Foto 2 von 8".
_GALLERY = re.compile(r"^(?:bilde|bild|foto|image|photo)\s+\d+\s*(?:av|von|of|af|/)\s*\d+$", re.IGNORECASE)
# Breadcrumbs: "Nyheter › Innenriks › Politikk".
_BREADCRUMB = re.compile(r"^[^.!?›>]{1,40}(?:\s*[›>]\s*[^.!?›>]{1,40})+$")
# Header lines some scrapers (e.g. reader-mode exporters) put first: "Title: …", "URL Source: …".
_EXPORT_HEADER = re.compile(
    r"^(?P<key>title|url source|url|published time|published|date|author|markdown content)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FRONT_MATTER_FIELD = re.compile(r"^(?P<key>[\w-]+)\s*:\s*(?P<value>.*?)\s*$")
_UPDATE_LABEL = re.compile(r"\b(?:oppdatert|endret|opdateret|uppdaterad|aktualisiert|zuletzt|stand|updated)\b", re.I)
# Particles allowed inside a person's name: "Ola van der Berg", "Max Muster und Erika Muster".
_NAME_PARTICLES = frozenset(
    ["og", "und", "and", "och", "&", "af", "av", "von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "zu"]
)

_MAX_TITLE_WORDS = 30
_MAX_CAPTION_WORDS_AFTER_IMAGE = 25
_MAX_CREDIT_WORDS = 8
_MAX_BIO_WORDS = 60


@dataclass(frozen=True)
class _Line:
    """One non-empty line after markup removal."""

    text: str
    image: bool = False  # the line held only image markup
    piped: bool = False  # the raw line started or ended with "|" (figure/table debris)
    heading: int = 0  # markdown heading level, 0 for none
    links_only: bool = False  # nothing but markdown links and separators
    gap_before: bool = False  # a blank line (or debris) separates it from the previous line


def _words(text: str) -> int:
    return len(text.split())


def _normalise(raw: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip()


def _to_line(raw: str) -> _Line | None:
    """Strip markup from one raw line; None for lines with nothing left (blank, pipes, rules)."""
    text = _normalise(raw)
    if text.startswith(">"):
        text = text.lstrip("> ").strip()
    if not text or _RULE.match(text):
        return None
    had_image = bool(_MD_IMAGE.search(text))
    text = _MD_IMAGE.sub(" ", text)
    piped = text.startswith("|") or text.endswith("|")
    text = text.strip(" |").strip()
    if not text:
        return _Line("", image=True) if had_image else None
    heading = 0
    if m := _MD_HEADING.match(text):
        heading, text = len(m.group(1)), m.group(2)
    if m := _WRAPPED_EMPHASIS.match(text):
        text = m.group(2).strip()
    without_links = _MD_LINK.sub("", text)
    links_only = without_links != text and not re.search(r"\w", without_links)
    text = _normalise(_MD_LINK.sub(r"\1", text))
    if not text:
        return _Line("", image=had_image) if had_image else None
    return _Line(text, image=False, piped=piped, heading=heading, links_only=links_only)


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """Markdown often wraps paragraphs at ~80 columns: lines that stop mid-sentence before the width."""
    texts = [t for t in (_normalise(x) for x in lines) if t]
    if not texts:
        return False
    width = max(len(t) for t in texts)
    if not 40 <= width <= 110:
        return False
    breaks = sum(
        1
        for a, b in itertools.pairwise(lines)
        if len(a.strip()) >= 0.6 * width
        and b.strip()
        and not _SENTENCE_END.search(a.strip())
        and b.strip()[0].islower()
    )
    return breaks >= 2


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped paragraph lines; structural lines (headings, lists, images, pipes) stay alone."""
    if not _is_hard_wrapped(lines):
        return lines
    width = max(len(x.strip()) for x in lines)

    def structural(s: str) -> bool:
        return bool(_MD_HEADING.match(s) or _LIST_ITEM.match(s) or _MD_IMAGE.search(s) or "|" in s[:1] + s[-1:])

    out: list[str] = []
    last = ""  # the previous physical line: only a line that ran to the width continues below
    for raw in lines:
        s = raw.strip()
        if last and s and not structural(s) and not structural(last) and len(last) >= 0.6 * width:
            out[-1] = out[-1].rstrip() + " " + s
        else:
            out.append(raw)
        last = s
    return out


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """YAML-style front matter of markdown exports ("---\\ntitle: …\\n---"): fields and the remaining lines."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 40)):
        if lines[end].strip() in ("---", "..."):
            fields = {}
            for line in lines[1:end]:
                if m := _FRONT_MATTER_FIELD.match(line.strip()):
                    fields[m.group("key").lower()] = m.group("value").strip("\"' ")
            return fields, lines[end + 1 :]
    return {}, lines


# --- line classifiers ---------------------------------------------------------------------


def _is_paragraph(text: str) -> bool:
    """Prose: ends like a sentence with a few words, or is simply long."""
    n = _words(text)
    return n >= 25 or (n >= 4 and bool(_SENTENCE_END.search(text)))


def _is_title_like(text: str) -> bool:
    """Short, no closing period or label colon: a headline or subheading."""
    return 0 < _words(text) <= _MAX_TITLE_WORDS and len(text) <= 250 and not re.search(r"[.,;:]$", text)


def _looks_like_name(text: str) -> bool:
    """1–5 capitalised tokens (particles allowed) or a handle: "Kari Nordmann", "energys@Rory"."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or len(text) > 60 or _SENTENCE_END.search(text.rstrip(".")):
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


def _caption_credit(text: str) -> bool:
    """Line ends with a short photo credit ("… Foto: NTB", "Bilde: laget av AI."), or is only one."""
    m = voc.CAPTION.search(text)
    if m is None:
        return False
    credit = m.group(0).split(":", 1)[1]
    return _words(credit) <= _MAX_CREDIT_WORDS


def _is_name_time(text: str) -> bool:
    """A commenter line: a name (or handle) plus a relative time, "Zacharias 2vor Tagen", "Kari · 3 timer siden"."""
    m = voc.RELATIVE_TIME.search(text)
    if m is None or _words(text) > 9:
        return False
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,·•|–—-:")
    return not rest or _looks_like_name(_SPACES.sub(" ", rest))


def _is_prompt(text: str) -> bool:
    # Only short lines: "Kommentieren wollte das Ministerium nichts." is prose, not a prompt.
    return _words(text) <= 8 and bool(voc.COMMENT_PROMPT.match(text))


def _byline_name(text: str) -> str | None:
    """The name in a byline ("Av Kari Nordmann", "Von Max Muster | 12.03.2026", "👤 energys@Rory 📅 …")."""
    if _words(text) > 14:
        return None
    m = voc.BYLINE.match(text)
    if m is None:
        return None
    name = m.group("name").strip(" ,;·•")
    return name if _looks_like_name(name) else None


def _is_junk(line: _Line) -> bool:
    """Boilerplate recognisable on its own, wherever it stands."""
    text = line.text
    if line.image or line.links_only or _BARE_URL.match(text) or _GALLERY.match(text):
        return True
    if voc.READING_TIME.match(text) or voc.COPYRIGHT.match(text) or voc.ADVERT.match(text):
        return True
    if voc.is_boilerplate_line(text) and (not _is_paragraph(text) or voc.TEASER.match(text)):
        return True
    if _BRACKET_LABEL.match(text) or voc.BRACKET_TEASER.match(text):
        return True
    return _caption_credit(text)


# --- the cleaner --------------------------------------------------------------------------


def _comment_start(lines: Sequence[_Line]) -> int:
    """Index where the comment section (or another post-article block of comments) begins; len(lines) if none.

    Only after the article has started: a comment heading at the very top is debris of a previous page.
    """
    seen_body = False
    for i, line in enumerate(lines):
        text = line.text
        if seen_body:
            if voc.COMMENT_HEADING_GLUED.match(text) or _is_prompt(text) or _is_name_time(text):
                return i
            if voc.COMMENT_HEADING.match(text):
                # A bare word like "Debatt" may be a subheading; a count or commenters below make it a heading.
                following = [x.text for x in lines[i + 1 : i + 3]]
                if re.search(r"\d", text) or not following:
                    return i
                if any(_is_name_time(t) or _is_prompt(t) for t in following):
                    return i
        if _is_paragraph(text) and not _is_junk(line):
            seen_body = True
    return len(lines)


@dataclass
class _Meta:
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    url: str | None = None

    def add_date(self, text: str) -> None:
        parsed = parse_date(text)
        if parsed is None:
            return
        if _UPDATE_LABEL.search(text):
            self.updated = self.updated or parsed
        else:
            self.published = self.published or parsed


def _apply_fields(meta: _Meta, fields: dict[str, str]) -> None:
    for key, value in fields.items():
        if not value:
            continue
        if key == "title":
            meta.title = meta.title or value
        elif key in ("author", "authors", "byline"):
            meta.author = meta.author or value
        elif key in ("date", "published", "published time", "published_at", "datepublished"):
            meta.published = meta.published or parse_date(value)
        elif key in ("url", "url source", "canonical", "source") and (m := _URL.search(value)):
            meta.url = meta.url or m.group(0)


def clean_text_dump(text: str) -> Extracted:
    """Article body and metadata from a scraped text/markdown dump. Pure: same text, same result."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields, raw_lines = _front_matter(raw_lines)
    meta = _Meta()
    _apply_fields(meta, fields)

    lines: list[_Line] = []
    gap = False
    for raw in _unwrap(raw_lines):
        line = _to_line(raw)
        if line is None:
            gap = True
            continue
        lines.append(_Line(line.text, line.image, line.piped, line.heading, line.links_only, gap_before=gap))
        gap = False
    lines = lines[: _comment_start(lines)]
    last_paragraph = max(
        (i for i, line in enumerate(lines) if _is_paragraph(line.text) and not _is_junk(line)), default=-1
    )

    body: list[str] = []
    after_image = False  # the previous line was an image: a short line now is its caption
    skip_list = False  # inside a "most read" list
    teased = False  # after a bare "Les også" label: the next line is the teased headline
    toc = False  # right after a table-of-contents heading
    author_box = 0  # lines of author box (name, bio) still to drop
    kicker_possible = True

    for i, line in enumerate(lines):
        text = line.text
        in_header = not body
        was_after_image, after_image = after_image, line.image

        if in_header and (m := voc.COMMENT_HEADING_GLUED.match(text)):
            text = m.group("rest")  # a previous dump's "Kommentar (0)" glued to this title
        if in_header and (m := _EXPORT_HEADER.match(text)):
            _apply_fields(meta, {m.group("key").lower(): m.group("value")})
            continue
        if m := voc.SOURCE_LINE.match(text):
            if url := _URL.search(m.group("value")):
                meta.url = meta.url or url.group(0).rstrip(".,;")
            continue
        # A caption sits right under its image (no blank line): piped, or short.
        if was_after_image and not line.gap_before and (line.piped or _words(text) <= _MAX_CAPTION_WORDS_AFTER_IMAGE):
            continue
        was_teased, teased = teased, False
        if was_teased and not _is_paragraph(text):
            continue
        if _is_junk(line):
            # "Les også" alone: the teased headline follows on the next line.
            teased = bool(voc.TEASER.match(text) and not re.search(r"[:»>|-]\s*\S", text))
            toc = bool(voc.TABLE_OF_CONTENTS.match(text))
            continue
        if voc.COMMENT_HEADING.match(text) and not body:
            continue
        if _is_name_time(text) or _is_prompt(text) or voc.COMMENT_HEADING_GLUED.match(text):
            continue
        if voc.READ_MORE_HEADING.match(text):
            skip_list = True
            continue
        if skip_list:
            # A list of linked headlines runs until prose resumes (headlines rarely end with a period).
            if not (_is_paragraph(text) and (text.endswith(".") or _words(text) >= 12)):
                continue
            skip_list = False
        if toc:
            # TOC entries repeat later subheadings or are list items.
            later = {x.text for x in lines[i + 1 :]}
            if not _is_paragraph(text) and (_LIST_ITEM.match(text) or _LIST_ITEM.sub("", text) in later):
                continue
            toc = False

        # Byline and dates: metadata, wherever they stand (a byline also ends some articles).
        if name := _byline_name(text):
            meta.author = meta.author or name
            meta.add_date(text)
            continue
        if is_date_line(text) and parse_date(text) is not None:
            meta.add_date(text)
            continue

        # Author box after the body: the author's name (again), an about-heading, then a short bio.
        if meta.author and text.casefold() == meta.author.casefold():
            author_box = 1
            continue
        if voc.AUTHOR_BOX_HEADING.match(text):
            author_box = 2
            continue
        if i > last_paragraph and _looks_like_name(text) and i + 1 < len(lines):
            nxt = lines[i + 1].text
            if _words(nxt) <= _MAX_BIO_WORDS and voc.AUTHOR_BIO.search(nxt):
                meta.author = meta.author or text
                author_box = 1
                continue
        if author_box:
            author_box -= 1
            if _looks_like_name(text) or (
                _words(text) <= _MAX_BIO_WORDS and (i > last_paragraph or voc.AUTHOR_BIO.search(text))
            ):
                continue

        if in_header:
            if line.heading == 1 and meta.title is None:
                meta.title = text
                continue
            if _BREADCRUMB.match(text) and _words(text) <= 10:
                continue
            # A headline may end in "?" or "!", never in a period.
            headline = _is_title_like(text) and (not _is_paragraph(text) or (text[-1] in "?!" and _words(text) <= 15))
            if headline:
                if meta.title is None:
                    meta.title = text
                    continue
                # A one-word (or all-caps) section kicker above the real headline.
                if kicker_possible and (_words(meta.title) == 1 or meta.title.isupper()) and _words(text) >= 3:
                    meta.title = text
                    kicker_possible = False
                    continue
                # A name alone under the headline, with the date on the next line: a byline without "By".
                if _looks_like_name(text) and i + 1 < len(lines) and is_date_line(lines[i + 1].text):
                    meta.author = meta.author or text
                    continue
            kicker_possible = False
        body.append(text)

    return Extracted(
        body="\n\n".join(body).strip(),
        title=meta.title,
        author=meta.author,
        published_at=meta.published or meta.updated,
        url=meta.url,
    )
