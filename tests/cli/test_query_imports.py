"""`newsflow query` at DuckDB's speed: a query imports what a query needs, not Prefect or the writer's libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.no_warehouse  # its own file warehouse, whatever the backend under test

REPO = Path(__file__).resolve().parents[2]
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
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {NOT_FOR_A_QUERY!r} if m in sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


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
