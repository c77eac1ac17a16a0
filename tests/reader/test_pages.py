"""The reader's pages over HTTP: search with filters, an article's sentence pairs, a story, review, runs."""

from __future__ import annotations

import re

import httpx

from tests.reader.conftest import ARTICLES, STORY, Archive

# A word of the story's two versions that the third article lacks.
WORD = next(w for w in STORY.split() if w.isalpha() and len(w) > 4 and w not in ARTICLES[2][1] + ARTICLES[2][2])


def _get(server: str, path: str, **params: str) -> httpx.Response:
    return httpx.get(server + path, params=params, timeout=30)


def test_search_finds_by_word_and_filters_by_source(server: str, archive: Archive) -> None:
    page = _get(server, "/", q=WORD).text
    assert set(re.findall(r'href="/articles/(\w+)"', page)) == set(archive.ids[:2])
    only = _get(server, "/", q=WORD, source="anzeiger").text
    assert re.findall(r'href="/articles/(\w+)"', only) == [archive.ids[1]]
    assert "not a date" in _get(server, "/", since="yesterday").text


def test_article_page_pairs_every_sentence_and_marks_alarms(server: str, archive: Archive) -> None:
    page = _get(server, f"/articles/{archive.ids[0]}").text
    originals = re.findall(r'class="s[^"]*" data-pair="(\d+)"', page)
    assert len(originals) % 2 == 0 and originals[: len(originals) // 2] == originals[len(originals) // 2 :]
    assert 'class="s flag" data-pair=' in page and "missing_url" in page
    assert "<script>" in page and "http" not in page.split("<script>")[1].split("</script>")[0]  # nothing fetched
    assert _get(server, "/articles/0000000000").status_code == 404


def test_story_review_and_runs_pages(server: str, archive: Archive) -> None:
    article = _get(server, f"/articles/{archive.ids[1]}").text
    (story,) = re.findall(r'href="/stories/(\w+)"', article)
    story_page = _get(server, f"/stories/{story}").text
    assert sorted(re.findall(r'href="/articles/(\w+)"', story_page)) == sorted(archive.ids[:2])
    review = _get(server, "/review").text
    assert "untranslated" in review and "missing_url" in review
    runs = _get(server, "/runs").text
    assert "ingest" in runs and "running" in runs  # the fixture's run was never finished


def test_a_hostile_title_is_escaped_and_a_script_url_never_linked(server: str) -> None:
    page = _get(server, "/", q="<script>alert(1)</script>").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
