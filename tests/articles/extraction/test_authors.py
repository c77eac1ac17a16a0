"""newsflow.articles.extraction.authors: trafilatura's author search from the markup, skipped only where it cannot
find anything."""

from __future__ import annotations

import re

import pytest
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_metainfo, normalize_authors
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from newsflow.articles.extraction import authors
from newsflow.articles.extraction.html import _metadata
from newsflow.articles.extraction.parse import load_html
from tests.conftest import SHARED
from tests.support.shared import needs_shared, real_pages

pytestmark = pytest.mark.no_warehouse

PAGES = SHARED / "eval" / "extraction" / "pages"
STORY = "<p>Bystyret vedtok i kveld et nytt budsjett for skolene i byen, etter en lang debatt.</p>"


def page(byline: str) -> str:
    return (
        "<html><head><title>Budsjett</title></head><body><article><h1>Budsjett vedtatt</h1>"
        f'{byline}<time datetime="2026-03-02">2. mars</time>{STORY}</article></body></html>'
    )


def trafilatura_search(tree: object) -> str | None:
    """The search as trafilatura's extract_metadata runs it, on every page."""
    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None


def _examples(literal: str) -> list[str]:
    """A value each alternative of an XPath literal or EXSLT pattern matches ("[Aa]uthor" -> "author")."""
    return [re.sub(r"\[(\w)\w*\]", r"\1", alt).replace("-?", "") for alt in literal.split("|")]


def test_every_value_trafilatura_s_author_expressions_compare_with_holds_one_of_the_words():
    literals = [lit for xpath in AUTHOR_XPATHS for lit in re.findall(r"'([^']*)'", xpath.path)]
    by_child = [lit for xpath in AUTHOR_XPATHS for lit in re.findall(r"(?<![@\w:-])(\w+)\s*=\s*'", xpath.path)]
    uncovered = [ex for lit in literals for ex in _examples(lit) if not authors._WORDS.search(ex)]
    assert (uncovered, set(by_child)) == (["me"], {"rel"})  # rel='me' compares a `rel` child's text


def test_the_elements_trafilatura_s_author_expressions_select_by_name_are_the_named_ones():
    names = {name for xpath in AUTHOR_XPATHS for name in re.findall(r"//(\w+)", xpath.path)}
    assert names == {"author"} and set(authors._NAMED) >= names


def test_a_byline_classed_block_gives_its_author():
    assert authors.markup_author(load_html(page('<p class="byline">Kari Nordmann</p>'))) == "Kari Nordmann"


def test_a_writer_link_gives_its_author():
    html = page('<a rel="author" href="/kari">Kari Nordmann</a>')
    assert authors.markup_author(load_html(html)) == "Kari Nordmann"


def test_an_author_element_is_searched():
    assert authors.searchable(load_html(page("<author>Kari Nordmann</author>"))) is True


def test_a_page_without_author_marks_is_not_searched_nor_pruned():
    tree = load_html(page('<p class="lede">Kari Nordmann</p>'))
    _metadata(tree, None, None)
    assert (authors.searchable(tree), len(tree.findall(".//time"))) == (False, 1)


def test_a_page_with_author_marks_is_pruned_as_trafilatura_prunes_it():
    tree = load_html(page('<span class="author-name">Kari Nordmann</span>'))
    _metadata(tree, None, None)
    assert tree.findall(".//time") == []


@needs_shared(PAGES)
def test_on_real_pages_the_author_is_trafilatura_s_on_every_page_and_some_skip_the_search():
    differ, skipped = [], 0
    pages = real_pages(PAGES, 5)
    for name, html in pages:
        tree = load_html(html)
        skipped += not authors.searchable(tree)
        if authors.markup_author(tree) != trafilatura_search(load_html(html)):
            differ.append(name)
    assert (len(pages), differ, skipped > 20) == (198, [], True)


def test_a_value_in_capitals_is_searched():
    assert authors.searchable(load_html(page('<p class="BYLINE">Kari Nordmann</p>'))) is True


def test_a_value_beyond_ascii_is_compared_ignoring_case_as_unicode_does():
    # the long s is an "s" to a regular expression that ignores case, not to str.lower
    assert authors.searchable(load_html(page('<p class="uſername">Kari Nordmann</p>'))) is True


def test_a_value_beyond_ascii_without_the_words_is_not_searched():
    assert authors.searchable(load_html(page('<p class="lede-ø">Kari Nordmann</p>'))) is False
