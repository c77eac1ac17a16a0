"""Layers one way: core -> flows -> CLI. Read from the source (every import, lazy ones included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


def _modules() -> dict[str, Path]:
    found = {}
    for path in [*REPO.glob("newsflow/**/*.py"), *REPO.glob("flows/*.py")]:
        found[".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer(module: str) -> str:
    if module.startswith("newsflow.cli"):
        return "cli"
    return "flows" if module.startswith("newsflow.orchestration") or module.split(".")[0] == "flows" else "core"


def test_the_core_imports_neither_flows_nor_prefect_nor_the_cli() -> None:
    upward = {
        (module, name)
        for module, path in MODULES.items()
        if layer(module) == "core"
        for name in imports(path)
        if name.split(".")[0] in ("flows", "prefect", "prefect_dask")
        or name.startswith(("newsflow.cli", "newsflow.orchestration"))
    }
    assert upward == set()


def test_flows_never_import_the_cli() -> None:
    upward = {
        (module, name)
        for module, path in MODULES.items()
        if layer(module) == "flows"
        for name in imports(path)
        if name.startswith("newsflow.cli")
    }
    assert upward == set()


def test_cli_commands_reach_prefect_only_through_flows() -> None:
    direct = {
        (module, name)
        for module, path in MODULES.items()
        if layer(module) == "cli"
        for name in imports(path)
        if name.split(".")[0] in ("prefect", "prefect_dask")
    }
    assert direct == set()


def test_no_cli_or_flows_module_imports_one_that_imports_it_back() -> None:
    edges = {m: {n for n in imports(p) if n in MODULES and n != m} for m, p in MODULES.items()}
    cycles = {
        tuple(sorted((a, b)))
        for a, targets in edges.items()
        if layer(a) != "core"
        for b in targets
        if a in edges.get(b, set())
    }
    assert cycles == set()


def test_importing_the_flows_changes_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSFLOW_", "DO_NOT_TRACK"))}
    env.update(HOME=str(tmp_path), NEWSFLOW_CONFIG=str(tmp_path / "no-such-config.toml"), PYTHONPATH=str(REPO))
    code = (
        "import os\n"
        "before = dict(os.environ)\n"
        "import newsflow.orchestration.flows.backfill, newsflow.orchestration.deployments, newsflow.orchestration.flows.ingest, newsflow.orchestration.command_runs, newsflow.orchestration.flows.reprocess, newsflow.orchestration.serve\n"
        "import newsflow.orchestration.flows.translate, newsflow.cli.app\n"
        "print(sorted(set(os.environ.items()) - set(before.items())))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr  # the config named in NEWSFLOW_CONFIG is not read on import
    assert result.stdout == "[]\n"
    assert not (tmp_path / ".newsflow").exists()
