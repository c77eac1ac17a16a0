"""html.extract_text on small handwritten pages: teasers (a block that is one link to another page of the
site) that trafilatura keeps, and the appeals and disclosures a publisher prints under an article. Every
line here is written for these tests; none comes from a seed or a benchmark page."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction import vocabulary as v
from newsflow.articles.extraction.blocks import teasers
from newsflow.articles.extraction.html import extract_text
from newsflow.articles.extraction.parse import load_html
from tests.articles.extraction.test_html_extract import DE_PARAGRAPHS

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

PARAGRAPHS = DE_PARAGRAPHS  # the same handwritten article body as test_html_extract's
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
URL = "https://zeitung.example/lokales/radwege"
HEADLINE = "Radwege werden ausgebaut"  # extract_text keeps it: no title is known to drop it by
ARTICLE = [HEADLINE, *PARAGRAPHS]


def page(article: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Radwege</title></head><body>'
        '<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li></ul></nav>'
        f"<main><article><h1>{HEADLINE}</h1>{article}</article></main>"
        "<footer><p>Impressum · Datenschutz · Kontakt</p></footer></body></html>"
    )


# ---------------------------------------------------------------- teasers


def test_links_to_other_articles_of_the_site_between_the_paragraphs_are_removed() -> None:
    """A paragraph and a heading that are each one link to another article of the site, set between the
    article's paragraphs: navigation that trafilatura and the vocabulary let through."""
    first, second, third = (f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(
        f"{first}"
        '<p><a href="/lokales/brueckensanierung-dauert-bis-herbst">Brückensanierung dauert bis zum Herbst</a></p>'
        f"{second}"
        '<h3><a href="https://zeitung.example/sport/stadtlauf-mit-neuem-rekord">Stadtlauf mit neuem Rekord</a></h3>'
        f"{third}"
    )
    assert extract_text(html, URL) == "\n\n".join(ARTICLE)


def test_a_short_paragraph_that_links_within_a_sentence_is_kept() -> None:
    """A short real paragraph: its link is part of a sentence, and the sentence ends."""
    first, second, third = (f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(f'{first}<p>Die Pläne liegen <a href="/lokales/plaene">im Rathaus</a> aus.</p>{second}{third}')
    short = "Die Pläne liegen im Rathaus aus."
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, PARAGRAPHS[0], short, *PARAGRAPHS[1:]])


def test_a_short_paragraph_that_is_one_link_and_a_sentence_is_kept() -> None:
    """One link, but a sentence: it ends as a sentence ends."""
    first, second, third = (f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(f'{first}<p><a href="/lokales/plaene">Die Pläne liegen im Rathaus aus.</a></p>{second}{third}')
    short = "Die Pläne liegen im Rathaus aus."
    assert extract_text(html, URL) == "\n\n".join([HEADLINE, PARAGRAPHS[0], short, *PARAGRAPHS[1:]])


def test_a_block_that_is_one_link_to_another_site_is_not_a_teaser() -> None:
    """A source the article cites is not a teaser of the site's own pages."""
    tree = load_html('<html><body><p><a href="https://amt.example/bericht">Der Bericht des Amts im Wortlaut</a></p>')
    assert tree is not None
    assert teasers(tree, ["Der Bericht des Amts im Wortlaut"], URL) == set()


def test_headline_links_to_its_own_page_or_a_section_are_not_teasers() -> None:
    lines = ["Radwege werden ausgebaut", "Was die Stadt plant"]
    tree = load_html(
        "<html><body>"
        f'<h2><a href="{URL}">Radwege werden ausgebaut</a></h2>'
        '<ul><li><a href="#plan">Was die Stadt plant</a></li></ul></body></html>'
    )
    assert tree is not None
    assert teasers(tree, lines, URL) == set()


def test_without_a_page_url_only_relative_links_are_the_site_s() -> None:
    tree = load_html(
        '<html><body><p><a href="/weitere-meldung">Neue Ampel am Marktplatz geplant</a></p>'
        '<p><a href="https://andere.example/x">Ein ganz anderer Artikel dort</a></p></body></html>'
    )
    assert tree is not None
    lines = ["Neue Ampel am Marktplatz geplant", "Ein ganz anderer Artikel dort"]
    assert teasers(tree, lines, None) == {"Neue Ampel am Marktplatz geplant"}


def test_a_malformed_link_is_not_a_teaser() -> None:
    tree = load_html('<html><body><p><a href="http://[zeitung">Neue Ampel am Marktplatz geplant</a></p></body></html>')
    assert tree is not None
    assert teasers(tree, ["Neue Ampel am Marktplatz geplant"], URL) == set()


# ---------------------------------------------------------------- appeals and disclosures


@pytest.mark.parametrize(
    "line",
    [
        # a free review copy or affiliate links, disclosed
        "Vielen Dank an den Verlag für das Rezensionsexemplar.",
        "Takk til forlaget for anmeldereksemplaret.",
        "Tak til forlaget for anmeldereksemplaret.",
        "Tack till förlaget för recensionsexemplaret.",
        "Thanks to the publisher for the review copy.",
        "Bei den Links in diesem Beitrag handelt es sich um Affiliate-Links.",
        # requests for support
        "Unterstütze unsere Redaktion schon mit 3 Euro im Monat!",
        "Støtt lokaljournalistikken med et abonnement.",
        "Stöd oss med en prenumeration i dag.",
        "Enjoyed this piece? Please consider supporting our journalism.",
        # apps, consent placeholders, subscribers
        "Laden Sie unsere App für iOS und Android herunter.",
        "Get our free news app on the App Store or Google Play.",
        "Klicken Sie auf den Button, um den Inhalt von karten.example zu laden.",
        "Click the button below to load the content from video.example.",
        "Already a subscriber? Log in to keep reading.",
        "Sie sind bereits Abonnent? Hier anmelden.",
        # a follow line naming several networks, however long
        "Follow the newsroom on Twitter and Instagram @newsroom and on Facebook @newsroompage, or email us.",
    ],
)
def test_appeals_and_disclosures_are_boilerplate(line: str) -> None:
    assert v.is_appeal_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Der Verlag hat im vergangenen Jahr 40 Rezensenten beschäftigt, sagte die Sprecherin.",
        "Die Stadt will den Radverkehr unterstützen, sagte der Bürgermeister.",
        "Die App der Verkehrsbetriebe zeigt Verspätungen an.",
        "Klicken Sie nicht auf Links in unbekannten E-Mails, warnt die Polizei.",
        "Support for the plan grew after the council vote.",
        "Stöd för planen växte efter omröstningen.",
        "She follows the debate on Twitter.",
    ],
)
def test_prose_that_mentions_support_apps_or_reviews_is_kept(line: str) -> None:
    assert not v.is_appeal_line(line)


def test_a_long_paragraph_about_an_affiliate_programme_is_kept() -> None:
    line = (
        "Das Unternehmen hat sein Programm für Affiliate-Links im Frühjahr umgebaut: Partner erhalten nun "
        "weniger Provision, dafür länger, und kleine Blogs klagen über sinkende Einnahmen, wie eine Umfrage "
        "unter zweihundert Betreibern zeigt, die der Verband im Herbst veröffentlicht hat."
    )
    assert not v.is_appeal_line(line)


def test_a_support_appeal_under_the_article_is_removed() -> None:
    html = page(f"{BODY}<p>Unterstütze unsere Redaktion schon mit 3 Euro im Monat!</p>")
    assert extract_text(html, URL) == "\n\n".join(ARTICLE)


def test_a_short_line_naming_a_compound_newsletter_is_removed() -> None:
    """German compounds name the newsletter too ("Wochennewsletter"), not only the bare word."""
    html = page(f"{BODY}<p>Neugierig geworden? Schauen Sie mal in unseren Wochennewsletter!</p>")
    assert extract_text(html, URL) == "\n\n".join(ARTICLE)
