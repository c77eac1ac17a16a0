"""Shared fixtures: a quiet Prefect harness for the session, temporary configs, the CLI in-process."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Prefect: its home in a throwaway folder, no telemetry, quiet logs.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsflow-prefect-")
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("NEWSFLOW_CONFIG", None)
from newsflow.orchestration.prefect_settings import configure_prefect
from tests.support.backend import warehouse_toml

configure_prefect()

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


# Under pytest-xdist the controller starts one temporary Prefect server for all its workers and hands its URL down
# through the environment (the workers inherit it): a server costs 15-20 s to start idle and minutes on a loaded
# machine, once per pass instead of once per worker.
SHARED_PREFECT_API = "NEWSFLOW_TEST_PREFECT_API_URL"


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    from prefect.settings import get_current_settings
    from prefect.testing.utilities import prefect_test_harness

    stack = contextlib.ExitStack()
    stack.enter_context(prefect_test_harness(server_startup_timeout=300))
    os.environ[SHARED_PREFECT_API] = str(get_current_settings().api.url)
    config.add_cleanup(stack.close)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Modules with the most slow tests first, then the largest: under `--dist loadfile` (with
    `--no-loadscope-reorder`, Makefile) xdist hands modules out in this order, and a long module handed out
    last runs alone on one core while the other waits. The sort is stable: a module's tests keep their order."""
    slow = Counter(item.path for item in items if item.get_closest_marker("slow"))
    size = Counter(item.path for item in items)
    items.sort(key=lambda item: (-slow[item.path], -size[item.path]))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session: the controller's under xdist, else one of its own."""
    import prefect.context
    import prefect.settings
    from prefect.testing.utilities import prefect_test_harness

    url = os.environ.get(SHARED_PREFECT_API)
    if url is None:
        with prefect_test_harness(server_startup_timeout=300):
            yield
        return
    with (
        prefect.settings.temporary_settings(updates={prefect.settings.PREFECT_API_URL: url}),
        prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()),
    ):
        yield


@pytest.fixture(scope="session")
def prefect_env(prefect_harness: None) -> Iterator[dict[str, str]]:
    """Environment for `newsflow` subprocesses: the session's Prefect server, quiet, this repo importable."""
    from prefect.settings import get_current_settings

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(get_current_settings().api.url)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    env["COLUMNS"] = "200"
    yield env


@dataclass
class CliResult:
    code: int
    out: str
    err: str


# The `cli` fixture's type: newsflow's command line run in-process with these arguments.
Cli = Callable[..., CliResult]


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config.toml into tmp_path; `sources` are TOML [[sources]] bodies."""

    def write(*sources: str, extra: str = "", name: str = "config.toml") -> Path:
        blocks = "\n".join(f"[[sources]]\n{body.strip()}\n" for body in sources)
        text = (
            f"[warehouse]\n{warehouse_toml('warehouse/news.duckdb')}\n"
            '[translation]\nmodels_dir = "models"\n\n'
            f"{extra}\n{blocks}"
        )
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """`newsflow ARGS...` in this process, for commands that run no flow (query, search, export, status)."""
    from newsflow.cli.app import invoke

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        code = invoke([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli(prefect_harness: None, run_cli: Cli) -> Cli:
    """`newsflow ARGS...` in this process, any command: flows run on the session's Prefect harness."""
    return run_cli


Sql = Callable[[Path, str], list[dict[str, Any]]]


@pytest.fixture
def sql(cli: Cli) -> Sql:
    """Rows of a query through `newsflow query --format json`, as dicts."""

    def run(config: Path, query: str) -> list[dict[str, Any]]:
        result = cli("--config", config, "query", query, "--format", "json")
        assert result.code == 0, result.err
        rows: list[dict[str, Any]] = json.loads(result.out)
        return rows

    return run
