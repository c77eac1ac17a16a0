"""newsflow.articles.extraction.fallbacks: readability is skipped only where trafilatura's comparison must keep
its own body."""

from __future__ import annotations

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
from tests.support.shared import needs_shared, real_pages

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


def test_trafilatura_core_still_has_the_main_extractor_and_comparison_step_with_these_arguments():
    step = list(inspect.signature(fallbacks._original_extract_and_compare).parameters)
    extractor = list(inspect.signature(trafilatura.core.extract_content).parameters)
    assert (step, extractor) == (
        ["cleaned_tree", "cleaned_tree_backup", "tree", "options"],
        ["cleaned_tree", "options"],
    )


def test_trafilatura_core_takes_html2txt_only_for_its_length_in_the_escalation_s_test():
    source = inspect.getsource(trafilatura.core)
    uses = [line.strip() for line in source.splitlines() if "html2txt(" in line and not line.strip().startswith("#")]
    assert uses == ["and len(temp_text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))"]


def test_inside_gated_trafilatura_core_calls_the_wrappers():
    with fallbacks.gated():
        wrapped = (trafilatura.core._extract_and_compare, trafilatura.core.html2txt)
    assert wrapped == (fallbacks._extract_and_compare, fallbacks._page_text)


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
    pages = real_pages(PAGES, 5)
    for name, html in pages:
        tree = load_html(html)
        if tree is not None and len(readability_text(tree)) > fallbacks.readability_bound(tree):
            over.append(name)
    assert (len(pages), over) == (198, [])


# ---------------------------------------------------------------- the recall escalation's page text, bounded from above


def page_text(tree: object) -> str:
    return fallbacks._original_html2txt(tree)


def test_the_page_text_bound_is_the_body_s_text_less_what_cleaning_drops_plus_a_space_around_each_block():
    tree = load_html(
        "<html><head><title>Tittel</title></head><body><div><p>Hei  der</p><p>og</p></div>"
        "<footer>Kontakt oss</footer><script>var a = 1;</script><aside><style>p {}</style>Les mer</aside></body></html>"
    )
    # "Hei derogKontakt ossvar a = 1;p {}Les mer" is 41 characters; the footer's 11, the script's 10 and the
    # aside's 11 (its style with it) go; five blocks (div, two p, footer and aside, counted though dropped) can
    # add ten spaces
    assert (fallbacks.page_text_bound(tree), page_text(tree)) == (41 - 11 - 10 - 11 + 10, "Hei der og")


def test_a_page_without_a_body_has_no_page_text_bound():
    assert fallbacks.page_text_bound(etree.fromstring("<div><p>Hei</p></div>")) is None


def escalation_test_page() -> object:
    return load_html(f"<html><body><p>{ARTICLE}</p><div>{'Meny Nyheter Sport Kultur ' * 20}</div></body></html>")


def test_where_the_extraction_is_a_fifth_of_the_bound_the_page_text_is_not_built():
    tree = escalation_test_page()
    fallbacks._MEASURED.set((tree, fallbacks.page_text_bound(tree) // 5 + 1))
    assert fallbacks._page_text(tree) == ""


def test_where_the_extraction_is_under_a_fifth_of_the_bound_the_page_text_is_built():
    tree = escalation_test_page()
    fallbacks._MEASURED.set((tree, fallbacks.page_text_bound(tree) // 5 - 1))
    assert fallbacks._page_text(tree) == page_text(tree)


def test_an_extraction_measured_on_another_tree_says_nothing_about_this_one():
    tree = escalation_test_page()
    fallbacks._MEASURED.set((escalation_test_page(), 10**6))
    assert fallbacks._page_text(tree) == page_text(tree)


def test_the_page_text_is_built_once_per_measured_extraction():
    tree = escalation_test_page()
    fallbacks._MEASURED.set((tree, 10**6))
    assert (fallbacks._page_text(tree), fallbacks._page_text(tree)) == ("", page_text(tree))


def test_an_extraction_shorter_than_trafilatura_s_minimum_is_not_measured():
    # trafilatura's baseline may replace it before the escalation's test
    tree = load_html(f"<html><body><p>{DE_PARAGRAPHS[0]}</p></body></html>")
    options = Extractor(output_format="python", comments=False)
    cleaned, backup = trafilatura.core._prepare_tree(tree, options, None)
    with fallbacks.gated():
        text = fallbacks._extract_and_compare(cleaned, backup, tree, options)[1]
        measured = fallbacks._MEASURED.get()
    assert (text, measured) == (DE_PARAGRAPHS[0], None)


def test_an_extraction_at_trafilatura_s_minimum_is_measured_on_its_tree():
    tree = raw()
    options = Extractor(output_format="python", comments=False)
    cleaned, backup = trafilatura.core._prepare_tree(tree, options, None)
    with fallbacks.gated():
        text = fallbacks._extract_and_compare(cleaned, backup, tree, options)[1]
        measured = fallbacks._MEASURED.get()
    assert (text, measured) == (ARTICLE, (tree, len(ARTICLE)))


@needs_shared(PAGES)
def test_on_real_pages_the_page_text_is_never_longer_than_the_bound():
    over = []
    pages = real_pages(PAGES, 5)
    for name, html in pages:
        tree = load_html(html)
        bound = None if tree is None else fallbacks.page_text_bound(tree)
        if bound is not None and len(page_text(tree)) > bound:
            over.append(name)
    assert (len(pages), over) == (198, [])


@needs_shared(PAGES)
def test_on_real_pages_trafilatura_s_text_is_the_same_inside_gated():
    differ = []
    for name, html in real_pages(PAGES, 20):
        plain = trafilatura.bare_extraction(load_html(html), include_comments=False)
        with fallbacks.gated():
            gated = trafilatura.bare_extraction(load_html(html), include_comments=False)
        if (plain and plain.text) != (gated and gated.text):
            differ.append(name)
    assert differ == []
