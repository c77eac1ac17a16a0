"""Backfill over a window: feeds by entry date (before fetching), files by article date or mtime."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.orchestration.conftest import article_page, rows, rss, write_article

pytestmark = pytest.mark.slow

WINDOW = ["--since", "2024-03-01", "--until", "2024-03-10"]  # through 10 March


def test_files_backfill_takes_only_articles_dated_in_the_window(tmp_path: Path, config_for, cli) -> None:
    dump = tmp_path / "dump"
    write_article(dump, "in_dated.txt", "Bergen", published="2024-03-05 10:00", mtime="2023-01-01T00:00:00")
    write_article(dump, "in_last_day.txt", "Molde", published="2024-03-10 23:00")
    write_article(dump, "out_dated.txt", "Tromsø", published="2024-04-02 08:00", mtime="2024-03-05T00:00:00")
    write_article(dump, "in_undated.txt", "Bodø", mtime="2024-03-07T12:00:00")
    write_article(dump, "out_undated.txt", "Hamar", mtime="2024-02-20T12:00:00")
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"')

    result = cli("--config", config, "backfill", "--source", "dump", *WINDOW, "--no-translate")

    assert result.code == 0, result.err
    assert "backfill run" in result.out and "read" in result.out  # the summary table
    db = tmp_path / "warehouse" / "news.duckdb"
    stored = {Path(r[0]).name for r in rows(db, "SELECT location FROM articles")}
    assert stored == {"in_dated.txt", "in_last_day.txt", "in_undated.txt"}
    assert {Path(r[0]).name for r in rows(db, "SELECT location FROM documents")} == stored
    (run,) = rows(db, "SELECT flow, status, n_read, n_new, n_failed, parameters->>'source' FROM runs")
    assert run == ("backfill", "completed", 3, 3, 0, "dump")


def test_feed_backfill_fetches_only_entries_in_the_window_and_reprocess_fetches_nothing(
    tmp_path: Path, config_for, cli, feed_site
) -> None:
    entries = [
        ("Bergen", "/a/bergen", "Tue, 05 Mar 2024 10:00:00 GMT"),
        ("Molde", "/a/molde", "Sat, 09 Mar 2024 22:00:00 GMT"),
        ("Tromsø", "/a/tromso", "Tue, 02 Apr 2024 08:00:00 GMT"),
        ("Hamar", "/a/hamar", "Tue, 20 Feb 2024 08:00:00 GMT"),
    ]
    for town, path, _ in entries:
        feed_site.add(path, article_page(town))
    feed_site.add(
        "/feed.xml", rss([(t, feed_site.url(p), d) for t, p, d in entries]), "application/rss+xml; charset=utf-8"
    )
    config = config_for(f'name = "lokalt"\nkind = "feed"\nurl = "{feed_site.url("/feed.xml")}"')

    result = cli("--config", config, "backfill", "--source", "lokalt", *WINDOW, "--no-translate")

    assert result.code == 0, result.err
    assert sorted(feed_site.hits("/a/")) == ["/a/bergen", "/a/molde"]
    db = tmp_path / "warehouse" / "news.duckdb"
    assert sorted(r[0] for r in rows(db, "SELECT url FROM articles")) == [
        feed_site.url("/a/bergen"),
        feed_site.url("/a/molde"),
    ]

    before = len(feed_site.hits())
    again = cli("--config", config, "backfill", "--source", "lokalt", *WINDOW, "--reprocess", "--no-translate")

    assert again.code == 0, again.err
    assert len(feed_site.hits()) == before  # stored bytes only: not one request
    (run,) = rows(db, "SELECT status, n_read, n_unchanged FROM runs WHERE parameters->>'reprocess' = 'true'")
    assert run == ("completed", 2, 2)


def test_backfill_rejects_a_bad_date_as_usage_error(tmp_path: Path, config_for, cli) -> None:
    (tmp_path / "dump").mkdir()
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"')

    result = cli("--config", config, "backfill", "--source", "dump", "--since", "March")

    assert result.code == 2
    assert "not a date" in result.err
