"""html.extract_text on small handwritten pages built of modules: the text of the body container's sibling
modules (same tag, same class) that trafilatura's one container leaves out."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.html import extract_text
from tests.articles.extraction.test_html_extract import DE_PARAGRAPHS

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

MORE = [
    "Ein Fahrradverband lobte den Beschluss als überfälligen Schritt und forderte, die neuen Wege zuerst an "
    "den Schulen zu bauen.",
    "Die ersten Arbeiten sollen im kommenden Frühjahr an der Hauptstraße beginnen, wo bisher nur ein schmaler "
    "Streifen markiert ist.",
]
URL = "https://zeitung.example/radwege"


def module(inner: str) -> str:
    """A page builder's text module; trafilatura takes the first `article-text` container as the body."""
    return f'<div class="module module--text"><div class="article-text">{inner}</div></div>'


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in texts)


def page(modules: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Radwege</title></head><body>'
        '<nav><a href="/">Start</a></nav><main><div class="wrapper"><h1>Radwege werden ausgebaut</h1>'
        f"{modules}</div></main><footer><p>Impressum · Datenschutz</p></footer></body></html>"
    )


def test_paragraphs_of_the_next_modules_follow_the_body() -> None:
    html = page(module(paragraphs(DE_PARAGRAPHS)) + module(paragraphs(MORE[:1])) + module(paragraphs(MORE[1:])))
    assert extract_text(html, URL) == "\n\n".join([*DE_PARAGRAPHS, *MORE])


def test_a_module_of_teaser_list_items_adds_nothing() -> None:
    """Only a paragraph of prose makes a sibling module the article's: list items alone are a related list."""
    items = "".join(
        f'<li><a href="/koeln-{i}">Radwege in Köln und Bonn</a> Wie zwei Städte ihre Radfahrer schützen wollen '
        "und was es kostet, lesen Sie hier im Überblick.</li>"
        for i in range(3)
    )
    html = page(module(paragraphs(DE_PARAGRAPHS)) + module(f"<ul>{items}</ul>"))
    assert extract_text(html, URL) == "\n\n".join(DE_PARAGRAPHS)


def test_a_caption_in_a_sibling_module_stays_out() -> None:
    caption = (
        "Ein Radweg in der Stadt: hier sollen die neuen Spuren entstehen, breiter und sicherer als bisher, "
        "sagt die Stadt."
    )
    html = page(
        module(paragraphs(DE_PARAGRAPHS))
        + module(f'<figure><img src="radweg.jpg"><figcaption>{caption}</figcaption></figure>')
        + module(paragraphs(MORE))
    )
    assert extract_text(html, URL) == "\n\n".join([*DE_PARAGRAPHS, *MORE])
