"""The DuckLake backend on a real PostgreSQL catalog: concurrent writers, readers that never wait,
moving a file warehouse in, search served from the local index."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.config import load_settings
from newsflow.records import BatchResult
from newsflow.warehouse.backends.configured import open_backend, open_reader
from newsflow.warehouse.writer import Writer
from tests.conftest import Cli
from tests.warehouse.conftest import NEWSFLOW, record_pair
from tests.warehouse.lake.pages import upsert_same_ids, write_pages

# Lakes of their own (PostgreSQL catalog, S3): the same in both passes, so the lake pass skips them.
pytestmark = pytest.mark.own_backend


# Empty in a warehouse that no model translated: claims, history and sentence pairs.
_UNTRANSLATED = ("translation_claims", "translation_history", "translation_segments")


def query(run_cli: Cli, config: Path, sql: str) -> list[dict[str, object]]:
    result = run_cli("-c", config, "query", sql, "--format", "json")
    assert result.code == 0, result.err
    rows: list[dict[str, object]] = json.loads(result.out)
    return rows


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_two_runs_at_once_storing_the_same_articles_keep_each_once(
    tmp_path: Path, pg_catalog: str, lake_config: Callable[..., Path], prefect_env: dict[str, str], run_cli: Cli
) -> None:
    # Both sources hold pages 0-29 (same canonical URLs, so the same article_ids); each has 10 of its own.
    write_pages(tmp_path / "a", range(0, 40))
    write_pages(tmp_path / "b", [*range(0, 30), *range(40, 50)])  # type: ignore[arg-type]
    sources = (
        '[[sources]]\nname = "a"\nkind = "files"\npath = "a"\n\n[[sources]]\nname = "b"\nkind = "files"\npath = "b"\n'
    )
    config = lake_config(pg_catalog, sources, batch_size=5)  # many small commits, interleaved

    runs = [
        subprocess.Popen(
            [*NEWSFLOW, "-c", str(config), "run", "--source", name],
            env=prefect_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [run.communicate(timeout=240)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    (articles,) = query(
        run_cli,
        config,
        "SELECT count(*) AS n, count(DISTINCT article_id) AS ids, count(DISTINCT url) AS urls FROM articles",
    )
    assert articles == {"n": 50, "ids": 50, "urls": 50}
    (documents,) = query(run_cli, config, "SELECT count(*) AS n, count(DISTINCT document_id) AS ids FROM documents")
    assert documents == {"n": 80, "ids": 80}
    runs_table = query(run_cli, config, "SELECT status, n_failed FROM runs ORDER BY run_id")
    assert runs_table == [{"status": "completed", "n_failed": 0}] * 2


def test_a_reader_sees_the_last_commit_while_a_writer_holds_a_transaction_open(
    pg_catalog: str, lake_config: Callable[..., Path], run_cli: Cli
) -> None:
    settings = load_settings(lake_config(pg_catalog)).warehouse
    doc, art = record_pair(1, "en", "Harbour opens", "The new harbour opened on Monday morning.", None)
    with Writer(open_backend(settings), "test") as writer:
        writer.store_batch(writer.start_run("ingest", {}), BatchResult([doc], [art], []))
    writing = open_backend(settings)
    try:
        writing.run(lambda con: con.execute("SELECT 1"))  # connected and migrated
        con = writing._connection()  # a transaction left open by a writer in the middle of a batch
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM articles")
        with open_reader(settings) as reader:
            assert reader.execute("SELECT title FROM articles").fetchall() == [("Harbour opens",)]
        con.execute("COMMIT")
        with open_reader(settings) as reader:
            assert reader.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]
            # Time travel: the snapshot before the delete still has the article.
            version = reader.execute("SELECT max(snapshot_id) - 1 FROM ducklake_snapshots('lake')").fetchone()
            assert version is not None
            old = reader.execute(f"SELECT title FROM articles AT (VERSION => {int(version[0])})").fetchall()
            assert old == [("Harbour opens",)]
    finally:
        writing.close()


def test_query_on_a_lake_reads_its_parquet_and_snapshots_but_no_file_outside_it(
    pg_catalog: str, lake_config: Callable[..., Path], run_cli: Cli, tmp_path: Path
) -> None:
    config = lake_config(pg_catalog)
    settings = load_settings(config).warehouse
    pairs = [record_pair(i, "en", f"Tide table {i}", f"High tide {i} at noon.", None) for i in range(2)]
    with Writer(open_backend(settings), "test") as writer:
        for doc, art in pairs:
            writer.store_batch(writer.start_run("ingest", {}), BatchResult([doc], [art], []))
    (tmp_path / "people.csv").write_text("name\nada\n", encoding="utf-8")
    version = query(run_cli, config, "SELECT max(snapshot_id) - 1 AS v FROM ducklake_snapshots('lake')")[0]["v"]
    assert query(run_cli, config, f"SELECT count(*) AS n FROM articles AT (VERSION => {version})") == [{"n": 1}]
    assert query(run_cli, config, "SELECT count(*) AS n FROM articles") == [{"n": 2}]
    csv = f"SELECT name FROM read_csv('{tmp_path / 'people.csv'}')"
    refused = run_cli("-c", config, "query", csv)
    assert (refused.code, refused.err) == (
        2,
        "error: query refused: read-only: table function read_csv() is not allowed without --allow-files\n",
    )
    allowed = run_cli("-c", config, "query", csv, "--allow-files", "--format", "csv")
    assert (allowed.code, allowed.out) == (0, "name\nada\n")


def test_migrate_moves_a_file_warehouse_into_the_lake_and_checks_counts(
    filled_file: Path, pg_catalog: str, lake_config: Callable[..., Path], run_cli: Cli
) -> None:
    config = lake_config(pg_catalog)
    result = run_cli("-c", config, "warehouse", "migrate", "--to", "ducklake", "--from", filled_file)
    assert result.code == 0, result.err
    assert "counts checked" in result.out
    assert query(run_cli, config, "SELECT count(*) AS n FROM articles") == [{"n": 5}]
    assert query(run_cli, config, "SELECT count(*) AS n FROM articles_en WHERE translation_status = 'translated'") == [
        {"n": 2}
    ]
    again = run_cli("-c", config, "warehouse", "migrate", "--to", "ducklake", "--from", filled_file)
    assert again.code == 1 and "not empty" in again.err


def test_search_on_a_lake_finds_articles_stored_after_the_last_refresh(
    pg_catalog: str, lake_config: Callable[..., Path], run_cli: Cli
) -> None:
    config = lake_config(pg_catalog)
    settings = load_settings(config).warehouse
    pairs = [
        record_pair(1, "en", "Lighthouse keeper retires", "The last lighthouse keeper retired.", None),
        record_pair(2, "en", "Ferry strike ends", "The ferry strike ended after two days.", None),
    ]
    with Writer(open_backend(settings), "test") as writer:
        writer.store_batch(writer.start_run("ingest", {}), BatchResult([pairs[0][0]], [pairs[0][1]], []))
        assert writer.refresh_search_index()
        writer.store_batch(writer.start_run("ingest", {}), BatchResult([pairs[1][0]], [pairs[1][1]], []))
    found = run_cli("-c", config, "search", "ferry", "--format", "json")
    assert found.code == 0, found.err
    assert [hit["title"] for hit in json.loads(found.out)] == ["Ferry strike ends"]


def test_config_refuses_a_password_in_the_catalog(tmp_path: Path, lake_config: Callable[..., Path]) -> None:
    from newsflow.config import ConfigError

    config = lake_config("postgres:host=db dbname=news user=newsflow password=secret")
    with pytest.raises(ConfigError, match="PGPASSWORD"):
        load_settings(config)


@pytest.mark.parametrize("catalog_kind", ["sqlite", "postgres"])
@pytest.mark.slow
def test_two_writers_upserting_the_same_article_ids_at_once_store_each_once(
    tmp_path: Path, catalog_kind: str, request: pytest.FixtureRequest, lake_config: Callable[..., Path]
) -> None:
    catalog = request.getfixturevalue("pg_catalog") if catalog_kind == "postgres" else f"sqlite:{tmp_path}/c.sqlite"
    settings = load_settings(lake_config(catalog)).warehouse

    # Two processes, as two `newsflow run` would be (threads of one process share one backend instead).
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.starmap(upsert_same_ids, [(settings, "a"), (settings, "b")])
    with open_reader(settings) as con:
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall() == [(60, 60)]
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(120,)]


STORY = """\
Stadtrat beschließt neuen Radweg am Flussufer

Der Stadtrat hat am Mittwoch mit großer Mehrheit den Bau eines neuen Radwegs entlang des Flussufers beschlossen.
Die Arbeiten sollen im Frühjahr beginnen und rund zwei Jahre dauern, teilte die Verwaltung mit.
Anwohner hatten sich seit Jahren für eine sichere Verbindung zwischen Altstadt und Bahnhof eingesetzt.
Die Kosten von rund vier Millionen Euro teilen sich die Stadt und das Land, hieß es weiter aus dem Rathaus.
"""


@pytest.mark.slow
def test_migrate_moves_every_table_and_a_copy_ingested_after_joins_its_story(
    tmp_path: Path, pg_catalog: str, lake_config: Callable[..., Path], cli: Cli
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "radweg.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "kurz.txt").write_text(STORY.replace("Flussufer", "Fluss", 1), encoding="utf-8")
    file_db = tmp_path / "file" / "news.duckdb"
    file_config = tmp_path / "file.toml"
    file_config.write_text(
        f'[warehouse]\npath = "{file_db}"\n\n[translation]\nmodels_dir = "{tmp_path / "no-models"}"\n', encoding="utf-8"
    )
    assert cli("-c", file_config, "ingest", tmp_path / "in").code == 0
    lake = lake_config(pg_catalog)
    moved = cli("-c", lake, "warehouse", "migrate", "--to", "ducklake", "--from", file_db)
    assert moved.code == 0, moved.err

    settings = load_settings(lake).warehouse
    with open_reader(settings) as con:
        con.execute(f"ATTACH '{file_db}' AS file (READ_ONLY)")
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'file' AND schema_name = 'main' "
                "AND table_name <> 'schema_version' ORDER BY 1"
            ).fetchall()
        ]
        assert tables == [
            "articles", "documents", "failures", "runs", "search_de", "search_en", "search_index_state",
            "search_nb", "story_keys", "story_signatures", "translation_claims", "translation_history",
            "translation_segments",
        ]  # fmt: skip
        for table in tables:
            in_file = con.execute(f"SELECT count(*) FROM file.{table}").fetchone()
            assert (in_file and in_file[0] > 0) or table in ("failures", "search_en", "search_nb", *_UNTRANSLATED), (
                table
            )
            differ = con.execute(
                f"SELECT count(*) FROM ((FROM file.{table} EXCEPT ALL FROM lake.{table}) "
                f"UNION ALL (FROM lake.{table} EXCEPT ALL FROM file.{table}))"
            ).fetchone()
            assert differ == (0,), table
        (story,) = con.execute("SELECT DISTINCT story_id FROM articles").fetchall()
    assert "story_keys" in moved.out and "search_index_state" in moved.out

    # A third copy of the story, ingested into the lake after the move, joins the moved ones.
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "kopie.txt").write_text(STORY.replace("Mittwoch", "Dienstag"), encoding="utf-8")
    assert cli("-c", lake, "ingest", tmp_path / "later").code == 0
    assert query(cli, lake, "SELECT count(*) AS n, count(DISTINCT story_id) AS stories FROM articles") == [
        {"n": 3, "stories": 1}
    ]
    assert query(cli, lake, "SELECT DISTINCT story_id FROM articles") == [{"story_id": story[0]}]
    found = cli("-c", lake, "search", "Radweg", "--lang", "original", "--format", "json")
    assert found.code == 0, found.err
    assert len(json.loads(found.out)) == 3


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_translate_runs_at_once_on_a_lake_translate_each_article_once(
    tmp_path: Path, lake_config: Callable[..., Path], prefect_env: dict[str, str], run_cli: Cli
) -> None:
    from newsflow.config import TranslationSettings
    from newsflow.translation.models import import_model
    from tests.support.argos_model import build_argosmodel

    models = tmp_path / "models"
    import_model(build_argosmodel(tmp_path / "build", "de", "en"), TranslationSettings(models_dir=models))
    write_pages(tmp_path / "a", range(0, 60))  # 20 German articles (the tiny model's language), 40 others
    config = lake_config(
        f"sqlite:{tmp_path / 'catalog.sqlite'}",
        '[[sources]]\nname = "a"\nkind = "files"\npath = "a"\n',
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(tmp_path / "no-models"), str(models)), encoding="utf-8"
    )
    ingest = subprocess.run(
        [*NEWSFLOW, "-c", str(config), "run", "--no-translate"], env=prefect_env, capture_output=True, text=True
    )
    assert ingest.returncode == 0, ingest.stderr
    runs = [
        subprocess.Popen(
            [*NEWSFLOW, "-c", str(config), "translate"],
            env=prefect_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=480)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    (translated,) = query(run_cli, config, "SELECT count(*) AS n FROM articles WHERE translation_status = 'translated'")
    assert translated == {"n": 20}
    (counted,) = query(run_cli, config, "SELECT sum(n_translated)::INT AS n FROM runs WHERE flow = 'translate'")
    assert counted == translated
    # The lake's history: every translation is an update that sets translated_at; each article got one.
    with open_reader(load_settings(config).warehouse) as con:
        last = con.execute("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')").fetchone()
        assert last is not None
        translations = con.execute(
            "SELECT article_id, count(DISTINCT translated_at) AS times FROM ducklake_table_changes("
            "'lake', 'main', 'articles', 0, ?) WHERE change_type = 'update_postimage' AND translated_at IS NOT NULL "
            "GROUP BY article_id",
            [last[0]],
        ).fetchall()
    assert len(translations) == 20
    assert {times for _, times in translations} == {1}
    assert query(run_cli, config, "SELECT count(*) AS n FROM translation_claims") == [{"n": 0}]
