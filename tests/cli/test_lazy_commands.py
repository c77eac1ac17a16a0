"""A command line builds only the command it runs: the table of commands names every command the app has, in the
order `newsflow --help` lists them, and each command parses the same alone as among all."""

from __future__ import annotations

import pytest
import typer.main

from newsflow.cli.app import COMMANDS, GROUPS, build_app, command_named
from newsflow.cli.reference import WIDTH

pytestmark = pytest.mark.no_warehouse


def _help(app: typer.Typer, *path: str) -> str:
    command = typer.main.get_command(app)
    ctx = typer.Context(command, info_name="newsflow", terminal_width=WIDTH, max_content_width=WIDTH)
    for name in path:
        command = command.get_command(ctx, name)  # type: ignore[attr-defined]
        ctx = typer.Context(command, info_name=name, parent=ctx)
    return command.get_help(ctx)


def test_the_table_lists_every_command_in_the_order_of_the_help() -> None:
    listed = list(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]
    assert listed == [name for name, _ in COMMANDS + GROUPS]
    assert listed[:6] == ["run", "ingest", "translate", "query", "status", "init"]


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS + GROUPS])
def test_a_command_built_alone_has_the_help_it_has_among_all(name: str) -> None:
    alone = build_app(name)
    assert list(typer.main.get_command(alone).commands) == [name]  # type: ignore[attr-defined]
    assert _help(alone, name) == _help(build_app(), name)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["query", "SELECT 1"], "query"),
        (["--config", "c.toml", "query", "SELECT 1"], "query"),
        (["models", "list"], "models"),
        (["--help"], None),  # the root's help lists them all
        (["--version"], None),
        (["qeury", "SELECT 1"], None),  # a typo: all, so that click suggests the name
        ([], None),
    ],
)
def test_the_command_a_line_runs(argv: list[str], named: str | None) -> None:
    assert command_named(argv) == named
