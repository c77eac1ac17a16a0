"""End to end through the CLI: files -> cleaned, language-tagged articles in DuckDB."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEEDS, SHARED, CliResult, Sql
from tests.support.shared import needs_shared

NB_DUMP = """\
![]() |
Bystyret vedtok nytt budsjett etter lang debatt. Foto: Kari Nordmann |
Bystyret i Bergen vedtok torsdag kveld budsjettet for neste år etter en debatt som varte i nesten ti timer.
Flertallet sikret mer penger til skolene og eldreomsorgen, mens kollektivtrafikken får et mindre løft enn ventet.
Opposisjonen reagerte kraftig og mener at eiendomsskatten rammer barnefamiliene hardest.
Kilde: https://www.example.no/nyheter/bystyret-budsjett?utm_source=rss

Kommentarer (2)

Ola 3 timer siden
Dette er helt feil prioritering.
Per 5 timer siden
Endelig litt penger til skolene!
"""

DE_DUMP = """\
Stadtrat beschließt neuen Radweg am Flussufer

Von Max Mustermann | 12. März 2026, 10:42 Uhr

Der Stadtrat hat am Mittwoch mit großer Mehrheit den Bau eines neuen Radwegs entlang des Flussufers beschlossen.
Die Arbeiten sollen im Frühjahr beginnen und rund zwei Jahre dauern, teilte die Verwaltung mit.
Anwohner hatten sich seit Jahren für eine sichere Verbindung zwischen Altstadt und Bahnhof eingesetzt.

Teilen:
FB X YT IG

Kommentare (1)
Anna vor 2 Stunden
Endlich passiert etwas!
"""


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    (folder / "de").mkdir(parents=True)
    (folder / "nb.txt").write_text(NB_DUMP, encoding="utf-8")
    (folder / "de" / "radweg.md").write_text(DE_DUMP, encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article file: not read
    return folder


@pytest.fixture
def config(write_config: Callable[..., Path], dumps: Path) -> Path:
    return write_config(f'name = "dumps"\nkind = "files"\npath = "{dumps}"')


def test_run_stores_clean_articles_with_metadata(cli: Callable[..., CliResult], config: Path, sql: Sql) -> None:
    result = cli("--config", config, "run")
    assert result.code == 0, result.err
    rows = sql(
        config,
        "SELECT source, lang, title, author, published_at, url, text, translation_status FROM articles ORDER BY lang",
    )
    assert [r["lang"] for r in rows] == ["de", "nb"]
    de, nb = rows
    assert de["title"] == "Stadtrat beschließt neuen Radweg am Flussufer"
    assert de["author"] == "Max Mustermann"
    assert de["published_at"] == "2026-03-12T09:42:00"  # printed 10:42 Uhr: Berlin time, CET
    assert de["text"] == (
        "Der Stadtrat hat am Mittwoch mit großer Mehrheit den Bau eines neuen Radwegs entlang des Flussufers "
        "beschlossen.\n\nDie Arbeiten sollen im Frühjahr beginnen und rund zwei Jahre dauern, teilte die Verwaltung "
        "mit.\n\nAnwohner hatten sich seit Jahren für eine sichere Verbindung zwischen Altstadt und Bahnhof eingesetzt."
    )
    assert nb["url"] == "https://www.example.no/nyheter/bystyret-budsjett"
    assert nb["text"].startswith("Bystyret i Bergen vedtok torsdag kveld")
    assert nb["text"].endswith("rammer barnefamiliene hardest.")
    for junk in ("Foto:", "Kommentar", "timer siden", "Endelig", "Kilde", "|"):
        assert junk not in nb["text"]
    assert {r["translation_status"] for r in rows} == {"pending"}
    assert {r["source"] for r in rows} == {"dumps"}


def test_summary_table_and_counts_by_language(cli: Callable[..., CliResult], config: Path) -> None:
    result = cli("--config", config, "run")
    assert "read" in result.out and "new" in result.out
    assert "pending" in result.out


def test_second_run_over_unchanged_input_changes_nothing(cli: Callable[..., CliResult], config: Path, sql: Sql) -> None:
    assert cli("--config", config, "run").code == 0
    before = sql(config, "SELECT article_id, updated_at, content_hash FROM articles ORDER BY 1")
    assert cli("--config", config, "run").code == 0
    after = sql(config, "SELECT article_id, updated_at, content_hash FROM articles ORDER BY 1")
    assert after == before
    runs = sql(config, "SELECT n_read, n_new, n_updated, n_unchanged, n_failed, status FROM runs ORDER BY started_at")
    assert runs == [
        {"n_read": 2, "n_new": 2, "n_updated": 0, "n_unchanged": 0, "n_failed": 0, "status": "completed"},
        {"n_read": 2, "n_new": 0, "n_updated": 0, "n_unchanged": 2, "n_failed": 0, "status": "completed"},
    ]
    assert sql(config, "SELECT count(*) AS n FROM documents") == [{"n": 2}]


def test_changed_file_updates_its_article(cli: Callable[..., CliResult], config: Path, dumps: Path, sql: Sql) -> None:
    # The article is known by its source URL, so the edited file updates the same row.
    assert cli("--config", config, "run").code == 0
    path = dumps / "nb.txt"
    path.write_text(NB_DUMP.replace("nesten ti timer", "nesten tolv timer"), encoding="utf-8")
    assert cli("--config", config, "run").code == 0
    rows = sql(config, "SELECT text, first_seen_at < updated_at AS touched FROM articles WHERE lang = 'nb'")
    assert len(rows) == 1 and "nesten tolv timer" in rows[0]["text"] and rows[0]["touched"]
    assert sql(config, "SELECT n_new, n_updated, n_unchanged FROM runs ORDER BY started_at DESC LIMIT 1") == [
        {"n_new": 0, "n_updated": 1, "n_unchanged": 1}
    ]
    # Both versions of the raw file are kept for reprocessing.
    assert sql(config, "SELECT count(*) AS n FROM documents WHERE location LIKE '%nb.txt'") == [{"n": 2}]


def test_changed_file_without_url_is_a_new_article(
    cli: Callable[..., CliResult], config: Path, dumps: Path, sql: Sql
) -> None:
    # Without a URL an article is known by its content, as the same text read twice must be one row.
    assert cli("--config", config, "run").code == 0
    (dumps / "de" / "radweg.md").write_text(DE_DUMP.replace("rund zwei Jahre", "rund drei Jahre"), encoding="utf-8")
    assert cli("--config", config, "run").code == 0
    assert sql(config, "SELECT count(*) AS n FROM articles WHERE lang = 'de'") == [{"n": 2}]


def test_same_article_in_two_files_is_one_row(
    cli: Callable[..., CliResult], config: Path, dumps: Path, sql: Sql
) -> None:
    (dumps / "copy.txt").write_text(NB_DUMP.replace("Ola 3 timer", "Kari 4 timer"), encoding="utf-8")
    assert cli("--config", config, "run").code == 0
    assert sql(config, "SELECT count(*) AS n FROM articles WHERE lang = 'nb'") == [{"n": 1}]


def test_bad_inputs_are_recorded_and_the_rest_is_stored(
    cli: Callable[..., CliResult], config: Path, dumps: Path, sql: Sql
) -> None:
    (dumps / "empty.txt").write_bytes(b"")
    (dumps / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (dumps / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = cli("--config", config, "run")
    assert result.code == 1
    for name, reason in (
        ("empty.txt", "empty file"),
        ("image.txt", "binary content"),
        ("menu.html", "no article text"),
    ):
        line = next(line for line in result.err.splitlines() if name in line)
        assert reason in line
    failures = sql(
        config,
        "SELECT regexp_extract(location, '[^/]+$') AS file, stage, error, run_id IS NOT NULL "
        "AS has_run FROM failures ORDER BY file",
    )
    assert [(f["file"], f["stage"]) for f in failures] == [
        ("empty.txt", "decode"),
        ("image.txt", "decode"),
        ("menu.html", "extract"),
    ]
    assert all(f["has_run"] for f in failures)
    assert sql(config, "SELECT count(*) AS n FROM articles") == [{"n": 2}]
    # Nothing read is lost: every file, good or bad, is kept as a document.
    assert sql(config, "SELECT count(*) AS n FROM documents") == [{"n": 5}]
    assert sql(config, "SELECT status, n_failed FROM runs") == [{"status": "completed", "n_failed": 3}]


STRAY_NUL_PAGE = """\
<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Hafen erweitert Fährterminal</title></head>
<body><nav><a href="/">Startseite</a> <a href="/lokales">Lokales</a></nav>
<article><h1>Hafen erweitert Fährterminal</h1>
<p>Der Hafen der Stadt erweitert sein Fährterminal um zwei Anleger, teilte die Hafenverwaltung am Dienstag mit.</p>
<img src="/bilder/terminal.jpg" width="600" height="100" alt="" />{nuls}
<p>Die Bauarbeiten beginnen im Herbst und sollen bis zum Sommer übernächsten Jahres abgeschlossen sein.</p>
<p>Nach Angaben der Verwaltung steigt die Zahl der Passagiere seit drei Jahren stetig an.</p>
</article><footer>© Hafenzeitung</footer></body></html>
"""


def test_page_with_a_few_stray_nul_bytes_is_stored(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], tmp_path: Path, sql: Sql
) -> None:
    # 1 in 1,171 real pages carries such a run; trafilatura reads past it.
    page = tmp_path / "hafen.html"
    page.write_bytes(STRAY_NUL_PAGE.replace("{nuls}", "\x00" * 22).encode("utf-8"))
    config = write_config()
    result = cli("--config", config, "ingest", page, "--no-translate")
    assert result.code == 0, result.err
    rows = sql(config, "SELECT lang, title, text FROM articles")
    assert [(r["lang"], r["title"]) for r in rows] == [("de", "Hafen erweitert Fährterminal")]
    assert rows[0]["text"].startswith("Der Hafen der Stadt erweitert sein Fährterminal")
    assert "Die Bauarbeiten beginnen im Herbst" in rows[0]["text"]
    assert sql(config, "SELECT count(*) AS n FROM failures") == [{"n": 0}]


def test_binary_file_named_html_is_still_refused(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], tmp_path: Path, sql: Sql
) -> None:
    rng = random.Random(17)
    page = tmp_path / "photo.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(20_000)))
    config = write_config()
    result = cli("--config", config, "ingest", page, "--no-translate")
    assert result.code == 1
    assert "photo.html" in result.err and "binary content" in result.err
    assert sql(config, "SELECT stage FROM failures") == [{"stage": "decode"}]
    assert sql(config, "SELECT count(*) AS n FROM articles") == [{"n": 0}]


def test_legacy_encoded_file_keeps_its_umlauts(
    cli: Callable[..., CliResult], config: Path, dumps: Path, sql: Sql
) -> None:
    (dumps / "de" / "radweg.md").write_bytes(DE_DUMP.encode("cp1252"))
    assert cli("--config", config, "run").code == 0
    rows = sql(config, "SELECT title, text FROM articles WHERE lang = 'de'")
    assert rows[0]["title"] == "Stadtrat beschließt neuen Radweg am Flussufer"
    assert "Frühjahr" in rows[0]["text"] and "?" not in rows[0]["text"]
    assert sql(config, "SELECT encoding FROM documents WHERE location LIKE '%radweg.md'") == [{"encoding": "cp1252"}]


def test_ingest_adhoc_paths_under_a_source_name(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], dumps: Path, sql: Sql
) -> None:
    config = write_config()
    result = cli("--config", config, "ingest", dumps / "nb.txt", "--source", "manual")
    assert result.code == 0, result.err
    assert sql(config, "SELECT source, lang FROM articles") == [{"source": "manual", "lang": "nb"}]


def test_ingest_missing_path_is_a_failure_naming_it(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    result = cli("--config", config, "ingest", tmp_path / "nowhere")
    assert result.code == 1
    assert "nowhere" in result.err and "no such file or folder" in result.err


def test_languages_get_their_translation_status(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], tmp_path: Path, sql: Sql
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "da.txt").write_text(
        "Regeringen fremlagde i dag sit forslag til finanslov. Finansministeren siger, at økonomien går bedre end "
        "ventet, og at arbejdsløsheden forbliver lav. Oppositionen mener dog, at kommunerne får for få penge, og at "
        "ældreplejen ikke får det løft, som blev lovet i valgkampen sidste efterår.\n",
        encoding="utf-8",
    )
    (folder / "en.txt").write_text(
        "The city council approved a new budget on Thursday after a debate that lasted almost ten hours. "
        "The majority secured more money for schools and elderly care, while public transport got less.\n",
        encoding="utf-8",
    )
    config = write_config(f'name = "mixed"\nkind = "files"\npath = "{folder}"')
    assert cli("--config", config, "run").code == 0
    assert sql(config, "SELECT lang, translation_status FROM articles ORDER BY lang") == [
        {"lang": "da", "translation_status": "unsupported"},
        {"lang": "en", "translation_status": "not_needed"},
    ]


def test_query_formats(cli: Callable[..., CliResult], config: Path) -> None:
    assert cli("--config", config, "run").code == 0
    query = "SELECT lang, count(*) AS n FROM articles GROUP BY lang ORDER BY lang"
    assert json.loads(cli("--config", config, "query", query, "--format", "json").out) == [
        {"lang": "de", "n": 1},
        {"lang": "nb", "n": 1},
    ]
    assert cli("--config", config, "query", query, "--format", "csv").out == "lang,n\nde,1\nnb,1\n"
    table = cli("--config", config, "query", query).out
    assert "lang" in table and "nb" in table


def test_query_is_read_only(cli: Callable[..., CliResult], config: Path, sql: Sql) -> None:
    assert cli("--config", config, "run").code == 0
    result = cli("--config", config, "query", "DELETE FROM articles")
    assert result.code == 2  # refused before it runs, as a usage error
    assert "read-only" in result.err.lower()
    assert sql(config, "SELECT count(*) AS n FROM articles") == [{"n": 2}]


def test_query_before_any_run_says_what_to_do(cli: Callable[..., CliResult], config: Path) -> None:
    result = cli("--config", config, "query", "SELECT 1")
    assert result.code == 1
    assert "no warehouse" in result.err and "newsflow run" in result.err


def test_status_shows_languages_runs_and_failures(cli: Callable[..., CliResult], config: Path, dumps: Path) -> None:
    (dumps / "empty.txt").write_bytes(b"")
    cli("--config", config, "run")
    out = cli("--config", config, "status").out
    for heading in ("articles", "last runs", "recent failures", "empty.txt", "pending"):
        assert heading in out


def test_config_errors_exit_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[warehouse]\npaht = 'x'\n", encoding="utf-8")
    result = cli("--config", bad, "status")
    assert result.code == 2
    assert "warehouse.paht" in result.err


def test_unknown_option_exits_2(cli: Callable[..., CliResult], config: Path) -> None:
    assert cli("--config", config, "query", "SELECT 1", "--format", "xml").code == 2
    assert cli("--config", config, "run", "--bogus").code == 2


def test_config_from_environment(cli: Callable[..., CliResult], config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_CONFIG", str(config))
    assert cli("run").code == 0
    assert cli("query", "SELECT count(*) AS n FROM articles", "--format", "json").out.count('"n": 2') == 1


def test_every_shipped_seed_is_ingested(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], sql: Sql
) -> None:
    config = write_config(f'name = "seeds"\nkind = "files"\npath = "{SEEDS}"')
    result = cli("--config", config, "run")
    assert result.code == 0, result.err
    files = [p for p in SEEDS.rglob("*") if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"]
    rows = sql(config, "SELECT lang, translation_status FROM articles")
    assert len(rows) == len(files) >= 8
    langs = {r["lang"] for r in rows}
    assert {"nb", "de", "en"} <= langs
    assert all(r["translation_status"] in ("pending", "not_needed", "unsupported") for r in rows)


@needs_shared(SHARED / "seeds")
def test_shared_seeds(cli: Callable[..., CliResult], write_config: Callable[..., Path], sql: Sql) -> None:
    config = write_config(f'name = "shared"\nkind = "files"\npath = "{SHARED / "seeds"}"')
    assert cli("--config", config, "run").code == 0
    rows = {r["lang"]: r for r in sql(config, "SELECT * FROM articles")}
    assert set(rows) == {"nb", "de"}
    de, nb = rows["de"], rows["nb"]
    assert de["title"].startswith("Die TikTok-Muttergesellschaft Bytedance gibt 23 Milliarden US-Dollar aus!")
    assert de["author"] == "energys@Rory"
    assert de["published_at"] == "2026-02-09T04:55:41"  # printed 05:55:41 without a zone: Berlin time
    assert nb["url"] == "https://znews.vn/cong-ty-me-tiktok-chi-14-ty-usd-cho-nvidia-post1615747.html"
    for junk in (
        "Kommentar",
        "vor Tagen",
        "Aktie:",
        "Etikett",
        "FB X YT IG",
        "Vorläufige Zusammenfassung",
        "Inhalt dieses Artikels",
        "Beliebte Inhalte",
        "Herausgeber von Blockchain",
    ):
        assert junk not in de["text"], junk
    for junk in ("![]()", "Foto:", "Bilde:", "Kilde:", "|"):
        assert junk not in nb["text"], junk
    assert de["text"].count("\n\n") >= 10
    assert nb["text"].count("\n\n") == 9


@pytest.mark.slow
def test_worker_processes_store_the_same_articles_as_threads(
    cli: Callable[..., CliResult], write_config: Callable[..., Path], sql: Sql
) -> None:
    # Batches of two, so every batch after the first goes to the two worker processes.
    results = []
    for workers in (1, 2):
        config = write_config(
            f'name = "seeds"\nkind = "files"\npath = "{SEEDS}"',
            extra=f"[orchestration]\nbatch_size = 2\nprocess_workers = {workers}\n",
            name=f"config-{workers}.toml",
        )
        config.write_text(config.read_text().replace("warehouse/news.duckdb", f"warehouse/w{workers}.duckdb"))
        assert cli("--config", config, "run").code == 0
        results.append(sql(config, "SELECT article_id, lang, title, text, content_hash FROM articles ORDER BY 1"))
    assert results[0] == results[1]
    assert len(results[0]) >= 8
