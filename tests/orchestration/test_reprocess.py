"""Reprocess: stored documents through the current code, without reading or fetching anything again."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.orchestration.conftest import rows, write_article

pytestmark = pytest.mark.slow


def test_reprocess_applies_a_changed_cleaning_rule_without_reading_the_sources(
    tmp_path: Path, config_for, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "dump"
    write_article(dump, "bergen.txt", "Bergen", published="2024-03-05 10:00")
    write_article(dump, "molde.txt", "Molde", published="2024-03-06 10:00")
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"')
    assert cli("--config", config, "run", "--no-translate").code == 0
    db = tmp_path / "warehouse" / "news.duckdb"
    documents_before = rows(db, "SELECT document_id, fetched_at FROM documents ORDER BY 1")
    shutil.rmtree(dump)  # reading the files again would now fail

    # A new cleaning rule: the text cleaner now drops the mayor's paragraph.
    import newsflow.articles.extraction.text as text_module

    original = text_module.clean_text_dump

    def stricter(text: str):  # type: ignore[no-untyped-def]
        found = original(text)
        kept = [p for p in found.body.split("\n\n") if not p.startswith("Ordføreren")]
        return replace(found, body="\n\n".join(kept))

    monkeypatch.setattr(text_module, "clean_text_dump", stricter)

    result = cli("--config", config, "reprocess", "--source", "dump", "--no-translate")

    assert result.code == 0, result.err
    bodies = rows(db, "SELECT text FROM articles")
    assert len(bodies) == 2 and all("Ordføreren" not in b[0] and "Kommunestyret" in b[0] for b in bodies)
    assert rows(db, "SELECT document_id, fetched_at FROM documents ORDER BY 1") == documents_before
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    (run,) = rows(db, "SELECT status, n_read, n_updated FROM runs WHERE flow = 'reprocess'")
    assert run == ("completed", 2, 2)


# A page whose bytes are not all UTF-8 and carry stray NULs: only the bytes exactly as read decode the same again.
LATIN_PAGE = (
    b'<html><head><meta charset="windows-1252"><title>Ny bro i \xc5lesund</title></head><body>\x00\x00<article>'
    + b"<p>Kommunestyret i \xc5lesund vedtok torsdag \xe5 bygge en ny bro over fjorden for to milliarder.</p>\n" * 40
    + b"</article></body></html>\n"
)


def test_raw_bytes_are_stored_compressed_and_reprocessed_exactly_as_read(tmp_path: Path, config_for, cli) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "alesund.html").write_bytes(LATIN_PAGE)
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"')
    assert cli("--config", config, "run", "--no-translate").code == 0
    db = tmp_path / "warehouse" / "news.duckdb"
    ((content, encoding, stored_size),) = rows(
        db, "SELECT content, content_encoding, octet_length(content) FROM documents"
    )
    article = rows(db, "SELECT article_id, title, text, content_hash FROM articles")
    shutil.rmtree(dump)

    result = cli("--config", config, "reprocess", "--source", "dump", "--no-translate")

    assert result.code == 0, result.err
    assert (encoding, gzip.decompress(content)) == ("gzip", LATIN_PAGE)
    assert stored_size * 5 < len(LATIN_PAGE)
    assert article[0][1] == "Ny bro i Ålesund"
    assert rows(db, "SELECT article_id, title, text, content_hash FROM articles") == article
    (run,) = rows(db, "SELECT status, n_read, n_unchanged FROM runs WHERE flow = 'reprocess'")
    assert run == ("completed", 1, 1)


def test_reprocess_window_selects_by_article_date(tmp_path: Path, config_for, cli) -> None:
    dump = tmp_path / "dump"
    write_article(dump, "march.txt", "Bergen", published="2024-03-05 10:00")
    write_article(dump, "april.txt", "Molde", published="2024-04-06 10:00")
    config = config_for('name = "dump"\nkind = "files"\npath = "dump"')
    assert cli("--config", config, "run", "--no-translate").code == 0

    result = cli("--config", config, "reprocess", "--since", "2024-04-01", "--no-translate")

    assert result.code == 0, result.err
    db = tmp_path / "warehouse" / "news.duckdb"
    assert rows(db, "SELECT n_read FROM runs WHERE flow = 'reprocess'") == [(1,)]
