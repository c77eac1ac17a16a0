"""`newsflow init [DIR]`: a project a wheel's user can run at once, and never a config overwritten."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.config import load_settings
from tests.conftest import CliResult

# The config init writes names its own backend (a DuckDB file under warehouse/): the lake pass would repeat this.
pytestmark = pytest.mark.own_backend

SAMPLE_TITLE = "Biblioteket i Lillevik holder åpent på lørdager fra mars"


def test_init_writes_a_config_a_warehouse_folder_and_an_inbox_with_one_article(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    project = tmp_path / "news"
    result = run_cli("init", project)
    assert result.code == 0, result.err
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == [
        "config.toml",
        "inbox",
        "inbox/nb_bibliotek_lordagsapent.txt",
        "warehouse",
    ]
    text = (project / "config.toml").read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # relative paths only: the folder can be moved or shared
    raw = tomllib.loads(text)
    assert raw["warehouse"]["path"] == "warehouse/news.duckdb"
    assert raw["sources"] == [{"name": "inbox", "kind": "files", "path": "inbox"}]
    settings = load_settings(str(project / "config.toml"))
    assert settings.warehouse.path == project / "warehouse" / "news.duckdb"
    assert settings.sources[0].path == project / "inbox"


def test_run_works_in_the_folder_init_wrote_with_no_other_file(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", tmp_path).code == 0
    monkeypatch.chdir(tmp_path)  # no --config, no $NEWSFLOW_CONFIG: ./config.toml is found

    result = cli("run")
    assert result.code == 0, result.err

    rows = cli("query", "SELECT source, lang, title FROM articles", "--format", "csv")
    assert rows.code == 0, rows.err
    assert rows.out.splitlines() == ["source,lang,title", f"inbox,nb,{SAMPLE_TITLE}"]


def test_init_refuses_to_overwrite_a_config_in_one_line_with_exit_2(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# mine\n", encoding="utf-8")

    result = run_cli("init", tmp_path)
    assert result.code == 2
    assert result.err == f"error: {config} exists already: not overwriting it (edit it, or init another folder)\n"
    assert config.read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # nothing else written either
