"""Checkable translations in the warehouse: sentence pairs that rebuild text_en, alarms in review order, and
every replaced translation kept in translation_history (re-translation, --upgrade, a changed text)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsflow.config import Settings, TranslationSettings
from newsflow.records import BatchResult
from newsflow.translation.models import import_model
from newsflow.translation.pending import translate_pending
from newsflow.translation.segments import Segment, assemble
from newsflow.warehouse.writer import Writer
from tests.support.argos_model import build_argosmodel, generate_sentences
from tests.support.backend import backend_for, reader, settings_for
from tests.warehouse.conftest import record_pair

S = generate_sentences(8, "de", seed=5)
TEXTS = [
    ("Erster Artikel", f"{S[0]} {S[1]}\n{S[2]}\n\n{S[3]}"),
    ("Zweiter Artikel", f"{S[4]}\n\n{S[5]} Mehr unter www.xyz.de heute."),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("packages")
    return build_argosmodel(folder, "de", "en"), build_argosmodel(folder, "de", "en", package_version="1.1")


def _settings(db: Path, models: Path, review_below: float = -1.0) -> Settings:
    translation = TranslationSettings(models_dir=models, inter_threads=1, intra_threads=1, review_below=review_below)
    return Settings(None, settings_for(db), translation=translation)


def _ingest(db: Path, texts: list[tuple[str, str]]) -> list[str]:
    pairs = [record_pair(i, "de", title, text, None) for i, (title, text) in enumerate(texts)]
    with Writer(backend_for(db), "test") as writer:
        writer.store_batch(writer.start_run("ingest", {}), BatchResult([d for d, _ in pairs], [a for _, a in pairs]))
    return [a.article_id for _, a in pairs]


def _translate(db: Path, settings: Settings, upgrade: bool = False) -> int:
    with Writer(backend_for(db), "test") as writer:
        return translate_pending(writer, settings, writer.start_run("translate", {}), upgrade=upgrade).translated


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with reader(db) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def translated(tmp_path: Path, packages: tuple[Path, Path]) -> tuple[Path, Settings, list[str]]:
    db, models = tmp_path / "wh" / "news.duckdb", tmp_path / "models"
    settings = _settings(db, models, review_below=0.0)  # every sentence of the tiny model is below 0
    import_model(packages[0], settings.translation)
    ids = _ingest(db, TEXTS)
    assert _translate(db, settings) == 2
    return db, settings, ids


def test_segments_rebuild_the_stored_english_exactly(translated: tuple[Path, Settings, list[str]]) -> None:
    db, _, ids = translated
    for article_id in ids:
        rows = _rows(
            db,
            "SELECT field, paragraph, line, position, original, english, score, tokens, flags FROM "
            f"translation_segments WHERE article_id = '{article_id}'",
        )
        segments = [Segment(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8])) for r in rows]  # type: ignore[arg-type]
        ((title_en, text_en),) = _rows(db, f"SELECT title_en, text_en FROM articles WHERE article_id = '{article_id}'")
        assert assemble(s for s in segments if s.field == "title") == title_en
        assert assemble(s for s in segments if s.field == "text") == text_en
    assert _rows(db, f"SELECT field, position, original FROM bilingual WHERE article_id = '{ids[0]}' LIMIT 3") == [
        ("title", 0, "Erster Artikel"),
        ("text", 0, S[0]),
        ("text", 1, S[1]),
    ]


def test_scores_and_alarms_are_stored_and_reviewed_worst_first(translated: tuple[Path, Settings, list[str]]) -> None:
    db, _, ids = translated
    articles = dict(_rows(db, "SELECT article_id, translation_flags FROM articles"))
    assert set(articles[ids[1]]) >= {"untranslated", "missing_url", "low_score"}
    review = _rows(db, "SELECT article_id, translation_score, score, flags FROM translation_review")
    assert len(review) == len(_rows(db, "SELECT * FROM translation_segments"))  # review_below = 0: all flagged
    article_scores = [r[1] for r in review]
    assert article_scores == sorted(article_scores)
    first_article = [r[2] for r in review if r[0] == review[0][0]]
    assert first_article == sorted(first_article)


def test_upgrade_retranslates_older_models_and_keeps_the_old_english(
    translated: tuple[Path, Settings, list[str]], packages: tuple[Path, Path]
) -> None:
    db, settings, ids = translated
    before = dict(_rows(db, "SELECT article_id, text_en FROM articles"))
    assert _translate(db, settings, upgrade=True) == 0  # nothing newer installed
    import_model(packages[1], settings.translation)
    assert _translate(db, settings, upgrade=True) == 2
    assert _rows(db, "SELECT DISTINCT translation_model FROM articles") == [("translate-de_en 1.1",)]
    history = _rows(db, "SELECT article_id, text_en, model, reason FROM translation_history ORDER BY article_id")
    assert history == sorted((i, before[i], "translate-de_en 1.0", "retranslated") for i in ids)
    assert _rows(db, "SELECT DISTINCT model FROM translation_segments") == [("translate-de_en 1.1",)]
    assert _translate(db, settings, upgrade=True) == 0  # now up to date


def test_a_changed_original_keeps_its_old_translation_in_history(
    translated: tuple[Path, Settings, list[str]],
) -> None:
    db, settings, ids = translated
    ((old,),) = _rows(db, f"SELECT text_en FROM articles WHERE article_id = '{ids[0]}'")
    _ingest(db, [(TEXTS[0][0], S[6]), TEXTS[1]])  # the first article's text changed (reprocess, an update)
    assert _rows(db, f"SELECT text_en, translation_status FROM articles WHERE article_id = '{ids[0]}'") == [
        (None, "pending")
    ]
    assert _rows(db, "SELECT article_id, text_en, reason FROM translation_history") == [(ids[0], old, "text changed")]
    assert _rows(db, f"SELECT count(*) FROM translation_segments WHERE article_id = '{ids[0]}'") == [(0,)]
    assert _translate(db, replace(settings)) == 1
    assert _rows(db, f"SELECT text_en FROM articles WHERE article_id = '{ids[0]}'") == [(S[6],)]
