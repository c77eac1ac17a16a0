"""`newsflow show`: an article found by search, in English, in the original and sentence by sentence;
`translate --upgrade` keeping the replaced English."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, Sql
from tests.support.argos_model import build_argosmodel

DE_ARTICLE = """\
Neuer Radweg am Fluss

Der Stadtrat hat am Mittwoch den Bau eines neuen Radwegs beschlossen. Die Arbeiten beginnen im Frühjahr.

Mehr unter www.stadt-beispiel.de heute.
"""


@pytest.fixture(scope="module")
def de_models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("de_models")
    return build_argosmodel(folder, "de", "en"), build_argosmodel(folder, "de", "en", package_version="1.1")


@pytest.fixture
def config(
    write_config: Callable[..., Path], tmp_path: Path, cli: Callable[..., CliResult], de_models: tuple[Path, Path]
) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "de.txt").write_text(DE_ARTICLE, encoding="utf-8")
    path = write_config(f'name = "local"\nkind = "files"\npath = "{folder}"')
    assert cli("--config", path, "models", "import", de_models[0]).code == 0
    result = cli("--config", path, "run")
    assert result.code == 0, result.err
    return path


def _search_id(cli: Callable[..., CliResult], config: Path) -> str:
    found = cli("--config", config, "search", "Stadtrat", "--format", "csv")
    assert found.code == 0, found.err
    return found.out.splitlines()[1].split(",")[0]


def test_show_prints_the_article_found_by_search_in_english(cli: Callable[..., CliResult], config: Path) -> None:
    article_id = _search_id(cli, config)
    shown = cli("--config", config, "show", article_id[:10])
    assert shown.code == 0, shown.err
    assert f"id         {article_id}" in shown.out
    assert "source     local" in shown.out
    assert "language   de" in shown.out
    assert "translation translated by translate-de_en 1.0, score -" in shown.out
    assert "alarms: untranslated" in shown.out  # the copy model leaves German as it is
    assert "story      " in shown.out and "(no other versions)" in shown.out
    # The tiny model writes unknown letters as ⁇, so the English is the German with holes.
    assert "Der Stadtrat hat am Mittwoch" in shown.out


def test_show_original_and_unknown_ids(cli: Callable[..., CliResult], config: Path) -> None:
    article_id = _search_id(cli, config)
    shown = cli("--config", config, "show", article_id, "--original")
    assert shown.code == 0, shown.err
    assert "Mehr unter www.stadt-beispiel.de heute." in shown.out
    missing = cli("--config", config, "show", "ffffffffff")
    assert missing.code == 1 and "no article 'ffffffffff'" in missing.err
    both = cli("--config", config, "show", article_id, "--original", "--side-by-side")
    assert both.code == 2


def test_show_side_by_side_marks_flagged_sentences(cli: Callable[..., CliResult], config: Path) -> None:
    shown = cli("--config", config, "show", _search_id(cli, config), "--side-by-side")
    assert shown.code == 0, shown.err
    assert re.search(r"⚑2\.1\s+Mehr unter", shown.out)  # paragraph 2, sentence 1: its URL lost
    assert "⚑ missing_url" in shown.out
    assert "4 sentences, 2 flagged (⚑)" in shown.out


def test_translate_upgrade_keeps_the_replaced_english(
    cli: Callable[..., CliResult], config: Path, de_models: tuple[Path, Path], sql: Sql
) -> None:
    (before,) = sql(config, "SELECT text_en FROM articles")
    assert cli("--config", config, "models", "import", de_models[1]).code == 0
    result = cli("--config", config, "translate", "--upgrade")
    assert result.code == 0, result.err
    assert sql(config, "SELECT translation_model FROM articles") == [{"translation_model": "translate-de_en 1.1"}]
    assert sql(config, "SELECT text_en, model, reason FROM translation_history") == [
        {"text_en": before["text_en"], "model": "translate-de_en 1.0", "reason": "retranslated"}
    ]
