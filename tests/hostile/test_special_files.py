"""What a dump folder holds besides files (a named pipe, links that lead nowhere): a failure naming it by its
absolute path, recorded, then known on the next run; never a silent gap, a hang, or a run that fails every night."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli, Sql


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


def test_links_that_lead_nowhere_are_known_failures_on_the_next_run_from_any_folder(
    cli: Cli, write_config: Callable[..., Path], sql: Sql, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nightly run over a dump with a dangling link stays green once the link is recorded, as for any input
    that failed unchanged; the link is named by its absolute path, whatever folder the run starts in."""
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "ok.txt").write_text("Title: Kort\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    config = write_config()
    monkeypatch.chdir(tmp_path)
    first = cli("--config", config, "ingest", "dump", "--no-translate")
    assert first.code == 1
    assert [line for line in first.err.splitlines() if line] == [
        f"failed {folder / 'gone.txt'}: read: broken symlink to nowhere.txt",
        f"failed {folder / 'loop.txt'}: read: symlink loop (too many levels of symbolic links)",
    ]

    monkeypatch.chdir(folder)
    again = cli("--config", config, "ingest", ".", "--no-translate")
    assert again.code == 0, again.err
    assert [line for line in again.err.splitlines() if line] == [
        f"known failure {folder / 'gone.txt'}: broken symlink to nowhere.txt",
        f"known failure {folder / 'loop.txt'}: symlink loop (too many levels of symbolic links)",
    ]
    assert sql(config, "SELECT location, error FROM failures ORDER BY location") == [
        {"location": str(folder / "gone.txt"), "error": "broken symlink to nowhere.txt"},
        {"location": str(folder / "loop.txt"), "error": "symlink loop (too many levels of symbolic links)"},
    ]
