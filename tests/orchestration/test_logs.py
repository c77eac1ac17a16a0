"""Where Prefect's logs go: INFO records of flows and tasks to the Prefect API (the UI shows them), the console
of a flow command only warnings; `serve -v` / `-q` move the console's level."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from tests.conftest import SEEDS, CliResult, Sql

pytestmark = pytest.mark.backend_neutral

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))


def _logs_of(flow_run_id: str) -> list[tuple[int, bool, str]]:
    """(level, from a task run, message) of every record the API holds for the flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()  # records are shipped in the background: send what is queued, wait for it
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[UUID(flow_run_id)])))
    return [(log.level, log.task_run_id is not None, log.message) for log in logs]


def test_info_logs_of_the_flow_and_its_tasks_reach_the_prefect_api_not_the_console(
    write_config: Callable[..., Path], cli: Callable[..., CliResult], sql: Sql
) -> None:
    config = write_config()
    result = cli("--config", config, "ingest", SEEDS / "nb_bompenger_trondheim.txt", "--no-translate")
    assert result.code == 0, result.err
    [run] = sql(config, "SELECT run_id, flow_run_id FROM runs")

    logs = _logs_of(run["flow_run_id"])

    flow_info = [message for level, task, message in logs if level == logging.INFO and not task]
    task_info = [message for level, task, message in logs if level == logging.INFO and task]
    assert (
        f"ingest {run['run_id']}: read 1, new 1, updated 0, unchanged 0, failed 0, translated 0, waiting for a model 0"
        in flow_info
    )
    assert any(message.startswith("Finished in state Completed") for message in task_info)
    assert "INFO" not in result.err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flags", "debug", "info"),
    [(["-v"], True, True), ([], False, True), (["-q"], False, False)],
    ids=["verbose", "default", "quiet"],
)
def test_serve_verbose_and_quiet_set_the_consoles_log_level(
    tmp_path: Path, prefect_env: dict[str, str], flags: list[str], debug: bool, info: bool
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "wh/news.duckdb"\n', encoding="utf-8")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [NEWSFLOW, "--config", str(config), "serve", *flags],
            env=prefect_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120  # bounded wait for the runner to be up (it says so then)
        while "Ctrl-C to stop" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Ctrl-C to stop" in log.read_text(), log.read_text()
        os.killpg(proc.pid, signal.SIGTERM)  # the runner stops in order: "Pausing all deployments..." at INFO
        proc.wait(60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    text = log.read_text()
    assert proc.returncode == 0, text
    assert (" | DEBUG " in text, " | INFO    | prefect.runner - Pausing all deployments..." in text) == (debug, info)
    assert "stopped serving (SIGTERM)" in text


def test_prefect_services_draining_at_exit_warn_nowhere_but_their_errors_show() -> None:
    # "EventsWorker - Still processing items: 2 items remaining..." came after a Ctrl-C's one line.
    import prefect.events.worker  # noqa: F401  (Prefect's logging is set up as a command's is)

    for name in ("EventsWorker", "APILogWorker"):
        service = logging.getLogger(name)
        assert (service.isEnabledFor(logging.WARNING), service.isEnabledFor(logging.ERROR)) == (False, True)
