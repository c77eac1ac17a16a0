"""newsflow.articles.extraction.fallbacks: readability is skipped only where trafilatura's comparison must keep
its own body."""

from __future__ import annotations

import inspect

import pytest
import trafilatura.core
from lxml import etree

from newsflow.articles.extraction import fallbacks
from newsflow.articles.extraction.parse import load_html
from tests.articles.extraction.test_html_extract import DE_PARAGRAPHS

pytestmark = pytest.mark.no_warehouse

ARTICLE = " ".join(DE_PARAGRAPHS)  # 439 characters
MIN_CHARS = 250  # trafilatura's MIN_EXTRACTED_SIZE


def body(inner: str) -> object:
    """An extracted body as trafilatura builds it: a <body> element of converted blocks."""
    return etree.fromstring(f"<body>{inner}</body>")


def raw(extra: str = "") -> object:
    return load_html(f"<html><body><nav>Start Politik</nav><article><p>{ARTICLE}</p></article>{extra}</body></html>")


def test_trafilatura_core_still_calls_compare_extraction_with_these_arguments():
    params = list(inspect.signature(fallbacks._original).parameters)
    assert (hasattr(trafilatura.core, "compare_extraction"), params) == (
        True,
        ["cleaned_tree", "raw_tree", "body", "text", "options"],
    )


def test_inside_gated_trafilatura_core_calls_the_wrapper():
    with fallbacks.gated():
        assert trafilatura.core.compare_extraction is fallbacks._compare


def test_the_wrapper_acts_only_inside_gated():
    with fallbacks.gated():
        inside = fallbacks._ACTIVE.get()
    assert (inside, fallbacks._ACTIVE.get()) == (True, False)


def test_a_page_whose_text_is_the_article_keeps_trafilatura_s_body():
    assert fallbacks.unchangeable(raw(), body(f"<p>{ARTICLE}</p>"), ARTICLE, MIN_CHARS) is True


def test_a_page_with_more_than_twice_the_article_s_text_elsewhere_asks_readability():
    sidebar = f"<div>{ARTICLE}</div><div>{ARTICLE}</div>"
    assert fallbacks.unchangeable(raw(sidebar), body(f"<p>{ARTICLE}</p>"), ARTICLE, MIN_CHARS) is False


def test_a_body_shorter_than_trafilatura_s_minimum_asks_for_the_fallbacks():
    assert fallbacks.unchangeable(raw(), body(f"<p>{ARTICLE}</p>"), ARTICLE, len(ARTICLE) + 1) is False


def test_a_body_without_paragraph_text_asks_readability():
    assert fallbacks.unchangeable(raw(), body(f"<div>{ARTICLE}</div>"), ARTICLE, MIN_CHARS) is False


def test_a_body_with_more_tables_than_paragraphs_asks_readability():
    tables = f"<p>{ARTICLE}</p><table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>"
    assert fallbacks.unchangeable(raw(), body(tables), ARTICLE, MIN_CHARS) is False


def test_a_body_holding_a_sanitised_tag_asks_for_the_jus_text_rescue():
    assert fallbacks.unchangeable(raw(), body(f"<p>{ARTICLE}</p><figure>Foto</figure>"), ARTICLE, MIN_CHARS) is False
