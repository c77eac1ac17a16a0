"""A warehouse file that is not a whole DuckDB database (cut short by a full disk or a bad copy): every command
says so in one line naming it, exit 2, and leaves the file exactly as it was. Jobs are refused before Prefect
starts (run_cli: no Prefect server is needed)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.support.backend import file_only
from tests.warehouse.conftest import filled_warehouse

pytestmark = file_only  # a lake has no one file to damage (tests/warehouse/lake/test_lake_errors.py)

COMMANDS = [
    ("status",),
    ("query", "SELECT count(*) FROM articles"),
    ("export", "out"),
    ("run",),
    ("ingest", "in"),
    ("translate",),
    ("reprocess",),
]


@pytest.fixture
def truncated(tmp_path: Path) -> Path:
    db = filled_warehouse(tmp_path / "wh" / "news.duckdb")
    data = db.read_bytes()
    # Its headers kept (three 4 KiB pages) and the first block cut short: DuckDB cannot read its catalog.
    db.write_bytes(data[: 3 * 4096 + 1000])
    return db


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_truncated_warehouse_is_one_line_and_left_unchanged(
    command: tuple[str, ...], truncated: Path, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title: Bro\n\nKommunestyret vedtok en ny bro over fjorden.\n")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[warehouse]\npath = "{truncated}"\nlock_timeout_s = 2\n\n'
        f'[translation]\nmodels_dir = "{tmp_path / "no-models"}"\n\n'
        f'[[sources]]\nname = "in"\nkind = "files"\npath = "{tmp_path / "in"}"\n',
        encoding="utf-8",
    )
    before = hashlib.sha256(truncated.read_bytes()).hexdigest()
    result = run_cli("-c", config, *[str(tmp_path / a) if a in ("in", "out") else a for a in command])
    assert result.code == 2, result.err
    (line,) = result.err.splitlines()
    assert line.startswith(f"error: warehouse {truncated} is damaged or not a DuckDB file (IO Error: ")
    assert line.endswith(
        "newsflow left it as it is: restore it from a backup, or move it away to start a new warehouse"
    )
    assert hashlib.sha256(truncated.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_warehouse_path_naming_a_folder_is_one_line_naming_a_file_to_use(
    command: tuple[str, ...], tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title: Bro\n\nKommunestyret vedtok en ny bro over fjorden.\n")
    folder = tmp_path / "warehouse"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(
        '[warehouse]\npath = "warehouse"\nlock_timeout_s = 2\n\n[translation]\nmodels_dir = "no-models"\n\n'
        '[[sources]]\nname = "in"\nkind = "files"\npath = "in"\n',
        encoding="utf-8",
    )
    result = run_cli("-c", config, *[str(tmp_path / a) if a in ("in", "out") else a for a in command])
    assert (result.code, result.err) == (
        2,
        f"error: warehouse {folder} is a folder, not a DuckDB file: set [warehouse] path to a file in it, "
        f"e.g. {folder / 'news.duckdb'}\n",
    )
    assert list(folder.iterdir()) == []
