"""regions.outside_regions on small handwritten pages: lines that the page prints only inside its navigation,
a form, a control, a pop-up or an image's caption go; lines that the article prints too, or from a region that
is the page's frame, stay."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text
from newsflow.articles.extraction.regions import outside_regions
from tests.support.pages import parsed_body

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

HEADLINE = "Radwege werden ausgebaut"
STORY = [
    "Der Stadtrat hat am Dienstagabend beschlossen, die Radwege in der Innenstadt bis 2027 auszubauen.",
    "Nach Angaben der Verwaltung sollen dafür rund zwölf Millionen Euro bereitgestellt werden.",
]
MENU_ITEM = "Verkehr und Mobilität"
CONSENT = "Mit der Anmeldung akzeptieren Sie unsere Datenschutzbestimmungen."
SIGNUP = (
    '<div class="newsletter-modal"><form method="post" class="newsletter-form">'
    "<div>Jeden Morgen die wichtigsten Meldungen aus der Stadt!</div>"
    '<input type="email" name="email"><button type="submit">Anmelden</button>'
    f'<div class="small">{CONSENT}</div></form></div>'
)
MENU = f'<nav class="subnav"><ul><li class="active"><a href="/verkehr">{MENU_ITEM}</a></li></ul></nav>'


def lines_kept(body: str, lines: list[str]) -> list[str]:
    return outside_regions(parsed_body(body), lines)


def article(*extra: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f'<div class="content"><h1>{HEADLINE}</h1>{"".join(extra)}{paragraphs}</div>'


def test_a_menu_item_and_a_sign_up_notice_are_removed() -> None:
    html = MENU + article() + SIGNUP
    assert lines_kept(html, [MENU_ITEM, HEADLINE, *STORY, CONSENT]) == [HEADLINE, *STORY]


def test_a_line_the_article_prints_too_is_kept() -> None:
    """The section's name in the menu and as the article's kicker: the kicker is the article's."""
    html = MENU + article(f"<p>{MENU_ITEM}</p>")
    assert lines_kept(html, [HEADLINE, MENU_ITEM, *STORY]) == [HEADLINE, MENU_ITEM, *STORY]


def test_a_form_around_the_whole_page_is_not_a_region() -> None:
    """ASP.NET pages wrap everything in one form: it holds the headline, so its lines stay."""
    html = f'<form id="aspnetForm" method="post" action="/artikel.aspx">{article()}</form>'
    assert lines_kept(html, [HEADLINE, *STORY]) == [HEADLINE, *STORY]


def test_a_list_item_line_is_found_without_its_dash() -> None:
    """trafilatura writes a list item as "- item"; the menu prints the item alone."""
    html = MENU + article()
    assert lines_kept(html, [HEADLINE, *STORY, f"- {MENU_ITEM}"]) == [HEADLINE, *STORY]


def test_a_control_s_label_and_a_pop_up_are_removed() -> None:
    """An image toggle (`role="button"`) after each step and a glossary pop-up (`role="tooltip"`)."""
    toggle = '<div class="step-image-toggle" role="button"><span>Bild anzeigen</span></div>'
    pop_up = '<div class="glossary-popup" role="tooltip"><p>Ausbaustufe: ein Abschnitt des Radnetzes.</p></div>'
    html = article() + toggle + pop_up
    lines = [HEADLINE, *STORY, "Bild anzeigen", "Ausbaustufe: ein Abschnitt des Radnetzes."]
    assert lines_kept(html, lines) == [HEADLINE, *STORY]


def test_a_long_box_is_not_a_region() -> None:
    """A dialog with more than a box's text is a page laid out inside it; its lines stay."""
    story = [f"{STORY[0]} Absatz {i}." for i in range(12)]
    html = '<div role="dialog">' + "".join(f"<p>{p}</p>" for p in story) + "</div>"
    assert lines_kept(html, story) == story


CAPTION = "Der neue Radweg an der Uferstraße ist seit Montag freigegeben."
PICTURE = (
    '<div class="media media-image"><img src="/bilder/radweg.jpg" alt="">'
    f'<div class="media__description-copyright"><div class="media__description"><p>{CAPTION}</p></div>'
    '<div class="media__copyright">Stadtverwaltung</div></div></div>'
)


def test_an_image_caption_in_the_story_s_flow_is_removed_from_the_body() -> None:
    """trafilatura keeps this caption between two paragraphs (a description class beside a media class)."""
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Radwege</title></head><body>'
        f'<div class="article"><h1>{HEADLINE}</h1>{paragraphs[0]}{PICTURE}{paragraphs[1]}</div></body></html>'
    )
    assert extract_text(html, "https://zeitung.example/radwege") == "\n\n".join(STORY)


def test_a_description_without_an_image_is_not_a_caption() -> None:
    """A teaser's or a product's "description" class alone says nothing about pictures."""
    html = article(f'<div class="description"><p>{CAPTION}</p></div>')
    assert lines_kept(html, [HEADLINE, CAPTION, *STORY]) == [HEADLINE, CAPTION, *STORY]


def test_a_region_holding_much_of_the_text_is_where_the_article_is() -> None:
    """A short story in a page-wide form with no headline element: the form is the page's frame."""
    html = f'<form id="page" method="post" action="/meldung.aspx"><div class="text">{"".join(STORY)}</div></form>'
    assert lines_kept(html, STORY) == STORY


def test_a_header_s_description_beside_its_picture_is_not_a_caption() -> None:
    """ "description" alone names a lead as often as a caption; it needs the image family in the same class."""
    header = f'<div class="hero-image"><img src="/bilder/radweg.jpg" alt=""><p class="description">{CAPTION}</p></div>'
    html = header + article()
    assert lines_kept(html, [CAPTION, HEADLINE, *STORY]) == [CAPTION, HEADLINE, *STORY]


READING_TIME = "Lesezeit: 2 Minuten"
NOTICE = "Alle Rechte vorbehalten. Nachdruck nur mit Genehmigung der Redaktion."


def test_a_reading_time_and_a_copyright_notice_are_removed() -> None:
    """A post's meta line (`entry-meta`, with the reading time in its own span) above the story and a copyright
    notice (`site-copyright`) below it: labels of the page's frame, in any language."""
    meta = f'<div class="entry-meta"><span class="reading-time">{READING_TIME}</span></div>'
    html = article(meta) + f'<div class="site-copyright"><p>{NOTICE}</p></div>'
    assert lines_kept(html, [HEADLINE, READING_TIME, *STORY, NOTICE]) == [HEADLINE, *STORY]


def test_a_class_that_merely_contains_a_label_word_is_not_a_label() -> None:
    """Whole class tokens only: "metadata" and "parameters" are not the meta family, "accreditation" not a credit."""
    html = article(f'<p class="metadata">{READING_TIME}</p>', f'<p class="accreditation">{NOTICE}</p>')
    assert lines_kept(html, [HEADLINE, READING_TIME, NOTICE, *STORY]) == [HEADLINE, READING_TIME, NOTICE, *STORY]


def test_a_label_classed_block_with_more_than_a_label_s_text_stays() -> None:
    """A standfirst in a block classed "post-meta" says more than a line or two: a section that carries the class."""
    lead = " ".join(STORY) + " Die ersten Abschnitte sollen im Frühjahr fertig sein."
    html = f'<div class="content"><h1>{HEADLINE}</h1><div class="post-meta"><p>{lead}</p></div><p>{CAPTION}</p></div>'
    assert lines_kept(html, [HEADLINE, lead, CAPTION]) == [HEADLINE, lead, CAPTION]


def test_a_short_real_line_the_article_prints_too_stays() -> None:
    """A category label that is also the story's own subheading: printed outside the label too, so it stays."""
    html = article('<span class="post-meta__category">Verkehr</span>', "<h2>Verkehr</h2>")
    assert lines_kept(html, [HEADLINE, "Verkehr", *STORY]) == [HEADLINE, "Verkehr", *STORY]


def test_text_for_screen_readers_only_is_removed() -> None:
    """A consent layer's switches, each with a label only a screen reader speaks (`sr-only`); the page shows none."""
    switch = "Switch zum Einwilligen bzw. Ablehnen des Dienstes Youtube"
    consent = f'<div class="consent"><label><input type="checkbox"><span class="sr-only">{switch}</span></label></div>'
    html = article() + consent
    assert lines_kept(html, [HEADLINE, *STORY, switch]) == [HEADLINE, *STORY]


def test_a_pop_up_named_by_its_class_is_removed() -> None:
    """A search help in a `reveal-modal` after the footer: no ARIA role, the class says it is a pop-up."""
    help_text = "Suchbegriffe lassen sich mit und, oder, nicht verknüpfen."
    html = article() + f'<div id="hilfe" class="reveal-modal"><h2>Hilfe</h2><p>{help_text}</p></div>'
    assert lines_kept(html, [HEADLINE, *STORY, help_text]) == [HEADLINE, *STORY]


def test_a_label_after_a_class_whose_lower_case_is_longer_is_found() -> None:
    """ "İ" lowers to two characters: the class values are searched case-blind then, so that each hit still points
    at its own element (the label, not the heading before it)."""
    switch = "Switch zum Einwilligen bzw. Ablehnen des Dienstes Youtube"
    html = (
        '<div class="KAPAK-İMAJ-İÇERİK-İLK-İKİ-İŞİN-İÇİ"><p>Kapak</p></div>'
        + article()
        + f'<div class="consent"><span class="sr-only">{switch}</span><span class="hinweis">?</span></div>'
    )
    assert lines_kept(html, [HEADLINE, *STORY, switch]) == [HEADLINE, *STORY]


MEGA_MENU = [f"Übersicht: {topic}" for topic in ("Arbeit", "Rente", "Soziales", "Europa", "Ministerium", "Service")]


def test_a_web_component_s_menu_is_navigation_however_much_text_it_holds() -> None:
    """A mega menu in custom elements (<pp-navigation>), the story in the page's <main>: the menu's items go even
    where they are most of the extracted text."""
    items = "".join(f"<pp-link><span>{item}</span></pp-link>" for item in MEGA_MENU)
    html = f'<pp-navigation title="Hauptnavigation">{items}</pp-navigation><main>{article()}</main>'
    assert lines_kept(html, [*MEGA_MENU, HEADLINE, *STORY]) == [HEADLINE, *STORY]


def test_a_menu_holding_most_of_the_text_stays_where_the_page_names_no_article() -> None:
    """No <main> or <article> outside it: a navigation region with much of the text may be where the story is."""
    html = f"<nav><ul>{''.join(f'<li>{line}</li>' for line in STORY)}</ul></nav><div>{MEGA_MENU[0]}</div>"
    assert lines_kept(html, STORY) == STORY


def test_a_custom_element_not_named_for_navigation_is_not_a_region() -> None:
    html = f"<main><article-body><h1>{HEADLINE}</h1><x-menucard>{STORY[0]}</x-menucard></article-body></main>"
    assert lines_kept(html, [HEADLINE, STORY[0]]) == [HEADLINE, STORY[0]]
