"""A dump whose file names are not UTF-8 (written by a Latin-1 system, unpacked from an old zip): every file goes
in, each located by its name with the bytes that are not UTF-8 written as \\xNN; none stops the run."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Cli, Sql


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


def test_a_latin1_name_on_the_command_line_is_one_line_pointing_to_its_folder(
    cli: Cli, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    # The shell passes the bytes; Python holds the one that is not UTF-8 as a lone surrogate, which a flow's
    # parameters (JSON) cannot carry.
    config = write_config()
    named = os.fsdecode(os.fsencode(tmp_path) + b"/sak-\xf8ya.txt")
    result = cli("--config", config, "ingest", named, "--no-translate")
    assert (result.code, result.err) == (
        2,
        f"error: PATH_OR_URL '{tmp_path}/sak-\\xf8ya.txt' is not UTF-8 text: name its folder instead, whose "
        "files are read whatever their names\n",
    )
    url = cli("--config", config, "ingest", "http://127.0.0.1:9/s\udcf8k", "--no-translate")
    assert (url.code, url.err) == (2, "error: PATH_OR_URL 'http://127.0.0.1:9/s\\xf8k' is not UTF-8 text\n")
    search = cli("--config", config, "search", "\udcf8ya")
    assert (search.code, search.err) == (2, "error: TEXT '\\xf8ya' is not UTF-8 text\n")
