"""End to end from a local web site: feed -> fetched pages -> clean articles, incrementally."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult, Sql
from tests.sources.websupport import Logged, Site, serving

pytestmark = pytest.mark.backend_neutral

DE_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Neue Fähre für die Insel | Inselbote</title>
<link rel="canonical" href="{base}/de/faehre">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Neue Fähre für die Insel", "author": {{"@type": "Person", "name": "Jana Schulz"}},
 "datePublished": "2026-03-12T10:42:00+01:00", "inLanguage": "de-DE"}}</script>
</head><body>
<div id="cookie-banner"><p>Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.</p>
<button>Alle akzeptieren</button></div>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<main><article>
<h1>Neue Fähre für die Insel</h1>
<p class="byline">Von Jana Schulz, 12. März 2026</p>
<p>Die Gemeinde hat am Mittwoch den Kauf einer neuen Fähre beschlossen, die ab dem Sommer zwischen Hafen und Insel pendeln soll.</p>
<p>Das Schiff bietet Platz für 300 Fahrgäste und 40 Autos und fährt mit Strom aus der eigenen Ladestation am Anleger.</p>
<p>Die Bürgermeisterin sprach von einem großen Tag für alle Pendler, die bisher oft stundenlang warten mussten.</p>
<div class="share"><span>Teilen:</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">E-Mail</a></div>
</article>
<aside class="related"><h2>Mehr zum Thema</h2><ul>
<li><a href="/de/hafen">Hafen wird ausgebaut: Bagger rollen ab Montag</a></li>
<li><a href="/de/bus">Neue Buslinie zum Fähranleger geplant</a></li></ul></aside>
<section id="comments" class="comments"><h2>3 Kommentare</h2>
<div class="comment"><p class="comment-author">Peter K. schrieb am 12. März 2026 um 11:03</p>
<p>Endlich! Wir warten seit Jahren auf eine zuverlässige Verbindung zur Insel.</p></div>
<div class="comment"><p class="comment-author">Maria</p><p>Wer bezahlt das eigentlich alles am Ende?</p></div>
<p><a href="#respond">Schreibe einen Kommentar</a></p></section>
</main><footer><p>© 2026 Inselbote · Impressum · Datenschutz</p></footer></body></html>
"""

NB_PAGE = """<!DOCTYPE html>
<html lang="nb-NO"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Ny bro åpner i Tromsø</title>
<meta property="og:title" content="Ny bro åpner i Tromsø">
<meta name="author" content="Ola Nordmann">
<meta property="article:published_time" content="2026-04-02T08:15:00+02:00">
</head><body>
<header><nav><a href="/">Forsiden</a> <a href="/nyheter">Nyheter</a></nav></header>
<article>
<h1>Ny bro åpner i Tromsø</h1>
<p>Den nye brua over sundet åpner for trafikk fredag, to måneder før planen, melder kommunen.</p>
<p>Brua har gang- og sykkelvei på begge sider og skal gi kortere reisetid for tusenvis av pendlere hver dag.</p>
<p>Ordføreren sier at prosjektet ble både billigere og raskere enn fryktet, blant annet takket være mild vinter.</p>
<p class="share">Del artikkelen: <a href="#">Facebook</a> <a href="#">Kopier lenke</a></p>
</article>
<section class="comments"><h3>Kommentarer (2)</h3>
<div class="comment"><b>Kari</b> <span>for 2 timer siden</span><p>Flott, endelig slipper vi køene om morgenen!</p></div>
<div class="comment"><b>Per</b> <span>for 3 timer siden</span><p>Hva med bompengene, da? Ingen sier noe om det.</p></div>
</section>
<footer>Kontakt oss · Personvern</footer></body></html>
"""


def feed(base: str) -> str:
    items = [
        ("Neue Fähre für die Insel", f"{base}/de/faehre?utm_source=rss", "Thu, 12 Mar 2026 09:42:00 GMT"),
        ("Ny bro åpner i Tromsø", f"{base}/nb/bro", "Thu, 02 Apr 2026 06:15:00 GMT"),
        ("Gone", f"{base}/missing", "Wed, 01 Apr 2026 06:00:00 GMT"),
        ("Private", f"{base}/private/memo", "Wed, 01 Apr 2026 07:00:00 GMT"),
        ("Flaky", f"{base}/flaky", "Wed, 01 Apr 2026 08:00:00 GMT"),
        ("Hangs", f"{base}/slow", "Wed, 01 Apr 2026 09:00:00 GMT"),
        ("Same article, other URL", f"{base}/de/faehre-kopie", "Thu, 12 Mar 2026 09:42:00 GMT"),
    ]
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate></item>" for t, u, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>{entries}</channel></rss>'


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as state:
        yield from _populate(state)


def _populate(state: Site) -> Iterator[Site]:
    base = state.url("")
    de = DE_PAGE.format(base=base)

    def conditional(body: str, etag: str) -> Callable[[Logged], tuple[int, dict[str, str], bytes]]:
        def reply(request: Logged) -> tuple[int, dict[str, str], bytes]:
            if request.headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body.encode("utf-8")

        return reply

    state.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    state.add("/feed.xml", feed(base), headers={"Content-Type": "application/rss+xml"})
    state.routes["/de/faehre"] = conditional(de, '"de-v1"')
    state.add("/de/faehre-kopie", de)
    state.add(
        "/nb/bro",
        NB_PAGE.encode("cp1252"),
        headers={"Content-Type": "text/html", "Last-Modified": "Thu, 02 Apr 2026 06:20:00 GMT"},
    )
    state.add_sequence(
        "/flaky",
        [
            (503, {"Retry-After": "0", "Content-Type": "text/plain"}, b"busy"),
            (200, {"Content-Type": "text/html; charset=utf-8"}, NB_PAGE.replace("Ny bro", "Ny ferje").encode()),
        ],
    )

    def hang(_request: Logged) -> tuple[int, dict[str, str], bytes]:
        state.release.wait(30)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    state.routes["/slow"] = hang
    yield state


@pytest.fixture
def config(write_config: Callable[..., Path], site: Site) -> Path:
    fetch = (
        "[fetch]\nmin_delay_s = 0\nconnect_timeout_s = 2\nread_timeout_s = 1\ntotal_timeout_s = 3\n"
        "retries = 1\nbackoff_s = 0\nallow_private_addresses = true\n"
    )
    return write_config(f'name = "testfeed"\nkind = "feed"\nurl = "{site.url("/feed.xml")}"', extra=fetch)


def test_feed_articles_are_fetched_cleaned_and_stored(
    cli: Callable[..., CliResult], config: Path, site: Site, sql: Sql
) -> None:
    result = cli("--config", config, "run")
    assert result.code == 1  # some URLs failed: exit 1, the rest stored
    base = site.url("")
    articles = sql(config, "SELECT url, lang, title, author, published_at, text FROM articles ORDER BY url")
    assert [a["url"] for a in articles] == [f"{base}/de/faehre", f"{base}/flaky", f"{base}/nb/bro"]
    de, flaky, nb = articles
    assert de["lang"] == "de" and nb["lang"] == "nb" and flaky["lang"] == "nb"
    assert de["title"] == "Neue Fähre für die Insel"
    assert de["author"] == "Jana Schulz"
    assert de["published_at"].startswith("2026-03-12")
    assert de["text"] == (
        "Die Gemeinde hat am Mittwoch den Kauf einer neuen Fähre beschlossen, die ab dem Sommer zwischen Hafen "
        "und Insel pendeln soll.\n\nDas Schiff bietet Platz für 300 Fahrgäste und 40 Autos und fährt mit Strom aus "
        "der eigenen Ladestation am Anleger.\n\nDie Bürgermeisterin sprach von einem großen Tag für alle Pendler, "
        "die bisher oft stundenlang warten mussten."
    )
    assert nb["title"] == "Ny bro åpner i Tromsø"
    assert nb["author"] == "Ola Nordmann"
    assert nb["text"] == (
        "Den nye brua over sundet åpner for trafikk fredag, to måneder før planen, melder kommunen.\n\n"
        "Brua har gang- og sykkelvei på begge sider og skal gi kortere reisetid for tusenvis av pendlere hver dag."
        "\n\nOrdføreren sier at prosjektet ble både billigere og raskere enn fryktet, blant annet takket være "
        "mild vinter."
    )
    failures = {f["location"].removeprefix(base): f for f in sql(config, "SELECT * FROM failures")}
    assert set(failures) == {"/missing", "/private/memo", "/slow"}
    assert "404" in failures["/missing"]["error"]
    assert "robots.txt" in failures["/private/memo"]["error"]
    assert "timed out" in failures["/slow"]["error"]
    assert {f["stage"] for f in failures.values()} == {"fetch"}
    assert site.hits("/private/memo") == []
    assert len(site.hits("/flaky")) == 2
    # Raw HTML is kept so that articles can be reprocessed without fetching again.
    docs = sql(config, "SELECT location, content_type, encoding FROM documents ORDER BY location")
    assert {d["location"].removeprefix(base) for d in docs} == {"/de/faehre", "/de/faehre-kopie", "/flaky", "/nb/bro"}
    assert next(d for d in docs if d["location"].endswith("/nb/bro"))["encoding"] == "cp1252"


def test_second_run_sends_conditional_requests_and_changes_nothing(
    cli: Callable[..., CliResult], config: Path, site: Site, sql: Sql
) -> None:
    cli("--config", config, "run")
    before = sql(config, "SELECT article_id, updated_at FROM articles ORDER BY 1")
    site.log.clear()
    cli("--config", config, "run")
    (second,) = site.hits("/de/faehre")
    assert second.headers.get("if-none-match") == '"de-v1"'
    (nb,) = site.hits("/nb/bro")
    assert nb.headers.get("if-modified-since") == "Thu, 02 Apr 2026 06:20:00 GMT"
    assert sql(config, "SELECT article_id, updated_at FROM articles ORDER BY 1") == before
    last = sql(config, "SELECT n_new, n_updated, n_unchanged FROM runs ORDER BY started_at DESC LIMIT 1")
    assert last == [{"n_new": 0, "n_updated": 0, "n_unchanged": 4}]


def test_a_page_declared_utf8_with_a_few_invalid_bytes_stays_utf8_and_counts_them(
    cli: Callable[..., CliResult], config: Path, site: Site, sql: Sql
) -> None:
    # Declared UTF-8 in the header and the meta tag; four stray Latin-1 bytes (é as 0xe9) among valid UTF-8.
    page = DE_PAGE.format(base=site.url("")).encode("utf-8")
    page = page.replace(b"Mittwoch", b"Mittwoch\xe9", 1).replace(b"40 Autos", b"40 Autos\xe9\xe9\xe9", 1)
    site.add("/de/stray", page, headers={"Content-Type": "text/html; charset=utf-8"})
    result = cli("--config", config, "ingest", site.url("/de/stray"))
    assert result.code == 0, result.err
    (article,) = sql(config, "SELECT title, text FROM articles")
    assert article["title"] == "Neue Fähre für die Insel"
    assert article["text"].startswith("Die Gemeinde hat am Mittwoch\ufffd den Kauf einer neuen Fähre beschlossen")
    assert "Platz für 300 Fahrgäste und 40 Autos\ufffd\ufffd\ufffd und fährt" in article["text"]
    assert sql(config, "SELECT encoding, replaced_bytes FROM documents") == [{"encoding": "utf-8", "replaced_bytes": 4}]
