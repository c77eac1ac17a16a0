"""Stories: near-duplicate articles across sources share a story_id; different stories on one topic do not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from newsflow.articles import minhash as stories
from newsflow.records import BatchResult
from newsflow.warehouse.stores import story_links
from newsflow.warehouse.stores.translation_queue import TranslationRow
from newsflow.warehouse.writer import Writer
from tests.support.backend import backend_for, file_only, reader
from tests.warehouse.conftest import record_pair

WIRE = (
    "Regjeringen foreslår å øke barnetrygden med 300 kroner i måneden fra neste år. Forslaget kommer i "
    "statsbudsjettet som legges fram torsdag, opplyser Finansdepartementet.\n\n"
    "Økningen gjelder alle barn under 18 år og vil koste staten rundt 3,6 milliarder kroner i året.\n\n"
    "– Dette er et løft for barnefamiliene, som har merket de høye prisene på mat og strøm, sier finansministeren.\n\n"
    "Opposisjonen mener økningen er for liten og kommer for sent. Stortinget skal behandle budsjettet i løpet av høsten."
)
# The same wire copy as a second outlet runs it: a dateline, a sentence dropped, words changed, a local line added.
EDITED = (
    "OSLO (NTB): Regjeringen foreslår å øke barnetrygden med 300 kroner hver måned fra neste år. Forslaget kommer i "
    "statsbudsjettet som legges fram torsdag, opplyser Finansdepartementet.\n\n"
    "Økningen gjelder alle barn under 18 år og vil koste staten om lag 3,6 milliarder kroner i året.\n\n"
    "– Dette er et løft for barnefamiliene, som har merket de høye prisene på mat og strøm, sier finansministeren.\n\n"
    "I Bergen får rundt 40 000 familier mer utbetalt."
)
# A different story on the same topic, the same day: the same names and words, other sentences.
SAME_TOPIC = (
    "Barnefamiliene i Bergen har lenge ventet på en økning i barnetrygden. Torsdag legger regjeringen fram "
    "statsbudsjettet, og finansministeren har lovet et løft.\n\n"
    "– Vi merker prisene på mat og strøm hver eneste uke, sier Kari Nilsen, som har tre barn under 18 år.\n\n"
    "Økonomer mener at 300 kroner i måneden ikke er nok til å dekke prisveksten. Opposisjonen vil ha en større "
    "økning allerede fra nyttår."
)


def test_an_edited_wire_copy_is_similar_and_a_story_on_the_same_topic_is_not() -> None:
    wire, edited, other = (stories.fingerprint(t) for t in (WIRE, EDITED, SAME_TOPIC))
    assert wire and edited and other
    assert stories.similarity(wire.signature, edited.signature) >= stories.THRESHOLD
    assert stories.similarity(wire.signature, other.signature) < 0.1
    assert set(enumerate(wire.keys)) & set(enumerate(edited.keys))  # found as candidates by a band key


def test_texts_too_short_to_compare_have_no_fingerprint() -> None:
    assert stories.fingerprint("Kort melding om været i dag.") is None


def _store(db: Path, *pairs: tuple) -> None:
    with Writer(backend_for(db), "test") as writer:
        run_id = writer.start_run("ingest", {})
        writer.store_batch(run_id, BatchResult([d for d, _ in pairs], [a for _, a in pairs]))


def _story_of(db: Path) -> dict[str, str]:
    with reader(db) as con:
        return dict(con.execute("SELECT source, story_id FROM articles").fetchall())


def test_copies_across_sources_share_a_story_found_incrementally(db_path: Path) -> None:
    first = record_pair(1, "nb", "Barnetrygden økes", WIRE, None, source="nrk")
    _store(db_path, first)
    # later runs: the edited copy finds the stored story by its band keys; the other story stays apart
    _store(db_path, record_pair(2, "nb", "Mer i barnetrygd", EDITED, None, source="bt"))
    _store(db_path, record_pair(3, "nb", "Venter på budsjettet", SAME_TOPIC, None, source="ba"))
    story = _story_of(db_path)
    assert story["nrk"] == story["bt"] == first[1].article_id  # the id of the story's first-seen article
    assert story["ba"] not in (story["nrk"], "")
    with reader(db_path) as con:
        assert con.execute("SELECT count(*) FROM story_keys").fetchone() == (3 * stories.BANDS,)
        view = con.execute(
            "SELECT sources, languages, articles FROM stories WHERE story_id = ?", [story["nrk"]]
        ).fetchall()
    assert view == [(["bt", "nrk"], ["nb"], 2)]


def test_linking_into_a_large_story_compares_a_bounded_number_of_pairs(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 150 updates of one developing story: the wire text plus one numbered sentence each.
    updates = [
        record_pair(i, "nb", f"Barnetrygden økes ({i})", f"{WIRE}\n\nOppdatert melding nummer {i} fra NTB.", None)
        for i in range(151)
    ]
    for start in range(0, 150, 50):
        _store(db_path, *updates[start : start + 50])
    compared = []
    similarity = stories.similarity
    monkeypatch.setattr(stories, "similarity", lambda a, b: compared.append(1) or similarity(a, b))
    _store(db_path, updates[150])
    assert len(compared) <= story_links.SAMPLE_PER_STORY  # not one per stored member (150 before)
    with reader(db_path) as con:
        assert con.execute("SELECT count(DISTINCT story_id), count(*) FROM articles").fetchone() == (1, 151)
        query = "SELECT max(n) FROM (SELECT count(*) AS n FROM story_keys GROUP BY space, band, key)"
        assert con.execute(query).fetchone()[0] <= story_links.BUCKET_MEMBERS


def test_the_stories_view_names_a_story_by_its_first_english_title(db_path: Path) -> None:
    first, second = (
        record_pair(i, "nb", "Barnetrygden økes", WIRE, None, source=s) for i, s in ((1, "nrk"), (2, "vg"))
    )
    _store(db_path, first)
    _store(db_path, second)
    with Writer(backend_for(db_path), "test") as writer:
        run_id = writer.start_run("translate", {})
        writer.store_translations(
            run_id, [TranslationRow(second[1].article_id, "Child benefit to rise", "Child benefit rises.", "m")], []
        )
    with reader(db_path) as con:
        rows = con.execute("SELECT story_id, title_en, articles FROM stories").fetchall()
    assert rows == [(first[1].article_id, "Child benefit to rise", 2)]


def test_exact_duplicates_in_two_sources_stay_two_rows_under_one_story(db_path: Path) -> None:
    _store(
        db_path,
        record_pair(1, "nb", "Barnetrygden økes", WIRE, None, source="nrk"),
        record_pair(2, "nb", "Barnetrygden økes", WIRE, None, source="vg"),
    )
    story = _story_of(db_path)
    assert len(story) == 2 and story["nrk"] == story["vg"]


def test_articles_in_two_languages_meet_through_their_english_text(db_path: Path) -> None:
    nb = record_pair(1, "nb", "Barnetrygden økes", WIRE, None, source="nrk")
    de = record_pair(
        2,
        "de",
        "Norwegen erhöht das Kindergeld",
        "Die norwegische Regierung will das Kindergeld erhöhen. " * 5,
        None,
        source="dpa",
    )
    _store(db_path, nb, de)
    assert len(set(_story_of(db_path).values())) == 2  # different languages: nothing to compare yet
    english = (
        "The government proposes to raise child benefit by 300 kroner a month from next year. The proposal is part "
        "of the state budget to be presented on Thursday, the Ministry of Finance says. The increase applies to all "
        "children under 18 and will cost the state around 3.6 billion kroner a year."
    )
    with Writer(backend_for(db_path), "test") as writer:
        run_id = writer.start_run("translate", {})
        writer.store_translations(
            run_id,
            [
                TranslationRow(nb[1].article_id, "Child benefit to rise", english, "m"),
                TranslationRow(de[1].article_id, "Norway raises child benefit", english.replace("says", "said"), "m"),
            ],
            [],
        )
    story = _story_of(db_path)
    assert story["nrk"] == story["dpa"]
    with reader(db_path) as con:
        row = con.execute("SELECT languages, articles FROM stories").fetchall()
    assert row == [(["de", "nb"], 2)]


@file_only  # upgrades a file written before migration 003
def test_a_warehouse_from_before_stories_gives_each_stored_article_its_own_story(db_path: Path) -> None:
    from newsflow.warehouse.backends.duckdb_file import write_connection
    from newsflow.warehouse.schema_migrations import migrations

    db_path.parent.mkdir(parents=True)
    with duckdb.connect(str(db_path)) as con:  # schema version 2, as warehouses were before migration 003
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        for migration in migrations()[:2]:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [migration.version, migration.name]
            )
        con.execute(
            "INSERT INTO articles (article_id, source, location, document_id, lang, lang_confidence, text, "
            "translation_status, content_hash, first_seen_at, updated_at) "
            "VALUES ('old1', 'nrk', 'l', 'd', 'nb', 0.9, 'Tekst', 'pending', 'h', now(), now())"
        )
    with write_connection(db_path) as con:
        assert con.execute("SELECT story_id, published_raw, lang_method FROM articles").fetchall() == [
            ("old1", None, None)
        ]
        assert con.execute("SELECT story_id, sources, articles FROM stories").fetchall() == [("old1", ["nrk"], 1)]
