"""A second job refused while another holds the warehouse says so in one line, without a traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.warehouse.backends.duckdb_file import WriterLock
from tests.conftest import CliResult
from tests.support.backend import file_only
from tests.warehouse.conftest import NEWSFLOW


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


@file_only  # the file's one-writer lock
@pytest.mark.slow
def test_three_runs_at_once_the_ones_that_lose_the_lock_print_one_line(
    prefect_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(150):  # enough for the winner to hold the lock while the others ask for it
        (folder / f"{i}.txt").write_text(
            f"Title: Bro {i} over fjorden\n\nKommunestyret vedtok tirsdag å bygge bro nummer {i} over fjorden. "
            "Vedtaket kom etter en lang debatt om kostnader, trafikk og miljø i bygda.\n\n"
            "Ordføreren sa at arbeidet kan starte til våren dersom fylket godkjenner planen.\n"
        )
    config = tmp_path / "config.toml"
    config.write_text(
        '[warehouse]\npath = "news.duckdb"\nlock_timeout_s = 0.2\n\n'
        f'[translation]\nmodels_dir = "{tmp_path / "no-models"}"\n\n'
        f'[[sources]]\nname = "in"\nkind = "files"\npath = "{folder}"\n',
        encoding="utf-8",
    )
    runs = [
        subprocess.Popen(
            [*NEWSFLOW, "-c", str(config), "run"], env=prefect_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=240) for run in runs]
    codes = [run.returncode for run in runs]
    assert codes.count(0) >= 1, outputs
    for code, (out, err) in zip(codes, outputs, strict=True):
        assert b"Traceback" not in out + err
        if code != 0:
            assert code == 1
            (line,) = err.decode().splitlines()
            assert line.startswith(f"error: warehouse {tmp_path / 'news.duckdb'} is being written by newsflow ")
            assert line.endswith("not starting newsflow ingest (waited 0.2 s)")
