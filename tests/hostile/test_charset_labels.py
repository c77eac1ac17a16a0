"""A page whose charset label names a Python codec that is no charset (base64, zlib): read as the text it is,
never a failure of its own or of the pages processed with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Cli, Sql


def test_a_page_declaring_base64_is_stored_and_so_is_the_page_beside_it(
    cli: Cli, write_config: Callable[..., Path], sql: Sql, tmp_path: Path
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.html").write_bytes(
        b'<html><head><meta charset="base64"><title>Ny bro</title></head><body><article><h1>Ny bro</h1>'
        b"<p>Kommunestyret vedtok torsdag kveld en ny bro over fjorden, etter et langt m\xf8te i r\xe5dhuset.</p>"
        b"</article></body></html>"
    )
    (folder / "b.txt").write_text("Title: Ok\n\nOrdføreren åpnet den nye ferjekaien fredag morgen.\n")
    config = write_config()
    result = cli("--config", config, "ingest", folder, "--no-translate")
    assert result.code == 0, result.err
    assert sql(config, "SELECT d.location, d.encoding FROM documents d ORDER BY 1") == [
        {"location": str(folder / "a.html"), "encoding": "cp1252"},
        {"location": str(folder / "b.txt"), "encoding": "utf-8"},
    ]
    assert sql(config, "SELECT count(*) AS n FROM articles WHERE text LIKE '%langt møte i rådhuset%'") == [{"n": 1}]
