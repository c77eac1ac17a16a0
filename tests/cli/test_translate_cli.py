"""Translation through the CLI: a missing model leaves articles pending, importing one translates them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, Sql
from tests.support.argos_model import build_argosmodel

DE_ARTICLE = """\
Neuer Radweg am Fluss

Von Max Mustermann | 12. März 2026, 10:42 Uhr

Der Stadtrat hat am Mittwoch den Bau eines neuen Radwegs beschlossen. Die Arbeiten beginnen im Frühjahr.

Die Verwaltung rechnet mit zwei Jahren Bauzeit. Anwohner hatten lange dafür gekämpft.

Der Radweg soll Altstadt und Bahnhof verbinden.
"""
NB_ARTICLE = """\
Ny bro åpner i Tromsø

Av Ola Nordmann

Den nye brua over sundet åpner for trafikk fredag, to måneder før planen, melder kommunen.

Brua har gang- og sykkelvei på begge sider og skal gi kortere reisetid for mange pendlere.
"""


@pytest.fixture(scope="module")
def de_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A tiny real package whose generated weights copy the input: translations are checkable exactly.
    return build_argosmodel(tmp_path_factory.mktemp("de_model"), "de", "en")


@pytest.fixture
def config(write_config: Callable[..., Path], tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "de.txt").write_text(DE_ARTICLE, encoding="utf-8")
    (folder / "nb.txt").write_text(NB_ARTICLE, encoding="utf-8")
    return write_config(f'name = "local"\nkind = "files"\npath = "{folder}"')


def test_missing_model_leaves_articles_pending_then_translate_fills_text_en(
    cli: Callable[..., CliResult], config: Path, de_model: Path, sql: Sql
) -> None:
    assert cli("--config", config, "run").code == 0
    assert sql(config, "SELECT lang, translation_status, text_en FROM articles ORDER BY lang") == [
        {"lang": "de", "translation_status": "pending", "text_en": None},
        {"lang": "nb", "translation_status": "pending", "text_en": None},
    ]
    imported = cli("--config", config, "models", "import", de_model)
    assert imported.code == 0, imported.err
    assert "imported" in imported.out
    listed = cli("--config", config, "models", "list").out
    assert "de" in listed and "no model for: nb" in listed

    result = cli("--config", config, "translate")
    assert result.code == 0, result.err
    (de,) = sql(config, "SELECT * FROM articles WHERE lang = 'de'")
    assert de["translation_status"] == "translated"
    assert de["translation_model"].startswith("translate-de_en")
    # The synthetic model copies its input (letters outside its tiny vocabulary become blanks),
    # so the English text mirrors the original paragraph by paragraph.
    assert len(de["text_en"].split("\n\n")) == len(de["text"].split("\n\n")) == 3
    assert de["text_en"].startswith("Der Stadtrat hat am Mittwoch den Bau eines neuen Radwegs beschlossen.")
    assert de["title"] == "Neuer Radweg am Fluss"
    assert len(de["title_en"].split()) == 4
    (nb,) = sql(config, "SELECT translation_status, text_en FROM articles WHERE lang = 'nb'")
    assert nb == {"translation_status": "pending", "text_en": None}
    runs = sql(config, "SELECT flow, status, n_translated FROM runs ORDER BY started_at")
    assert runs[-1] == {"flow": "translate", "status": "completed", "n_translated": 1}


def test_ingest_translates_what_it_can_right_away(
    cli: Callable[..., CliResult], config: Path, de_model: Path, sql: Sql
) -> None:
    assert cli("--config", config, "models", "import", de_model).code == 0
    result = cli("--config", config, "run")
    assert result.code == 0, result.err
    assert sql(config, "SELECT lang, translation_status FROM articles ORDER BY lang") == [
        {"lang": "de", "translation_status": "translated"},
        {"lang": "nb", "translation_status": "pending"},
    ]
    assert sql(config, "SELECT n_translated FROM runs") == [{"n_translated": 1}]


def test_importing_a_broken_file_is_refused_with_its_name(
    cli: Callable[..., CliResult], config: Path, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = cli("--config", config, "models", "import", bogus)
    assert result.code == 1
    assert "bogus.argosmodel" in result.err
    assert "no model for: nb, de" in cli("--config", config, "models", "list").out
