"""What comes from outside is printed as itself: rich markup in paths is text, line breaks are quoted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_markup_in_a_path_is_printed_verbatim_by_ingest_and_status(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    missing = tmp_path / "[utkast] [/red] [bold]notes.txt"
    result = cli("--config", config, "ingest", missing, "--no-translate")
    assert result.code == 1
    assert f"failed {missing}: read: no such file or folder\n" in result.err
    status = cli("--config", config, "status")
    assert status.code == 0, status.err
    assert f"adhoc  {missing}: read: no such file or folder\n" in status.out


def test_a_line_break_in_a_path_is_quoted_so_one_failure_is_one_line(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    config = write_config()
    missing = tmp_path / "first\nsecond.txt"
    result = cli("--config", config, "ingest", missing, "--no-translate")
    assert result.code == 1
    failed = [line for line in result.err.splitlines() if line.startswith("failed ")]
    assert failed == [f"failed {str(missing)!r}: read: no such file or folder"]


def test_query_results_holding_markup_are_data(cli: Cli, write_config: Callable[..., Path], tmp_path: Path) -> None:
    config = write_config()
    cli("--config", config, "ingest", tmp_path / "nothing.txt", "--no-translate")
    result = cli("--config", config, "query", "SELECT '[/red]' AS \"[bold]\", '[utkast]' AS b")
    assert result.code == 0, result.err
    assert "[/red]" in result.out and "[utkast]" in result.out and "[bold]" in result.out
