"""newsflow.articles.extraction.fallbacks: readability is skipped only where trafilatura's comparison must keep
its own body."""

from __future__ import annotations

import gzip
import inspect
from copy import copy

import pytest
import trafilatura.core
from lxml import etree
from trafilatura import external
from trafilatura.settings import Extractor
from trafilatura.utils import trim

from newsflow.articles.extraction import fallbacks
from newsflow.articles.extraction.parse import load_html
from tests.articles.extraction.test_html_extract import DE_PARAGRAPHS
from tests.conftest import SHARED
from tests.support.shared import needs_shared

pytestmark = pytest.mark.no_warehouse

ARTICLE = " ".join(DE_PARAGRAPHS)  # 439 characters
MIN_CHARS = 250  # trafilatura's MIN_EXTRACTED_SIZE
PAGES = SHARED / "eval" / "extraction" / "pages"


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


# ---------------------------------------------------------------- readability's text, bounded from above

SCRIPT = "<script>var config = {" + ", ".join(f'"key{i}": {i}' for i in range(200)) + "};</script>"


def readability_text(tree: object) -> str:
    """Readability's text as trafilatura's comparison measures it."""
    summary = external.try_readability(copy(tree))
    return trim(etree.tostring(summary, method="text", encoding="utf-8").decode("utf-8"))


def test_the_bound_is_the_document_s_text_less_scripts_and_styles_plus_video_for_each_iframe():
    tree = load_html(
        "<html><head><title>Tittel</title><script>var a = 1;</script></head><body><p>Hei  der</p>"
        '<style>p { color: red }</style><iframe src="https://www.youtube.com/embed/x"></iframe></body></html>'
    )
    # "Tittelvar a = 1;Hei derp { color: red }" is 39 characters; the script's 10 and the style's 16 go, VIDEO comes
    assert fallbacks.readability_bound(tree) == 39 - 10 - 16 + 6


def test_a_page_whose_scripts_are_longer_than_its_text_keeps_trafilatura_s_body_without_readability():
    assert fallbacks.unchangeable(raw(SCRIPT * 3), body(f"<p>{ARTICLE}</p>"), ARTICLE, MIN_CHARS) is True


def test_readability_would_have_kept_trafilatura_s_body_on_that_page():
    options = Extractor(output_format="python", comments=False)
    kept = fallbacks._original(raw(), raw(SCRIPT * 3), body(f"<p>{ARTICLE}</p>"), ARTICLE, options)
    assert kept[1] == ARTICLE


def test_the_head_s_text_counts_readability_returns_the_root_where_a_page_has_no_body():
    head = "<title>" + "Overskrift " * 40 + "</title>"
    tree = load_html(f"<html><head>{head}</head><body><p>{ARTICLE}</p></body></html>")
    assert fallbacks.readability_bound(tree) > len(ARTICLE) + 400


@needs_shared(PAGES)
def test_on_real_pages_readability_s_text_is_never_longer_than_the_bound():
    over = []
    paths = sorted(PAGES.glob("*.html.gz"))[::5]
    for path in paths:
        tree = load_html(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        if tree is not None and len(readability_text(tree)) > fallbacks.readability_bound(tree):
            over.append(path.name)
    assert (len(paths), over) == (198, [])
