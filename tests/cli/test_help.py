"""`--help` fit for people, on every command: no type placeholders on flags, config table names printed as written
(not eaten as rich markup), and a one-line description in each listing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsflow.cli.reference import commands, help_text
from tests.conftest import CliResult

pytestmark = pytest.mark.no_warehouse

HELP = {" ".join(path): help_text(ctx) for path, ctx in commands()}
EVERY = sorted(HELP)


def test_every_command_is_reached() -> None:
    assert {"", "query", "models import", "server stop", "warehouse migrate"} <= set(HELP)


@pytest.mark.parametrize("command", EVERY)
def test_no_flag_shows_a_type(command: str) -> None:
    assert "<bool>" not in HELP[command]


@pytest.mark.parametrize("command", EVERY)
def test_every_option_has_a_metavar_for_people(command: str) -> None:
    options = HELP[command].split("\nOptions:\n", 1)[1]
    assert not [line for line in options.splitlines() if line.lstrip().startswith("-") and "<" in line]


@pytest.mark.parametrize("command", [c for c in EVERY if c])
def test_each_command_has_a_one_line_description(command: str) -> None:
    *parent, name = command.split()
    listing = HELP[" ".join(parent)].split("\nCommands:\n", 1)[1].splitlines()
    line = next(line for line in listing if line.split()[0] == name)
    summary = line.split(None, 1)[1]
    assert not summary.endswith("...")  # the listing cuts a first sentence that does not fit
    assert HELP[command].split("\n\n")[1].strip() == summary  # the command's own help opens with it


def test_config_table_names_survive_in_the_help(run_cli: Callable[..., CliResult]) -> None:
    result = run_cli("warehouse", "migrate", "-h")
    assert result.code == 0
    assert "[warehouse] configures (catalog, data_path)" in result.out.replace("\n  ", " ")
    assert "(default: [warehouse] path)" in result.out


def test_the_version_flag_shows_no_value(run_cli: Callable[..., CliResult]) -> None:
    result = run_cli("--help")
    assert "  -V, --version      print the version and exit\n" in result.out
    assert "  -h, --help         Show this message and exit.\n" in result.out


def test_the_reference_is_the_help_as_printed(run_cli: Callable[..., CliResult]) -> None:
    assert run_cli("query", "--help").out == HELP["query"] + "\n"
