"""`LeanGroup` parses every value as typer does: the same values, the same errors, with and without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from newsflow.cli.lean import LeanGroup

pytestmark = pytest.mark.no_warehouse

REPO = Path(__file__).resolve().parents[2]


def _app(cls: type[typer.core.TyperGroup] | None) -> typer.Typer:
    app = typer.Typer(cls=cls, add_completion=False)

    @app.callback()
    def root(config: Annotated[str | None, typer.Option("--config")] = None) -> None:
        print(json.dumps({"config": config}))

    @app.command()
    def run(
        text: Annotated[str | None, typer.Argument()] = None,
        fmt: Annotated[str, typer.Option("--format")] = "table",
        timeout: Annotated[float | None, typer.Option("--timeout")] = None,
        count: Annotated[int, typer.Option("--count", min=1)] = 3,
        names: Annotated[list[str] | None, typer.Option("--name")] = None,
        path: Annotated[Path | None, typer.Option("--path")] = None,
        flag: Annotated[bool, typer.Option("--flag/--no-flag")] = False,
    ) -> None:
        print(json.dumps([text, fmt, timeout, count, names, str(path) if path else None, flag]))

    @app.command()
    def query(
        sql: Annotated[str | None, typer.Argument()] = None,
        fmt: Annotated[str, typer.Option("--format")] = "table",
        timeout: Annotated[float | None, typer.Option("--timeout")] = None,
        allow_files: Annotated[bool, typer.Option("--allow-files")] = False,
    ) -> None:
        print(json.dumps([sql, fmt, timeout, allow_files]))

    return app


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["--config", "c.toml", "run", "SELECT 1", "--format", "csv"],
        ["run", "--timeout", "2.5", "--count", "7", "--name", "a", "--name", "b", "--path", "x/y", "--flag"],
        ["run", "--timeout", "soon"],  # typer's own error for a number
        ["run", "--count", "0"],  # and for its range
        ["run", "--format"],  # and for a missing value
        ["run", "--help"],
        ["query", "SELECT 1", "--format", "csv", "--allow-files"],
        ["query", "--timeout", "1e3"],
    ],
)
def test_the_same_values_and_errors_as_typer(argv: list[str]) -> None:
    runner = CliRunner()
    theirs = runner.invoke(_app(None), argv)
    ours = runner.invoke(_app(LeanGroup), argv)
    assert (ours.exit_code, ours.output) == (theirs.exit_code, theirs.output)


def test_texts_and_defaults_of_none_import_no_pydantic(tmp_path: Path) -> None:
    # Flags, texts and options left unset (a query's, as `newsflow query` has them); a number typer converts.
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from tests.cli.test_lean import _app\n"
        "from newsflow.cli.lean import LeanGroup\n"
        "result = CliRunner().invoke(_app(LeanGroup), ['--config', 'c.toml', 'query', 'SELECT 1', '--format', 'csv'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "False"
