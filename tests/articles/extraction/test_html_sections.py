"""html.extract_text on small handwritten pages built of page-builder modules (WPBakery's `wpb_text_column`,
one per block of text): trafilatura takes the first module of the class as the article's body, and the
module beside it of the same class, which holds the rest of the article, is put back in page order."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text
from newsflow.articles.extraction.parse import load_html
from newsflow.articles.extraction.sections import with_sections

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

URL = "https://magazin.example/wohnen/winter"
HEADLINE = "Gemütlich durch den Winter"
STORY = [
    "Der Winter kommt früh in diesem Jahr, und mit ihm die Frage, wie man die dunklen Abende in der eigenen "
    "Wohnung gemütlich macht, ohne gleich alles neu zu kaufen.",
    "Wir haben uns in den Läden der Stadt umgesehen und zusammengetragen, was sich lohnt: Decken, Kissen, Lampen "
    "und ein paar Kleinigkeiten für das Regal.",
    "Eine Wolldecke aus reiner Baumwolle gibt es in vielen Farben; sie passt zu jedem Sofa und wärmt auch dann, "
    "wenn die Heizung noch nicht läuft.",
    "Eine kleine Lampe mit warmem Licht setzt am Abend einen Akzent im Raum und macht aus einer Ecke einen "
    "Leseplatz, an dem man gerne sitzt.",
]
CLOSING = (
    "Alle diese Dinge findet ihr in gut sortierten Geschäften der Innenstadt, viele davon in diesen Wochen günstiger."
)


def module(inner: str, cls: str = "wpb_text_column wpb_content_element") -> str:
    return f'<div class="{cls}"><div class="wpb_wrapper">{inner}</div></div>'


def page(after: str) -> str:
    """The article's first module, then `after` beside it."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Wohnen im Winter</title></head><body>'
        '<div class="menu"><a href="/">Start</a> <a href="/wohnen">Wohnen</a></div>'
        f'<div class="entry"><h1>{HEADLINE}</h1>{module(story)}{after}</div>'
        '<div class="footer"><p>Impressum und Datenschutz</p></div></body></html>'
    )


def test_the_text_of_the_next_module_of_the_body_s_class_is_put_back_after_the_body() -> None:
    expected = [HEADLINE, *STORY, CLOSING]
    assert extract_text(page(module(f"<h3>{CLOSING}</h3>")), URL) == "\n\n".join(expected)


def test_a_module_of_another_class_beside_the_body_stays_out() -> None:
    box = module(f"<h3>{CLOSING}</h3>", cls="wpb_text_column wpb_content_element newsletter-teaser")
    assert extract_text(page(box), URL) == "\n\n".join([HEADLINE, *STORY])


def test_a_module_of_the_body_s_class_that_holds_links_stays_out() -> None:
    links = (
        '<h3><a href="/wohnen/herbst">Wohnen im Herbst: die neuen Farben</a> und '
        '<a href="/wohnen/kerzen">Kerzen selbst ziehen in fünf Schritten</a></h3>'
    )
    assert extract_text(page(module(links)), URL) == "\n\n".join([HEADLINE, *STORY])


def test_text_in_a_box_inside_a_module_of_the_body_s_class_stays_out() -> None:
    box = module(f'<div class="box"><h3>{CLOSING}</h3></div>')
    assert extract_text(page(box), URL) == "\n\n".join([HEADLINE, *STORY])


def test_modules_before_and_after_the_body_s_go_before_and_after_its_lines_in_page_order() -> None:
    intro, question, answer = (
        "Es gibt Ereignisse, die ein Leben in zwei Teile zerschneiden, in ein Davor und ein Danach.",
        "Wie haben Sie die Zeit danach erlebt?",
        "Ich habe lange gebraucht, um wieder Vertrauen in meinen eigenen Körper zu fassen.",
    )
    text_module = "editorial-module editorial-module--text"
    tree = load_html(
        '<html><body><div class="story"><h1>Davor und Danach</h1>'
        f"{module(f'<p>{intro}</p>', cls=text_module)}"
        f"{module('<figure><p>Foto: Redaktion</p></figure>', cls='editorial-module editorial-module--image')}"
        f"{module(''.join(f'<p>{p}</p>' for p in STORY), cls=text_module)}"
        f"{module(f'<p>{question}</p><p>{answer}</p>', cls=text_module)}"
        "</div></body></html>"
    )
    assert tree is not None
    assert with_sections(tree, [HEADLINE, *STORY]) == [HEADLINE, intro, *STORY, question, answer]
