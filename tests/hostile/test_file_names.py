"""A dump whose file names are not UTF-8 (written by a Latin-1 system, unpacked from an old zip): every file goes
in, each located by its name with the bytes that are not UTF-8 written as \\xNN; none stops the run."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, Sql

Cli = Callable[..., CliResult]


def test_a_file_named_in_latin1_is_stored_with_the_rest_and_unchanged_on_a_rerun(
    cli: Cli, write_config: Callable[..., Path], sql: Sql, tmp_path: Path
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    latin1 = Path(os.fsdecode(os.fsencode(folder) + b"/sak-\xf8ya.txt"))
    latin1.write_text("Title: Øya\n\nKommunestyret vedtok en ny bro over fjorden torsdag kveld.\n", encoding="utf-8")
    (folder / "ok.txt").write_text("Title: Ok\n\nOrdføreren åpnet den nye ferjekaien fredag morgen.\n")
    config = write_config()

    first = cli("--config", config, "ingest", folder, "--no-translate")
    assert first.code == 0, first.err
    assert sql(config, "SELECT location, title FROM articles ORDER BY title") == [
        {"location": str(folder / "ok.txt"), "title": "Ok"},
        {"location": f"{folder}/sak-\\xf8ya.txt", "title": "Øya"},
    ]
    again = cli("--config", config, "ingest", folder, "--no-translate")
    assert again.code == 0, again.err
    assert sql(config, "SELECT count(*) AS n FROM documents") == [{"n": 2}]
