"""The README's quick start and query examples, run as written by a shell in a folder laid out like a checkout
after `make run` (config.toml, .venv, warehouse/queries, a warehouse with articles)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.support.backend import on_backend_under_test

BLOCK = re.compile(r"```(?:sh|console)\n(.*?)```", re.DOTALL)
RUNS = ("status", "query", "search")  # read-only commands: what a user runs first


def readme_commands() -> list[str]:
    lines = []
    for block in BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            words = line.split()
            if line.startswith("source .venv/bin/activate") or (
                len(words) > 1 and words[0] == "newsflow" and words[1] in RUNS
            ):
                lines.append(line)
    return lines


COMMANDS = readme_commands()


def test_the_quick_start_is_among_them() -> None:
    assert COMMANDS[:4] == [
        "source .venv/bin/activate    # puts `newsflow` on the PATH (or call .venv/bin/newsflow)",
        "newsflow status",
        'newsflow query "SELECT lang, title, translation_status FROM articles"',
        'newsflow query "$(cat warehouse/queries/top_sources.sql)"',
    ]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.warehouse.conftest import filled_warehouse

    root = tmp_path_factory.mktemp("checkout")
    # The shipped config.toml, its [warehouse] table on the backend under test (the file's is the shipped one).
    config = on_backend_under_test((REPO / "config.toml").read_text(encoding="utf-8"), "warehouse/news.duckdb")
    (root / "config.toml").write_text(config, encoding="utf-8")
    (root / "warehouse").mkdir()
    (root / "warehouse" / "queries").symlink_to(REPO / "warehouse" / "queries")
    (root / ".venv").symlink_to(Path(sys.executable).parents[1])
    filled_warehouse(root / "warehouse" / "news.duckdb")
    return root


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.startswith("source")])
def test_readme_command_runs_as_written(checkout: Path, command: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSFLOW_CONFIG", "VIRTUAL_ENV")}
    env["PATH"] = "/usr/bin:/bin"  # `newsflow` comes from the activated venv, as in the README
    result = subprocess.run(
        ["bash", "-c", f"source .venv/bin/activate && {command}"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
