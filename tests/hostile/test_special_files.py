"""A named pipe in a dump folder: a failure naming it, recorded, then known; never a silent gap or a hang."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, Sql

Cli = Callable[..., CliResult]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_a_dump_is_recorded_as_failed_and_known_on_the_next_run(
    cli: Cli, write_config: Callable[..., Path], sql: Sql, tmp_path: Path
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "ok.txt").write_text("Title: Kort\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n")
    pipe = folder / "pipe.txt"
    os.mkfifo(pipe)
    config = write_config()

    first = cli("--config", config, "ingest", folder, "--no-translate")
    assert first.code == 1
    assert [line for line in first.err.splitlines() if line] == [
        f"failed {pipe}: read: not a regular file (a named pipe): not read"
    ]
    assert sql(config, "SELECT location, stage, error FROM failures") == [
        {"location": str(pipe), "stage": "read", "error": "not a regular file (a named pipe): not read"}
    ]
    assert sql(config, "SELECT location FROM documents") == [{"location": str(folder / "ok.txt")}]

    again = cli("--config", config, "ingest", folder, "--no-translate")
    assert again.code == 0, again.err
    assert [line for line in again.err.splitlines() if line] == [
        f"known failure {pipe}: not a regular file (a named pipe): not read"
    ]
    assert sql(config, "SELECT count(*) AS n FROM failures") == [{"n": 1}]
