"""`newsflow query` at DuckDB's speed: a query imports what a query needs, not Prefect or the writer's libraries."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.imports import imported_after

pytestmark = pytest.mark.no_warehouse  # its own file warehouse, whatever the backend under test

# Prefect (1-2 s to import), and pyarrow, numpy and pandas, which only writing and search indexing use; pydantic,
# which typer (0.29) imports to coerce values a query's options do not need coerced (newsflow/cli/lean.py); rich's
# progress bars and the run summary, which only runs print; and the other commands' modules.
NOT_FOR_A_QUERY = (
    "prefect",
    "pyarrow",
    "numpy",
    "pandas",
    "pydantic",
    "rich.progress",
    "newsflow.runs.summary",
    "newsflow.cli.models",
    "newsflow.cli.init",
    "newsflow.cli.ops",
    "newsflow.cli.analytics",
    "newsflow.cli.show",
    "newsflow.cli.reader",
    "newsflow.cli.server",
    "newsflow.cli.warehouse",
)


def _imported_after(tmp_path: Path, code: str) -> list[str]:
    return imported_after(code, NOT_FOR_A_QUERY, tmp_path)


def test_importing_the_cli_imports_no_prefect(tmp_path: Path) -> None:
    assert _imported_after(tmp_path, "import newsflow.cli.app") == []


def test_a_count_query_imports_no_prefect_nor_the_writers_libraries(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE articles AS SELECT range AS n FROM range(3)")
    config = tmp_path / "config.toml"
    config.write_text(f'[warehouse]\npath = "{db}"\n', encoding="utf-8")
    run = (
        "from newsflow.cli.app import invoke\n"
        f"assert invoke(['-c', {str(config)!r}, 'query', 'SELECT count(*) AS n FROM articles', '-f', 'csv']) == 0"
    )
    assert _imported_after(tmp_path, run) == []
