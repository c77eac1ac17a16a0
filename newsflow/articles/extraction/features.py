"""Structural features of the blocks (lines) of an extracted article, for the boilerplate scorer.

Each line of the extracted text is found again in the page's DOM (by its first characters, all
whitespace removed, in the page's visible text), so that the element it came from gives the
structure around it: tag, depth, link density, and the class/id tokens of its ancestors sorted
into generic families (navigation, share bar, related list, comments, footer...). The line's own
shape (length, punctuation, sentence ends, digits, capitalised words) and its place in the page
and in the article complete the vector. No word of any language is a feature: only markup
families and character classes.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator

import numpy as np
from lxml.etree import XPath
from lxml.html import HtmlElement

# the teaser rule's own test of where a link goes (same site, another page)
from newsflow.articles.extraction.blocks import to_other_page
from newsflow.articles.extraction.line_keys import line_key, squeezed

# Visible text nodes of the page, in document order.
_TEXT_NODES = XPath(
    "//body//text()[normalize-space()][not(parent::script or parent::style or parent::noscript or parent::template)]"
)
_PROBE = 48  # characters of a line (without whitespace) looked up in the page
_SHORT_PROBE = 16
# Inline tags: a line's block is the nearest ancestor that is none of these.
_INLINE = {
    "a", "span", "strong", "b", "em", "i", "u", "small", "big", "font", "time", "abbr", "sub", "sup",
    "cite", "q", "mark", "code", "label", "br", "wbr", "s", "strike", "del", "ins", "bdi", "bdo", "kbd",
    "var", "samp", "dfn", "img", "button",
}  # fmt: skip
_ROOTS = {"html", "body"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Families of class/id tokens; matched on the lowercased attribute string of each ancestor.
_FAMILIES = (
    ("nav", r"nav|menu|breadcrumb|topbar|pagination|pager|skip"),
    ("share", r"share|sharing|social|facebook|twitter|whatsapp|linkedin|pinterest|print|mail"),
    ("related", r"related|recommend|teaser|also|popular|trending|most|outbrain|taboola|more|similar|list"),
    ("comment", r"comment|kommentar|disqus|reply|replies|respond|discussion|forum|leserbrief"),
    ("footer", r"footer|foot|copyright|legal|imprint|impressum|bottom"),
    ("header", r"header|masthead|banner|brand|logo"),
    ("side", r"sidebar|aside|widget|rail|column|box|panel"),
    ("meta", r"byline|author|meta|date|time|dateline|info|publish|credit|source"),
    ("caption", r"caption|figure|photo|image|img|media|gallery|video|slide"),
    ("ad", r"ad(?<![a-z]ad)s?(?![a-z])|advert|sponsor|anzeige|promo|commercial|dfp|gpt"),
    ("subscribe", r"newsletter|subscri|signup|sign-up|abo|paywall|register|login|cookie|consent|gdpr"),
    ("tags", r"tag(?<![a-z]tag)s?(?![a-z])|keyword|topic|categor|rubri"),
    ("content", r"article|content|story|body|post|entry|text|main|lead|intro|summary|detail"),
)
_FAMILY_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _FAMILIES))
# The same words in one flat alternation, each starting with a letter ("ad" and "tag" test the letter before them
# after it): sre then skips in C the positions where no word starts, which the named groups defeat. It finds
# where the next match starts, _FAMILY_RE there which family it is.
_FAMILY_START = re.compile("|".join(pattern for _, pattern in _FAMILIES))
# Ancestor tags that mark a region, whatever the classes say.
_REGION_TAGS = ("nav", "footer", "header", "aside", "form", "figure", "li", "table", "article", "main", "blockquote")
# a family or region close to the block counts more than one near the page's root
_DECAY = 0.8
_FAMILY_AT = {name: i for i, (name, _) in enumerate(_FAMILIES)}
_REGION_AT = {tag: len(_FAMILIES) + i for i, tag in enumerate(_REGION_TAGS)}
_CONTEXT = len(_FAMILIES) + len(_REGION_TAGS)
_BLOCK_LEN = XPath("string-length(normalize-space(.))")
_LINK_TEXT = XPath(".//a//text()")
_SENTENCE_END = re.compile(r"[.!?。！？…](?:[\"'»«”’)\]]*)(?:\s|$)")
_PUNCT = re.compile(r"[^\w\s]")
_SEPARATORS = re.compile(r"[|·•»«/›>]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[^\W\d_a-zß-ÿ]")  # uppercase-ish letters (Latin, Greek, Cyrillic capitals)
_CAP_WORD = re.compile(r"(?:^|\s)[^\W\d_a-zß-ÿ]")
_LINKS = XPath(".//a[@href]")
# words long enough to be the article's subject rather than grammar, in any alphabet
_LONG_WORD = re.compile(r"\w{4,}")

FEATURES = (
    "bias",
    "log_chars",
    "log_words",
    "mean_word_len",
    "sentence_ends",
    "ends_sentence",
    "ends_colon",
    "punct_share",
    "separator_count",
    "digit_share",
    "upper_share",
    "cap_word_share",
    "starts_lower",
    "line_pos",
    "chars_before",
    "chars_after",
    "is_first",
    "is_last",
    "prev_log_chars",
    "next_log_chars",
    "mapped",
    "page_pos",
    "after_headline",
    "from_headline",
    "repeats",
    "depth",
    "link_share",
    "block_chars_ratio",
    "tag_p",
    "tag_heading",
    "tag_li",
    "tag_td",
    "tag_div",
    "tag_other",
    *(f"fam_{name}" for name, _ in _FAMILIES),
    *(f"in_{tag}" for tag in _REGION_TAGS),
    "short_x_link",
    "short_x_noend",
    "same_lines",
    "container_share",
    "under_main",
    "below_main",
    "site_link",
    "like_siblings",
    "like_parent_siblings",
    "words_shared",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_CONTEXT_FROM = _INDEX[f"fam_{_FAMILIES[0][0]}"]


class PageText:
    """The page's visible text without whitespace, and which text node each character came from."""

    def __init__(self, tree: HtmlElement) -> None:
        self.nodes = _TEXT_NODES(tree)
        # one C-level pass: nodes joined by NUL (not whitespace), all whitespace dropped; node k + 1 starts at
        # the offset in the searchable text of the k-th NUL, less the k NULs before it
        joined = squeezed("\x00".join(self.nodes))
        nuls = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 0)
        self.starts = nuls - np.arange(len(nuls))
        self.text = joined.replace("\x00", "")
        self._memo: dict[int, tuple[HtmlElement, int, np.ndarray]] = {}

    def find(self, line: str, cursor: int) -> int:
        """Offset of the line in the page text, searched from cursor first; -1 when not found."""
        key = line_key(line)
        for probe in (key[:_PROBE], key[:_SHORT_PROBE]):
            if not probe:
                break
            at = self.text.find(probe, cursor)
            if at < 0:
                at = self.text.find(probe)
            if at >= 0:
                return at
        return -1

    def find_alone(self, line: str) -> int | None:
        """What find gives from any cursor, where that does not depend on the cursor (the probe it settles on
        occurs once in the page, or neither occurs); None where it does."""
        key = line_key(line)
        for probe in (key[:_PROBE], key[:_SHORT_PROBE]):
            if not probe:
                break
            at = self.text.find(probe)
            if at >= 0:
                return at if self.text.find(probe, at + 1) < 0 else None
        return -1

    def node_of(self, offset: int) -> int:
        """Index of the text node that holds the character at offset of the searchable text."""
        return int(np.searchsorted(self.starts, offset, side="right"))

    def element_at(self, offset: int) -> HtmlElement | None:
        """The block element (nearest non-inline ancestor) of the text node holding offset."""
        node = self.nodes[self.node_of(offset)]
        el = node.getparent()
        if el is not None and node.is_tail:
            el = el.getparent()
        while el is not None and el.tag in _INLINE:
            el = el.getparent()
        return el

    def context(self, el: HtmlElement) -> tuple[int, np.ndarray]:
        """Depth and the family/region vector of an element: its own marks, or its parent's decayed.

        Memoised per element (lines share ancestors); the element is kept in the memo so that its
        lxml proxy, and so its id(), stays the same.
        """
        chain = []
        cur: HtmlElement | None = el
        while cur is not None and id(cur) not in self._memo:
            chain.append(cur)
            cur = cur.getparent()
        depth, vec = (self._memo[id(cur)][1:]) if cur is not None else (-1, np.zeros(_CONTEXT))
        for node in reversed(chain):
            depth, vec = depth + 1, vec * _DECAY
            attrs = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
            if attrs.strip():
                for family in _families(attrs):
                    vec[_FAMILY_AT[family]] = 1.0
            tag = node.tag if isinstance(node.tag, str) else ""
            if tag in _REGION_AT:
                vec[_REGION_AT[tag]] = 1.0
            self._memo[id(node)] = (node, depth, vec)
        return depth, vec


def _families(attrs: str) -> Iterator[str]:
    """The family of each match of _FAMILY_RE.finditer(attrs), in order, at half its cost."""
    start = _FAMILY_START.search(attrs)
    while start is not None:
        match = _FAMILY_RE.match(attrs, start.start())  # the same words match there: one of them in its order
        assert match is not None and match.lastgroup is not None
        yield match.lastgroup
        start = _FAMILY_START.search(attrs, match.end())


def _log(n: float) -> float:
    return math.log1p(n) / 8.0


def _line_shape(line: str, row: np.ndarray) -> None:
    chars = len(line)
    words = line.split()
    n_words = len(words) or 1
    row[_INDEX["log_chars"]] = _log(chars)
    row[_INDEX["log_words"]] = _log(len(words))
    row[_INDEX["mean_word_len"]] = min(len("".join(words)) / n_words, 20.0) / 10.0
    row[_INDEX["sentence_ends"]] = _log(len(_SENTENCE_END.findall(line)))
    row[_INDEX["ends_sentence"]] = float(bool(re.search(r"[.!?。！？…][\"'»«”’)\]]*$", line)))
    row[_INDEX["ends_colon"]] = float(line.endswith(":"))
    row[_INDEX["punct_share"]] = len(_PUNCT.findall(line)) / chars if chars else 0.0
    row[_INDEX["separator_count"]] = _log(len(_SEPARATORS.findall(line)))
    row[_INDEX["digit_share"]] = len(_DIGIT.findall(line)) / chars if chars else 0.0
    row[_INDEX["upper_share"]] = len(_UPPER.findall(line)) / chars if chars else 0.0
    row[_INDEX["cap_word_share"]] = len(_CAP_WORD.findall(line)) / n_words
    row[_INDEX["starts_lower"]] = float(line[:1].islower())


# A row is filled in stages, cheapest first, so that a caller able to decide on part of a row (the scorer's
# bound over its trees) need not pay for the rest: the line and its neighbours in the article; its place and
# block in the page (the page's visible text, every line searched in it); the main container (every line's
# block).
LINE, BLOCK, CONTAINER = 0, 1, 2
_LINE_COLUMNS = [*range(_INDEX["mapped"]), *(_INDEX[name] for name in ("short_x_noend", "same_lines", "words_shared"))]
_CONTAINER_COLUMNS = [_INDEX[name] for name in ("container_share", "under_main", "below_main")]
KNOWN = (np.zeros(len(FEATURES), dtype=bool), np.ones(len(FEATURES), dtype=bool), np.ones(len(FEATURES), dtype=bool))
KNOWN[LINE][_LINE_COLUMNS] = True
KNOWN[BLOCK][_CONTAINER_COLUMNS] = False
for _known in KNOWN:
    _known.flags.writeable = False


class LineFeatures:
    """The features of the lines of one page, each row on demand and each part of the page the first time a row
    needs it (where the lines are in the page, their blocks, the main container, repeated lines and words), so
    that a caller that needs a few rows (the scorer reads the article's last lines), or part of one, pays for
    those only."""

    def __init__(self, tree: HtmlElement, lines: list[str], url: str | None = None) -> None:
        self.tree, self.lines, self.url = tree, lines, url
        self.lengths = [len(line) for line in lines]
        self.before = np.concatenate([[0], np.cumsum(self.lengths)]).tolist()

    @functools.cached_property
    def page(self) -> PageText:
        return PageText(self.tree)

    @functools.cached_property
    def head_at(self) -> int:
        headline = next(self.tree.iter("h1"), None)
        return self.page.find("".join(headline.itertext()), 0) if headline is not None else -1

    @functools.cached_property
    def line_counts(self) -> Counter[str]:
        return Counter(self.lines)

    @functools.cached_property
    def word_counts(self) -> Counter[str]:
        """Occurrences of each long word in all lines: one C-level pass (no word spans the newline, and the
        lowercasing of Greek's final sigma stops at it, so this is the lines' own words added up)."""
        return Counter(_LONG_WORD.findall("\n".join(self.lines).lower()))

    @functools.cached_property
    def found(self) -> list[int]:
        """Each line's offset in the page text (-1: not found), each searched from the previous one found."""
        found, cursor = [-1] * len(self.lines), 0
        if self.page.nodes:
            for i, line in enumerate(self.lines):
                at = self.page.find(line, cursor)
                if at >= 0:
                    cursor = found[i] = at
        return found

    @functools.cached_property
    def blocks(self) -> list[HtmlElement | None]:
        return [self.page.element_at(at) if at >= 0 else None for at in self.found]

    def offset(self, i: int) -> int:
        """found[i], without searching the lines before where the line's probe occurs once in the page."""
        if "found" in self.__dict__ or not self.page.nodes:
            return self.found[i]
        at = self.page.find_alone(self.lines[i])
        return self.found[i] if at is None else at

    def block(self, i: int) -> HtmlElement | None:
        if "blocks" in self.__dict__:
            return self.blocks[i]
        at = self.offset(i)
        return self.page.element_at(at) if at >= 0 else None

    @functools.cached_property
    def containers(self) -> np.ndarray:
        """The main-container columns of every line (zeros for a line without a block)."""
        x = np.zeros((len(self.lines), len(FEATURES)))
        _containers(self.blocks, self.lengths, x)
        return x

    def row(self, i: int) -> np.ndarray:
        """The FEATURES of line i."""
        return self.partial(i, CONTAINER)[0]

    def partial(self, i: int, stage: int) -> tuple[np.ndarray, np.ndarray]:
        """Line i's row filled up to a stage (LINE, BLOCK or CONTAINER), and which of its columns are final:
        KNOWN[stage], or all of them where the later stages add nothing (a line not found in the page)."""
        line, lengths, n = self.lines[i], self.lengths, len(self.lines)
        row = np.zeros(len(FEATURES))
        row[_INDEX["bias"]] = 1.0
        _line_shape(line, row)
        all_chars = self.before[-1] or 1
        row[_INDEX["line_pos"]] = i / max(n - 1, 1)
        row[_INDEX["chars_before"]] = self.before[i] / all_chars
        row[_INDEX["chars_after"]] = (all_chars - self.before[i] - lengths[i]) / all_chars
        row[_INDEX["is_first"]] = float(i == 0)
        row[_INDEX["is_last"]] = float(i == n - 1)
        row[_INDEX["prev_log_chars"]] = _log(lengths[i - 1]) if i else 0.0
        row[_INDEX["next_log_chars"]] = _log(lengths[i + 1]) if i + 1 < n else 0.0
        short = lengths[i] < 80
        row[_INDEX["short_x_noend"]] = float(short and not row[_INDEX["ends_sentence"]])
        # a line the article repeats word for word ("Bild anzeigen" under every picture) is a label, not text
        row[_INDEX["same_lines"]] = _log(self.line_counts[line] - 1)
        row[_INDEX["words_shared"]] = _words_shared(line, self.word_counts)
        if stage == LINE:
            return row, KNOWN[LINE]
        at = self.offset(i)
        if at < 0:
            return row, KNOWN[CONTAINER]
        page, total = self.page, max(len(self.page.text), 1)
        row[_INDEX["mapped"]] = 1.0
        row[_INDEX["page_pos"]] = at / total
        if self.head_at >= 0:
            row[_INDEX["after_headline"]] = float(at >= self.head_at)
            row[_INDEX["from_headline"]] = (at - self.head_at) / total
        key = line_key(line)[:_PROBE]
        row[_INDEX["repeats"]] = _log(max(page.text.count(key) - 1, 0)) if key else 0.0
        el = self.block(i)
        if el is None:
            return row, KNOWN[CONTAINER]
        _block_structure(page, el, len(line_key(line)), row)
        row[_INDEX["short_x_link"]] = float(short) * row[_INDEX["link_share"]]
        if row[_INDEX["link_share"]] > 0.9:
            row[_INDEX["site_link"]] = float(any(to_other_page(a.get("href"), self.url) for a in _LINKS(el)))
        if stage == BLOCK:
            return row, KNOWN[BLOCK]
        return self.with_containers(i, row), KNOWN[CONTAINER]

    def with_containers(self, i: int, row: np.ndarray) -> np.ndarray:
        """Line i's row of the BLOCK stage completed (in place) with the main-container columns."""
        row[_CONTAINER_COLUMNS] = self.containers[i, _CONTAINER_COLUMNS]
        return row


def block_features(tree: HtmlElement, lines: list[str], url: str | None = None) -> np.ndarray:
    """One row of FEATURES per line; tree is the (pre-cleaned) page the lines were extracted from, url its
    address (a link to another page of the same site is a teaser's mark)."""
    if not lines:
        return np.zeros((0, len(FEATURES)))
    features = LineFeatures(tree, lines, url)
    return np.stack([features.row(i) for i in range(len(lines))])


def _words_shared(line: str, counts: Counter[str]) -> float:
    """Share of the line's long words that occur in another line (counts: all lines' words): a teaser of another
    article shares few."""
    words = _LONG_WORD.findall(line.lower())
    if not words:
        return 0.0
    own = Counter(words)
    return sum(counts[w] > k for w, k in own.items()) / len(own)


def _like(el: HtmlElement) -> float:
    """How many siblings of el share its tag and class: a repeated item of a list of teasers or links."""
    parent = el.getparent()
    if parent is None:
        return 0.0
    mark = (el.tag, el.get("class"))
    return _log(sum(1 for s in parent if s is not el and (s.tag, s.get("class")) == mark))


def _containers(blocks: list[HtmlElement | None], lengths: list[int], x: np.ndarray) -> None:
    """Where each line sits relative to the article's main container (the parent holding most text).

    A teaser or a sidebar line that trafilatura took along usually comes from another container
    than the article's paragraphs.
    """
    chars: Counter[int] = Counter()
    parents: dict[int, HtmlElement] = {}
    for el, n in zip(blocks, lengths, strict=True):
        parent = el.getparent() if el is not None else None
        if parent is not None:
            chars[id(parent)] += n
            parents[id(parent)] = parent
    if not chars:
        return
    total = sum(chars.values())
    main = parents[chars.most_common(1)[0][0]]
    main_depth = sum(1 for _ in main.iterancestors())
    for i, el in enumerate(blocks):
        parent = el.getparent() if el is not None else None
        if el is None or parent is None:
            continue
        x[i, _INDEX["container_share"]] = chars[id(parent)] / total
        ancestors = list(el.iterancestors())
        if any(a is main for a in ancestors):
            x[i, _INDEX["under_main"]] = 1.0
            x[i, _INDEX["below_main"]] = min(len(ancestors) - main_depth - 1, 10) / 10.0


def _block_structure(page: PageText, el: HtmlElement, line_chars: int, row: np.ndarray) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    depth, context = page.context(el)
    row[_INDEX["depth"]] = min(depth, 40) / 20.0
    block_chars = _BLOCK_LEN(el)
    link_chars = sum(len(t.strip()) for t in _LINK_TEXT(el)) if block_chars < 20_000 else 0
    row[_INDEX["link_share"]] = min(link_chars / block_chars, 1.0) if block_chars else 0.0
    row[_INDEX["block_chars_ratio"]] = min(line_chars / block_chars, 1.0) if block_chars else 1.0
    kind = (
        "tag_p" if tag == "p" else "tag_heading" if tag in _HEADINGS else "tag_li" if tag in ("li", "dd", "dt")
        else "tag_td" if tag in ("td", "th") else "tag_div" if tag == "div" else "tag_other"
    )  # fmt: skip
    row[_INDEX[kind]] = 1.0
    row[_INDEX["like_siblings"]] = _like(el)
    parent = el.getparent()
    row[_INDEX["like_parent_siblings"]] = _like(parent) if parent is not None and parent.tag not in _ROOTS else 0.0
    row[_CONTEXT_FROM : _CONTEXT_FROM + _CONTEXT] = context
