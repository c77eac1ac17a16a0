"""A second job refused while another holds the warehouse says so in one line, without a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsflow.warehouse.backends.duckdb_file import WriterLock
from tests.conftest import CliResult


def test_refused_second_job_prints_one_clear_line(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "news.duckdb"\nlock_timeout_s = 0.2\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Title: Bro\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n")
    with WriterLock(tmp_path / "news.duckdb", "newsflow ingest (the first job)"):
        result = cli("--config", config, "ingest", article, "--no-translate")
    assert result.code == 1
    assert "Traceback" not in result.err + result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert lines[-1].startswith(f"error: warehouse {tmp_path / 'news.duckdb'} is being written by newsflow ingest")
    assert "not starting newsflow ingest" in result.err
