"""html.extract_text on small handwritten pages without a container trafilatura knows: the prose list between
two paragraphs of the article, which trafilatura's paragraph-by-paragraph gathering leaves out."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

URL = "https://verein.example/meldungen/einbruchschutz"
INTRO = (
    "Die Polizei zählt in diesem Jahr erneut weniger Wohnungseinbrüche als im Vorjahr. Die Zahlen sinken seit "
    "Jahren, doch jeder Einbruch ist für die Betroffenen ein tiefer Einschnitt, der lange nachwirkt und oft "
    "mehr Angst hinterlässt als der Verlust der gestohlenen Dinge."
)
ANNOUNCE = "So schützen Sie sich vor Einbrechern:"
TIPS = [
    "Schließen Sie die Haustür ab, auch wenn Sie nur kurz das Haus verlassen.",
    "Verschließen Sie Fenster, Balkon- und Terrassentüren; ein gekipptes Fenster ist ein offenes Fenster.",
    "Verstecken Sie Ihren Schlüssel niemals draußen vor der Tür.",
]
OUTRO = (
    "Fast die Hälfte aller Versuche scheitert an einfachen Sicherungen, sagen die Ermittler: Wer nach wenigen "
    "Minuten nicht ins Haus kommt, gibt in aller Regel auf und sucht sich ein anderes Ziel in der Nachbarschaft."
)


def page(between: str, after: str = f"<p>{OUTRO}</p>") -> str:
    """A page whose article sits in plain divs: no `article`, `main` or content class."""
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Einbruchschutz</title></head><body>'
        '<div class="page"><div class="menu"><a href="/">Start</a> <a href="/meldungen">Meldungen</a></div>'
        f'<div class="page-inner"><div class="module"><p>{INTRO}</p></div><div class="module"><p>{ANNOUNCE}</p>'
        f"{between}{after}</div></div></div></body></html>"
    )


def items(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{t}</li>" for t in texts) + "</ul>"


def test_prose_list_between_two_paragraphs_of_the_article_is_kept_in_place() -> None:
    expected = [INTRO, ANNOUNCE, *(f"- {t}" for t in TIPS), OUTRO]
    assert extract_text(page(items(TIPS)), URL) == "\n\n".join(expected)


def test_prose_list_that_closes_its_block_after_an_announcing_line_is_kept() -> None:
    expected = [INTRO, ANNOUNCE, *(f"- {t}" for t in TIPS)]
    assert extract_text(page(items(TIPS), after=""), URL) == "\n\n".join(expected)


def test_list_of_links_between_two_paragraphs_is_not_put_back() -> None:
    links = "<ul>" + "".join(f'<li><a href="/meldungen/{i}">{t}</a></li>' for i, t in enumerate(TIPS)) + "</ul>"
    assert extract_text(page(links), URL) == "\n\n".join([INTRO, ANNOUNCE, OUTRO])
