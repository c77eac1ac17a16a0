"""Ctrl-C (SIGINT) and SIGTERM to a running ingest's process group end it within seconds, with one line, the
shell's exit code, and the run marked `cancelled` in the warehouse. Real processes; signals sent by the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsflow.warehouse import WarehouseBusy, read_connection
from tests.conftest import SEEDS
from tests.orchestration.test_local_server import _text

# Its configs name the file backend: signals end a run the same way on either backend.
pytestmark = [pytest.mark.slow, pytest.mark.own_backend]

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
TEXT = (SEEDS / "de_stadtrat_radwege.txt").read_text(encoding="utf-8")


def _running_run(db: Path, lock: Path, pid: int, proc: subprocess.Popen[str], within_s: float) -> str:
    """The run id once the ingest holds the warehouse and has written a batch (polled, bounded)."""
    import time

    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and proc.poll() is None:
        if f'"pid": {pid}' in _text(lock) and db.exists():
            try:  # as `newsflow query` reads: the writer lets a waiting reader in between batches
                with read_connection(db, 10) as con:
                    row = con.execute("SELECT run_id FROM runs WHERE status = 'running'").fetchone()
                    stored = con.execute("SELECT count(*) FROM documents").fetchone()
            except WarehouseBusy:
                row = stored = None
            if row and stored and stored[0] > 0:
                return str(row[0])
        time.sleep(0.05)
    raise AssertionError(f"no running ingest within {within_s} s (exit code {proc.poll()})")


@pytest.mark.parametrize(("sig", "name", "code"), [(signal.SIGINT, "SIGINT", 130), (signal.SIGTERM, "SIGTERM", 143)])
def test_a_signal_to_the_process_group_cancels_the_run_with_one_line(
    tmp_path: Path, prefect_env: dict[str, str], sig: int, name: str, code: int
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    for i in range(3000):
        (folder / f"a{i:04}.txt").write_text(f"{TEXT}\n\nNummer {i}.\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "wh/news.duckdb"\n\n[orchestration]\nbatch_size = 50\n', encoding="utf-8")
    db = tmp_path / "wh" / "news.duckdb"
    proc = subprocess.Popen(
        [NEWSFLOW, "--config", str(config), "ingest", str(folder), "--no-translate"],
        env=prefect_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
    )
    try:
        run_id = _running_run(db, db.with_name("news.duckdb.lock"), proc.pid, proc, 180)
        os.killpg(proc.pid, sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    assert proc.returncode == code
    assert [line for line in err.splitlines() if line.strip()] == [f"stopped by {name}: run {run_id} marked cancelled"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchall() == [("cancelled",)]


def test_serve_stops_on_ctrl_c_with_one_line_and_exit_130(tmp_path: Path, prefect_env: dict[str, str]) -> None:
    import time

    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "wh/news.duckdb"\n', encoding="utf-8")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [NEWSFLOW, "--config", str(config), "serve", "-q"],
            env=prefect_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while "Ctrl-C to stop" not in _text(log) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Ctrl-C to stop" in _text(log), _text(log)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    lines = [line for line in _text(log).splitlines() if line.strip()]
    assert proc.returncode == 130
    assert lines[0].startswith("serving newsflow-ingest/nightly, ")
    assert lines[1:] == ["stopped serving (SIGINT)"]
