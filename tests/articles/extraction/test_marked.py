"""newsflow.articles.extraction.marked: the elements whose id, class or anchor name holds a word, the same as the
EXSLT XPath selects."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import _CANDIDATES
from newsflow.articles.extraction.marked import MarkedElements
from newsflow.articles.extraction.parse import load_html
from tests.conftest import SHARED
from tests.support.shared import needs_shared, real_pages

pytestmark = pytest.mark.no_warehouse

PAGES = SHARED / "eval" / "extraction" / "pages"
MARKED = MarkedElements("comment|share", "comment")


def ids(elements: list) -> list[str]:
    return [el.get("id") or el.get("name") or el.tag for el in elements]


def test_ids_and_classes_holding_a_word_in_any_case_in_document_order():
    tree = load_html(
        "<html><body><article><h1>Budsjett</h1><p>Bystyret vedtok et nytt budsjett.</p>"
        '<div id="bar" class="Share-Bar"><a class="share-x" id="fb">f</a></div>'
        '<div class="lede" id="lede">Tekst</div>'
        '<section id="COMMENTS" class="commentlist comment"><p>Bra!</p></section>'
        '<a name="comments" id="jump"></a></article></body></html>'
    )
    assert ids(MARKED(tree)) == ["bar", "fb", "COMMENTS", "jump"]


def test_an_element_with_a_word_in_both_its_id_and_its_class_is_listed_once():
    tree = load_html('<html><body><div id="comments" class="comment-area">Kommentarer</div></body></html>')
    assert ids(MARKED(tree)) == ["comments"]


def test_an_anchor_named_for_a_word_is_listed_where_the_xpath_lists_it():
    tree = load_html('<html><body><p>Tekst</p><a name="Comments"></a><div class="share">Del</div></body></html>')
    assert ids(MARKED(tree)) == ["Comments", "div"] == ids(MARKED.xpath(tree))


def test_non_ascii_values_compare_as_the_xpath_does():
    # ignoring case the Unicode way: the long s matches "s"
    tree = load_html(
        '<html><body><div id="ſhare" class="x">Del</div><div class="kommentar-ø" id="k">Kommentarer</div>'
        '<div id="plain" class="lede">Tekst</div></body></html>'
    )
    assert ids(MARKED(tree)) == ["ſhare"] == ids(MARKED.xpath(tree))


def test_no_marked_element_gives_an_empty_list():
    assert MARKED(load_html("<html><body><div class='lede'>Tekst</div></body></html>")) == []


def test_a_word_list_that_lowercasing_could_change_is_refused():
    with pytest.raises(ValueError):
        MarkedElements("Comment|share", "comment")


@needs_shared(PAGES)
def test_on_real_pages_the_pre_cleaning_s_candidates_are_the_xpath_s():
    differ = []
    pages = real_pages(PAGES, 2)
    for name, html in pages:
        tree = load_html(html)
        if tree is not None and _CANDIDATES(tree) != _CANDIDATES.xpath(tree):
            differ.append(name)
    assert (len(pages), differ) == (495, [])
