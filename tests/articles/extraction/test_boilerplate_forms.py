"""Boilerplate recognised by its structure, in nb, nn, da, sv, de and en: share and follow bars, newsletter
sign-ups, requests for tips, kickers above the headline and headline copies. Every line here is written
for these tests; none comes from a seed or a benchmark page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from newsflow.articles.extraction import vocabulary as v
from newsflow.articles.extraction.headline import drop_title_copies
from newsflow.articles.extraction.html import extract_text
from newsflow.articles.extraction.text import clean_text_dump
from newsflow.articles.process import extract as process_extract
from newsflow.records import RawDocument

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


@dataclass(frozen=True)
class Lang:
    code: str
    kicker: str
    title: str
    paragraphs: tuple[str, str, str]
    share_a: str  # two share bars of different shapes
    share_b: str
    newsletter: str
    tips: str
    follow: str


LANGS = [
    Lang(
        "nb",
        "Innenriks",
        "Fergestreiken rammer hele kysten",
        (
            "Fergearbeiderne gikk ut i streik natt til mandag etter at forhandlingene med rederiene brøt sammen.",
            "Over tjue sambandsruter står stille, og pendlere må finne andre veier til jobb og skole.",
            "Partene er innkalt til nye møter hos riksmekleren onsdag formiddag.",
        ),
        "Del saken: Facebook · X · E-post",
        "Del på LinkedIn, Del på Messenger, Kopier lenken",
        "Meld deg på nyhetsbrevet vårt og få morgenens viktigste saker.",
        "Har du tips om saken? Send oss en e-post.",
        "Følg oss på Instagram og TikTok",
    ),
    Lang(
        "nn",
        "Kultur",
        "Festivalen sel fleire billettar enn nokon gong",
        (
            "Arrangørane melde tysdag at alle dagpass til sommarens festival er utselde, tre månader før opninga.",
            "Dei seier at det nye programmet med fleire lokale band har trekt eit yngre publikum til byen.",
            "Kommunen vil no sjå på om det trengst fleire bussar og ekstra vakthald i festivalveka.",
        ),
        "Del saka | Facebook | X | E-post",
        "Del på Facebook · Del på WhatsApp · Kopier lenkja",
        "Abonner på nyheitsbrevet vårt for å få dei siste nyheitene.",
        "Tips oss: send ein e-post til desken.",
        "Fylg oss på Facebook",
    ),
    Lang(
        "da",
        "Indland",
        "Ny cykelbro åbner over havnen i Odense",
        (
            "Den nye bro for cyklister og gående blev indviet lørdag formiddag efter to års byggeri.",
            "Kommunen forventer, at mere end otte tusind mennesker vil krydse havnen på broen hver dag.",
            "Byggeriet kostede i alt 180 millioner kroner, hvoraf staten betalte knap halvdelen.",
        ),
        "Del artiklen: Facebook / LinkedIn / Mail",
        "Del på Facebook | Del på X | Kopiér link",
        "Tilmeld dig vores nyhedsbrev og få dagens vigtigste historier.",
        "Tip os om en historie på mail.",
        "Følg os på Instagram og LinkedIn",
    ),
    Lang(
        "sv",
        "Sport",
        "Hemmalaget vände och vann derbyt på övertid",
        (
            "Efter en mållös första halvlek tog gästerna ledningen tidigt i den andra när en hörna studsade in.",
            "Hemmalaget kvitterade med tio minuter kvar och avgjorde sedan matchen på en straff i sista minuten.",
            "Segern innebär att laget klättrar till tredje plats i tabellen inför höstens avslutande omgångar.",
        ),
        "Dela artikeln · Facebook · X · Mejl",
        "Dela på Facebook, Dela på LinkedIn, Kopiera länk",
        "Prenumerera på vårt nyhetsbrev och få sportnyheterna varje morgon.",
        "Tipsa oss om du vet mer om matchen.",
        "Följ oss på Instagram",
    ),
    Lang(
        "de",
        "Wirtschaft",
        "Bäckereien im Umland erhöhen die Brotpreise",
        (
            "Mehrere Bäckereiketten in der Region haben zum Monatsanfang ihre Preise für Brot und Brötchen angehoben.",
            "Als Gründe nennen die Betriebe gestiegene Kosten für Energie, Mehl und Personal im vergangenen Jahr.",
            "Verbraucherschützer raten dazu, die Preise zu vergleichen und auch auf Wochenmärkten einzukaufen.",
        ),
        "Artikel teilen: WhatsApp · Facebook · Telegram · E-Mail",
        "Auf Facebook teilen | Per E-Mail teilen | Link kopieren",
        "Jetzt den kostenlosen Newsletter bestellen und nichts verpassen.",
        "Haben Sie einen Hinweis für unsere Redaktion? Schreiben Sie uns.",
        "Folgen Sie uns auf Instagram und Threads",
    ),
    Lang(
        "en",
        "Business",
        "Local brewery doubles output after winning export deal",
        (
            "The brewery, founded by two brothers a decade ago, will hire twenty more staff over the summer.",
            "Its owners said the contract with a Canadian importer was the largest order in the company's history.",
            "Construction of a second bottling line is expected to finish before the end of the year.",
        ),
        "Share this story: Facebook, X, WhatsApp, Email",
        "Share on Facebook · Share on LinkedIn · Copy link",
        "Sign up to our morning newsletter for the day's top stories.",
        "Got a story tip? Email the newsroom.",
        "Follow us on Bluesky and Threads",
    ),
]
IDS = [lang.code for lang in LANGS]


def dump(lang: Lang, top_bar: str, end_bar: str) -> str:
    p1, p2, p3 = lang.paragraphs
    return "\n\n".join([lang.kicker, lang.title, top_bar, p1, p2, lang.newsletter, p3, lang.tips, lang.follow, end_bar])


# --- text dumps: every form, share bars at the top and at the end --------------------------------


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_dump_with_share_bars_top_and_end_keeps_only_the_article(lang: Lang) -> None:
    result = clean_text_dump(dump(lang, lang.share_a, lang.share_b))
    assert result.title == lang.title
    assert result.body == "\n\n".join(lang.paragraphs)


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_dump_with_the_share_bars_swapped(lang: Lang) -> None:
    result = clean_text_dump(dump(lang, lang.share_b, lang.share_a))
    assert (result.title, result.body) == (lang.title, "\n\n".join(lang.paragraphs))


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_dump_with_boilerplate_between_the_paragraphs(lang: Lang) -> None:
    p1, p2, p3 = lang.paragraphs
    text = "\n".join([lang.title, p1, lang.share_b, lang.follow, p2, lang.tips, lang.share_a, p3, lang.newsletter])
    assert clean_text_dump(text).body == "\n\n".join(lang.paragraphs)


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_headline_repeated_in_the_first_paragraphs_of_a_dump(lang: Lang) -> None:
    p1, p2, p3 = lang.paragraphs
    result = clean_text_dump(f"# {lang.title}\n\n{lang.kicker}\n\n{lang.title}\n\n{p1}\n\n{p2}\n\n{p3}")
    assert (result.title, result.body) == (lang.title, "\n\n".join(lang.paragraphs))


# --- HTML pages: kicker above the headline, share bars as plain text ------------------------------


def html_page(lang: Lang, top_bar: str, end_bar: str) -> str:
    p1, p2, p3 = lang.paragraphs
    article = "".join(f"<p>{x}</p>" for x in (top_bar, p1, p2, lang.newsletter, p3, lang.tips, lang.follow, end_bar))
    return (
        f'<!DOCTYPE html><html lang="{lang.code}"><head><meta charset="utf-8"><title>{lang.title}</title></head>'
        '<body><nav><a href="/">Forside</a></nav><main><article>'
        f'<span class="section">{lang.kicker}</span><h1>{lang.title}</h1>{article}'
        "</article></main><footer><p>Kontakt</p></footer></body></html>"
    )


def process_html(html: str) -> tuple[str | None, str]:
    doc = RawDocument("test", "page.html", html.encode(), "text/html", datetime(2026, 3, 1, tzinfo=UTC))
    found = process_extract(doc, html)
    return found.title, found.body


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_html_page_keeps_only_the_article_without_kicker_or_headline(lang: Lang) -> None:
    assert process_html(html_page(lang, lang.share_a, lang.share_b)) == (lang.title, "\n\n".join(lang.paragraphs))


@pytest.mark.parametrize("lang", LANGS, ids=IDS)
def test_html_page_with_the_share_bars_swapped(lang: Lang) -> None:
    assert process_html(html_page(lang, lang.share_b, lang.share_a)) == (lang.title, "\n\n".join(lang.paragraphs))


# --- the line tests themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Del: Facebook X LinkedIn",
        "Share Facebook Twitter Email",
        "Teilen auf WhatsApp · Teilen auf X",
        "Dela: Facebook | Mejl | Skriv ut",
        "| Facebook | X | LinkedIn |",
        "Følg oss: Facebook, Instagram, YouTube",
        "Follow us: X / Bluesky / RSS",
    ],
)
def test_share_and_follow_bars_whatever_the_separators(line: str) -> None:
    assert v.is_share_bar(line)


@pytest.mark.parametrize(
    "line",
    [
        "Del av budsjettet går til skolene i Bergen.",
        "Facebook har lagt ned tjenesten i Norge etter kritikk fra Datatilsynet.",
        "Share prices fell sharply on Monday after the report.",
        "Teilen wollten die beiden Firmen den Gewinn nicht.",
        "X og Y møttes i Oslo.",
    ],
)
def test_prose_that_names_a_network_or_starts_with_a_share_word_is_not_a_bar(line: str) -> None:
    assert not v.is_share_bar(line) and not v.is_promo_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Zeitung hat einen neuen Newsletter gestartet, den man kostenlos abonnieren kann.",
        "Få lesere abonnerer på nyhetsbrevet, viser tallene fra forlaget.",
        "Tipsene fra publikum har vært avgjørende for politiets etterforskning.",
        "Follow-up studies are planned for next year at three hospitals.",
    ],
)
def test_prose_about_newsletters_tips_or_following_is_kept(line: str) -> None:
    assert not v.is_promo_line(line)


@pytest.mark.parametrize(
    ("body", "title", "expected"),
    [
        ("Kultur\n\nKonserten ble avlyst\n\nFørste avsnitt.", "Konserten ble avlyst", "Første avsnitt."),
        (
            "Første avsnitt.\n\nKonserten ble avlyst\n\nAndre avsnitt.",
            "Konserten ble avlyst",
            "Første avsnitt.\n\nAndre avsnitt.",
        ),
        ("Kultur\n\nFørste avsnitt.", "Konserten ble avlyst", "Kultur\n\nFørste avsnitt."),
        ("Konserten ble avlyst", "Konserten ble avlyst", "Konserten ble avlyst"),
    ],
    ids=["kicker-and-copy", "copy-after-lead", "no-copy-no-change", "copy-alone-stays"],
)
def test_drop_title_copies(body: str, title: str, expected: str) -> None:
    assert drop_title_copies(body, title) == expected


@pytest.mark.parametrize(
    "line",
    ["Werbung", "Anzeige – Ihr Autohaus im Zentrum", "Comments are closed.", "Kommentar schreiben", "Write a comment"],
)
def test_ad_and_comment_prompt_forms(line: str) -> None:
    assert v.ADVERT.match(line) or v.COMMENT_PROMPT.match(line)


# --- standard labels, one line each, in the words the vocabulary spells out ------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Abonniere unseren Newsletter für Familien",
        "Subscribe to the weekly newsletter",
        "Get the newsletter every Friday",
        "Free newsletter: sign up here",
        "Folge uns auf Instagram",
        "Folge mir auf Mastodon",
        "Follow us",
        "Teilen: Twittern | Tumblr | WhatsApp",
        "Share via Facebook or WhatsApp",
    ],
)
def test_sign_up_follow_and_share_labels(line: str) -> None:
    assert v.is_promo_line(line) or v.is_boilerplate_line(line)


@pytest.mark.parametrize(
    ("pattern", "line"),
    [
        (v.TAGS, "Categories: Energy, Local news"),
        (v.TAGS, "Category: Weather"),
        (v.TAGS, "Schlagworte: Energie, Stadtwerke"),
        (v.TEASER, "Siehe auch: Der Streit um die Fernwärme"),
        (v.COMMENT_INVITE, "Was meinen Sie? Schreiben Sie es uns in den Kommentaren!"),
        (v.RELATIVE_TIME, "Anna K. gestern, 18:02"),
        (v.AUTHOR_BIO, "Tom Lee is a staff writer who writes about housing."),
    ],
)
def test_label_forms(pattern: re.Pattern[str], line: str) -> None:
    assert pattern.search(line)


@pytest.mark.parametrize("dateline", ["Tirsdag 3. mars 2026", "03.03.2026 14:05", "3:05 PM", "March 3, 2026"])
def test_html_line_holding_only_a_date_or_time_is_metadata_not_body(dateline: str) -> None:
    lang = LANGS[0]
    html = html_page(lang, lang.share_a, lang.share_b).replace("<h1>", f"<p>{dateline}</p><h1>", 1)
    assert process_html(html) == (lang.title, "\n\n".join(lang.paragraphs))


def test_commenter_line_with_just_now_opens_the_comments() -> None:
    p1, p2, p3 = LANGS[5].paragraphs
    assert (
        clean_text_dump(f"{p1}\n\n{p2}\n\nMark T. just now\nGreat news for the town.\n\n{p3}").body == f"{p1}\n\n{p2}"
    )


def test_stand_label_is_an_update_time_not_body() -> None:
    p1, p2, p3 = LANGS[4].paragraphs
    result = clean_text_dump(f"{LANGS[4].title}\n\nStand: 15.03.2026, 10:00 Uhr\n\n{p1}\n\n{p2}\n\n{p3}")
    assert (result.published_at, result.body) == (datetime(2026, 3, 15, 10, 0), "\n\n".join(LANGS[4].paragraphs))


PHP_WARNING = (
    "Warning: Use of undefined constant comments - assumed 'comments' (this will throw an Error in a future "
    "version of PHP) in /var/www/blog/wp-content/plugins/recent-comments/recent-comments.php on line 928"
)
STORY = (
    "Der Gemeinderat hat am Dienstag den neuen Haushalt beschlossen, nach einer langen Debatte über die Kosten.",
    "Die Opposition stimmte dagegen und kündigte an, die Ausgaben für die Schulen weiter genau zu prüfen.",
)


def test_a_php_diagnostic_printed_into_a_page_is_not_body() -> None:
    html = (
        "<html><body><article><h1>Haushalt beschlossen</h1>"
        f"<p>{STORY[0]}</p><p>{PHP_WARNING}</p><p>{STORY[1]}</p>"
        f"<br /><b>Notice</b>: Undefined index: page in <b>/srv/site/index.php</b> on line <b>12</b><br />"
        "</article></body></html>"
    )
    assert extract_text(html) == "\n\n".join(("Haushalt beschlossen", *STORY))


def test_a_php_diagnostic_in_a_text_dump_is_not_body() -> None:
    dump = f"Haushalt beschlossen\n\n{STORY[0]}\n\n{PHP_WARNING}\n\n{STORY[1]}\n"
    assert clean_text_dump(dump).body == "\n\n".join(STORY)


@pytest.mark.parametrize(
    "line",
    [
        "Warning: the river is expected to burst its banks in /Oslo tonight, said the agency on line three.",
        "Notice: the meeting in the town hall on Line Street is cancelled.",
        "Fatal error: the report blames the pilots.",
    ],
)
def test_prose_that_starts_like_a_diagnostic_is_kept(line: str) -> None:
    assert not v.SERVER_DIAGNOSTIC.match(line)


def test_an_unrendered_template_and_bare_punctuation_lines_are_not_body() -> None:
    """A client-side template left in the page ("{{#images}}") and paragraphs of punctuation only (an empty
    paragraph's full stop, a section break) carry no text of the article."""
    html = (
        "<html><body><article><h1>Haushalt beschlossen</h1>"
        f"<p>{STORY[0]}</p><p>.</p><p>* * *</p><p>{STORY[1]}</p>"
        '<div class="gallery"><p>{{#images}}</p><p>{{{caption}}}</p><p>{{/images}}</p></div>'
        "</article></body></html>"
    )
    assert extract_text(html) == "\n\n".join(("Haushalt beschlossen", *STORY))


@pytest.mark.parametrize("line", ["=)", "|---|---|", "{{ 3 }} Kommentare", "- 2 Eier"])
def test_an_emoticon_a_table_rule_or_a_line_with_words_is_not_bare_markup(line: str) -> None:
    assert not (v.BARE_PUNCTUATION.match(line) or v.UNRENDERED_TEMPLATE.match(line))
