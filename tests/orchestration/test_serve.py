"""`newsflow serve` against a real `prefect server start`: its scheduler creates the nightly runs at the configured
local time. Both processes are stopped by PID, whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from newsflow.config import load_settings
from newsflow.orchestration.deployments import next_runs, schedules
from newsflow.orchestration.local_server import process as local

pytestmark = [pytest.mark.slow, pytest.mark.backend_neutral]

ZONE = "America/New_York"
SCHEDULE = f'[schedule]\ncron = "15 4 * * *"\ntimezone = "{ZONE}"\n'


def _scheduled_runs(api: str, deadline: float) -> list[datetime]:
    """Poll the API (bounded) until the scheduler has created the nightly runs."""
    with httpx.Client(base_url=api, timeout=10) as client:
        while time.monotonic() < deadline:
            found = client.get("/deployments/name/newsflow-ingest/nightly")
            if found.status_code == 200:
                runs = client.post(
                    "/flow_runs/filter",
                    json={
                        "deployments": {"id": {"any_": [found.json()["id"]]}},
                        "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
                    },
                ).json()
                if len(runs) >= 3:
                    return sorted(datetime.fromisoformat(r["expected_start_time"]) for r in runs)
            time.sleep(1)
    raise AssertionError("no scheduled runs appeared before the deadline")


def _end(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait_s: float = 60) -> int | None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, sig)
        try:
            process.wait(wait_s)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)
    return process.returncode


def _serve(config: Path, api_url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    """`newsflow serve` against the server at `api_url`, its output in tmp_path/serve.log."""
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(tmp_path / "client-home")}
    with (tmp_path / "serve.log").open("wb") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).with_name("newsflow")), "--config", str(config), "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def test_serve_registers_the_nightly_schedule_on_a_real_server(
    tmp_path: Path, write_config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(extra=SCHEDULE)
    expected = next_runs(schedules(load_settings(config))["nightly"], 3)  # type: ignore[arg-type]
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "1")  # the test server only
    server = local.start(home=tmp_path / "server-home")
    serve: subprocess.Popen[bytes] | None = None
    try:
        serve = _serve(config, server.api_url, tmp_path)

        runs = _scheduled_runs(server.api_url, time.monotonic() + 120)

        local_times = {(r.astimezone(ZoneInfo(ZONE)).hour, r.astimezone(ZoneInfo(ZONE)).minute) for r in runs}
        assert local_times == {(4, 15)}
        assert runs[:3] == expected
        assert _end(serve) == 0, (tmp_path / "serve.log").read_text()
    finally:
        if serve is not None:
            _end(serve, signal.SIGKILL)
        local.stop(server)
    assert serve.poll() is not None and server.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)  # nothing of the server's process group is left


def test_serve_stops_within_stop_timeout_when_its_server_stops_answering(tmp_path: Path, write_config) -> None:
    # A stopped (SIGSTOP) server still accepts connections and never answers: pausing the schedules would hold
    # each API call for a minute.
    config = write_config(extra="[orchestration]\nstop_timeout_s = 2\n")
    server = local.start(home=tmp_path / "server-home")
    serve: subprocess.Popen[bytes] | None = None
    log = tmp_path / "serve.log"
    try:
        serve = _serve(config, server.api_url, tmp_path)
        deadline = time.monotonic() + 120  # bounded wait for the runner to be up (it says so then)
        while "Ctrl-C to stop" not in log.read_text() and serve.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Ctrl-C to stop" in log.read_text(), log.read_text()
        os.kill(server.process.pid, signal.SIGSTOP)

        code = _end(serve)

        lines = log.read_text().splitlines()
        assert code == 0, log.read_text()
        assert lines[-2:] == [
            f"schedules left unpaused: the Prefect server at {server.api_url} did not answer within 2 s",
            "stopped serving (SIGTERM)",
        ]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server.process.pid, signal.SIGCONT)
        if serve is not None:
            _end(serve, signal.SIGKILL)
        local.stop(server)
