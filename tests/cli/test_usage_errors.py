"""A mistyped command line is one line on stderr, as every other error, and exit code 2; help is still help."""

from __future__ import annotations

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.backend_neutral


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["ingest", "--bogus"], "error: No such option: --bogus (see `newsflow ingest -h`)"),
        (["nosuch"], "error: No such command 'nosuch'. (see `newsflow -h`)"),
        (["backfill", "inbox"], "error: Missing option '--source' / '-s'. (see `newsflow backfill -h`)"),
        (["models", "list", "--bogus"], "error: No such option: --bogus (see `newsflow models list -h`)"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_commands_help(run_cli: Cli, args: list[str], line: str) -> None:
    result = run_cli(*args)
    assert (result.code, result.out, result.err) == (2, "", line + "\n")


def test_a_bare_command_group_still_prints_its_help(run_cli: Cli) -> None:
    result = run_cli("models")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Usage: newsflow models [OPTIONS] COMMAND [ARGS]...\n")


def test_help_is_printed_and_exits_zero(run_cli: Cli) -> None:
    result = run_cli("query", "-h")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Usage: newsflow query [OPTIONS] [SQL]\n")
