"""One writer, many readers, with real processes: readers wait then succeed, or fail naming the job;
a second ingest waits or refuses; nothing is corrupted."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsflow.warehouse.backends.duckdb_file import read_connection
from tests.conftest import REPO, Cli
from tests.support.backend import file_only
from tests.warehouse.articles import write_articles
from tests.warehouse.conftest import NEWSFLOW

PY_ENV = {"PYTHONPATH": str(REPO)}


def spawn_writer(db: Path, *args: str) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.writer_proc", str(db), *args],
        cwd=REPO,
        env={**os.environ, **PY_ENV},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def await_line(proc: subprocess.Popen[str], prefix: str) -> str:
    """Block on the child's stdout until it reports the event (the pytest timeout bounds a hang)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"writer exited ({proc.wait()}) before printing {prefix!r}")


@pytest.fixture
def stopper(tmp_path: Path) -> Iterator[Path]:
    stop = tmp_path / "stop"
    yield stop
    stop.touch()


@file_only
@pytest.mark.timeout(90)
def test_query_waits_for_a_writing_process_then_succeeds(
    db_path: Path, config_for: Callable[..., Path], run_cli: Cli, stopper: Path
) -> None:
    writer = spawn_writer(db_path, "loop", str(stopper))
    try:
        await_line(writer, "committed 1")
        # The writer keeps writing batch after batch; each query gets in between two of them.
        for _ in range(3):
            result = run_cli(
                "-c",
                config_for(db_path, lock_timeout_s=30),
                "query",
                "--format",
                "json",
                "SELECT count(*) AS n FROM articles",
            )
            assert result.code == 0, result.err
            assert json.loads(result.out)[0]["n"] % 50 == 0  # whole batches only
            status = run_cli("-c", config_for(db_path, lock_timeout_s=30), "status")
            assert status.code == 0, status.err
    finally:
        stopper.touch()
        assert writer.wait(timeout=60) == 0
    with read_connection(db_path) as con:
        runs = con.execute("SELECT status, n_new FROM runs").fetchall()
        n, distinct = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() or (0, 0)
    assert runs == [("completed", n)] and n == distinct


@file_only
@pytest.mark.timeout(60)
def test_reader_gives_up_with_a_message_naming_the_job(
    db_path: Path, config_for: Callable[..., Path], run_cli: Cli, tmp_path: Path
) -> None:
    holder = spawn_writer(db_path, "hold")
    try:
        await_line(holder, "holding")
        config = config_for(db_path, lock_timeout_s=0.5)
        for args in (["query", "SELECT 1"], ["search", "wind"], ["export", str(tmp_path / "out")], ["status"]):
            result = run_cli("-c", config, *args)
            assert result.code == 1, (args, result.out)
            message = " ".join(result.err.split())
            assert "is busy: test writer job (pid" in message and f"pid {holder.pid} " in message, message
            assert "gave up reading after 0.5 s" in message
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0


@file_only
@pytest.mark.slow
@pytest.mark.timeout(240)
def test_second_ingest_refuses_then_waits_and_nothing_is_corrupted(
    db_path: Path, tmp_path: Path, config_for: Callable[..., Path], prefect_env: dict[str, str], stopper: Path
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 30)
    # A real job holds the warehouse: the writer process below, between and during its batches.
    writer = spawn_writer(db_path, "loop", str(stopper))
    try:
        await_line(writer, "committed 1")
        refused = subprocess.run(
            [
                *NEWSFLOW,
                "-c",
                str(config_for(db_path, lock_timeout_s=1, name="short.toml")),
                "ingest",
                str(folder),
                "--no-translate",
            ],
            env=prefect_env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        message = " ".join(refused.stderr.split())
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert f"being written by test writer job (pid {writer.pid} " in message, message
        assert "not starting newsflow ingest" in message
        # A second ingest with a long timeout waits for the job and then runs.
        waiting = subprocess.Popen(
            [
                *NEWSFLOW,
                "-c",
                str(config_for(db_path, lock_timeout_s=120, name="long.toml")),
                "ingest",
                str(folder),
                "--no-translate",
            ],
            env=prefect_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        await_line(writer, "committed")  # still writing while the second run waits
    finally:
        stopper.touch()
        assert writer.wait(timeout=60) == 0
    out, err = waiting.communicate(timeout=180)
    assert waiting.returncode == 0, out + err
    with read_connection(db_path) as con:
        runs = con.execute("SELECT status, count(*) FROM runs GROUP BY ALL ORDER BY 1").fetchall()
        folder_articles = con.execute("SELECT count(*) FROM articles WHERE source = 'adhoc'").fetchone()
        dupes = con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchone()
    assert runs == [("completed", 2)]  # the refused run never started a row
    assert folder_articles == (30,) and dupes == (0,)
