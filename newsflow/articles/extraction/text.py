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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from newsflow.articles.extraction import vocabulary as voc
from newsflow.articles.extraction.comments import comment_start, is_name_time, is_prompt, looks_like_name
from newsflow.articles.extraction.dates import is_date_line, parse_date
from newsflow.articles.extraction.headline import drop_title_copies
from newsflow.records import Extracted

# --- line normalisation -------------------------------------------------------------------

# Runs of two or more spaces, or one other blank: a single plain space is left alone, so that a long
# line of prose is not rebuilt from a million one-space pieces (memory grew with the line's words).
_BLANK = r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_SPACES = re.compile(rf"{_BLANK}{{2,}}|[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# Link texts stop at the next bracket and every repeat is bounded: on a line full of unclosed brackets
# each match attempt ends at the next one, so these stay linear (no link text or URL is longer).
_MD_IMAGE = re.compile(r"\[?!\[[^\[\]]{0,1000}\]\([^()]{0,2000}\)(?:\]\([^()]{0,2000}\))?")
_MD_LINK = re.compile(r"\[([^\[\]]{0,1000})\]\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+\"[^\"]{0,500}\")?\)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_RULE = re.compile(r"^(?:[-=*_~]\s*){3,}$")
_WRAPPED_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_URL = re.compile(r"https?://[^\s<>()\[\]]+")
_BARE_URL = re.compile(r"^<?https?://\S+>?$")

# --- structural patterns ------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\s\"'»“”’)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-*+•–]|\d{1,2}[.)])\s+")
# Gallery counters: "Bilde 1 av 5", "Foto 2 von 8".
_GALLERY = re.compile(r"^(?:bilde|bild|foto|image|photo)\s+\d+\s*(?:av|von|of|af|/)\s*\d+$", re.IGNORECASE)
# Breadcrumbs: "Nyheter › Innenriks › Politikk".
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[›>]\s*")
_MAX_BREADCRUMB_WORDS = 10
# Header lines some scrapers (e.g. reader-mode exporters) put first: "Title: …", "URL Source: …".
_EXPORT_HEADER = re.compile(
    r"^(?P<key>title|url source|url|published time|published|date|author|markdown content)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FRONT_MATTER_FIELD = re.compile(r"^(?P<key>[\w-]+)\s*:\s*(?P<value>.*?)\s*$")
_UPDATE_LABEL = re.compile(r"\b(?:oppdatert|endret|opdateret|uppdaterad|aktualisiert|zuletzt|stand|updated)\b", re.I)
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
    return voc.count_words(text)


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

    out: list[list[str]] = []  # pieces of each output line, joined once: no quadratic re-concatenation
    last = ""  # the previous physical line: only a line that ran to the width continues below
    for raw in lines:
        s = raw.strip()
        if last and s and not structural(s) and not structural(last) and len(last) >= 0.6 * width:
            out[-1].append(s)
        else:
            out.append([raw])
        last = s
    return [pieces[0] if len(pieces) == 1 else " ".join([pieces[0].rstrip(), *pieces[1:]]) for pieces in out]


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


def _is_breadcrumb(text: str) -> bool:
    """A breadcrumb trail ("Nyheter › Innenriks › Politikk"): a few short parts, no sentence punctuation."""
    if _words(text) > _MAX_BREADCRUMB_WORDS:
        return False
    parts = _BREADCRUMB_SEPARATOR.split(text)
    return len(parts) >= 2 and all(0 < len(p) <= 40 and not re.search(r"[.!?]", p) for p in parts)


def _caption_credit(text: str) -> bool:
    """Line ends with a short photo credit ("… Foto: NTB", "Bilde: laget av AI."), or is only one."""
    m = voc.CAPTION.search(text)
    if m is None:
        return False
    credit = m.group(0).split(":", 1)[1]
    return _words(credit) <= _MAX_CREDIT_WORDS


def _byline_name(text: str) -> str | None:
    """The name in a byline ("Av Kari Nordmann", "Von Max Muster | 12.03.2026", "👤 energys@Rory 📅 …")."""
    if _words(text) > 14:
        return None
    m = voc.BYLINE.match(text)
    if m is None:
        return None
    name = m.group("name").strip(" ,;·•")
    return name if looks_like_name(name) else None


def _is_junk(line: _Line) -> bool:
    """Boilerplate recognisable on its own, wherever it stands."""
    text = line.text
    if line.image or line.links_only or _BARE_URL.match(text) or _GALLERY.match(text):
        return True
    if voc.READING_TIME.match(text) or voc.COPYRIGHT.match(text) or voc.ADVERT.match(text):
        return True
    if voc.SERVER_DIAGNOSTIC.match(text):
        return True
    # Share and follow bars, sign-ups and requests for tips: whatever their length or punctuation.
    if voc.is_promo_line(text) or voc.BRACKET_LABEL.match(text):
        return True
    if voc.is_boilerplate_line(text) and (not _is_paragraph(text) or voc.TEASER.match(text)):
        return True
    return _caption_credit(text)


def _is_body_paragraph(line: _Line) -> bool:
    return _is_paragraph(line.text) and not _is_junk(line)


# --- metadata -----------------------------------------------------------------------------


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


# --- whole-document passes ----------------------------------------------------------------


def _split(text: str) -> list[str]:
    """The lines of a dump. A file whose lines end in LF or CRLF does not break a line at a lone CR (a carriage
    return left inside a line by an editor or an exporter: it split a title or a sentence in two); a file
    without any LF ends its lines in CR (classic Mac)."""
    if "\n" not in text:
        return text.split("\r")
    return text.replace("\r\n", "\n").replace("\r", " ").split("\n")


def _markup_free(raw_lines: list[str]) -> list[_Line]:
    """Non-empty lines without markup; gap_before marks a blank line (or debris) above."""
    lines: list[_Line] = []
    gap = False
    for raw in raw_lines:
        line = _to_line(raw)
        if line is None:
            gap = True
            continue
        lines.append(_Line(line.text, line.image, line.piped, line.heading, line.links_only, gap_before=gap))
        gap = False
    return lines


def _without_comments(lines: list[_Line]) -> list[_Line]:
    """Up to the comment section. Only after the article has started: a comment heading at the very
    top is debris of a previous page."""
    first_body = next((i for i, line in enumerate(lines) if _is_body_paragraph(line)), None)
    if first_body is None:
        return lines
    start = comment_start([line.text for line in lines], first_body + 1)
    return lines if start is None else lines[:start]


# --- line passes: each drops a kind of line (or moves it into metadata) -------------------


@dataclass
class _Walk:
    """The state the line passes share while they walk the lines once, top to bottom."""

    lines: Sequence[_Line]
    meta: _Meta
    last_paragraph: int  # lines below the last paragraph may be an author box
    last_seen: dict[str, int]  # the last index of each line's text: a TOC entry recurs below
    body: list[str] = field(default_factory=list)
    i: int = 0
    text: str = ""
    was_after_image: bool = False  # the previous line was an image: a short line now is its caption
    teased: bool = False  # after a bare "Les også" label: the next line is the teased headline
    toc: bool = False  # right after a table-of-contents heading
    skip_list: bool = False  # inside a "most read" list
    author_box: int = 0  # lines of author box (name, bio) still to drop
    kicker_possible: bool = True

    @property
    def in_header(self) -> bool:
        return not self.body

    def next_text(self) -> str | None:
        return self.lines[self.i + 1].text if self.i + 1 < len(self.lines) else None


def _glued_heading(w: _Walk, line: _Line) -> bool:
    """A previous dump's "Kommentar (0)" glued to this title: keep the title."""
    if w.in_header and (m := voc.COMMENT_HEADING_GLUED.match(w.text)):
        w.text = m.group("rest")
    return False


def _export_header(w: _Walk, line: _Line) -> bool:
    if w.in_header and (m := _EXPORT_HEADER.match(w.text)):
        _apply_fields(w.meta, {m.group("key").lower(): m.group("value")})
        return True
    return False


def _source_line(w: _Walk, line: _Line) -> bool:
    if m := voc.SOURCE_LINE.match(w.text):
        if url := _URL.search(m.group("value")):
            w.meta.url = w.meta.url or url.group(0).rstrip(".,;")
        return True
    return False


def _caption_under_image(w: _Walk, line: _Line) -> bool:
    """A caption sits right under its image (no blank line): piped, or short."""
    return (
        w.was_after_image and not line.gap_before and (line.piped or _words(w.text) <= _MAX_CAPTION_WORDS_AFTER_IMAGE)
    )


def _teased_headline(w: _Walk, line: _Line) -> bool:
    was_teased, w.teased = w.teased, False
    return was_teased and not _is_paragraph(w.text)


def _junk(w: _Walk, line: _Line) -> bool:
    if not _is_junk(line):
        return False
    # "Les også" alone: the teased headline follows on the next line.
    w.teased = bool(voc.TEASER.match(w.text) and not re.search(r"[:»>|-]\s*\S", w.text))
    w.toc = bool(voc.TABLE_OF_CONTENTS.match(w.text))
    return True


def _comment_debris(w: _Walk, line: _Line) -> bool:
    text = w.text
    if voc.COMMENT_HEADING.match(text) and w.in_header:
        return True
    return is_name_time(text) or is_prompt(text) or bool(voc.COMMENT_HEADING_GLUED.match(text))


def _read_more_list(w: _Walk, line: _Line) -> bool:
    if voc.READ_MORE_HEADING.match(w.text):
        w.skip_list = True
        return True
    if w.skip_list:
        # A list of linked headlines runs until prose resumes (headlines rarely end with a period).
        if not (_is_paragraph(w.text) and (w.text.endswith(".") or _words(w.text) >= 12)):
            return True
        w.skip_list = False
    return False


def _toc_entry(w: _Walk, line: _Line) -> bool:
    if not w.toc:
        return False
    # TOC entries repeat later subheadings or are list items.
    text = w.text
    if not _is_paragraph(text) and (_LIST_ITEM.match(text) or w.last_seen.get(_LIST_ITEM.sub("", text), -1) > w.i):
        return True
    w.toc = False
    return False


def _byline_or_date(w: _Walk, line: _Line) -> bool:
    """Byline and dates are metadata, wherever they stand (a byline also ends some articles)."""
    if name := _byline_name(w.text):
        w.meta.author = w.meta.author or name
        w.meta.add_date(w.text)
        return True
    if is_date_line(w.text) and parse_date(w.text) is not None:
        w.meta.add_date(w.text)
        return True
    return False


def _author_box(w: _Walk, line: _Line) -> bool:
    """After the body: the author's name (again), an about-heading, then a short bio."""
    text, meta = w.text, w.meta
    if meta.author and text.casefold() == meta.author.casefold():
        w.author_box = 1
        return True
    if voc.AUTHOR_BOX_HEADING.match(text):
        w.author_box = 2
        return True
    nxt = w.next_text()
    bio_below = nxt is not None and _words(nxt) <= _MAX_BIO_WORDS and bool(voc.AUTHOR_BIO.search(nxt))
    if w.i > w.last_paragraph and looks_like_name(text) and bio_below:
        meta.author = meta.author or text
        w.author_box = 1
        return True
    if w.author_box:
        w.author_box -= 1
        return looks_like_name(text) or (
            _words(text) <= _MAX_BIO_WORDS and (w.i > w.last_paragraph or bool(voc.AUTHOR_BIO.search(text)))
        )
    return False


def _is_kicker(title: str) -> bool:
    """A section label above the headline: one or two words, or all capitals ("Kultur", "NYHETER")."""
    return _words(title) <= 2 or title.isupper()


def _headline(w: _Walk, line: _Line) -> bool:
    """Above the body: the title, a kicker above it, breadcrumbs, an author's name under it."""
    if not w.in_header:
        return False
    text, meta = w.text, w.meta
    if line.heading == 1 and meta.title is None:
        meta.title = text
        return True
    if _is_breadcrumb(text):
        return True
    # A headline may end in "?" or "!", never in a period.
    if _is_title_like(text) and (not _is_paragraph(text) or (text[-1] in "?!" and _words(text) <= 15)):
        if meta.title is None:
            meta.title = text
            return True
        if w.kicker_possible and _is_kicker(meta.title) and _words(text) >= 3:
            meta.title = text
            w.kicker_possible = False
            return True
        # A name alone under the headline, with the date on the next line: a byline without "By".
        nxt = w.next_text()
        if looks_like_name(text) and nxt is not None and is_date_line(nxt):
            meta.author = meta.author or text
            return True
    w.kicker_possible = False
    return False


_LINE_PASSES: tuple[Callable[[_Walk, _Line], bool], ...] = (
    _glued_heading,
    _export_header,
    _source_line,
    _caption_under_image,
    _teased_headline,
    _junk,
    _comment_debris,
    _read_more_list,
    _toc_entry,
    _byline_or_date,
    _author_box,
    _headline,
)


def _body_lines(lines: list[_Line], meta: _Meta) -> list[str]:
    """Run the line passes over each line in order; a line no pass takes is body text."""
    last_paragraph = max((i for i, line in enumerate(lines) if _is_body_paragraph(line)), default=-1)
    w = _Walk(lines, meta, last_paragraph, {line.text: i for i, line in enumerate(lines)})
    for i, line in enumerate(lines):
        w.i, w.text = i, line.text
        taken = any(step(w, line) for step in _LINE_PASSES)
        w.was_after_image = line.image
        if not taken:
            w.body.append(w.text)
    return w.body


def clean_text_dump(text: str) -> Extracted:
    """Article body and metadata from a scraped text/markdown dump. Pure: same text, same result."""
    meta = _Meta()
    fields, raw_lines = _front_matter(_split(text))
    _apply_fields(meta, fields)
    lines = _without_comments(_markup_free(_unwrap(raw_lines)))
    body = "\n\n".join(_body_lines(lines, meta)).strip()
    return Extracted(
        body=drop_title_copies(body, meta.title),
        title=meta.title,
        author=meta.author,
        published_at=meta.published or meta.updated,
        url=meta.url,
    )
