"""newsflow.articles.extraction.html on small handwritten news pages: one behaviour per test."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsflow.articles.extraction import vocabulary as v
from newsflow.articles.extraction.html import extract, extract_text

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

DE_PARAGRAPHS = [
    "Der Stadtrat hat am Dienstagabend beschlossen, die Radwege in der Innenstadt bis zum Jahr 2027 "
    "deutlich auszubauen und sicherer zu machen.",
    "Nach Angaben der Verwaltung sollen dafür rund zwölf Millionen Euro aus dem städtischen Haushalt "
    "und aus Fördermitteln des Landes bereitgestellt werden.",
    "Die Opposition kritisierte, dass die Pläne zu spät kämen und die Anwohner kaum beteiligt worden seien, "
    "stimmte am Ende aber dennoch mehrheitlich zu.",
]
NB_PARAGRAPHS = [
    "Kommunestyret vedtok tirsdag kveld å bygge ut sykkelveiene i sentrum kraftig innen utgangen av 2027, "
    "og arbeidet skal starte allerede til våren.",
    "Ifølge administrasjonen skal det brukes rundt tolv millioner kroner fra kommunebudsjettet og "
    "fra statlige tilskuddsordninger på prosjektet.",
    "Opposisjonen mente planene kom for sent og at beboerne knapt var blitt hørt, men stemte likevel "
    "for forslaget da det kom til votering.",
]


def page(paragraphs: list[str], *, before: str = "", after: str = "", head: str = "", lang: str = "de") -> str:
    """A news page: navigation, one <article> with a headline and paragraphs, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Radwege</title>{head}</head><body>'
        '<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li></ul></nav>'
        f"<main><article><h1>Radwege werden ausgebaut</h1>{before}{body}{after}</article></main>"
        "<footer><p>Impressum · Datenschutz · Kontakt</p></footer></body></html>"
    )


def expected(paragraphs: list[str]) -> str:
    """trafilatura keeps the headline as the body's first paragraph."""
    return "\n\n".join(["Radwege werden ausgebaut", *paragraphs])


def test_body_keeps_paragraphs_separated_by_one_blank_line() -> None:
    assert extract_text(page(DE_PARAGRAPHS), "https://zeitung.example/radwege") == expected(DE_PARAGRAPHS)


def test_marked_comment_section_is_removed() -> None:
    comments = (
        '<section id="comments" class="kommentare"><h3>3 Kommentare</h3>'
        '<div class="kommentar"><p>Max Mustermann, 12. März 2024, 10:15</p>'
        "<p>Endlich passiert mal etwas für die Radfahrer in dieser Stadt, das wurde auch Zeit!</p>"
        "<p>Antworten</p></div></section>"
    )
    assert extract_text(page(DE_PARAGRAPHS, after=comments)) == expected(DE_PARAGRAPHS)


def test_unmarked_comment_section_after_the_article_is_cut() -> None:
    """Comment markup trafilatura does not know (issue #850): the heading and all after it go."""
    comments = (
        "<h3>Schreibe einen Kommentar</h3>"
        "<p>Erika Musterfrau meint dazu, dass die Ampeln an der Hauptstraße zuerst umgebaut werden müssten.</p>"
    )
    assert extract_text(page(DE_PARAGRAPHS, after=comments)) == expected(DE_PARAGRAPHS)


def test_forum_style_reply_thread_keeps_only_the_first_post() -> None:
    posts = [
        "kari_n 12.03.24 10:15",
        NB_PARAGRAPHS[0],
        "ola1980 12.03.24 11:02",
        "Endelig skjer det noe for oss som sykler hver dag, dette har vi ventet på i mange år allerede.",
    ]
    html = page([*posts, *NB_PARAGRAPHS[1:]], lang="nb")
    assert extract_text(html) == expected(posts[:2])


def test_share_bar_is_removed() -> None:
    share = '<div class="share-buttons"><a href="#">Del</a><a href="#">Facebook</a><a href="#">X</a></div>'
    assert extract_text(page(NB_PARAGRAPHS, before=share, lang="nb")) == expected(NB_PARAGRAPHS)


def test_related_article_list_is_removed() -> None:
    related = (
        '<aside class="related-articles"><ul>'
        '<li><a href="/a">Bussene går oftere fra neste måned</a></li>'
        '<li><a href="/b">Ny bro over elva åpner til sommeren</a></li></ul></aside>'
    )
    assert extract_text(page(NB_PARAGRAPHS, after=related, lang="nb")) == expected(NB_PARAGRAPHS)


def test_read_also_teaser_line_is_removed() -> None:
    teaser = '<p><strong>Les også:</strong> <a href="/c">Slik blir det nye bussnettet i byen</a></p>'
    paragraphs = [NB_PARAGRAPHS[0], NB_PARAGRAPHS[1], NB_PARAGRAPHS[2]]
    html = page(NB_PARAGRAPHS[:1], after=teaser + "".join(f"<p>{p}</p>" for p in NB_PARAGRAPHS[1:]), lang="nb")
    assert extract_text(html) == expected(paragraphs)


def test_newsletter_and_cookie_lines_are_removed() -> None:
    noise = (
        "<p>Melden Sie sich jetzt für unseren kostenlosen Newsletter an!</p>"
        "<p>Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.</p>"
    )
    assert extract_text(page(DE_PARAGRAPHS, after=noise)) == expected(DE_PARAGRAPHS)


def test_metadata_comes_from_json_ld_and_canonical_link() -> None:
    head = (
        '<link rel="canonical" href="/politik/radwege-123">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Radwege werden ausgebaut", "inLanguage": "de-DE", '
        '"datePublished": "2024-03-12T09:30:00+01:00", "author": {"@type": "Person", "name": "Anna Schmidt"}}'
        "</script>"
    )
    result = extract(page(DE_PARAGRAPHS, head=head, lang=""), "https://zeitung.example/artikel?id=123")
    assert result is not None
    assert result.body == expected(DE_PARAGRAPHS)
    assert result.title == "Radwege werden ausgebaut"
    assert result.author == "Anna Schmidt"
    assert result.published_at == datetime(2024, 3, 12, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert result.url == "https://zeitung.example/politik/radwege-123"
    assert result.lang_hint == "de"


def test_byline_author_and_date_element_are_read_without_meta_tags() -> None:
    byline = (
        '<p class="byline">Von <span class="author">Anna Schmidt</span></p><time datetime="2024-03-12">12.03.</time>'
    )
    result = extract(page(DE_PARAGRAPHS, before=byline))
    assert result is not None
    assert (result.title, result.author) == ("Radwege werden ausgebaut", "Anna Schmidt")
    assert result.published_at == datetime(2024, 3, 12)


def test_a_date_only_in_the_running_text_is_not_the_publication_date() -> None:
    # The text's dates are events, not when the page was published (no extensive search over every text node).
    prose = [*DE_PARAGRAPHS, "Die Bauarbeiten beginnen am 3. April 2024 und sollen am 30. Juni 2027 enden."]
    result = extract(page(prose))
    assert result is not None and result.published_at is None


def test_og_url_is_used_without_canonical_link() -> None:
    head = '<meta property="og:url" content="https://avis.example/nyheter/sykkel">'
    result = extract(page(NB_PARAGRAPHS, head=head, lang="nb"), "https://avis.example/?p=1")
    assert result is not None and result.url == "https://avis.example/nyheter/sykkel"


@pytest.mark.parametrize(
    ("declared", "hint"),
    [("de-DE", "de"), ("nb-NO", "nb"), ("no", "nb"), ("NN", "nn"), ("en_GB", "en"), ("x-foo", None)],
)
def test_html_lang_is_normalised_to_iso_639_1(declared: str, hint: str | None) -> None:
    result = extract(page(DE_PARAGRAPHS, lang=declared))
    assert result is not None and result.lang_hint == hint


def test_page_without_article_text_gives_none() -> None:
    html = "<html><head><title>Leer</title></head><body><script>var x = 1;</script></body></html>"
    assert extract(html) is None
    assert extract_text(html, None) == ""


def test_german_quotation_marks_are_not_taken_for_a_teaser() -> None:
    assert v.FRAMED_TEASER.match(">> Wegen Corona: Lokal muss schließen <<")
    assert not v.FRAMED_TEASER.match("»Wie bringe ich Studierende dazu, im Hörsaal Fragen zu stellen?«")


def test_canonical_link_is_found_whatever_the_case_of_rel() -> None:
    head = '<link rel="alternate" href="/amp/radwege"><link rel="Canonical stylesheet" href="/politik/radwege-123">'
    result = extract(page(DE_PARAGRAPHS, head=head), "https://zeitung.example/artikel?id=123")
    assert result is not None and result.url == "https://zeitung.example/politik/radwege-123"
