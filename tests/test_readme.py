"""The examples of the README and of the manual (docs/*.md), run as written by a shell in a folder laid out like a
checkout after `make run` (config.toml, .venv, warehouse/queries, a warehouse with articles).

What is run: in `sh` and `console` blocks, the read-only commands a user runs first (`newsflow status`, `query`,
`search`); and every `python` block that is a whole program (it starts with an import). An example that reads a
DuckLake (it calls a `ducklake_` function, reads a snapshot with `AT (...)` or attaches `ducklake:`) runs in a
checkout whose warehouse is a lake with a SQLite catalog, as in docs/scale-out.md's laptop layout, whatever the
backend under test; the others in a checkout on the backend under test. Each runs with an empty HOME, so no
extension an earlier `INSTALL` left in ~/.duckdb can stand in for loading it offline from its wheel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsflow.warehouse.backends.base import Backend
from tests.conftest import REPO
from tests.support.backend import ON_LAKE, on_backend_under_test

pytestmark = pytest.mark.backend_neutral

BLOCK = re.compile(r"```(?:sh|console)\n(.*?)```", re.DOTALL)
PYTHON = re.compile(r"```python\n((?:import|from) .*?)```", re.DOTALL)
RUNS = ("status", "query", "search")  # read-only commands: what a user runs first
LAKE = re.compile(r"ducklake_|\bAT \((?:VERSION|TIMESTAMP)|'ducklake:")
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def shell_commands(text: str) -> list[str]:
    lines = []
    for block in BLOCK.findall(text):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            words = line.split()
            if line.startswith("source .venv/bin/activate") or (
                len(words) > 1 and words[0] == "newsflow" and words[1] in RUNS
            ):
                lines.append(line)
    return lines


def examples() -> list[tuple[str, str, str]]:
    """(page, kind, example) for every example that is run, page by page: README.md first."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(REPO).as_posix()
        found += [(name, "sh", command) for command in shell_commands(text)]
        found += [(name, "python", program) for program in PYTHON.findall(text)]
    return found


EXAMPLES = examples()
COMMANDS = [example for page, kind, example in EXAMPLES if page == "README.md" and kind == "sh"]


def test_the_quick_start_is_among_them() -> None:
    assert COMMANDS[:4] == [
        "source .venv/bin/activate    # puts `newsflow` on the PATH (or call .venv/bin/newsflow)",
        "newsflow status",
        'newsflow query "SELECT lang, title, translation_status FROM articles"',
        'newsflow query "$(cat warehouse/queries/top_sources.sql)"',
    ]


def test_the_manual_s_examples_are_among_them() -> None:
    pages = {page for page, _, _ in EXAMPLES}
    assert {"README.md", "docs/index.md", "docs/warehouse.md", "docs/scale-out.md"} <= pages
    lake = [(page, kind) for page, kind, example in EXAMPLES if LAKE.search(example)]
    assert {("docs/warehouse.md", "sh"), ("docs/warehouse.md", "python")} <= set(lake)  # time travel, both ways


def checkout_at(root: Path, config: str, fill: Backend | None) -> Path:
    from tests.warehouse.conftest import filled_warehouse

    (root / "config.toml").write_text(config, encoding="utf-8")
    (root / "warehouse").mkdir()
    (root / "warehouse" / "queries").symlink_to(REPO / "warehouse" / "queries")
    (root / ".venv").symlink_to(Path(sys.executable).parents[1])
    (root / "home").mkdir()
    filled_warehouse(root / "warehouse" / "news.duckdb", backend=fill)
    return root


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The shipped config.toml, its [warehouse] table on the backend under test (the file's is the shipped one).
    config = on_backend_under_test((REPO / "config.toml").read_text(encoding="utf-8"), "warehouse/news.duckdb")
    return checkout_at(tmp_path_factory.mktemp("checkout"), config, None)


@pytest.fixture(scope="module")
def lake_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped config.toml with docs/scale-out.md's laptop [warehouse]: a SQLite catalog, data in a folder."""
    from newsflow.config import WarehouseSettings
    from newsflow.warehouse.backends.configured import open_backend

    root = tmp_path_factory.mktemp("lake-checkout")
    table = re.compile(r"^\[warehouse\]\n.*?(?=^\[)", re.MULTILINE | re.DOTALL)
    laptop = (
        '[warehouse]\nbackend = "ducklake"\ncatalog = "sqlite:warehouse/catalog.sqlite"\n'
        'data_path = "warehouse/lake/"\nsearch_index = "warehouse/search.duckdb"\n\n'
    )
    config = table.sub(lambda _: laptop, (REPO / "config.toml").read_text(encoding="utf-8"), count=1)
    lake = WarehouseSettings(
        root / "warehouse" / "news.duckdb",
        backend="ducklake",
        catalog=f"sqlite:{root / 'warehouse' / 'catalog.sqlite'}",
        data_path=f"{root / 'warehouse' / 'lake'}/",
        search_index=root / "warehouse" / "search.duckdb",
    )
    return checkout_at(root, config, open_backend(lake))


def run_as_written(root: Path, kind: str, example: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSFLOW_CONFIG", "VIRTUAL_ENV")}
    env["PATH"] = "/usr/bin:/bin"  # `newsflow` and `python` come from the activated venv, as in the README
    env["HOME"] = str(root / "home")  # no ~/.duckdb: extensions load from their wheels or not at all
    env["PYTHONPATH"] = str(REPO)  # this checkout's newsflow, as the venv's editable install gives it
    script = example if kind == "sh" else f"python - <<'PYTHON'\n{example}PYTHON"
    return subprocess.run(
        ["bash", "-c", f"source .venv/bin/activate && {script}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("page", "kind", "example"),
    [e for e in EXAMPLES if not e[2].startswith("source") and not LAKE.search(e[2])],
)
def test_example_runs_as_written(checkout: Path, page: str, kind: str, example: str) -> None:
    if kind == "python" and ON_LAKE and "warehouse/news.duckdb" in example:
        pytest.skip("opens the DuckDB file itself: the file backend's example")
    result = run_as_written(checkout, kind, example)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize(("page", "kind", "example"), [e for e in EXAMPLES if LAKE.search(e[2])])
@pytest.mark.slow
def test_lake_example_runs_offline_as_written(lake_checkout: Path, page: str, kind: str, example: str) -> None:
    result = run_as_written(lake_checkout, kind, example)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert result.stderr == ""


def test_the_time_travel_example_reads_an_earlier_snapshot(lake_checkout: Path) -> None:
    program = next(example for _, kind, example in EXAMPLES if kind == "python" and LAKE.search(example))
    out = run_as_written(lake_checkout, "python", program).stdout
    counts = [int(n) for n in re.findall(r"│\s+(\d+)\s+│", out.split("snapshot_time", 1)[1])]
    now = sum(int(n) for n in re.findall(r"│ \w\w\s+│\s+(\d+) │", out.split("snapshot_id", 1)[0]))
    assert now == 5  # the sample warehouse's articles, by language
    assert counts[-2:] == [counts[-1]] * 2  # VERSION and TIMESTAMP name the same snapshot
    assert counts[-1] <= now
