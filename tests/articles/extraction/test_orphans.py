"""orphans.without_trailing_headings on small handwritten pages: a heading as the text's last line, whose section
is not in the text, goes; a subheading with its section after it, a short real last line and the headline stay."""

from __future__ import annotations

import pytest

from newsflow.articles.extraction.orphans import without_trailing_headings
from tests.support.pages import parsed_body

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

HEADLINE = "Freibad öffnet früher"
STORY = [
    "Das städtische Freibad öffnet in diesem Jahr bereits am 1. Mai, zwei Wochen früher als sonst.",
    "Die Eintrittspreise bleiben nach Angaben der Stadtwerke unverändert.",
]
SUBHEADING = "Neue Rutsche im Sommer"
MORE = "Rutsche fertig: Bauarbeiten im Freibad abgeschlossen"


def lines_kept(body: str, lines: list[str]) -> list[str]:
    return without_trailing_headings(parsed_body(body), lines)


def page(*after: str) -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return f"<article><h1>{HEADLINE}</h1>{story}</article>{''.join(after)}"


def test_a_teaser_s_headline_after_the_story_is_removed() -> None:
    """A link to another article, set as a heading after the story: its teaser text did not reach the lines."""
    html = page(f'<div class="more"><h6><a href="/rutsche-fertig">{MORE}</a></h6><p>Seit Montag ...</p></div>')
    assert lines_kept(html, [HEADLINE, *STORY, MORE]) == [HEADLINE, *STORY]


def test_all_the_headings_at_the_end_are_removed() -> None:
    """A box's heading and the heading of its first item, both without their text."""
    html = page(f"<h2>Mehr zum Thema</h2><h3>{MORE}</h3>")
    assert lines_kept(html, [HEADLINE, *STORY, "Mehr zum Thema", MORE]) == [HEADLINE, *STORY]


def test_a_subheading_with_its_section_after_it_stays() -> None:
    html = f"<article><h1>{HEADLINE}</h1><p>{STORY[0]}</p><h2>{SUBHEADING}</h2><p>{STORY[1]}</p></article>"
    lines = [HEADLINE, STORY[0], SUBHEADING, STORY[1]]
    assert lines_kept(html, lines) == lines


def test_a_short_last_paragraph_stays() -> None:
    """A short real line that ends the story is a paragraph, not a heading, even where a heading says more."""
    html = page(f"<p>So sah es aus</p><h3>So sah es aus: {SUBHEADING}</h3>")
    assert lines_kept(html, [HEADLINE, *STORY, "So sah es aus"]) == [HEADLINE, *STORY, "So sah es aus"]


def test_the_headline_alone_stays() -> None:
    """A page whose text is its headline only: the first line is never a trailing heading."""
    html = f"<h1>{HEADLINE}</h1>"
    assert lines_kept(html, [HEADLINE]) == [HEADLINE]


def test_a_closing_sentence_set_as_a_heading_stays() -> None:
    """A page builder's closing paragraph styled as a heading ends as a sentence ends; a title does not."""
    closing = "Das Freibad ist täglich von 8 bis 20 Uhr geöffnet, bei Gewitter schließt es früher."
    html = page(f"<h3>{closing}</h3>")
    assert lines_kept(html, [HEADLINE, *STORY, closing]) == [HEADLINE, *STORY, closing]
