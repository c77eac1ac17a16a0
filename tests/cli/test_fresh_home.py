"""The first command in a fresh HOME says nothing it was not asked: no Python warning on stderr, Prefect's home
folder (~/.newsflow/prefect) created with its parents. Real processes, since Prefect creates (or warns about)
its home when it is first imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.no_warehouse]

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
REPO = Path(__file__).resolve().parents[2]


def fresh(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    config = tmp_path / "config.toml"
    config.write_text('[warehouse]\npath = "wh/news.duckdb"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSFLOW_"))}
    env.update(HOME=str(home), PYTHONPATH=str(REPO), PYTHONWARNINGS="default")
    return subprocess.run(
        [NEWSFLOW, "--config", str(config), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )


def test_schedule_in_a_fresh_home_prints_no_warning(tmp_path: Path) -> None:
    result = fresh(tmp_path, "schedule")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "home" / ".newsflow" / "prefect").is_dir()
    # No server runs, so nothing is served: the times are what would come, not what is coming.
    assert (
        "newsflow-ingest/nightly: cron '0 2 * * *' in Europe/Oslo, not served (start `newsflow serve`); would run at:\n"
        in result.stdout
    )
    again = fresh(tmp_path, "schedule")
    assert (again.returncode, again.stderr) == (0, "")


def test_status_in_a_fresh_home_prints_only_its_answer(tmp_path: Path) -> None:
    result = fresh(tmp_path, "status")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: no warehouse at ")
