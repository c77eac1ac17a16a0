"""Layers one way: CLI -> orchestration -> core, and no import cycles anywhere. Read from the source: every
import, lazy ones and those under TYPE_CHECKING included (ast.walk sees them all)."""

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
            # `from package import submodule` depends on the submodule; `from module import name` on the module.
            # (A package's own __init__ is imported before any of its modules, so that edge is not counted.)
            qualified = {f"{node.module}.{alias.name}" for alias in node.names}
            names.update(qualified)
            if not qualified <= MODULES.keys():
                names.add(node.module)
    return names


def layer(module: str) -> str:
    """cli: the command; orchestration: Prefect (the package, and the entry points in flows/); core: the rest."""
    if module.startswith("newsflow.cli"):
        return "cli"
    return "orchestration" if module.startswith("newsflow.orchestration") or module.split(".")[0] == "flows" else "core"


def test_the_layers_are_read_on_the_current_names() -> None:
    # Guards the checks below against a rename that would leave them checking nothing.
    by_layer: dict[str, set[str]] = {}
    for module in MODULES:
        by_layer.setdefault(layer(module), set()).add(module)
    assert {"newsflow.cli.app", "newsflow.cli.init"} <= by_layer["cli"]
    assert {"newsflow.orchestration.pipeline", "newsflow.orchestration.flows.ingest", "flows.deployed"} <= by_layer[
        "orchestration"
    ]
    assert {"newsflow.config", "newsflow.records", "newsflow.sources.kinds", "newsflow.warehouse.writer"} <= by_layer[
        "core"
    ]


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


def test_orchestration_never_imports_the_cli() -> None:
    upward = {
        (module, name)
        for module, path in MODULES.items()
        if layer(module) == "orchestration"
        for name in imports(path)
        if name.startswith("newsflow.cli")
    }
    assert upward == set()


def test_cli_commands_reach_prefect_only_through_orchestration() -> None:
    direct = {
        (module, name)
        for module, path in MODULES.items()
        if layer(module) == "cli"
        for name in imports(path)
        if name.split(".")[0] in ("prefect", "prefect_dask")
    }
    assert direct == set()


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted: every import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(cycles)


def test_the_cycle_finder_finds_a_cycle_through_three_modules() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert import_cycles(edges) == [["a", "b", "c"]]


def test_no_module_imports_one_that_imports_it_back_even_for_types_only() -> None:
    edges = {m: {n for n in imports(p) if n in MODULES and n != m} for m, p in MODULES.items()}
    assert sum(len(targets) for targets in edges.values()) > 250  # the graph was read, not empty
    assert import_cycles(edges) == []


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
