"""html.extract_text on small handwritten pages: the lead trafilatura's body container leaves out, and
empty comment markers (an anchor or placeholder named for comments) that stand for the block around them."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text
from tests.articles.extraction.test_html_extract import DE_PARAGRAPHS

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

PARAGRAPHS = DE_PARAGRAPHS  # the same handwritten article body as test_html_extract's
LEAD = (
    "Mehr Platz für Radfahrer: Die Stadt investiert in den kommenden Jahren Millionen in neue Wege, "
    "breitere Spuren und sichere Kreuzungen."
)
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
HEADLINE = "Radwege werden ausgebaut"
URL = "https://zeitung.example/radwege"


def page(inner: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Radwege</title></head><body>'
        '<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li></ul></nav>'
        f"{inner}<footer><p>Impressum · Datenschutz · Kontakt</p></footer></body></html>"
    )


def between_headline_and_body(block: str) -> str:
    """The headline and `block` in one header, the body in its own container (`itemprop="articleBody"`)."""
    return page(
        f'<main><div class="head"><h1>{HEADLINE}</h1>{block}</div><div itemprop="articleBody">{BODY}</div></main>'
    )


# ---------------------------------------------------------------- the lead


def test_lead_between_headline_and_body_container_is_kept_before_the_body() -> None:
    html = between_headline_and_body(f'<p class="intro">{LEAD}</p>')
    assert extract_text(html, URL) == "\n\n".join([LEAD, *PARAGRAPHS])


def test_caption_between_headline_and_body_is_not_a_lead() -> None:
    html = between_headline_and_body(f'<div class="image-caption">{LEAD}</div>')
    assert extract_text(html, URL) == "\n\n".join(PARAGRAPHS)


def test_prose_ending_in_a_colon_is_not_a_lead() -> None:
    """A box that announces a list ("… these questions:") is a promotion, not the article's lead."""
    html = between_headline_and_body(f"<p>{LEAD[:-1]} und dazu diese Fragen:</p>")
    assert extract_text(html, URL) == "\n\n".join(PARAGRAPHS)


def test_lead_in_a_teaser_classed_block_under_the_headline_is_kept() -> None:
    """CMS class the article's own lead "teaser-text"; trafilatura prunes every teaser-classed block."""
    html = page(
        f'<main><div class="news-single"><h1>{HEADLINE}</h1><div class="teaser-text"><p>{LEAD}</p></div>'
        f'<div class="news-body">{BODY}</div></div></main>'
    )
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, LEAD, *PARAGRAPHS])


def test_teasers_of_other_articles_after_the_body_still_go() -> None:
    teasers = "".join(f'<div class="teaser"><p>{LEAD[:90]} Teil {i}.</p></div>' for i in range(3))
    html = page(
        f'<main><div class="news-single"><h1>{HEADLINE}</h1><div class="news-body">{BODY}</div></div>{teasers}</main>'
    )
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, *PARAGRAPHS])


def test_lead_in_the_headlines_header_far_from_the_body_is_kept() -> None:
    """The headline and the lead share a header nested deep in the layout; the body container meets the lead
    five levels up, too far for a lead near the body, but the lead sits beside the headline."""
    html = page(
        f'<main><div class="hero"><div class="hero-inner"><header><div class="title-wrap"><h1>{HEADLINE}</h1>'
        f'<p>{LEAD}</p></div></header></div></div><div itemprop="articleBody">{BODY}</div></main>'
    )
    assert extract_text(html, URL) == "\n\n".join([LEAD, *PARAGRAPHS])


def test_prose_three_levels_from_the_headline_and_far_from_the_body_is_not_a_lead() -> None:
    html = page(
        f'<main><div class="hero"><div class="hero-inner"><header><h1>{HEADLINE}</h1><div class="box"><div>'
        f'<p>{LEAD}</p></div></div></header></div></div><div itemprop="articleBody">{BODY}</div></main>'
    )
    assert extract_text(html, URL) == "\n\n".join(PARAGRAPHS)


def test_lead_under_an_h3_headline_on_a_page_without_h1_is_kept() -> None:
    """TYPO3's news template: no h1, the title in an h3, the lead in a teaser-classed block, the body apart."""
    html = page(
        f'<div class="news news-single"><div class="article"><div class="header"><h3>{HEADLINE}</h3></div>'
        f'<div class="footer"><p>07.12.2022 Verkehr</p></div><div class="teaser-text"><p>{LEAD}</p></div>'
        f'<div class="news-text-wrap">{BODY}</div></div></div>'
    )
    assert extract_text(html, URL) == "\n\n".join([LEAD, *PARAGRAPHS])


def test_lead_after_a_headline_that_opens_the_body_is_kept_after_it() -> None:
    """trafilatura keeps the h1 as the body's first line and prunes the lead below it (a BEM modifier
    "--expanded" matches its pruned "expand" class token): the walk back starts from the next line."""
    html = page(
        f'<main><article><h1>{HEADLINE}</h1><p class="summary summary--expanded">{LEAD}</p>'
        f'<div class="story-body">{BODY}</div></article></main>'
    )
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, LEAD, *PARAGRAPHS])


def test_lead_under_the_second_h1_is_kept_when_the_first_is_a_hidden_menu_label() -> None:
    """The page's first h1 labels the navigation for screen readers; the lead stands under the article's h1,
    in a header nested deep above the body's text modules."""
    modules = "".join(f"<section><div><div><div><p>{p}</p></div></div></div></section>" for p in PARAGRAPHS)
    html = page(
        '<h1 class="visually-hidden">Navigation</h1>'
        f'<main><article><header><section class="article-head"><div><div><div><div class="head-text">'
        f'<h1>{HEADLINE}</h1><div class="abstract">{LEAD}</div></div></div></div></div></section></header>'
        f'<section class="article-body"><div>{modules}</div></section></article></main>'
    )
    assert extract_text(html, URL) == "\n\n".join([LEAD, *PARAGRAPHS])


# ---------------------------------------------------------------- empty comment markers


def test_comment_count_beside_an_empty_comment_anchor_is_removed() -> None:
    """A table-layout blog: the count row and `<a name="comments">` (filled by a script) in one small table."""
    html = page(
        f"<table><tr><td><h2>{HEADLINE}</h2>{BODY}</td></tr></table>"
        "<table><tr><td>Bisher 0 Meinungen</td><td></td></tr>"
        '<tr><td colspan="2"><script>var entries = [];</script><a name="comments"></a><div id="entries"></div>'
        "</td></tr></table>"
    )
    assert extract_text(html, URL) == f"| {' '.join([HEADLINE, *PARAGRAPHS])} |"


def test_empty_comment_anchor_inside_the_article_removes_nothing_of_it() -> None:
    html = page(f'<main><article><h1>{HEADLINE}</h1>{BODY}<a name="comments"></a></article></main>')
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, *PARAGRAPHS])
